"""The editors' pages through Django's test client: queue, bulk actions, forms, errors, conflicts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Incident, Statement
from tests import factories as f
from tests.factories import statement_form_data as _form

pytestmark = pytest.mark.django_db


def test_queue_lists_pending_statements_by_confidence_with_the_sentence_highlighted(editor_client):
    article = f.ArticleFactory(text="Before. The ministry said two soldiers were wounded near Norabak. After.")
    low = f.StatementFactory(article=article, confidence=0.3, start=8, end=65)
    high = f.StatementFactory(article=article, confidence=0.9, start=8, end=65)
    f.StatementFactory(review_status="accepted")
    page = editor_client.get(reverse("editor:queue"), {"sort": "confidence"}).content.decode()
    assert page.index(f'id="q-{high.pk}"') < page.index(f'id="q-{low.pk}"')
    assert '<mark class="attributed">The ministry said two soldiers were wounded near Norabak.</mark>' in page
    assert "2 pending" in page


@pytest.mark.parametrize("field", ["side", "outlet", "incident"])
def test_queue_filters(editor_client, field):
    outlet = f.OutletFactory(slug="trend", name="Trend")
    incident = f.IncidentFactory()
    wanted = f.StatementFactory(side=f.side("azerbaijani"), article=f.ArticleFactory(outlet=outlet), incident=incident)
    other = f.StatementFactory(side=f.side("armenian"))
    value = {"side": "azerbaijani", "outlet": "trend", "incident": incident.pk}[field]
    page = editor_client.get(reverse("editor:queue"), {field: value}).content.decode()
    assert f'id="q-{wanted.pk}"' in page
    assert f'id="q-{other.pk}"' not in page


def test_bulk_accept(editor_client):
    statements = f.StatementFactory.create_batch(3)
    response = editor_client.post(
        reverse("editor:review"), {"decision": "accepted", "statement_ids": [s.pk for s in statements[:2]]}
    )
    assert response.status_code == 302
    assert list(Statement.objects.filter(review_status="accepted").order_by("pk")) == statements[:2]


def _bulk_edit(client, statements, **fields):
    """Post the queue's bulk edit for `statements`, each at the version the editor saw; follow the redirect."""
    versions = {f"version-{s.pk}": s.version for s in statements}
    data = {"statement_ids": [s.pk for s in statements], **fields, **versions}
    return client.post(reverse("editor:bulk-edit"), data, follow=True)


def test_bulk_edit_sets_incident_and_reports_conflicts(editor_client):
    target = f.IncidentFactory()
    fresh, stale = f.StatementFactory(), f.StatementFactory()
    Statement.objects.filter(pk=stale.pk).update(version=5)
    response = _bulk_edit(editor_client, [fresh, stale], incident=target.pk)
    text = response.content.decode()
    assert "Updated 1 statement." in text
    assert f"someone else edited them meanwhile: #{stale.pk}" in text
    assert Statement.objects.get(pk=fresh.pk).incident == target
    assert Statement.objects.get(pk=stale.pk).incident != target


def test_bulk_edit_sets_stance_blame_and_actor_together(editor_client):
    actor = f.ActorFactory(name="Ministry of Defence of Armenia")
    first, second, untouched = f.StatementFactory.create_batch(3)
    response = _bulk_edit(
        editor_client, [first, second], stance="accusation", blamed_side="azerbaijani", actor=actor.pk
    )
    assert "Updated 2 statements." in response.content.decode()
    for statement in Statement.objects.filter(pk__in=[first.pk, second.pk]).select_related("blamed_side"):
        assert (statement.stance, statement.blamed_side.slug, statement.actor_id, statement.version) == (
            "accusation",
            "azerbaijani",
            actor.pk,
            2,
        )
    untouched.refresh_from_db()
    assert untouched.actor_id is None and untouched.version == 1


