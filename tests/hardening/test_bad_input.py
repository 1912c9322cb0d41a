"""Malformed input (NUL characters, absurdly nested JSON) is a 400 naming the problem, never a 500."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import StatementFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/search/?q=%00", "/statements/?q=a%00b", "/incidents/?kind=%00"])
def test_a_nul_in_a_public_query_string_is_400_with_a_message(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert b"NUL" in response.content


def test_a_nul_in_an_editor_query_string_is_400(editor_client):
    response = editor_client.get("/editor/incidents/?status=%00")
    assert response.status_code == 400
    assert b"NUL" in response.content


def test_a_nul_in_a_bulk_edit_form_value_is_400_and_changes_nothing(editor_client):
    statement = StatementFactory()
    response = editor_client.post(
        "/editor/bulk-edit/",
        {"statement_ids": [statement.pk], f"version-{statement.pk}": statement.version, "side": "armenian\x00"},
    )
    assert response.status_code == 400
    assert b"NUL" in response.content
    statement.refresh_from_db()
    assert statement.version == 1


def test_a_nul_in_a_token_url_is_400(editor_client):
    response = editor_client.post("/accounts/tokens/cc%00x/revoke/")
    assert response.status_code == 400


def test_a_nul_in_an_api_query_string_is_a_json_400():
    response = APIClient().get("/api/v1/statements/?q=%00")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")


def test_api_json_nested_100000_deep_is_400():
    client = APIClient()
    client.force_authenticate(UserFactory(role="editor"))
    statement = StatementFactory()
    body = "[" * 100_000 + "]" * 100_000
    response = client.patch(
        f"/api/v1/statements/{statement.pk}/", body, content_type="application/json", HTTP_IF_MATCH="*"
    )
    assert response.status_code == 400
    assert "deep" in response.json()["detail"]
