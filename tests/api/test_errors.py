"""Bad input and limits: every answer is a 4xx with a JSON message (never a 500 or an HTML page)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from api.errors import api_exception_handler
from claims.errors import InvalidChange, MergeRefused, VersionConflict
from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db


def assert_json_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    if code:
        assert body["code"] == code
    return body


def test_malformed_json_is_400(editor_client):
    response = editor_client.post("/api/v1/articles/", '{"url": ', content_type="application/json")
    assert_json_error(response, 400, "parse_error")


def test_wrong_types_are_400_naming_the_field(editor_client):
    response = editor_client.post("/api/v1/relations/", {"source": "one", "target": [], "kind": 3}, format="json")
    body = assert_json_error(response, 400, "invalid")
    assert {"source", "target", "kind"} <= set(body["errors"])


def test_oversize_body_is_413(editor_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    response = editor_client.post("/api/v1/articles/", {"text": "word " * 1_000}, format="json")
    assert_json_error(response, 413, "too_large")


def test_unknown_api_path_is_a_json_404(anon):
    assert_json_error(anon.get("/api/v1/nothing-here/"), 404, "not_found")
    assert_json_error(anon.get("/api/v1/statements/abc/"), 404, "not_found")


def test_unsupported_method_is_405(anon):
    assert_json_error(anon.delete("/api/v1/sides/armenian/"), 405, "method_not_allowed")


def test_unacceptable_accept_header_is_406(anon):
    response = anon.get("/api/v1/sides/", HTTP_ACCEPT="application/xml")
    assert_json_error(response, 406, "not_acceptable")


def _rates(settings, anon: str, user: str) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user}}


def test_anonymous_clients_are_throttled_with_retry_after(anon, settings):
    _rates(settings, "3/minute", "100/minute")
    for _ in range(3):
        assert anon.get("/api/v1/sides/").status_code == 200
    response = anon.get("/api/v1/sides/")
    body = assert_json_error(response, 429, "throttled")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert body["retry_after"] == int(response["Retry-After"])


def test_each_user_has_its_own_budget(editor_client, researcher_client, settings):
    _rates(settings, "1/minute", "2/minute")
    assert editor_client.get("/api/v1/sides/").status_code == 200
    assert editor_client.get("/api/v1/sides/").status_code == 200
    assert editor_client.get("/api/v1/sides/").status_code == 429
    assert researcher_client.get("/api/v1/sides/").status_code == 200


def test_a_forged_forwarded_for_header_does_not_reset_the_budget(anon, settings):
    _rates(settings, "2/minute", "100/minute")
    for n in range(2):
        assert anon.get("/api/v1/sides/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code == 200
    assert anon.get("/api/v1/sides/", HTTP_X_FORWARDED_FOR="198.51.100.77").status_code == 429


def test_ids_beyond_bigint_are_404_not_500(anon):
    assert_json_error(anon.get(f"/api/v1/statements/{10**30}/"), 404)
    assert_json_error(anon.get(f"/api/v1/incidents/{10**30}/"), 404)


def test_huge_incident_filter_is_an_empty_page_not_500(anon):
    StatementFactory()
    response = anon.get("/api/v1/statements/", {"incident": str(10**30)})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["results"] == []


@pytest.mark.parametrize("ordering", [",", "start_date,,id", "sideways"])
def test_an_ordering_with_an_empty_or_unknown_entry_is_400(anon, ordering):
    response = anon.get("/api/v1/incidents/", {"ordering": ordering})
    assert_json_error(response, 400)
    assert "ordering" in response.content.decode()
    assert anon.get("/api/v1/incidents/", {"ordering": "-start_date,id"}).status_code == 200


@pytest.mark.parametrize(("name", "value"), [("API_THROTTLE_ANON", "fast"), ("API_NUM_PROXIES", "some")])
def test_a_bad_api_setting_stops_startup_with_one_line_naming_it(name, value):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env[name] = value
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0]


# --- Refused service calls -----------------------------------------------------------------------


def test_a_version_conflict_from_a_service_is_412_with_its_message():
    statement = StatementFactory()
    conflict = VersionConflict(current=statement, expected_version=statement.version - 1)
    response = api_exception_handler(conflict, {})
    assert response.status_code == 412
    assert response.data == {"detail": conflict.message, "code": "precondition_failed"}


def test_an_invalid_change_from_a_service_is_400_naming_its_field():
    response = api_exception_handler(InvalidChange("Not a side.", field="side"), {})
    assert response.status_code == 400
    assert response.data == {"detail": "side: Not a side.", "code": "invalid", "errors": {"side": ["Not a side."]}}


def test_any_other_refusal_from_a_service_is_400_without_a_field():
    response = api_exception_handler(MergeRefused("An incident cannot be merged into itself."), {})
    assert response.status_code == 400
    assert response.data["errors"] == {"non_field_errors": ["An incident cannot be merged into itself."]}
    assert response.data["detail"] == "An incident cannot be merged into itself."
