import datetime
import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import selectors
from claims.models import Side, StatementRelation
from tests import factories as f


def test_statements_are_grouped_by_side_in_display_order(world):
    data = selectors.incident_comparison(world.incidents["shelling"])
    assert [g["side"]["slug"] for g in data["sides"]] == ["armenian", "azerbaijani", "russian", "international"]
    by_side = {g["side"]["slug"]: [s["id"] for s in g["statements"]] for g in data["sides"]}
    assert by_side["armenian"] == [world.statements["am"].pk]
    assert set(by_side["azerbaijani"]) == {world.statements["az"].pk, world.statements["az2"].pk}
    assert by_side["russian"] == []


def test_column_order_follows_the_sides_table(world):
    Side.objects.filter(slug="international").update(display_order=0)
    data = selectors.incident_comparison(world.incidents["shelling"])
    assert data["sides"][0]["side"]["slug"] == "international"


def test_statements_without_a_side_get_their_own_group(world):
    f.StatementFactory(incident=world.incidents["shelling"], side=None, review_status="accepted")
    data = selectors.incident_comparison(world.incidents["shelling"])
    assert data["sides"][-1]["side"]["slug"] == "unattributed"
    assert data["sides"][-1]["count"] == 1


def test_casualty_table_has_a_row_per_party_and_a_column_per_side(world):
    table = selectors.incident_comparison(world.incidents["shelling"])["casualties"]
    assert [c["slug"] for c in table["columns"]] == ["armenian", "azerbaijani", "russian", "international"]
    labels = [row["party"]["label"] for row in table["rows"]]
    assert labels == ["Armenian civilians", "Azerbaijani military"]
    civilians = table["rows"][0]
    killed = [cell["figures"]["killed"] for cell in civilians["cells"]]
    assert killed == [[5, 5], [0, 0], None, [5, 7]]
    assert [cell["display"]["killed"] for cell in civilians["cells"]] == ["5", "0", "", "5–7"]


def test_incompatible_figures_are_flagged_as_a_disagreement(world):
    rows = selectors.incident_comparison(world.incidents["shelling"])["casualties"]["rows"]
    civilians, military = rows
    assert civilians["disagreements"] == ["killed"]
    assert military["disagreements"] == []


def test_overlapping_ranges_are_not_a_disagreement(world):
    # Armenian 5 and international 5–7 overlap; without the Azerbaijani 0 they agree.
    world.statements["az"].casualties.all().delete()
    rows = selectors.incident_comparison(world.incidents["shelling"])["casualties"]["rows"]
    assert rows[0]["disagreements"] == []


def test_blame_summary_says_whom_each_side_blames(world):
    blame = {
        b["side"]["slug"]: b["blames"] for b in selectors.incident_comparison(world.incidents["shelling"])["blame"]
    }
    assert blame["armenian"] == [
        {"side": {"slug": "azerbaijani", "name": "Azerbaijani", "colour": "#0369a1"}, "count": 1}
    ]
    assert [b["count"] for b in blame["azerbaijani"]] == [2]
    assert blame["russian"] == []


def test_counterclaims_are_listed_both_ways(world):
    data = selectors.incident_comparison(world.incidents["shelling"])
    cards = {s["id"]: s for g in data["sides"] for s in g["statements"]}
    denied = cards[world.statements["am"].pk]["relations"]
    assert [(r["label"], r["statement"]) for r in denied] == [("denied by", world.statements["az"].pk)]
    denying = cards[world.statements["az"].pk]["relations"]
    assert [(r["label"], r["statement"]) for r in denying] == [("denies", world.statements["am"].pk)]


def test_anonymous_viewers_do_not_see_pending_statements(world):
    pending = f.StatementFactory(
        incident=world.incidents["shelling"], review_status="pending", content="Unreviewed claim"
    )
    user = f.UserFactory()
    anonymous_ids = {
        s["id"] for g in selectors.incident_comparison(world.incidents["shelling"])["sides"] for s in g["statements"]
    }
    researcher_ids = {
        s["id"]
        for g in selectors.incident_comparison(world.incidents["shelling"], user=user)["sides"]
        for s in g["statements"]
    }
    assert pending.pk not in anonymous_ids
    assert pending.pk in researcher_ids


