"""Every public page costs the same number of SQL queries however many statements it shows or counts:
asserted by counting the queries of the same request before and after more statements arrive (each
with a place, a casualty figure and a counterclaim, all on the same incident, actor, place, outlet
and article). The speed itself is measured by bench/bench_ui.py, not here."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import models as cm
from tests import factories as f
from tests.ui import scenario

PAGES = [
    "/",
    "/incidents/",
    "/incidents/?ordering=-contested",
    "/incidents/{incident}/",
    "/map/",
    "/search/?q=Stepanakert",
    "/statements/",
    "/statements/?place=Khankendi",
    "/statements/{statement}/",
    "/articles/{article}/",
    "/actors/{actor}/",
    "/places/{place}/",
    "/outlets/{outlet}/",
]
#: Sentences of the article the new statements come from (written for this test).
SENTENCES = [
    f"The ministry said shelling near Stepanakert resumed at dawn on day {n} of the clashes." for n in range(12)
]


@pytest.fixture
def grown(world):
    """The scenario plus an article of twelve sentences; `grow(indexes)` turns sentences into statements."""
    article, offsets = scenario.article_with(
        outlet=world.articles["az"].outlet,
        title="Day by day near Stepanakert",
        published=datetime.date(2023, 9, 25),
        sentences=SENTENCES,
    )
    actor = world.actors["az-mod"]
    target = world.statements["am"]

    def grow(indexes) -> None:
        for n in indexes:
            statement = scenario.statement_in(
                article,
                offsets,
                n,
                incident=world.incidents["shelling"],
                actor=actor,
                side=actor.side,
                speaker="The ministry",
                cue="said",
                stance=cm.Stance.DENIAL if n % 2 else cm.Stance.ACCUSATION,
                event_date=datetime.date(2023, 9, 19),
            )
            statement.places.add(world.places["stepanakert"])
            f.CasualtyFigureFactory(statement=statement, party_side=actor.side, killed_low=n, killed_high=n)
            cm.StatementRelation.objects.create(source=statement, target=target, kind=cm.RelationKind.DENIES)

    grow(range(2))
    return world, article, grow


def count(client, url: str) -> int:
    client.get(url)  # per-process caches (content types, sides) warm before counting
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("viewer", ["anonymous", "researcher"])
def test_public_pages_cost_the_same_queries_for_2_and_12_statements(grown, client, viewer):
    world, article, grow = grown
    if viewer == "researcher":
        client.force_login(f.UserFactory())
    urls = [
        page.format(
            incident=world.incidents["shelling"].pk,
            statement=world.statements["am"].pk,
            article=article.pk,
            actor=world.actors["az-mod"].slug,
            place=world.places["stepanakert"].slug,
            outlet=article.outlet.slug,
        )
        for page in PAGES
    ]
    before = {url: count(client, url) for url in urls}
    grow(range(2, 12))
    after = {url: count(client, url) for url in urls}
    assert after == before
