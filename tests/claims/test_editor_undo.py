"""Undo of accept, reject and merge (the message after the action, and the service under it), and
the merge preview that comes before a merge."""

from __future__ import annotations

import datetime
import re

import pghistory
import pytest
from django.urls import reverse

from claims import services
from claims.models import Incident, IncidentPlace, ReviewStatus, Statement
from tests import factories as f

pytestmark = pytest.mark.django_db
D = datetime.date


def _undo_form(page: str) -> dict:
    """The fields of the Undo button's form on a page."""
    form = re.search(r'<div class="undo-message".*?</form>', page, re.S)
    assert form, "no Undo offered"
    return dict(re.findall(r'name="(context|label|next)" value="([^"]*)"', form.group(0)))


@pytest.mark.parametrize("decision", ["accepted", "rejected"])
def test_a_review_offers_undo_and_undo_puts_the_statement_back_to_pending(editor_client, decision):
    statement = f.StatementFactory()
    response = editor_client.post(reverse("editor:review"), {"one": f"{decision}:{statement.pk}"}, follow=True)
    page = response.content.decode()
    statement.refresh_from_db()
    assert statement.review_status == decision and statement.reviewed_by is not None
    fields = _undo_form(page)
    assert "statement #" in fields["label"]
    response = editor_client.post(reverse("editor:undo"), fields, follow=True)
    statement.refresh_from_db()
    assert (statement.review_status, statement.reviewed_by, statement.reviewed_at) == (
        ReviewStatus.PENDING,
        None,
        None,
    )
    assert "Undone" in response.content.decode()
    assert 'class="undo-message"' not in response.content.decode()  # offered once


def test_undo_of_a_bulk_accept_restores_every_ticked_statement(editor_client):
    ticked = [f.StatementFactory(), f.StatementFactory()]
    already = f.StatementFactory(review_status="rejected")
    ids = [s.pk for s in ticked] + [already.pk]
    page = editor_client.post(
        reverse("editor:review"), {"decision": "accepted", "statement_ids": ids}, follow=True
    ).content.decode()
    editor_client.post(reverse("editor:undo"), _undo_form(page))
    statuses = dict(Statement.objects.filter(pk__in=ids).values_list("pk", "review_status"))
    assert statuses == {ticked[0].pk: "pending", ticked[1].pk: "pending", already.pk: "rejected"}


def test_undo_is_refused_once_the_statement_changed_again(editor_client):
    statement = f.StatementFactory()
    page = editor_client.post(reverse("editor:review"), {"one": f"accepted:{statement.pk}"}, follow=True)
    fields = _undo_form(page.content.decode())
    statement.refresh_from_db()
    services.statement_update(
        statement_id=statement.pk, expected_version=statement.version, changes={"cue": "claimed"}, user=None
    )
    response = editor_client.post(reverse("editor:undo"), fields)
    assert response.status_code == 400
    assert "has changed since" in response.content.decode()
    statement.refresh_from_db()
    assert (statement.review_status, statement.cue) == ("accepted", "claimed")


def test_an_editor_cannot_undo_an_action_that_is_not_theirs(editor_client):
    statement = f.StatementFactory()
    with pghistory.context() as context:
        services.statement_review(statement_ids=[statement.pk], decision="accepted", user=None)
    response = editor_client.post(reverse("editor:undo"), {"context": str(context.id)})
    assert response.status_code == 400
    statement.refresh_from_db()
    assert statement.review_status == "accepted"


def test_undo_a_second_time_is_refused(editor_client):
    statement = f.StatementFactory()
    page = editor_client.post(reverse("editor:review"), {"one": f"accepted:{statement.pk}"}, follow=True)
    fields = _undo_form(page.content.decode())
    assert editor_client.post(reverse("editor:undo"), fields).status_code == 302
    assert editor_client.post(reverse("editor:undo"), fields).status_code == 400


