"""Fixtures for the REST API tests: clients per role, knox tokens, fresh throttles."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.cache import cache
from knox.models import AuthToken
from rest_framework.test import APIClient

#: (operation, identity) -> number of Schemathesis cases run, reported at the end of the session.
SCHEMATHESIS_CASES: Counter = Counter()


def pytest_terminal_summary(terminalreporter):
    if not SCHEMATHESIS_CASES:
        return
    by_identity = Counter()
    for (_operation, identity), count in SCHEMATHESIS_CASES.items():
        by_identity[identity] += count
    operations = len({operation for operation, _identity in SCHEMATHESIS_CASES})
    detail = ", ".join(f"{identity} {count}" for identity, count in sorted(by_identity.items()))
    terminalreporter.write_line(
        f"schemathesis: {sum(SCHEMATHESIS_CASES.values())} cases over {operations} operations ({detail})"
    )


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Users are made by the dozen here; a real password hash costs a second each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Throttle counters live in the cache; start every test with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def anon() -> APIClient:
    return APIClient()


def token_client(user) -> APIClient:
    _row, token = AuthToken.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def editor_client(editor) -> APIClient:
    return token_client(editor)


@pytest.fixture
def researcher_client(researcher) -> APIClient:
    return token_client(researcher)
