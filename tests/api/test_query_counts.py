"""Every list and detail endpoint costs the same number of SQL queries whatever the page size or the
number of related rows: asserted by counting the queries of the same request at two sizes."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import IncidentPlace, ReviewStatus, Side, StatementPlace, StatementRelation
from sources.models import ArticleStatus, Feed
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    CasualtyFigureFactory,
    IncidentFactory,
    OutletFactory,
    PlaceFactory,
    StatementFactory,
    side,
)

pytestmark = pytest.mark.django_db


def count_queries(client, url: str, params: dict | None = None) -> tuple[int, object]:
    client.get(url, params)  # warm per-process caches (content types, sides) before counting
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


def rich_statement(incident=None, n: int = 0):
    """A statement with everything a card shows: actor, outlet, places, casualties, a relation."""
    statement = StatementFactory(
        incident=incident or IncidentFactory(),
        actor=ActorFactory(),
        article=ArticleFactory(outlet=OutletFactory()),
        side=side(["armenian", "azerbaijani", "russian", "international"][n % 4]),
        blamed_side=side("azerbaijani"),
        review_status=ReviewStatus.ACCEPTED,
        event_date=datetime.date(2023, 9, 1) + datetime.timedelta(days=n),
    )
    for _ in range(2):
        StatementPlace.objects.create(statement=statement, place=PlaceFactory())
    CasualtyFigureFactory(statement=statement, party_side=side("armenian"))
    CasualtyFigureFactory(statement=statement, party_side=side("azerbaijani"), civilian=True)
    return statement


def relate(statements) -> None:
    for source, target in zip(statements, statements[1:], strict=False):
        StatementRelation.objects.create(source=source, target=target, kind="denies")


LISTS = {
    "statements": ("/api/v1/statements/", {"side": ["armenian", "azerbaijani", "russian", "international"]}),
    "incidents": ("/api/v1/incidents/", {}),
    "relations": ("/api/v1/relations/", {}),
    "actors": ("/api/v1/actors/", {}),
    "places": ("/api/v1/places/", {}),
    "outlets": ("/api/v1/outlets/", {}),
    "articles": ("/api/v1/articles/", {}),
    "feeds": ("/api/v1/feeds/", {}),
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_list_costs_the_same_at_two_page_sizes(editor_client, name):
    statements = [rich_statement(n=n) for n in range(6)]
    relate(statements)
    for incident in {s.incident for s in statements}:
        IncidentPlace.objects.create(incident=incident, place=PlaceFactory())
    for n in range(6):
        Feed.objects.create(url=f"https://feeds.example.invalid/{n}", outlet=OutletFactory())
        ArticleFactory(status=ArticleStatus.FAILED, error="timeout")
    url, params = LISTS[name]

    small, small_body = count_queries(editor_client, url, {**params, "page_size": 2})
    large, large_body = count_queries(editor_client, url, {**params, "page_size": 5})

    assert len(small_body["results"]) == 2
    assert len(large_body["results"]) == 5
    assert small == large, f"{name}: {small} queries for 2 rows, {large} for 5"


def test_sides_list_costs_the_same_with_more_sides(anon):
    few, body = count_queries(anon, "/api/v1/sides/")
    Side.objects.create(slug="georgian", name="Georgian", colour="#123456", display_order=9)
    Side.objects.create(slug="iranian", name="Iranian", colour="#654321", display_order=10)
    more, more_body = count_queries(anon, "/api/v1/sides/")
    assert len(more_body) == len(body) + 2
    assert few == more


def test_incident_with_expanded_statements_costs_the_same_with_more_statements(anon):
    small_incident, large_incident = IncidentFactory(), IncidentFactory()
    relate([rich_statement(small_incident, n) for n in range(2)])
    relate([rich_statement(large_incident, n) for n in range(7)])
    for incident in (small_incident, large_incident):
        IncidentPlace.objects.create(incident=incident, place=PlaceFactory())
    IncidentPlace.objects.create(incident=large_incident, place=PlaceFactory())

    small, small_body = count_queries(anon, f"/api/v1/incidents/{small_incident.pk}/", {"expand": "statements"})
    large, large_body = count_queries(anon, f"/api/v1/incidents/{large_incident.pk}/", {"expand": "statements"})

    assert sum(len(g["statements"]) for g in small_body["sides"]) == 2
    assert sum(len(g["statements"]) for g in large_body["sides"]) == 7
    assert small == large


def test_statement_detail_costs_the_same_with_more_related_rows(anon):
    plain = StatementFactory(review_status=ReviewStatus.ACCEPTED)
    rich = rich_statement()
    relate([rich, rich_statement(), rich_statement()])
    StatementRelation.objects.create(source=rich_statement(), target=rich, kind="contradicts")
    plain_count, _ = count_queries(anon, f"/api/v1/statements/{plain.pk}/")
    rich_count, body = count_queries(anon, f"/api/v1/statements/{rich.pk}/")
    assert len(body["places"]) == 2 and len(body["relations"]) == 2
    assert plain_count == rich_count


@pytest.mark.parametrize(
    "make, url",
    [
        (lambda: ActorFactory(slug="mod-am"), "/api/v1/actors/mod-am/"),
        (lambda: PlaceFactory(slug="tegh"), "/api/v1/places/tegh/"),
        (lambda: OutletFactory(slug="tass"), "/api/v1/outlets/tass/"),
        (lambda: None, "/api/v1/sides/armenian/"),
    ],
)
def test_reference_details_cost_a_fixed_small_number_of_queries(editor_client, make, url):
    make()
    count, _ = count_queries(editor_client, url)
    assert count <= 6  # token lookup, user, groups for the role, the row


def test_article_feed_and_relation_details_do_not_grow(editor_client):
    quiet = ArticleFactory()
    busy = ArticleFactory()
    for n in range(5):
        StatementFactory(article=busy, start=n, end=n + 10)
    feed = Feed.objects.create(url="https://example.invalid/rss", outlet=OutletFactory())
    a, b = rich_statement(), rich_statement()
    relation = StatementRelation.objects.create(source=a, target=b, kind="denies")

    quiet_count, _ = count_queries(editor_client, f"/api/v1/articles/{quiet.pk}/")
    busy_count, body = count_queries(editor_client, f"/api/v1/articles/{busy.pk}/")
    assert body["statement_count"] == 5
    assert quiet_count == busy_count
    feed_count, _ = count_queries(editor_client, f"/api/v1/feeds/{feed.pk}/")
    relation_count, _ = count_queries(editor_client, f"/api/v1/relations/{relation.pk}/")
    assert feed_count <= 6
    assert relation_count <= 6


def test_history_costs_the_same_after_more_edits(editor_client):
    once, often = StatementFactory(), StatementFactory()
    for statement, edits in ((once, 1), (often, 4)):
        url = f"/api/v1/statements/{statement.pk}/"
        for n in range(edits):
            etag = editor_client.get(url)["ETag"]
            response = editor_client.patch(url, {"content": f"Edit {n}."}, format="json", HTTP_IF_MATCH=etag)
            assert response.status_code == 200
    few, few_body = count_queries(editor_client, f"/api/v1/statements/{once.pk}/history/")
    many, many_body = count_queries(editor_client, f"/api/v1/statements/{often.pk}/history/")
    assert len(many_body) > len(few_body)
    assert few == many
