import csv
import io
import json

from tests import factories as f


def _body(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_incident_csv_rows_match_the_filter(world, client):
    response = client.get("/incidents/export.csv", {"place": "Khankendi", "date_from": "2023-01-01"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="incidents.csv"'
    rows = list(csv.DictReader(io.StringIO(_body(response))))
    assert [r["title"] for r in rows] == ["Shelling of Stepanakert"]
    assert rows[0]["places"] == "Stepanakert"
    assert rows[0]["statements"] == "4"


def test_incident_json_export(world, client):
    rows = json.loads(_body(client.get("/incidents/export.json", {"kind": "drone-strike"})))
    assert [r["title"] for r in rows] == ["Drone strike near Jermuk"]
    assert rows[0]["url"].endswith(f"/incidents/{world.incidents['jermuk'].pk}/")


def test_statement_export_honours_filters(world, client):
    body = _body(
        client.get("/statements/export.csv", {"incident": world.incidents["shelling"].pk, "side": "azerbaijani"})
    )
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {int(r["id"]) for r in rows} == {world.statements["az"].pk, world.statements["az2"].pk}


def test_statement_export_honours_permissions(world, client):
    pending = f.StatementFactory(incident=world.incidents["shelling"], review_status="pending")
    params = {"incident": world.incidents["shelling"].pk}
    anonymous = [json.loads(line) for line in _body(client.get("/statements/export.jsonl", params)).splitlines()]
    assert pending.pk not in {r["id"] for r in anonymous}
    assert {r["side"] for r in anonymous} == {"armenian", "azerbaijani", "international"}
    client.force_login(f.UserFactory())
    researcher = [json.loads(line) for line in _body(client.get("/statements/export.jsonl", params)).splitlines()]
    assert pending.pk in {r["id"] for r in researcher}


def test_hidden_incidents_are_not_exported(db, client):
    draft = f.IncidentFactory(title="Draft only", status="draft")
    f.StatementFactory(incident=draft, review_status="pending")
    assert "Draft only" not in _body(client.get("/incidents/export.csv"))


def test_a_bad_export_filter_is_a_400_with_a_message(db, client):
    response = client.get("/incidents/export.csv", {"date_from": "yesterday"})
    assert response.status_code == 400
    assert b"Enter a valid date" in response.content


def test_spreadsheet_formulas_in_titles_are_neutralised(db, client):
    f.public_incident(title="=HYPERLINK(1)")
    rows = list(csv.DictReader(io.StringIO(_body(client.get("/incidents/export.csv")))))
    assert rows[0]["title"] == "'=HYPERLINK(1)"


def test_export_links_carry_the_current_filters(world, client):
    html = client.get("/incidents/", {"place": "Khankendi", "date_from": "2023-01-01"}).content.decode()
    assert 'href="/incidents/export.csv?place=Khankendi&amp;date_from=2023-01-01"' in html
