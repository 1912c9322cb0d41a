"""Who the API thinks is asking: knox tokens under the `Token` scheme, a browser session, or nobody.

An Authorization header the API does not understand is refused with 401 rather than read as
"anonymous", so a client that gets the scheme wrong learns it instead of quietly seeing public data.
"""

from __future__ import annotations

import datetime

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.api.test_errors import assert_json_error
from tests.factories import StatementFactory

pytestmark = pytest.mark.django_db


def test_invalid_token_is_401(anon):
    anon.credentials(HTTP_AUTHORIZATION="Token cc_not-a-real-token")
    assert_json_error(anon.get("/api/v1/statements/"), 401, "authentication_failed")


def test_a_token_with_non_ascii_bytes_is_401_not_500(anon):
    anon.credentials(HTTP_AUTHORIZATION="Token caf\xe9")
    assert_json_error(anon.get("/api/v1/statements/"), 401)


def test_expired_token_is_401(editor):
    row, token = AuthToken.objects.create(user=editor, expiry=datetime.timedelta(days=1))
    AuthToken.objects.filter(pk=row.pk).update(expiry=row.created - datetime.timedelta(days=1))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert_json_error(client.get("/api/v1/feeds/"), 401)


def test_a_valid_token_sent_as_bearer_is_401_naming_the_token_scheme(editor):
    _row, token = AuthToken.objects.create(user=editor)
    StatementFactory(review_status="accepted")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = client.get("/api/v1/statements/")
    body = assert_json_error(response, 401, "authentication_failed")
    assert "Bearer" in body["detail"] and "Authorization: Token <token>" in body["detail"]
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Digest username=x", "cc_abcdef", "Bearer"])
def test_an_unknown_authorization_scheme_is_401_not_anonymous(anon, header):
    StatementFactory(review_status="accepted")
    anon.credentials(HTTP_AUTHORIZATION=header)
    body = assert_json_error(anon.get("/api/v1/sides/"), 401, "authentication_failed")
    assert "Authorization: Token <token>" in body["detail"]


def test_no_authorization_header_is_anonymous_reading(anon):
    assert anon.get("/api/v1/sides/").status_code == 200


def test_a_browser_session_still_works_without_a_header(client, editor):
    client.force_login(editor)
    assert client.get("/api/v1/feeds/").status_code == 200
