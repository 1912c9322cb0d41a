"""Fixtures shared by the whole suite."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def require_service(available: bool, reason: str) -> None:
    """Skip when a service (broker, browser) is missing — or fail, when REQUIRE_SERVICES=1 (CI)."""
    if available:
        return
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"required service unavailable: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _migration_seed_data(request):
    """Put back the rows the data migrations made (the four sides, the editor and admin groups and the
    admin group's permissions) before a transactional test: the flush after an earlier one removed
    them, and Django recreates only content types and permissions."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    sides = importlib.import_module("claims.migrations.0003_seed_sides")
    sides.seed(apps, None)
    sides.seed_groups(apps, None)
    admin_apps = importlib.import_module("claims.migrations.0005_admin_group_permissions").ADMIN_APPS
    Group.objects.get(name="admin").permissions.add(*Permission.objects.filter(content_type__app_label__in=admin_apps))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (the corpus and scoring tools); tests that need it skip when it is absent."""
    if not (SHARED / "corpus" / "seeds").is_dir():
        pytest.skip(f"{SHARED} is absent: the annotated corpus and scorers live there")
    return SHARED


@pytest.fixture(scope="session")
def nlp():
    """The spaCy model with our components (`sources.nlp.model.get_nlp`), loaded once per test run."""
    from sources.nlp.model import get_nlp

    return get_nlp()


@pytest.fixture
def gazetteer_loaded(db):
    """The real gazetteer from claims/gazetteer/*.yaml, in the test database."""
    from claims import gazetteer
    from claims.services import gazetteer_load

    gazetteer_load(actors=gazetteer.load_actors(), places=gazetteer.load_places())


@pytest.fixture
def editor(db):
    """A member of the "editor" group (the API and accounts tests' editor)."""
    return UserFactory(role="editor")


@pytest.fixture
def researcher(db):
    """A signed-in user with no group: reads everything, changes nothing."""
    return UserFactory()


@pytest.fixture
def editor_client(client, editor):
    """Django's test client signed in as `editor`."""
    client.force_login(editor)
    return client
