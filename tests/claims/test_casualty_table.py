"""Casualty figures as claims: each source's figure, a summary per side that merges nothing into a
range, rejected statements nowhere, disputes only between sides (naming the two statements), and
the flat numeric columns of the exports."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import selectors
from claims.exports import CASUALTY_COLUMNS, statements_export
from claims.models import ReviewStatus, Statement
from claims.storing import statements_store
from sources.models import Article, ArticleStatus
from sources.nlp.casualties import CasualtyFigure as ExtractedFigure
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    CasualtyFigureFactory,
    IncidentFactory,
    OutletFactory,
    StatementFactory,
    UserFactory,
    extracted_statement,
    side,
)

pytestmark = pytest.mark.django_db


def report(incident, actor, *, killed, published=datetime.date(2023, 9, 20), party="armenian", bounds=None, **values):
    """A statement by `actor` (speaking for its side unless `side` is given) that gives `killed`
    (a number or a (low, high) pair) for `party`'s military."""
    low, high = killed if isinstance(killed, tuple) else (killed, killed)
    values.setdefault("side", actor.side if actor else None)
    values.setdefault("review_status", ReviewStatus.ACCEPTED)
    statement = StatementFactory(
        incident=incident,
        actor=actor,
        speaker=actor.name if actor else "An official",
        article=ArticleFactory(published=published, outlet=OutletFactory(slug="armenpress", name="Armenpress")),
        **values,
    )
    CasualtyFigureFactory(
        statement=statement,
        party_side=side(party),
        killed_low=low,
        killed_high=high,
        wounded_low=None,
        wounded_high=None,
        bounds=bounds or {},
    )
    return statement


def table(incident, user=None):
    return selectors.incident_comparison(incident, user=user)["casualties"]


def cell(table_data, side_slug, row=0):
    return next(c for c in table_data["rows"][row]["cells"] if c["side"]["slug"] == side_slug)


@pytest.fixture
def actors():
    return {
        "am-mod": ActorFactory(name="Armenian Ministry of Defence", side=side("armenian")),
        "am-ombudsman": ActorFactory(name="Armenian Ombudsman", kind="official", side=side("armenian")),
        "az-mod": ActorFactory(name="Azerbaijani Ministry of Defence", side=side("azerbaijani")),
    }


# --- summary per side ------------------------------------------------------------------------------


def test_a_total_and_a_subset_of_it_are_never_merged_into_a_range(actors, client):
    # One sentence, two statements: the ministry's total and the ombudsman's subset, the same day.
    incident = IncidentFactory()
    total = report(incident, actors["am-mod"], killed=27)
    subset = report(incident, actors["am-ombudsman"], killed=2)
    armenian = cell(table(incident), "armenian")
    assert armenian["display"]["killed"] == "27"
    assert armenian["figures"]["killed"] == [27, 27]
    assert armenian["summary"]["killed"]["statement"] == total.pk
    assert [(o["statement"], o["display"]) for o in armenian["summary"]["killed"]["others"]] == [(subset.pk, "2")]
    html = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "2–27" not in html
    assert f'href="/statements/{subset.pk}/">2</a>' in html


def test_an_actors_later_figure_is_its_latest(actors):
    incident = IncidentFactory()
    early = report(incident, actors["am-mod"], killed=16, published=datetime.date(2023, 9, 19))
    late = report(incident, actors["am-mod"], killed=32, published=datetime.date(2023, 9, 21))
    armenian = cell(table(incident), "armenian")
    assert armenian["display"]["killed"] == "32"
    assert armenian["summary"]["killed"]["others"] == []  # the same actor's earlier figure is superseded
    latest = {s["statement"]: s["latest_of_actor"] for s in armenian["sources"]}
    assert latest == {early.pk: [], late.pk: ["killed"]}


