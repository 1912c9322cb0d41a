"""Who may see and do what: anonymous, researcher, editor, admin — the roles themselves, and how
querysets and views apply them."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.urls import reverse

from accounts.roles import Role, is_editor, role_of, roles_cached
from claims.models import Incident, Statement
from tests.factories import IncidentFactory, StatementFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def statements():
    incident = IncidentFactory(status="developing")
    return {
        status: StatementFactory(incident=incident, review_status=status)
        for status in ("accepted", "pending", "rejected")
    }


@pytest.fixture
def users(db):
    admin_group_member = UserFactory(username="agnes", role="admin")
    superuser = UserFactory(username="root")
    superuser.is_superuser = superuser.is_staff = True
    superuser.save()
    return {
        "researcher": UserFactory(username="rita"),
        "editor": UserFactory(username="erin", role="editor"),
        "admin": admin_group_member,
        "superuser": superuser,
    }


def _pages(statement: Statement) -> list[str]:
    return [
        reverse("editor:queue"),
        reverse("editor:statement", args=[statement.pk]),
        reverse("editor:incidents"),
        reverse("editor:incident", args=[statement.incident_id]),
    ]


# --- Roles --------------------------------------------------------------------------------------


def test_each_kind_of_user_has_its_role(users):
    assert role_of(None) == role_of(AnonymousUser()) == Role.ANONYMOUS
    assert role_of(users["researcher"]) == Role.RESEARCHER
    assert role_of(users["editor"]) == Role.EDITOR
    assert role_of(users["admin"]) == role_of(users["superuser"]) == Role.ADMIN
    assert Role.EDITOR == "editor"  # stored and compared as the plain strings


def test_only_editors_and_admins_edit(users):
    assert not is_editor(None) and not is_editor(AnonymousUser())
    assert {name for name, user in users.items() if is_editor(user)} == {"editor", "admin", "superuser"}


def test_a_role_change_shows_on_the_same_user_object_outside_a_request(users):
    user = users["researcher"]
    assert role_of(user) == Role.RESEARCHER
    user.groups.add(Group.objects.get(name="editor"))
    assert role_of(user) == Role.EDITOR
    assert "_counterclaim_role" not in vars(user)


def test_within_a_request_the_role_is_read_once_per_user(users, django_assert_num_queries):
    with roles_cached():
        with django_assert_num_queries(2):
            for _ in range(3):
                assert role_of(users["editor"]) == Role.EDITOR
                assert role_of(users["researcher"]) == Role.RESEARCHER
        users["researcher"].groups.add(Group.objects.get(name="editor"))
        assert role_of(users["researcher"]) == Role.RESEARCHER  # the request keeps what it read
    assert role_of(users["researcher"]) == Role.EDITOR  # the next one reads again


def test_each_request_reads_the_role_afresh(client, statements, users):
    researcher = users["researcher"]
    client.force_login(researcher)
    assert client.get(reverse("editor:queue")).status_code == 403
    researcher.groups.add(Group.objects.get(name="editor"))
    assert client.get(reverse("editor:queue")).status_code == 200


# --- Querysets -----------------------------------------------------------------------------------


def test_anonymous_visitors_see_accepted_statements_only(statements):
    visible = set(Statement.objects.visible_to(AnonymousUser()))
    assert visible == {statements["accepted"]}


def test_showing_pending_statements_to_the_public_is_configurable(statements, settings):
    settings.PUBLIC_SHOWS_PENDING = True
    visible = set(Statement.objects.visible_to(AnonymousUser()))
    assert visible == {statements["accepted"], statements["pending"]}


@pytest.mark.parametrize("role", ["researcher", "editor", "admin"])
def test_logged_in_users_see_every_statement(statements, users, role):
    assert set(Statement.objects.visible_to(users[role])) == set(statements.values())


def test_anonymous_visitors_do_not_see_draft_incidents_without_accepted_statements(users):
    draft = IncidentFactory(status="draft")
    StatementFactory(incident=draft, review_status="pending")
    assert draft not in Incident.objects.visible_to(AnonymousUser())
    assert draft in Incident.objects.visible_to(users["researcher"])


# --- Editor pages --------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, statements):
    for url in _pages(statements["pending"]):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_researchers_get_403_on_editor_pages(client, statements, users):
    client.force_login(users["researcher"])
    for url in _pages(statements["pending"]):
        assert client.get(url).status_code == 403, url


def _accept(client, statement):
    """Post the review queue's "accept" for one statement."""
    return client.post(reverse("editor:review"), {"one": f"accepted:{statement.pk}"})


@pytest.mark.parametrize(
    ("role", "status"),
    [
        pytest.param("researcher", 403, id="researchers-cannot-review"),
        pytest.param(None, 302, id="anonymous-visitors-cannot-review"),
    ],
)
def test_review_posts_by_non_editors_change_nothing(client, statements, users, role, status):
    if role:
        client.force_login(users[role])
    pending = statements["pending"]
    assert _accept(client, pending).status_code == status
    pending.refresh_from_db()
    assert pending.review_status == "pending"


@pytest.mark.parametrize("role", ["editor", "admin", "superuser"])
def test_editors_and_admins_can_open_editor_pages(client, statements, users, role):
    client.force_login(users[role])
    for url in _pages(statements["pending"]):
        assert client.get(url).status_code == 200, url


def test_editors_review_from_the_queue(client, statements, users):
    client.force_login(users["editor"])
    pending = statements["pending"]
    assert _accept(client, pending).status_code == 302
    pending.refresh_from_db()
    assert pending.review_status == "accepted"
    assert pending.reviewed_by == users["editor"]


def test_the_review_queue_link_is_shown_to_editors_only(client, statements, users):
    client.force_login(users["editor"])
    assert reverse("editor:queue") in client.get(reverse("claims:home")).content.decode()
    client.force_login(users["researcher"])
    assert reverse("editor:queue") not in client.get(reverse("claims:home")).content.decode()


def test_researchers_export_pending_statements_too(client, statements, users):
    url = reverse("claims:statement-export-jsonl")
    public = {json.loads(line)["id"] for line in b"".join(client.get(url).streaming_content).decode().splitlines()}
    client.force_login(users["researcher"])
    everything = {json.loads(line)["id"] for line in b"".join(client.get(url).streaming_content).decode().splitlines()}
    assert statements["pending"].pk not in public
    assert statements["pending"].pk in everything


def test_only_admins_manage_users_feeds_and_outlets(client, users):
    for role, expected in (("researcher", 302), ("editor", 302), ("superuser", 200)):
        client.force_login(users[role])
        for url in ("/admin/auth/user/", "/admin/sources/feed/", "/admin/sources/outlet/"):
            assert client.get(url).status_code == expected, (role, url)
