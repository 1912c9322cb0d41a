"""Anonymous search is throttled with a clear 429 page; highlighting reads only the start of long texts."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_anonymous_searches_past_the_rate_get_a_429_page(client, settings):
    settings.SEARCH_THROTTLE_ANON = "3/minute"
    for _ in range(3):
        assert client.get("/search/?q=Shusha").status_code == 200
    response = client.get("/search/?q=Shusha")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert b"Too many searches" in response.content


def test_signed_in_users_are_not_throttled(client, settings):
    settings.SEARCH_THROTTLE_ANON = "1/minute"
    client.force_login(UserFactory())
    for _ in range(3):
        assert client.get("/search/?q=Shusha").status_code == 200


def test_the_highlight_reads_a_bounded_prefix_and_no_article_bodies(client):
    ArticleFactory(title="Shelling near Shusha", text="Shusha was shelled. " + "Filler sentence. " * 20_000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/?q=Shusha")
    assert response.status_code == 200
    article_query = next(
        q["sql"] for q in queries if 'FROM "sources_article"' in q["sql"] and "ts_headline" in q["sql"]
    )
    assert 'LEFT("sources_article"."text"' in article_query
    selected = article_query.split(" FROM ")[0]
    assert '"sources_article"."raw",' not in selected and '"sources_article"."analysis"' not in selected