def test_a_bad_bulk_value_is_refused_before_anything_is_saved(editor_client):
    statements = f.StatementFactory.create_batch(2)
    response = editor_client.post(
        reverse("editor:bulk-edit"),
        {"statement_ids": [s.pk for s in statements], "side": "armenian", "stance": "shouting"},
    )
    assert response.status_code == 400
    assert "stance" in response.content.decode()
    assert not Statement.objects.filter(version__gt=1).exists()


def test_bulk_side_change_clears_actors_of_the_old_side_and_says_so(editor_client):
    actor = f.ActorFactory(name="Ministry of Defence of Armenia", side=f.side("armenian"))
    spoken, unspoken = f.StatementFactory(actor=actor), f.StatementFactory()
    response = _bulk_edit(editor_client, [spoken, unspoken], side="azerbaijani")
    text = response.content.decode()
    assert "Updated 2 statements." in text
    assert f"Cleared the actor of #{spoken.pk}:" in text
    spoken.refresh_from_db()
    assert (spoken.side.slug, spoken.actor_id, spoken.speaker) == ("azerbaijani", None, "The ministry")


def test_bulk_side_and_actor_of_another_side_are_refused_before_anything_is_saved(editor_client):
    actor = f.ActorFactory(side=f.side("armenian"))
    statements = f.StatementFactory.create_batch(2)
    response = editor_client.post(
        reverse("editor:bulk-edit"),
        {"statement_ids": [s.pk for s in statements], "side": "azerbaijani", "actor": actor.pk},
    )
    assert response.status_code == 400
    assert "choose an actor of that side" in response.content.decode()
    assert not Statement.objects.filter(version__gt=1).exists()


def test_saving_a_new_side_on_the_page_says_the_actor_was_cleared(editor_client):
    actor = f.ActorFactory(name="Ministry of Defence of Armenia", side=f.side("armenian"))
    statement = f.StatementFactory(actor=actor)
    data = _form(statement, actor=actor.pk, side="azerbaijani", next=reverse("editor:queue"))
    response = editor_client.post(reverse("editor:statement", args=[statement.pk]), data, follow=True)
    assert "Cleared the actor (Ministry of Defence of Armenia)" in response.content.decode()
    statement.refresh_from_db()
    assert statement.actor_id is None


def test_review_with_a_bad_id_is_a_400_not_a_500(editor_client):
    response = editor_client.post(reverse("editor:review"), {"one": "accepted:abc"})
    assert response.status_code == 400
    assert "by number" in response.content.decode()


def test_saving_a_statement_with_a_bad_figure_shows_the_error(editor_client):
    statement = f.StatementFactory()
    data = _form(statement, **{"casualties-0-party": "armenian", "casualties-0-killed": "5-2"})
    response = editor_client.post(reverse("editor:statement", args=[statement.pk]), data)
    assert response.status_code == 400
    assert "low ≤ high" in response.content.decode()
    statement.refresh_from_db()
    assert statement.version == 1