def test_each_sources_figure_keeps_its_actor_side_date_outlet_and_link(actors):
    incident = IncidentFactory()
    statement = report(incident, actors["az-mod"], killed=50, party="armenian", bounds={"killed": "low"})
    (source,) = cell(table(incident), "azerbaijani")["sources"]
    assert source["statement"] == statement.pk
    assert source["url"] == f"/statements/{statement.pk}/"
    assert source["actor"]["name"] == "Azerbaijani Ministry of Defence"
    assert source["side"]["slug"] == "azerbaijani"
    assert source["date"] == datetime.date(2023, 9, 20)
    assert source["outlet"]["name"] == "Armenpress"
    assert source["estimates"]["killed"] == {"low": 50, "best": 50, "high": None}
    assert source["display"]["killed"] == "at least 50"


# --- rejected statements -----------------------------------------------------------------------------


def test_rejected_statements_count_nowhere(actors):
    incident = IncidentFactory()
    kept = report(incident, actors["am-mod"], killed=4)
    report(incident, actors["az-mod"], killed=40, review_status=ReviewStatus.REJECTED)
    editor = UserFactory(role="editor")  # editors see rejected cards; the figures still ignore them
    data = table(incident, user=editor)
    assert cell(data, "azerbaijani")["sources"] == []
    assert cell(data, "azerbaijani")["display"]["killed"] == ""
    assert data["rows"][0]["disputes"] == [] and data["rows"][0]["disagreements"] == []
    assert [s["statement"] for s in cell(data, "armenian")["sources"]] == [kept.pk]


# --- disputes ------------------------------------------------------------------------------------------


def test_a_dispute_between_two_sides_names_the_two_statements(actors):
    incident = IncidentFactory()
    am = report(incident, actors["am-mod"], killed=4)
    az = report(incident, actors["az-mod"], killed=40)
    row = table(incident)["rows"][0]
    assert row["disagreements"] == ["killed"]
    (dispute,) = row["disputes"]
    assert dispute["sides"] == ["armenian", "azerbaijani"]
    assert dispute["statements"] == [am.pk, az.pk]
    assert dispute["urls"] == [f"/statements/{am.pk}/", f"/statements/{az.pk}/"]
    assert dispute["figures"] == ["4", "40"]
    assert cell(table(incident), "armenian")["disputed"] == ["killed"]


def test_differing_figures_of_one_side_are_not_a_dispute(actors):
    incident = IncidentFactory()
    report(incident, actors["am-mod"], killed=4)
    report(incident, actors["am-ombudsman"], killed=40, published=datetime.date(2023, 9, 25))
    row = table(incident)["rows"][0]
    assert row["disputes"] == [] and row["disagreements"] == []


def test_a_statement_with_no_side_never_makes_a_dispute(actors):
    # A mis-attributed speaker whose side is not identified differs from the Armenian figure.
    incident = IncidentFactory()
    report(incident, actors["am-mod"], killed=4)
    report(incident, None, killed=40, side=None)
    row = table(incident)["rows"][0]
    assert row["disputes"] == []
    assert cell(table(incident), "unattributed")["display"]["killed"] == "40"


def test_an_open_bound_disputes_only_what_it_excludes(actors):
    incident = IncidentFactory()
    report(incident, actors["am-mod"], killed=30, bounds={"killed": "low"})  # "at least 30"
    report(incident, actors["az-mod"], killed=45)
    assert table(incident)["rows"][0]["disputes"] == []
    report(incident, actors["az-mod"], killed=(5, 10), published=datetime.date(2023, 9, 22))
    (dispute,) = table(incident)["rows"][0]["disputes"]
    assert dispute["figures"] == ["at least 30", "5–10"]


# --- API ----------------------------------------------------------------------------------------------


def test_the_api_gives_each_sources_figure(actors, client):
    incident = IncidentFactory()
    am = report(incident, actors["am-mod"], killed=(3, 5))
    az = report(incident, actors["az-mod"], killed=12, bounds={"killed": "high"})
    body = client.get(f"/api/v1/incidents/{incident.pk}/", {"expand": "statements"}).json()
    row = body["casualties"]["rows"][0]
    sources = {s["statement"]: s for c in row["cells"] for s in c["sources"]}
    assert sources[am.pk]["estimates"]["killed"] == {"low": 3, "best": None, "high": 5}
    assert sources[az.pk]["estimates"]["killed"] == {"low": None, "best": 12, "high": 12}
    assert sources[az.pk]["actor"]["name"] == "Azerbaijani Ministry of Defence"
    assert sources[az.pk]["outlet"]["slug"] == "armenpress"
    assert sources[az.pk]["date"] == "2023-09-20"
    assert row["disputes"] == []  # "3 to 5" and "up to 12" can both be true


