"""The overview a first-time visitor meets, the reading guide, branded 404s, and the editor's way in
(issue 13): what each role sees when it arrives."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims.models import IncidentStatus, ReviewStatus, Statement
from tests.factories import IncidentFactory, StatementFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_incidents():
    public = IncidentFactory(title="Shelling near Sotk")
    StatementFactory(incident=public, review_status=ReviewStatus.ACCEPTED)
    StatementFactory(incident=public, review_status=ReviewStatus.REJECTED, side=None)
    hidden = IncidentFactory(title="Unreviewed clash near Tegh", status=IncidentStatus.DRAFT)
    StatementFactory(incident=hidden, review_status=ReviewStatus.PENDING)
    return public, hidden


def test_an_anonymous_visitor_sees_what_the_site_is_and_what_is_public(client, two_incidents):
    page = client.get(reverse("claims:home")).content.decode()
    assert "Who said what" in page
    for side in ("Armenian", "Azerbaijani", "Russian", "International"):
        assert side in page
    assert "Shelling near Sotk" in page
    assert "Unreviewed clash near Tegh" not in page
    # One public statement: the rejected one counts nowhere, the pending one is not public.
    assert "<dt>Statements</dt><dd>1</dd>" in page
    assert "<dt>Incidents</dt><dd>1</dd>" in page
    assert reverse("claims:how-to-read") in page


def test_a_signed_in_researcher_also_sees_pending_work_but_never_rejected(client, two_incidents):
    client.force_login(UserFactory())
    page = client.get(reverse("claims:home")).content.decode()
    assert "Unreviewed clash near Tegh" in page
    assert "<dt>Statements</dt><dd>2</dd>" in page
    assert "<dt>Reviewed by an editor</dt><dd>1 of 2</dd>" in page


def test_the_overview_is_reused_per_audience_and_recomputed_after_a_write(client, two_incidents):
    """The overview is cached (claims.versions): a visitor and a signed-in user never share one, and
    the next review, merge or new statement shows on the next request."""
    home = reverse("claims:home")
    assert "<dt>Statements</dt><dd>1</dd>" in client.get(home).content.decode()
    researcher = UserFactory()
    client.force_login(researcher)
    assert "<dt>Statements</dt><dd>2</dd>" in client.get(home).content.decode()  # not the visitor's
    client.logout()
    assert "<dt>Statements</dt><dd>1</dd>" in client.get(home).content.decode()  # nor the other way round
    pending = Statement.objects.get(review_status=ReviewStatus.PENDING)
    pending.review_status = ReviewStatus.ACCEPTED
    pending.save()
    page = client.get(home).content.decode()
    assert "<dt>Statements</dt><dd>2</dd>" in page
    assert "Unreviewed clash near Tegh" in page


def test_most_contested_lists_incidents_with_a_denial_first(client):
    calm = IncidentFactory(title="Calm incident")
    StatementFactory(incident=calm, review_status=ReviewStatus.ACCEPTED)
    disputed = IncidentFactory(title="Disputed incident")
    StatementFactory(incident=disputed, review_status=ReviewStatus.ACCEPTED)
    StatementFactory(incident=disputed, review_status=ReviewStatus.ACCEPTED, stance="denial")
    page = client.get(reverse("claims:home")).content.decode()
    contested = page.split('id="contested-heading"')[1]
    assert "Disputed incident" in contested
    assert "Calm incident" not in contested


def test_the_reading_guide_explains_sides_review_and_disputes(client):
    page = client.get(reverse("claims:how-to-read")).content.decode()
    for phrase in ("Pending review", "not under the outlet", "disputed", "International"):
        assert phrase in page


def test_a_missing_page_is_branded_and_says_why(client, two_incidents):
    _, hidden = two_incidents
    response = client.get(reverse("claims:incident", args=[hidden.pk]))
    assert response.status_code == 404
    assert "not public yet" in response.content.decode()
    assert "Back to the overview" in response.content.decode()
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "There is no page at this address." in text and "Resolver404" not in text


def test_editors_land_on_the_queue_and_see_add_articles(client):
    editor = UserFactory(role="editor")
    response = client.post(reverse("login"), {"username": editor.username, "password": "correct horse battery staple"})
    assert response.status_code == 302 and response.url == reverse("editor:queue")
    page = client.get(reverse("claims:home")).content.decode()
    assert reverse("sources:submit") in page and "Add articles" in page


def test_researchers_land_on_the_overview_and_a_next_parameter_wins(client):
    researcher = UserFactory()
    response = client.post(
        reverse("login"), {"username": researcher.username, "password": "correct horse battery staple"}
    )
    assert response.status_code == 302 and response.url == "/"
    assert "Add articles" not in client.get(reverse("claims:home")).content.decode()
    client.logout()
    editor = UserFactory(role="editor")
    response = client.post(
        reverse("login") + "?next=/statements/",
        {"username": editor.username, "password": "correct horse battery staple", "next": "/statements/"},
    )
    assert response.url == "/statements/"


def test_every_page_links_the_api_documentation(client):
    assert reverse("api-docs") in client.get(reverse("claims:incidents")).content.decode()


@pytest.mark.slow
def test_the_demo_is_partly_reviewed_so_an_anonymous_visitor_sees_incidents(settings, client):
    settings.EMBEDDED_DATABASE = True
    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
    statuses = set(Statement.objects.values_list("review_status", flat=True))
    assert statuses == {ReviewStatus.ACCEPTED, ReviewStatus.REJECTED, ReviewStatus.PENDING}
    page = client.get(reverse("claims:home")).content.decode()
    assert "No incident has a public statement yet." not in page
    assert 'class="incident-item"' in page
    # Run again: the demo editor's decisions are kept, not redone.
    before = dict(Statement.objects.values_list("pk", "version"))
    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())
    assert dict(Statement.objects.filter(pk__in=before).values_list("pk", "version")) == before