def test_a_counterclaim_from_a_hidden_statement_is_not_shown(world):
    hidden = f.StatementFactory(incident=world.incidents["shelling"], review_status="rejected")
    StatementRelation.objects.create(source=hidden, target=world.statements["un"], kind="contradicts")
    data = selectors.incident_comparison(world.incidents["shelling"])
    cards = {s["id"]: s for g in data["sides"] for s in g["statements"]}
    assert cards[world.statements["un"].pk]["relations"] == []


def test_comparison_is_plain_data(world):
    data = selectors.incident_comparison(world.incidents["shelling"])
    round_trip = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    assert round_trip["incident"]["title"] == "Shelling of Stepanakert"
    assert round_trip["incident"]["places"][0]["slug"] == "stepanakert"


def _incident_with(n: int):
    incident = f.IncidentFactory()
    sides = list(Side.objects.all())
    outlet = f.OutletFactory()
    place = f.PlaceFactory()
    for i in range(n):
        statement = f.StatementFactory(
            incident=incident,
            side=sides[i % len(sides)],
            actor=f.ActorFactory(side=sides[i % len(sides)]),
            article=f.ArticleFactory(outlet=outlet),
            blamed_side=sides[(i + 1) % len(sides)],
            review_status="accepted",
            event_date=datetime.date(2023, 9, 1) + datetime.timedelta(days=i % 5),
        )
        statement.places.add(place)
        f.CasualtyFigureFactory(statement=statement, party_side=sides[i % 2], killed_low=i, killed_high=i + 1)
        if i:
            StatementRelation.objects.create(source=statement, target_id=statement.pk - 1, kind="denies")
    return incident


@pytest.mark.parametrize("viewer", ["anonymous", "researcher"])
def test_incident_page_costs_the_same_queries_for_10_and_100_statements(db, client, viewer):
    if viewer == "researcher":
        client.force_login(f.UserFactory())
    small, large = _incident_with(10), _incident_with(100)
    counts = []
    for incident in (small, large):
        client.get(f"/incidents/{incident.pk}/")  # warm caches (sides.css, sessions)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/incidents/{incident.pk}/")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    # Signed-in readers also get the incident's history: a few more queries, as many for either size.
    # (The cards' counterclaim links take two small queries, as in the API: see `relation_links`; the
    # review meter one, the disputes' far ends one.)
    assert counts[1] <= (12 if viewer == "anonymous" else 18)


@pytest.mark.django_db
@pytest.mark.parametrize("few", [False, True])
def test_how_contested_counts_denials_and_live_counterclaims_from_visible_statements(few):
    """Both ways of counting disputes (all relations read at once, or statement by statement for a
    few incidents) count the same: a denial, a statement a public one denies; not a statement only a
    pending or a dismissed relation counters."""
    incident = f.IncidentFactory()
    accepted = {"incident": incident, "review_status": "accepted", "stance": "assertion"}
    f.StatementFactory(incident=incident, review_status="accepted", stance="denial")
    countered, hidden_source, dismissed = (f.StatementFactory(**accepted) for _ in range(3))
    StatementRelation.objects.create(source=f.StatementFactory(**accepted), target=countered, kind="denies")
    pending = f.StatementFactory(incident=incident, review_status="pending", stance="assertion")
    StatementRelation.objects.create(source=pending, target=hidden_source, kind="contradicts")
    StatementRelation.objects.create(
        source=f.StatementFactory(**accepted), target=dismissed, kind="denies", status="dismissed"
    )
    [row] = selectors.incidents_for_list(None, few=few).filter(pk=incident.pk)
    assert row.contested == 2
