"""Fuzzing the HTML pages' query strings (anonymous and editor): any input is a page or a 4xx, never a 500."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import StatementFactory, UserFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/incidents/", "/statements/", "/search/", "/map/"]
EDITOR_PAGES = ["/editor/", "/editor/incidents/"]
PARAMS = [
    "q", "page", "side", "kind", "status", "actor", "place", "outlet", "incident", "date_from", "date_to",
    "review_status", "stance", "order", "ordering", "sort", "year", "min_confidence",
]  # fmt: skip
values = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["", "\x00", "2023-13-45", "9" * 40, "-1", "1e309", "nan", "%", "'; DROP", "armenian"]),
)
queries = st.dictionaries(st.sampled_from(PARAMS), values, max_size=4)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def world(db, settings):
    settings.SEARCH_THROTTLE_ANON = "100000/minute"
    StatementFactory(review_status="accepted")
    return UserFactory(role="editor")


def _get(client: Client, page: str, query: dict) -> int:
    cache.clear()
    return client.get(f"{page}?{urlencode(query)}").status_code


@FUZZ
@given(page=st.sampled_from(PUBLIC_PAGES), query=queries)
def test_public_pages_answer_any_query_string_without_a_500(world, page, query):
    assert _get(Client(), page, query) < 500


@FUZZ
@given(page=st.sampled_from(PUBLIC_PAGES + EDITOR_PAGES), query=queries)
def test_editor_pages_answer_any_query_string_without_a_500(world, page, query):
    client = Client()
    client.force_login(world)
    assert _get(client, page, query) < 500
