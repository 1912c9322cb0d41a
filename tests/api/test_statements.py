"""GET /api/v1/statements/: filters, ordering, cursor paging, visibility, conditional GET, exports."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest

from claims.models import IncidentPlace, ReviewStatus, Stance, StatementPlace
from tests import factories as f

pytestmark = pytest.mark.django_db
URL = "/api/v1/statements/"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def accepted(**kwargs):
    return f.StatementFactory(review_status=ReviewStatus.ACCEPTED, **kwargs)


def test_anonymous_clients_see_only_accepted_statements(anon):
    shown = accepted()
    f.StatementFactory(review_status=ReviewStatus.PENDING)
    f.StatementFactory(review_status=ReviewStatus.REJECTED)
    assert ids(anon.get(URL)) == [shown.pk]


def test_logged_in_clients_see_pending_statements_too(researcher_client):
    shown = accepted()
    pending = f.StatementFactory(review_status=ReviewStatus.PENDING)
    assert set(ids(researcher_client.get(URL))) == {shown.pk, pending.pk}


def test_a_statement_carries_its_attribution_and_source(anon):
    place = f.PlaceFactory(slug="norabak", name="Norabak")
    statement = accepted(
        actor=f.ActorFactory(slug="mod-am", name="Ministry of Defence"), blamed_side=f.side("azerbaijani")
    )
    StatementPlace.objects.create(statement=statement, place=place)
    f.CasualtyFigureFactory(statement=statement, killed_low=2, killed_high=3, wounded_low=None, wounded_high=None)
    row = anon.get(URL).json()["results"][0]
    assert row["speaker"] == "The ministry"
    assert row["actor"]["slug"] == "mod-am"
    assert row["side"]["slug"] == "armenian"
    assert row["blamed_side"]["slug"] == "azerbaijani"
    assert row["sentence"] == statement.sentence
    assert (row["start"], row["end"]) == (0, 57)
    assert row["article"]["url"] == statement.article.canonical_url
    assert row["article"]["outlet"]["slug"] == statement.article.outlet.slug
    assert row["places"] == [{"slug": "norabak", "name": "Norabak"}]
    assert row["casualties"][0]["killed"] == [2, 3]
    assert row["casualties"][0]["wounded"] is None
    assert row["version"] == statement.version


def test_filter_by_side_and_date_range(anon):
    wanted = accepted(side=f.side("azerbaijani"), event_date=datetime.date(2023, 9, 19))
    accepted(side=f.side("armenian"), event_date=datetime.date(2023, 9, 19))
    accepted(side=f.side("azerbaijani"), event_date=datetime.date(2023, 9, 25))
    response = anon.get(URL, {"side": "azerbaijani", "date_from": "2023-09-18", "date_to": "2023-09-20"})
    assert ids(response) == [wanted.pk]


def test_filter_by_several_sides(anon):
    a = accepted(side=f.side("russian"))
    b = accepted(side=f.side("international"))
    accepted(side=f.side("armenian"))
    assert set(ids(anon.get(URL + "?side=russian&side=international"))) == {a.pk, b.pk}


def test_filter_by_incident_actor_outlet_stance_and_place(anon):
    incident = f.IncidentFactory()
    actor = f.ActorFactory(slug="mfa-az")
    outlet = f.OutletFactory(slug="trend")
    place = f.PlaceFactory(slug="lachin-corridor")
    target = accepted(incident=incident, actor=actor, article=f.ArticleFactory(outlet=outlet), stance=Stance.DENIAL)
    StatementPlace.objects.create(statement=target, place=place)
    accepted(stance=Stance.DENIAL)
    accepted(incident=incident, stance=Stance.ASSERTION)
    assert ids(anon.get(URL, {"incident": incident.pk, "stance": "denial"})) == [target.pk]
    assert ids(anon.get(URL, {"actor": "mfa-az"})) == [target.pk]
    assert ids(anon.get(URL, {"outlet": "trend"})) == [target.pk]
    assert ids(anon.get(URL, {"place": "lachin-corridor"})) == [target.pk]


def test_place_filter_takes_a_name_as_typed_and_the_incident_places(anon):
    """`place` means what it means on the pages: a name with a typo matches, and a statement
    matches through its own places or its incident's."""
    stepanakert = f.PlaceFactory(slug="stepanakert", name="Stepanakert")
    named = accepted()
    StatementPlace.objects.create(statement=named, place=stepanakert)
    through_incident = accepted()
    IncidentPlace.objects.create(incident=through_incident.incident, place=stepanakert)
    accepted()
    assert set(ids(anon.get(URL, {"place": "Stepanakrt"}))) == {named.pk, through_incident.pk}
    assert set(ids(anon.get(URL, {"place": "stepanakert"}))) == {named.pk, through_incident.pk}


def test_filter_by_review_status_for_logged_in_users(researcher_client):
    pending = f.StatementFactory(review_status=ReviewStatus.PENDING)
    accepted()
    assert ids(researcher_client.get(URL, {"review_status": "pending"})) == [pending.pk]


