"""Editors' writes: PATCH with If-Match (412 on a stale ETag), review decisions, relations, history."""

from __future__ import annotations

import pytest

from claims.models import Incident, ReviewStatus, Statement, StatementRelation
from tests.factories import ActorFactory, IncidentFactory, PlaceFactory, StatementFactory, side

pytestmark = pytest.mark.django_db


def patch(client, url, body, etag):
    return client.patch(url, body, format="json", HTTP_IF_MATCH=etag)


def test_editor_patches_a_statement_with_the_etag_it_read(editor_client):
    statement = StatementFactory()
    actor = ActorFactory(slug="mod-az", name="Azerbaijani Ministry of Defence", side=side("azerbaijani"))
    place = PlaceFactory(slug="sotk")
    url = f"/api/v1/statements/{statement.pk}/"
    etag = editor_client.get(url)["ETag"]

    response = patch(
        editor_client,
        url,
        {
            "actor": "mod-az",
            "side": "azerbaijani",
            "places": ["sotk"],
            "casualties": [{"party": "armenian", "killed": [1, 3]}],
        },
        etag,
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["actor"]["slug"] == "mod-az"
    assert body["side"]["slug"] == "azerbaijani"
    assert body["places"] == [{"slug": "sotk", "name": place.name}]
    assert body["casualties"][0]["killed"] == [1, 3]
    assert body["version"] == statement.version + 1
    assert response["ETag"] != etag
    assert editor_client.get(url)["ETag"] == response["ETag"]
    statement.refresh_from_db()
    assert statement.actor == actor


def test_a_stale_etag_gets_412_and_changes_nothing(editor_client, editor):
    statement = StatementFactory(content="Original.")
    url = f"/api/v1/statements/{statement.pk}/"
    stale = editor_client.get(url)["ETag"]
    assert patch(editor_client, url, {"content": "First edit."}, stale).status_code == 200

    response = patch(editor_client, url, {"content": "Second edit from an old copy."}, stale)

    assert response.status_code == 412
    assert response.json()["code"] == "precondition_failed"
    assert response["ETag"] == editor_client.get(url)["ETag"]
    assert Statement.objects.get(pk=statement.pk).content == "First edit."


def test_patch_without_if_match_is_428(editor_client):
    statement = StatementFactory()
    response = editor_client.patch(f"/api/v1/statements/{statement.pk}/", {"content": "x"}, format="json")
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]


def test_review_decision_through_patch(editor_client, editor):
    statement = StatementFactory(review_status=ReviewStatus.PENDING)
    url = f"/api/v1/statements/{statement.pk}/"
    response = patch(editor_client, url, {"review_status": "accepted"}, editor_client.get(url)["ETag"])
    assert response.status_code == 200, response.content
    assert response.json()["review_status"] == "accepted"
    statement.refresh_from_db()
    assert statement.reviewed_by == editor


@pytest.mark.parametrize(
    "body, field",
    [
        ({"stance": "shouting"}, "stance"),
        ({"event_date": "2023-13-01"}, "event_date"),
        ({"side": "martian"}, "side"),
        ({"incident": 10**19}, "incident"),
        ({"casualties": [{"killed": [5, 2]}]}, "casualties.0.killed"),
        ({"casualties": [{"killed": "many"}]}, "casualties.0.killed"),
        ({"review_status": "pending"}, "review_status"),
        ({"speaker": 12}, "speaker"),
        ({"places": {}}, "places"),
        ({"places": ["so\x00tk"]}, "places.0"),
        ({"actor": "mod\x00am"}, "actor"),
        ({"incident": "7"}, "incident"),
        ({}, "non_field_errors"),
        (["content"], "non_field_errors"),
    ],
)
def test_wrong_json_types_and_bad_values_are_400_and_change_nothing(editor_client, body, field):
    statement = StatementFactory()
    url = f"/api/v1/statements/{statement.pk}/"
    response = patch(editor_client, url, body, editor_client.get(url)["ETag"])
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()
    assert Statement.objects.get(pk=statement.pk).version == statement.version


