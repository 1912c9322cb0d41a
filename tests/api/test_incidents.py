"""GET /api/v1/incidents/: lists, filters, visibility, and ?expand=statements (each side's account)."""

from __future__ import annotations

import datetime
import json

import pytest
import yaml
from rest_framework.utils.encoders import JSONEncoder

from claims.models import Incident, IncidentPlace, IncidentStatus, ReviewStatus, StatementPlace, StatementRelation
from claims.selectors import incident_comparison
from tests.factories import (
    CasualtyFigureFactory,
    IncidentFactory,
    PlaceFactory,
    StatementFactory,
    public_incident,
    side,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/incidents/"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_an_incident_is_public_once_one_of_its_statements_is(anon, researcher_client):
    """Whatever its status: a settled incident with nothing reviewed stays hidden, a draft with an
    accepted statement is public."""
    public = public_incident(status=IncidentStatus.DEVELOPING)
    draft_with_accepted = public_incident(status=IncidentStatus.DRAFT)
    settled_unreviewed = IncidentFactory(status=IncidentStatus.SETTLED)
    StatementFactory(incident=settled_unreviewed, review_status=ReviewStatus.PENDING)
    StatementFactory(incident=settled_unreviewed, review_status=ReviewStatus.REJECTED)
    empty = IncidentFactory(status=IncidentStatus.CONTESTED)
    assert set(ids(anon.get(URL))) == {public.pk, draft_with_accepted.pk}
    assert set(ids(researcher_client.get(URL))) == {public.pk, draft_with_accepted.pk, settled_unreviewed.pk, empty.pk}
    for hidden in (settled_unreviewed, empty):
        assert anon.get(f"{URL}{hidden.pk}/").status_code == 404


def test_statement_count_counts_only_what_the_client_may_see(anon, researcher_client):
    incident = IncidentFactory()
    StatementFactory(incident=incident, review_status=ReviewStatus.ACCEPTED)
    StatementFactory(incident=incident, review_status=ReviewStatus.PENDING)
    assert anon.get(f"{URL}{incident.pk}/").json()["statement_count"] == 1
    assert researcher_client.get(f"{URL}{incident.pk}/").json()["statement_count"] == 2


def test_filters_by_status_kind_dates_and_place(anon):
    place = PlaceFactory(slug="jermuk")
    shelling = public_incident(kind="shelling", start_date=datetime.date(2022, 9, 13), status="contested")
    IncidentPlace.objects.create(incident=shelling, place=place)
    public_incident(kind="blockade", start_date=datetime.date(2023, 1, 1), end_date=datetime.date(2023, 9, 1))
    public_incident(kind="shelling", start_date=datetime.date(2020, 10, 1))
    assert ids(anon.get(URL, {"kind": "shelling", "date_from": "2022-01-01"})) == [shelling.pk]
    assert ids(anon.get(URL, {"status": "contested"})) == [shelling.pk]
    assert ids(anon.get(URL, {"place": "jermuk"})) == [shelling.pk]
    assert len(ids(anon.get(URL, {"date_from": "2023-06-01", "date_to": "2023-06-30"}))) == 1


def test_side_filter_does_not_reveal_statements_hidden_from_the_client(anon, researcher_client):
    """?side= counts only statements the client may see: a pending or rejected statement of a side
    must not make its incident show up for an anonymous client."""
    incident = IncidentFactory()
    StatementFactory(incident=incident, side=side("armenian"), review_status=ReviewStatus.ACCEPTED)
    StatementFactory(incident=incident, side=side("russian"), review_status=ReviewStatus.PENDING)
    StatementFactory(incident=incident, side=side("international"), review_status=ReviewStatus.REJECTED)
    assert ids(anon.get(URL, {"side": "armenian"})) == [incident.pk]
    assert ids(anon.get(URL, {"side": "russian"})) == []
    assert ids(anon.get(URL, {"side": "international"})) == []
    assert ids(researcher_client.get(URL, {"side": "russian"})) == [incident.pk]


def test_q_searches_titles_and_the_visible_statements_the_way_the_pages_do(anon, researcher_client):
    """`q` means what it means on the pages: titles (typos too) and what visible statements say."""
    by_title = public_incident(title="Shelling of Stepanakert")
    by_statement = IncidentFactory(title="Border incident")
    StatementFactory(
        incident=by_statement, content="Sappers cleared the road to Tegh.", review_status=ReviewStatus.ACCEPTED
    )
    hidden = IncidentFactory(title="Another incident")
    StatementFactory(incident=hidden, content="Sappers were seen.", review_status=ReviewStatus.PENDING)
    assert ids(anon.get(URL, {"q": "Stepanakrt"})) == [by_title.pk]
    assert ids(anon.get(URL, {"q": "sappers"})) == [by_statement.pk]
    assert set(ids(researcher_client.get(URL, {"q": "sappers"}))) == {by_statement.pk, hidden.pk}


def test_outlet_filter_counts_only_visible_statements(anon):
    incident = IncidentFactory()
    StatementFactory(incident=incident, article__outlet__slug="tass", review_status=ReviewStatus.PENDING)
    assert ids(anon.get(URL, {"outlet": "tass"})) == []
    StatementFactory(incident=incident, article__outlet__slug="tass", review_status=ReviewStatus.ACCEPTED)
    assert ids(anon.get(URL, {"outlet": "tass"})) == [incident.pk]


def test_merged_incident_answers_404_naming_where_it_went(anon):
    target = IncidentFactory()
    merged = IncidentFactory(merged_into=target)
    response = anon.get(f"{URL}{merged.pk}/")
    assert response.status_code == 404
    assert str(target.pk) in response.json()["detail"]


def test_expand_statements_groups_each_side_in_side_order_with_the_casualty_comparison(anon):
    incident = IncidentFactory(title="Clash near Sotk")
    az = StatementFactory(incident=incident, side=side("azerbaijani"), review_status=ReviewStatus.ACCEPTED)
    am = StatementFactory(incident=incident, side=side("armenian"), review_status=ReviewStatus.ACCEPTED)
    StatementFactory(incident=incident, side=side("russian"), review_status=ReviewStatus.PENDING)
    CasualtyFigureFactory(statement=am, party_side=side("armenian"), killed_low=4, killed_high=4)
    CasualtyFigureFactory(statement=az, party_side=side("armenian"), killed_low=1, killed_high=1)

    body = anon.get(f"{URL}{incident.pk}/", {"expand": "statements"}).json()

    assert [group["side"]["slug"] for group in body["sides"]] == ["armenian", "azerbaijani", "russian", "international"]
    assert [s["id"] for s in body["sides"][0]["statements"]] == [am.pk]
    assert [s["id"] for s in body["sides"][1]["statements"]] == [az.pk]
    assert body["sides"][2]["statements"] == []  # the pending Russian statement is not public
    row = body["casualties"]["rows"][0]
    assert row["party"]["side"] == "armenian"
    assert [cell["figures"]["killed"] for cell in row["cells"][:2]] == [[4, 4], [1, 1]]
    assert "killed" in row["disagreements"]


def test_without_expand_the_incident_has_no_statements(anon):
    incident = public_incident()
    body = anon.get(f"{URL}{incident.pk}/").json()
    assert "sides" not in body
    assert body["title"] == incident.title


def test_unknown_expansion_is_a_400(anon):
    incident = IncidentFactory()
    response = anon.get(f"{URL}{incident.pk}/", {"expand": "articles"})
    assert response.status_code == 400
    assert "expand" in response.json()["errors"]


def test_expand_is_not_a_list_parameter(anon):
    response = anon.get(URL, {"expand": "statements"})
    assert response.status_code == 400


def test_incident_etag_changes_when_a_statement_is_accepted(anon):
    incident = public_incident()
    pending = StatementFactory(incident=incident, review_status=ReviewStatus.PENDING)
    etag = anon.get(f"{URL}{incident.pk}/", {"expand": "statements"})["ETag"]
    assert anon.get(f"{URL}{incident.pk}/", {"expand": "statements"}, HTTP_IF_NONE_MATCH=etag).status_code == 304
    pending.review_status = ReviewStatus.ACCEPTED
    pending.save()
    assert anon.get(f"{URL}{incident.pk}/", {"expand": "statements"}, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_anonymous_clients_cannot_patch(anon):
    incident = IncidentFactory()
    response = anon.patch(f"{URL}{incident.pk}/", {"title": "x"}, format="json")
    assert response.status_code == 401
    assert Incident.objects.get(pk=incident.pk).title == incident.title


def test_researchers_cannot_patch(researcher_client):
    incident = IncidentFactory()
    response = researcher_client.patch(f"{URL}{incident.pk}/", {"title": "x"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


@pytest.mark.parametrize("who", ["anon", "researcher_client"])
def test_expanded_incident_matches_the_incident_page_comparison(request, who):
    """The API and the researchers' page show the same accounts, figures and links."""
    client = request.getfixturevalue(who)
    user = None if who == "anon" else request.getfixturevalue("researcher")
    incident = IncidentFactory()
    place = PlaceFactory()
    made = []
    for n, slug in enumerate(["russian", "armenian", "azerbaijani", None, "armenian"]):
        statement = StatementFactory(
            incident=incident,
            side=side(slug) if slug else None,
            blamed_side=side("azerbaijani") if n % 2 else None,
            review_status=ReviewStatus.PENDING if n == 4 else ReviewStatus.ACCEPTED,
            event_date=datetime.date(2023, 9, 1 + n % 3),
        )
        StatementPlace.objects.create(statement=statement, place=place)
        CasualtyFigureFactory(statement=statement, party_side=side("armenian"), killed_low=n, killed_high=n + 2)
        made.append(statement)
    StatementRelation.objects.create(source=made[2], target=made[1], kind="denies")
    StatementRelation.objects.create(source=made[4], target=made[1], kind="corroborates")

    body = client.get(f"{URL}{incident.pk}/", {"expand": "statements"}).json()
    expected = incident_comparison(incident, user=user)

    def cards(groups):
        keys = set(expected["sides"][0]["statements"][0]) if expected["sides"][0]["statements"] else None
        return [
            (g["side"], g["count"], [{k: v for k, v in s.items() if k in keys} for s in g["statements"]])
            for g in groups
        ]

    # Encoded as the API encodes (dates and datetimes in ISO 8601), to compare like with like.
    normal = json.loads(json.dumps(expected, cls=JSONEncoder))
    assert cards(body["sides"]) == cards(normal["sides"])
    assert body["casualties"] == normal["casualties"]
    assert body["blame"] == normal["blame"]


def _expanded_ids(client, incident, **params) -> set[int]:
    response = client.get(f"{URL}{incident.pk}/", {"expand": "statements", **params})
    assert response.status_code == 200, response.content
    return {s["id"] for group in response.json()["sides"] for s in group["statements"]}


def _reviewed_pending_rejected(incident):
    return [
        StatementFactory(incident=incident, side=side("armenian"), review_status=status)
        for status in (ReviewStatus.ACCEPTED, ReviewStatus.PENDING, ReviewStatus.REJECTED)
    ]


def test_expand_honours_the_review_switches_like_the_incident_page(researcher_client):
    """Rejected statements are hidden unless asked for; reviewed=only keeps accepted ones alone."""
    incident = IncidentFactory()
    accepted, pending, rejected = _reviewed_pending_rejected(incident)
    assert _expanded_ids(researcher_client, incident) == {accepted.pk, pending.pk}
    assert _expanded_ids(researcher_client, incident, reviewed="all") == {accepted.pk, pending.pk}
    assert _expanded_ids(researcher_client, incident, reviewed="only") == {accepted.pk}
    assert _expanded_ids(researcher_client, incident, rejected="show") == {accepted.pk, pending.pk, rejected.pk}
    assert _expanded_ids(researcher_client, incident, reviewed="only", rejected="show") == {accepted.pk, rejected.pk}


def test_anonymous_clients_never_see_rejected_statements_even_when_asking(anon, settings):
    settings.PUBLIC_SHOWS_PENDING = True
    incident = IncidentFactory()
    accepted, pending, _rejected = _reviewed_pending_rejected(incident)
    assert _expanded_ids(anon, incident, rejected="show") == {accepted.pk, pending.pk}
    assert _expanded_ids(anon, incident, reviewed="only", rejected="show") == {accepted.pk}


@pytest.mark.parametrize("param", ["reviewed", "rejected"])
def test_a_bad_review_switch_is_a_400_naming_the_choices(researcher_client, param):
    incident = public_incident()
    response = researcher_client.get(f"{URL}{incident.pk}/", {"expand": "statements", param: "maybe"})
    assert response.status_code == 400
    message = " ".join(response.json()["errors"][param])
    assert "maybe" in message and ("only" in message or "show" in message)


def test_review_switches_are_documented_on_the_incident_detail(anon):
    schema = yaml.safe_load(anon.get("/api/schema/").content)
    params = {p["name"]: p for p in schema["paths"]["/api/v1/incidents/{id}/"]["get"]["parameters"]}
    assert set(params["reviewed"]["schema"]["enum"]) == {"only", "all"}
    assert set(params["rejected"]["schema"]["enum"]) == {"show", "hide"}
