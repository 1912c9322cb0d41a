"""/accounts/tokens/: a logged-in user creates (shown once), lists and revokes expiring API tokens."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
PAGE = "/accounts/tokens/"


@pytest.fixture
def browser(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client


def _new_token(response) -> str:
    match = re.search(r'id="new-token-value"[^>]*value="([^"]+)"', response.content.decode())
    assert match, "the new token is not on the page"
    return match.group(1)


def test_login_is_required(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_created_token_is_shown_once_stored_hashed_and_works(browser, editor):
    response = browser.post(PAGE, {"days": "30"})
    assert response.status_code == 200
    token = _new_token(response)
    assert token.startswith("cc_")
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]

    row = AuthToken.objects.get(user=editor)
    assert token not in (row.digest, row.token_key)  # only a hash and a short prefix are kept
    assert 29 <= (row.expiry - timezone.now()).days <= 30

    listing = browser.get(PAGE).content.decode()
    assert row.token_key in listing
    assert token not in listing

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/feeds/").status_code == 200  # the editor's role comes with it


def test_revoked_token_stops_working(browser, editor):
    token = _new_token(browser.post(PAGE, {"days": "7"}))
    key = AuthToken.objects.get(user=editor).token_key
    response = browser.post(f"{PAGE}{key}/revoke/", follow=True)
    assert "revoked" in response.content.decode()
    assert not AuthToken.objects.filter(user=editor).exists()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/feeds/").status_code == 401


def test_a_user_cannot_revoke_someone_elses_token(browser, researcher):
    row, _token = AuthToken.objects.create(user=researcher)
    browser.post(f"{PAGE}{row.token_key}/revoke/")
    assert AuthToken.objects.filter(pk=row.pk).exists()


def test_revoking_needs_post(browser, editor):
    row, _token = AuthToken.objects.create(user=editor)
    assert browser.get(f"{PAGE}{row.token_key}/revoke/").status_code == 405
    assert AuthToken.objects.filter(pk=row.pk).exists()


def test_an_unknown_lifetime_is_refused(browser, editor):
    response = browser.post(PAGE, {"days": "100000"})
    assert response.status_code == 400
    assert not AuthToken.objects.filter(user=editor).exists()


def test_the_number_of_live_tokens_is_capped(browser, editor, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_LIMIT_PER_USER": 2}
    browser.post(PAGE, {"days": "7"})
    browser.post(PAGE, {"days": "7"})
    response = browser.post(PAGE, {"days": "7"})
    assert response.status_code == 400
    assert "revoke one first" in response.content.decode()
    assert AuthToken.objects.filter(user=editor).count() == 2