def test_the_incident_page_costs_the_same_with_more_sources(actors, client):
    def queries(n: int) -> int:
        incident = IncidentFactory()
        for i in range(n):
            report(incident, actors["am-mod" if i % 2 else "az-mod"], killed=i + 1)
        client.get(f"/incidents/{incident.pk}/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/incidents/{incident.pk}/").status_code == 200
        return len(captured)

    assert queries(2) == queries(8)


# --- storing and exports --------------------------------------------------------------------------------


def test_a_qualified_extracted_figure_keeps_its_open_bound():
    text = "Azerbaijan's Defence Ministry said at least 40 soldiers were killed near Lachin."
    article = Article.objects.create(text=text, status=ArticleStatus.STORING, step="store")
    extracted = extracted_statement(
        text,
        content="at least 40 soldiers were killed",
        casualties=[ExtractedFigure(party="armenian", killed=(40, 40), bounds={"killed": "low"})],
    )
    (statement,) = statements_store(article=article, extracted=[extracted.to_json()])
    (figure,) = statement.casualties.all()
    assert figure.bounds == {"killed": "low"}
    card = selectors.statement_cards(selectors.statement_rows(Statement.objects.filter(pk=statement.pk)), user=None)
    assert card[0]["casualties"][0]["estimates"]["killed"] == {"low": 40, "best": 40, "high": None}


def test_csv_export_has_flat_numeric_casualty_columns(actors):
    incident = IncidentFactory()
    plain = report(incident, actors["am-mod"], killed=7, confidence=0.876543)
    open_ended = report(incident, actors["az-mod"], killed=30, bounds={"killed": "low"})
    ranged = report(incident, actors["az-mod"], killed=(5, 9))
    CasualtyFigureFactory(statement=plain, party_side=side("azerbaijani"), civilian=True, wounded_low=3, wounded_high=3)
    nothing = StatementFactory(incident=incident, review_status=ReviewStatus.ACCEPTED)

    text = "".join(statements_export(queryset=Statement.objects.all(), fmt="csv"))
    rows = {int(r["id"]): r for r in csv.DictReader(io.StringIO(text))}
    assert set(CASUALTY_COLUMNS) <= set(next(iter(rows.values())))

    def numbers(row: dict[str, str], measure: str) -> tuple:
        return tuple(
            int(row[f"{measure}_{end}"]) if row[f"{measure}_{end}"] else None for end in ("low", "best", "high")
        )

    assert numbers(rows[plain.pk], "killed") == (7, 7, 7)
    assert numbers(rows[plain.pk], "wounded") == (3, 3, 3)
    assert rows[plain.pk]["casualty_parties"] == "Armenian military; Azerbaijani civilians"
    assert numbers(rows[open_ended.pk], "killed") == (30, 30, None)
    assert numbers(rows[ranged.pk], "killed") == (5, None, 9)
    assert numbers(rows[nothing.pk], "killed") == (None, None, None)
    assert rows[plain.pk]["confidence"] == "0.88"


def test_jsonl_export_gives_the_flat_columns_as_numbers_and_the_qualified_estimates(actors):
    statement = report(IncidentFactory(), actors["az-mod"], killed=30, bounds={"killed": "low"})
    (row,) = [json.loads(line) for line in statements_export(queryset=Statement.objects.all(), fmt="jsonl")]
    assert row["id"] == statement.pk
    assert (row["killed_low"], row["killed_best"], row["killed_high"]) == (30, 30, None)
    assert row["casualties"][0]["estimates"] == {"killed": {"low": 30, "best": 30, "high": None}}