def test_saving_an_outdated_statement_form_shows_the_other_change(editor_client):
    statement = f.StatementFactory(cue="said")
    stale = _form(statement, cue="denied")
    Statement.objects.filter(pk=statement.pk).update(cue="claimed", version=2)
    response = editor_client.post(reverse("editor:statement", args=[statement.pk]), stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert "changed by someone else" in page
    assert 'value="denied"' in page  # the editor's input is kept
    assert 'name="version" value="2"' in page
    assert Statement.objects.get(pk=statement.pk).cue == "claimed"


def test_merge_and_split_from_the_incident_page(editor_client):
    target, source = f.IncidentFactory(), f.IncidentFactory()
    a, b = f.StatementFactory(incident=target), f.StatementFactory(incident=source)
    response = editor_client.post(reverse("editor:incident-merge", args=[target.pk]), {"source": source.pk})
    assert response.status_code == 302
    assert Incident.objects.get(pk=source.pk).merged_into == target
    response = editor_client.post(
        reverse("editor:incident-split", args=[target.pk]), {"statement_ids": [b.pk], "title": "Second"}
    )
    new = Incident.objects.get(title="Second")
    assert response["Location"] == reverse("editor:incident", args=[new.pk])
    assert list(new.statements.all()) == [b]
    assert list(target.statements.all()) == [a]


def test_a_merged_incidents_page_leads_to_the_surviving_one(editor_client):
    target, source = f.IncidentFactory(), f.IncidentFactory()
    editor_client.post(reverse("editor:incident-merge", args=[target.pk]), {"source": source.pk})
    response = editor_client.get(reverse("editor:incident", args=[source.pk]))
    assert response["Location"] == reverse("editor:incident", args=[target.pk])


def test_incident_list_offers_a_merge_preview_of_near_duplicates(editor_client):
    place = f.PlaceFactory(kind="village")
    a = f.IncidentFactory(kind="shelling", start_date=datetime.date(2022, 9, 13), title="Shelling of Sotk")
    b = f.IncidentFactory(kind="border-clash", start_date=datetime.date(2022, 9, 13), title="Clash near Sotk")
    a.places.set([place])
    b.places.set([place])
    page = editor_client.get(reverse("editor:incidents")).content.decode()
    assert f'href="{reverse("editor:incident-merge", args=[a.pk])}?source={b.pk}"' in page


def test_an_invalid_incident_edit_is_refused_with_a_message(editor_client):
    incident = f.IncidentFactory(start_date=datetime.date(2023, 9, 1))
    # Settling it with an end before its start: neither is saved.
    data = {"version": 1, "title": incident.title, "kind": incident.kind, "summary": "", "status": "settled"}
    data |= {"start_date": "2023-09-01", "end_date": "2023-08-01", "date_precision": "day"}
    response = editor_client.post(reverse("editor:incident", args=[incident.pk]), data)
    assert response.status_code == 400
    assert "may not come before the start" in response.content.decode()
    incident.refresh_from_db()
    assert incident.status != "settled"


def test_editing_a_statements_figures_keeps_the_sources_at_least_and_up_to(editor_client):
    statement = f.StatementFactory()
    f.CasualtyFigureFactory(
        statement=statement, party_side=f.side("armenian"), killed_low=5, killed_high=5, bounds={"killed": "low"}
    )
    page = editor_client.get(reverse("editor:statement", args=[statement.pk])).content.decode()
    assert 'value="at least 5"' in page  # the form shows the bound the source gave
    # The editor adds a wounded figure "up to 20" and sends the killed count back as shown.
    data = _form(
        statement,
        **{
            "casualties-INITIAL_FORMS": "1",
            "casualties-0-party": "armenian",
            "casualties-0-killed": "at least 5",
            "casualties-0-wounded": "up to 20",
        },
    )
    response = editor_client.post(reverse("editor:statement", args=[statement.pk]), data)
    assert response.status_code == 302
    [figure] = Statement.objects.get(pk=statement.pk).casualties.all()
    assert (figure.killed_low, figure.killed_high, figure.wounded_low, figure.wounded_high) == (5, 5, 20, 20)
    assert figure.bounds == {"killed": "low", "wounded": "high"}


def test_the_incident_page_and_queue_take_as_many_queries_for_many_statements_as_for_few(editor_client):
    """The issue's bar: query count constant in the number of statements (an incident of hundreds of
    statements, a queue of thousands)."""
    incident = f.IncidentFactory()

    def counts() -> tuple[int, int]:
        counted = []
        for url in (reverse("editor:incident", args=[incident.pk]), reverse("editor:queue")):
            with CaptureQueriesContext(connection) as queries:
                assert editor_client.get(url).status_code == 200
            counted.append(len(queries))
        return tuple(counted)

    f.StatementFactory.create_batch(2, incident=incident, review_status="pending")
    few = counts()
    f.StatementFactory.create_batch(12, incident=incident, review_status="pending")
    assert counts() == few