@pytest.fixture
def pair():
    """Two incidents of one clash: the target dated 13 Sep with one place, the source 14–15 Sep with
    another place and three statements (two Armenian, one Azerbaijani, one dated a month off)."""
    place_a = f.PlaceFactory(slug="sotk", name="Sotk", kind="village")
    place_b = f.PlaceFactory(slug="jermuk", name="Jermuk", kind="town")
    target = f.IncidentFactory(kind="border-clash", start_date=D(2022, 9, 13), title="Clash at Sotk")
    source = f.IncidentFactory(
        kind="border-clash", start_date=D(2022, 9, 14), end_date=D(2022, 9, 15), title="Jermuk shelled"
    )
    target.places.set([place_a])
    source.places.set([place_b])
    kept = f.StatementFactory(incident=target, side=f.side("armenian"))
    moving = [
        f.StatementFactory(incident=source, side=f.side("armenian"), event_date=D(2022, 9, 14)),
        f.StatementFactory(incident=source, side=f.side("armenian"), event_date=D(2022, 10, 20)),
        f.StatementFactory(incident=source, side=f.side("azerbaijani"), event_date=D(2022, 9, 14)),
    ]
    return target, source, kept, moving


def test_the_merge_preview_shows_what_moves_and_dates_that_do_not_fit_and_changes_nothing(editor_client, pair):
    target, source, _, moving = pair
    response = editor_client.get(reverse("editor:incident-merge", args=[target.pk]), {"source": source.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-moving="3"' in page
    assert "Armenian 2" in page or "armenian 2" in page.lower()
    assert "Jermuk" in page  # the place the target gains
    misfits = page[page.index('class="misfits"') : page.index("</ul>", page.index('class="misfits"'))]
    assert f"#{moving[1].pk}" in misfits and f"#{moving[0].pk} " not in misfits
    assert Incident.objects.get(pk=source.pk).merged_into_id is None
    assert Statement.objects.filter(incident=source).count() == 3


def test_merge_then_undo_restores_both_incidents(editor_client, pair):
    target, source, kept, moving = pair
    before = Incident.objects.get(pk=target.pk)
    page = editor_client.post(
        reverse("editor:incident-merge", args=[target.pk]), {"source": source.pk}, follow=True
    ).content.decode()
    merged = Incident.objects.get(pk=target.pk)
    assert Incident.objects.get(pk=source.pk).merged_into_id == target.pk
    assert (merged.start_date, merged.end_date) == (D(2022, 9, 13), D(2022, 9, 15))
    editor_client.post(reverse("editor:undo"), _undo_form(page))
    after = Incident.objects.get(pk=target.pk)
    assert Incident.objects.get(pk=source.pk).merged_into_id is None
    assert set(Statement.objects.filter(incident=source).values_list("pk", flat=True)) == {s.pk for s in moving}
    assert list(Statement.objects.filter(incident=target).values_list("pk", flat=True)) == [kept.pk]
    assert (after.start_date, after.end_date) == (before.start_date, before.end_date)
    assert set(IncidentPlace.objects.filter(incident=target).values_list("place__slug", flat=True)) == {"sotk"}
    assert after.version > merged.version  # an old copy of the form meets a conflict


def test_a_merge_into_itself_from_the_preview_is_a_400(editor_client, pair):
    target = pair[0]
    response = editor_client.get(reverse("editor:incident-merge", args=[target.pk]), {"source": target.pk})
    assert response.status_code == 400


def test_undo_service_refuses_an_unknown_action():
    with pytest.raises(services.UndoRefused):
        services.change_undo(context_id="00000000-0000-0000-0000-000000000000", user=None)
    with pytest.raises(services.UndoRefused):
        services.change_undo(context_id="not-a-uuid", user=None)


def test_undo_of_a_bulk_edit_restores_each_statement(editor_client):
    incident = f.IncidentFactory()
    ticked = [f.StatementFactory(stance="assertion"), f.StatementFactory(stance="accusation")]
    data = {"statement_ids": [s.pk for s in ticked], "stance": "denial", "incident": incident.pk}
    data.update({f"version-{s.pk}": s.version for s in ticked})
    page = editor_client.post(reverse("editor:bulk-edit"), data, follow=True).content.decode()
    assert set(Statement.objects.filter(pk__in=data["statement_ids"]).values_list("stance", flat=True)) == {"denial"}
    editor_client.post(reverse("editor:undo"), _undo_form(page))
    after = dict(Statement.objects.filter(pk__in=data["statement_ids"]).values_list("pk", "stance"))
    assert after == {ticked[0].pk: "assertion", ticked[1].pk: "accusation"}
    assert not Statement.objects.filter(incident=incident).exists()