def test_full_text_search_matches_stemmed_words(anon):
    shelled = accepted(content="Azerbaijani forces shelled the village of Sotk overnight.")
    accepted(content="The talks in Brussels ended without an agreement.")
    assert ids(anon.get(URL, {"q": "shelling Sotk"})) == [shelled.pk]


def test_full_text_search_stems_a_russian_statement_as_russian(anon):
    text = "Министерство обороны Азербайджана заявило об обстреле своих позиций."  # our own sentence
    russian = accepted(article=f.ArticleFactory(language="ru", text=text), sentence=text, content="")
    accepted()
    assert ids(anon.get(URL, {"q": "заявила обстрелы"})) == [russian.pk]


def test_cursor_pages_walk_every_statement_once(anon):
    created = {accepted().pk for _ in range(7)}
    seen: list[int] = []
    response = anon.get(URL, {"page_size": 3})
    while True:
        body = response.json()
        seen += [row["id"] for row in body["results"]]
        if not body["next"]:
            break
        assert "cursor=" in body["next"]
        response = anon.get(body["next"])
    assert sorted(seen) == sorted(created)
    assert len(seen) == len(set(seen))
    assert seen == sorted(seen, reverse=True)  # newest first by default


def test_cursor_paging_by_event_date_with_undated_statements(anon):
    days = [datetime.date(2023, 9, d) for d in (3, 1, 2, 1)] + [None, None]
    created = {accepted(event_date=day).pk for day in days}
    seen: list[int] = []
    response = anon.get(URL, {"page_size": 2, "ordering": "event_date"})
    while True:
        body = response.json()
        seen += [row["id"] for row in body["results"]]
        if not body["next"]:
            break
        response = anon.get(body["next"])
    assert sorted(seen) == sorted(created)
    assert len(seen) == len(set(seen))


def test_ordering_by_confidence(anon):
    low = accepted(confidence=0.2)
    high = accepted(confidence=0.9)
    assert ids(anon.get(URL, {"ordering": "-confidence"})) == [high.pk, low.pk]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"page_size": "100000"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
        ({"date_from": "2023-02-30"}, "date_from"),
        ({"date_from": "2023-09-10", "date_to": "2023-09-01"}, "date_to"),
        ({"side": "martian"}, "side"),
        ({"stance": "shouting"}, "stance"),
        ({"ordering": "speaker"}, "ordering"),
        ({"incident": "1.5"}, "incident"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"colour": "red"}, "colour"),
        ({"q": "a" * 201}, "q"),
        ({"q": "nul\x00byte"}, "q"),
    ],
)
def test_bad_query_parameters_get_400_naming_the_parameter(anon, params, field):
    response = anon.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["errors"], body
    assert body["detail"]


def test_a_forged_cursor_position_is_refused_not_crashing(anon):
    import base64

    forged = base64.b64encode(b"o=0&r=0&p=yesterday").decode()
    response = anon.get(URL, {"cursor": forged, "ordering": "event_date"})
    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]


def test_detail_and_hidden_statements(anon, researcher_client):
    pending = f.StatementFactory(review_status=ReviewStatus.PENDING)
    assert anon.get(f"{URL}{pending.pk}/").status_code == 404
    assert anon.get(f"{URL}{pending.pk}/").json()["code"] == "not_found"
    assert researcher_client.get(f"{URL}{pending.pk}/").json()["id"] == pending.pk


def test_etag_and_if_none_match_give_304(anon):
    statement = accepted()
    first = anon.get(f"{URL}{statement.pk}/")
    etag = first["ETag"]
    again = anon.get(f"{URL}{statement.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    statement.content = "Changed."
    statement.save()
    changed = anon.get(f"{URL}{statement.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_list_etag_changes_when_a_statement_is_added(anon):
    accepted()
    etag = anon.get(URL)["ETag"]
    assert anon.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    accepted()
    assert anon.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 200


def _streamed(response) -> str:
    assert response.status_code == 200, response.content
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def test_jsonl_export_streams_the_filtered_visible_statements(anon):
    wanted = accepted(side=f.side("russian"))
    accepted(side=f.side("armenian"))
    f.StatementFactory(side=f.side("russian"), review_status=ReviewStatus.PENDING)
    response = anon.get(URL + "export/jsonl/", {"side": "russian"})
    assert response["Content-Type"].startswith("application/jsonl")
    lines = [json.loads(line) for line in _streamed(response).splitlines()]
    assert [line["id"] for line in lines] == [wanted.pk]
    assert {"incident", "article_url", "sentence", "side"} <= set(lines[0])
    assert lines[0]["side"] == "russian"


def test_csv_export_has_a_header_and_one_row_per_statement(anon):
    rows = {accepted().pk for _ in range(3)}
    response = anon.get(URL + "export/csv/")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    table = list(csv.DictReader(io.StringIO(_streamed(response))))
    assert {int(row["id"]) for row in table} == rows


def test_export_rejects_paging_parameters(anon):
    response = anon.get(URL + "export/csv/", {"page_size": "10"})
    assert response.status_code == 400
    assert "page_size" in response.json()["errors"]