def test_researchers_cannot_edit(researcher_client):
    statement = StatementFactory()
    url = f"/api/v1/statements/{statement.pk}/"
    response = patch(researcher_client, url, {"content": "x"}, researcher_client.get(url)["ETag"])
    assert response.status_code == 403


def test_editor_patches_an_incident_and_a_stale_copy_gets_412(editor_client):
    incident = IncidentFactory(title="Clash")
    url = f"/api/v1/incidents/{incident.pk}/"
    etag = editor_client.get(url)["ETag"]
    first = patch(editor_client, url, {"title": "Clash near Sotk", "status": "contested"}, etag)
    assert first.status_code == 200, first.content
    assert first.json()["title"] == "Clash near Sotk"
    assert patch(editor_client, url, {"title": "Other"}, etag).status_code == 412
    assert Incident.objects.get(pk=incident.pk).title == "Clash near Sotk"


def test_incident_dates_out_of_order_are_refused(editor_client):
    incident = IncidentFactory()
    url = f"/api/v1/incidents/{incident.pk}/"
    body = {"start_date": "2023-09-10", "end_date": "2023-09-01"}
    response = patch(editor_client, url, body, editor_client.get(url)["ETag"])
    assert response.status_code == 400
    assert "end_date" in response.json()["errors"]


def test_history_lists_who_changed_what(editor_client, editor, anon):
    statement = StatementFactory(content="Before.")
    url = f"/api/v1/statements/{statement.pk}/"
    patch(editor_client, url, {"content": "After."}, editor_client.get(url)["ETag"])

    history = editor_client.get(url + "history/")

    assert history.status_code == 200
    latest = history.json()[0]
    assert latest["who"] == editor.username
    assert latest["changes"]["content"] == ["Before.", "After."]
    assert anon.get(url + "history/").status_code == 401


def test_incident_history(editor_client, editor):
    incident = IncidentFactory(title="Before")
    url = f"/api/v1/incidents/{incident.pk}/"
    patch(editor_client, url, {"title": "After"}, editor_client.get(url)["ETag"])
    entries = editor_client.get(url + "history/").json()
    assert any(entry["changes"].get("title") == ["Before", "After"] for entry in entries)


def test_editor_links_a_denial_and_clients_see_it(editor_client, anon):
    claim = StatementFactory(review_status=ReviewStatus.ACCEPTED)
    denial = StatementFactory(review_status=ReviewStatus.ACCEPTED, incident=claim.incident)
    response = editor_client.post(
        "/api/v1/relations/", {"source": denial.pk, "target": claim.pk, "kind": "denies"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert StatementRelation.objects.filter(source=denial, target=claim, kind="denies").exists()
    listed = anon.get("/api/v1/relations/", {"statement": claim.pk}).json()["results"]
    assert [(r["source"], r["target"], r["kind"]) for r in listed] == [(denial.pk, claim.pk, "denies")]
    links = anon.get(f"/api/v1/statements/{claim.pk}/").json()["relations"]
    assert links[0]["label"] == "denied by"
    assert links[0]["statement"] == denial.pk


def test_relations_to_hidden_statements_are_hidden(editor_client, anon):
    claim = StatementFactory(review_status=ReviewStatus.ACCEPTED)
    hidden = StatementFactory(review_status=ReviewStatus.PENDING)
    StatementRelation.objects.create(source=hidden, target=claim, kind="denies")
    assert anon.get("/api/v1/relations/").json()["results"] == []
    assert len(editor_client.get("/api/v1/relations/").json()["results"]) == 1


def test_relation_to_itself_or_to_a_missing_statement_is_400(editor_client):
    statement = StatementFactory()
    same = {"source": statement.pk, "target": statement.pk, "kind": "denies"}
    assert editor_client.post("/api/v1/relations/", same, format="json").status_code == 400
    missing = {"source": statement.pk, "target": statement.pk + 1000, "kind": "denies"}
    response = editor_client.post("/api/v1/relations/", missing, format="json")
    assert response.status_code == 400
    assert "target" in response.json()["errors"]
