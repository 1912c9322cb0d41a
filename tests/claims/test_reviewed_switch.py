"""`?reviewed=only` — the incident page's switch — narrows every list, the map data and the exports
to statements an editor accepted (and incidents with one), the API's lists included."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_incidents():
    """One incident with an accepted and a pending statement, one with a pending statement only."""
    reviewed = f.IncidentFactory(title="Reviewed clash")
    unreviewed = f.IncidentFactory(title="Unreviewed clash")
    accepted = f.StatementFactory(incident=reviewed, review_status="accepted", content="accepted words")
    pending = f.StatementFactory(incident=reviewed, review_status="pending", content="pending words")
    f.StatementFactory(incident=unreviewed, review_status="pending", content="other pending words")
    return {"reviewed": reviewed, "unreviewed": unreviewed, "accepted": accepted, "pending": pending}


@pytest.fixture
def researcher_client(client):
    client.force_login(f.UserFactory(role="researcher"))
    return client


def test_statement_list_and_export_keep_only_accepted_statements(researcher_client, two_incidents):
    everything = researcher_client.get("/statements/").context["page"]
    only = researcher_client.get("/statements/", {"reviewed": "only"}).context["page"]
    assert len(list(everything)) == 3
    assert [s["id"] if isinstance(s, dict) else s.pk for s in only] == [two_incidents["accepted"].pk]
    body = b"".join(researcher_client.get("/statements/export.csv", {"reviewed": "only"}).streaming_content)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [int(row["id"]) for row in rows] == [two_incidents["accepted"].pk]


def test_incident_list_and_geojson_keep_incidents_with_an_accepted_statement(researcher_client, two_incidents):
    titles = {i.title for i in researcher_client.get("/incidents/", {"reviewed": "only"}).context["page"]}
    assert titles == {"Reviewed clash"}
    everything = {i.title for i in researcher_client.get("/incidents/").context["page"]}
    assert everything == {"Reviewed clash", "Unreviewed clash"}
    response = researcher_client.get("/incidents/export.geojson", {"reviewed": "only"})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    ids = {feature["properties"]["id"] for feature in json.loads(body)["features"]}
    assert ids == {two_incidents["reviewed"].pk}


def test_api_lists_take_the_switch_and_refuse_a_bad_value(researcher_client, two_incidents):
    statements = researcher_client.get("/api/v1/statements/", {"reviewed": "only"}).json()["results"]
    assert [s["id"] for s in statements] == [two_incidents["accepted"].pk]
    incidents = researcher_client.get("/api/v1/incidents/", {"reviewed": "only"}).json()["results"]
    assert [i["id"] for i in incidents] == [two_incidents["reviewed"].pk]
    bad = researcher_client.get("/api/v1/statements/", {"reviewed": "maybe"})
    assert bad.status_code == 400 and "reviewed" in bad.json()["errors"]
