"""History pages' data: who changed what and when, field by field, from django-pghistory events."""

from __future__ import annotations

import datetime

import pytest

from claims import services
from claims.history import history_for
from claims.linking import incident_link_statements
from claims.models import Statement
from tests.factories import ActorFactory, ArticleFactory, IncidentFactory, PlaceFactory, StatementFactory, side

pytestmark = pytest.mark.django_db


def test_a_new_statement_shows_as_created_by_the_system():
    statement = StatementFactory()
    [entry] = history_for(statement)
    assert entry["label"] == "created"
    assert entry["who"] == "system"
    assert isinstance(entry["when"], datetime.datetime)


def test_an_edit_is_one_entry_with_a_field_by_field_diff(editor):
    statement = StatementFactory(side=side("armenian"))
    services.statement_update(
        statement_id=statement.pk,
        expected_version=1,
        changes={"side": "azerbaijani", "casualties": [{"party": "armenian", "killed": 2, "wounded": 1}]},
        user=editor,
    )
    latest = history_for(statement)[0]
    assert latest["who"] == "erin"
    assert latest["label"] == "edited"
    assert latest["changes"]["side"] == ("armenian", "azerbaijani")
    assert latest["changes"]["casualties"] == (None, "armenian military: killed 2, wounded 1")
    assert "version" not in latest["changes"] and "updated_at" not in latest["changes"]


def test_an_actor_cleared_by_a_new_side_shows_in_the_same_entry(editor):
    actor = ActorFactory(name="Ministry of Defence of Armenia", side=side("armenian"))
    statement = StatementFactory(side=side("armenian"), actor=actor)
    services.statement_update(
        statement_id=statement.pk, expected_version=1, changes={"side": "azerbaijani"}, user=editor
    )
    latest = history_for(statement)[0]
    assert latest["changes"]["side"] == ("armenian", "azerbaijani")
    assert latest["changes"]["actor"][1] is None


def test_a_review_records_the_decision_and_the_reviewer(editor):
    statement = StatementFactory()
    services.statement_review(statement_ids=[statement.pk], decision="accepted", user=editor)
    latest = history_for(statement)[0]
    assert latest["label"] == "reviewed"
    assert latest["changes"]["review_status"] == ("pending", "accepted")
    assert latest["changes"]["reviewed_by"] == (None, "erin")


def test_a_merge_shows_on_the_surviving_incident_with_the_merged_ones_history(editor):
    target = IncidentFactory(title="Norabak clash")
    source = IncidentFactory(title="Clash near Sotk")
    services.incident_update(incident_id=source.pk, expected_version=1, changes={"status": "contested"}, user=editor)
    moved = StatementFactory(incident=source)
    services.incident_merge(source_id=source.pk, target_id=target.pk, user=editor)
    history = history_for(target)
    merge = history[0]
    assert merge["label"] == "merged"
    assert merge["who"] == "erin"
    assert merge["changes"][f"statement #{moved.pk} incident"] == (
        f"#{source.pk} Clash near Sotk",
        f"#{target.pk} Norabak clash",
    )
    assert merge["changes"][f"incident #{source.pk} merged_into"] == (None, f"#{target.pk} Norabak clash")
    # The merged incident's own earlier edit moved over with it.
    assert any(e["changes"].get(f"incident #{source.pk} status") == ("developing", "contested") for e in history)


def test_linking_by_the_system_is_attributed_to_the_linker():
    place = PlaceFactory(kind="village")
    article = ArticleFactory(published=datetime.date(2023, 9, 1))
    statement = StatementFactory(
        article=article,
        incident=None,
        sentence="Troops opened fire.",
        start=0,
        end=19,
        event_date=datetime.date(2023, 9, 1),
    )
    statement.places.set([place])
    incident_link_statements(statement_ids=[statement.pk])
    statement = Statement.objects.get(pk=statement.pk)
    latest = history_for(statement)[0]
    assert latest["who"] == "linker"
    assert latest["changes"]["incident"][1] == f"#{statement.incident_id} {statement.incident.title}"


def test_since_version_keeps_only_the_later_changes(editor):
    statement = StatementFactory(speaker="A")
    services.statement_update(statement_id=statement.pk, expected_version=1, changes={"speaker": "B"}, user=editor)
    services.statement_update(statement_id=statement.pk, expected_version=2, changes={"speaker": "C"}, user=editor)
    since = history_for(statement, since_version=2)
    assert [e["changes"]["speaker"] for e in since] == [("B", "C")]
