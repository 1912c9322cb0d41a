"""Failed logins are throttled by username and address, on the site and in the admin, with a clear page."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


@pytest.fixture
def user(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return UserFactory(username="mariam", role="admin", is_staff=True)


def _login(client, url: str, username: str, password: str = PASSWORD, addr: str = "203.0.113.5"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=addr)


def _fail(client, url: str, username: str, times: int, addr: str = "203.0.113.5"):
    """`times` wrong passwords; the failure that reaches the limit already answers with the lockout page."""
    for attempt in range(1, times + 1):
        response = _login(client, url, username, "wrong", addr)
        assert response.status_code == (429 if attempt == 3 else 200)


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_after_the_limit_even_the_right_password_gets_the_lockout_page(client, user, url):
    _fail(client, url, "mariam", 3)
    response = _login(client, url, "mariam")
    assert response.status_code == 429
    page = " ".join(response.content.decode().split())
    assert "Too many failed logins" in page
    assert "paused for 15 minutes" in page
    assert "_auth_user_id" not in client.session


def test_the_same_username_from_another_address_still_signs_in(client, user):
    _fail(client, "/accounts/login/", "mariam", 3)
    response = _login(client, "/accounts/login/", "mariam", addr="198.51.100.7")
    assert response.status_code == 302


def test_another_username_from_the_same_address_still_signs_in(client, user):
    other = UserFactory(username="anahit")
    _fail(client, "/accounts/login/", "mariam", 3)
    response = _login(client, "/accounts/login/", other.username)
    assert response.status_code == 302


def test_a_success_before_the_limit_forgets_the_failures(client, user):
    for _ in range(2):  # four failures in all, over the limit of three: each success starts the count again
        _fail(client, "/accounts/login/", "mariam", 2)
        assert _login(client, "/accounts/login/", "mariam").status_code == 302
        client.logout()


def test_the_test_clients_login_and_force_login_still_work(client, user):
    assert client.login(username="mariam", password=PASSWORD)
    client.logout()
    client.force_login(user)
    assert client.get("/accounts/tokens/").status_code == 200
