"""Members of the "admin" group manage users, feeds and outlets in the admin; others cannot."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/admin/auth/user/", "/admin/sources/feed/", "/admin/sources/outlet/"])
def test_admin_group_member_manages_users_feeds_and_outlets(client, url):
    client.force_login(UserFactory(role="admin"))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("role", ["editor", None])
def test_editors_and_researchers_are_kept_out_of_the_admin(client, role):
    client.force_login(UserFactory(role=role))
    response = client.get("/admin/sources/feed/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
