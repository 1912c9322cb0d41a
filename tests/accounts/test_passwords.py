"""A password change revokes the user's API tokens; without mail, password reset says to ask an admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def _token_works(token: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get("/api/v1/statements/").status_code == 200


def test_changing_the_password_on_the_site_revokes_api_tokens(client):
    user = UserFactory()
    _row, token = AuthToken.objects.create(user=user)
    assert _token_works(token)
    client.force_login(user)
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a whole new passphrase 42",
            "new_password2": "a whole new passphrase 42",
        },
    )
    assert response.status_code == 302
    assert not _token_works(token)
    assert not AuthToken.objects.filter(user=user).exists()


def test_an_admin_setting_a_password_revokes_that_users_tokens():
    user = UserFactory()
    _row, token = AuthToken.objects.create(user=user)
    user.set_password("chosen by the admin 2026")
    user.save()
    assert not _token_works(token)


def test_a_password_hash_upgraded_at_login_keeps_the_tokens(client, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    user = UserFactory()
    user.password = make_password(PASSWORD, hasher="md5")
    user.save()
    _row, token = AuthToken.objects.create(user=user)
    assert client.login(username=user.username, password=PASSWORD)
    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_")  # upgraded …
    assert _token_works(token)  # … which is no password change


def test_without_mail_the_reset_page_says_to_ask_an_admin(client):
    response = client.get("/accounts/password_reset/")
    assert response.status_code == 200
    assert b"Ask an administrator" in response.content
    assert b'name="email"' not in response.content  # no form pretending to send a link


def test_without_mail_the_reset_link_routes_are_gone(client):
    assert client.post("/accounts/password_reset/", {"email": "someone@example.invalid"}).status_code == 405
    assert client.get("/accounts/reset/MQ/set-password/").status_code == 404
    assert client.get("/accounts/password_reset/done/").status_code == 404
