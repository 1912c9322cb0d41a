"""Database constraints reject impossible data."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from claims.models import CasualtyFigure, Incident, Side, Statement, StatementRelation
from tests.factories import ArticleFactory, CasualtyFigureFactory, IncidentFactory, StatementFactory, side

pytestmark = pytest.mark.django_db


def _rejects(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_four_sides_are_seeded_in_display_order():
    assert list(Side.objects.values_list("slug", flat=True)) == ["armenian", "azerbaijani", "russian", "international"]


def test_negative_casualty_count_is_rejected():
    statement = StatementFactory()
    _rejects(lambda: CasualtyFigure.objects.create(statement=statement, killed_low=-1, killed_high=2))


def test_casualty_low_above_high_is_rejected():
    statement = StatementFactory()
    _rejects(lambda: CasualtyFigure.objects.create(statement=statement, wounded_low=5, wounded_high=3))


def test_casualty_range_needs_both_ends():
    statement = StatementFactory()
    _rejects(lambda: CasualtyFigure.objects.create(statement=statement, captured_low=5))


def test_casualty_range_is_stored():
    figure = CasualtyFigureFactory(killed_low=10, killed_high=15)
    figure.refresh_from_db()
    assert (figure.killed_low, figure.killed_high) == (10, 15)


def test_one_figure_per_party_per_statement_even_for_unknown_party():
    statement = StatementFactory()
    CasualtyFigure.objects.create(statement=statement, party_side=None, killed_low=23, killed_high=23)
    _rejects(lambda: CasualtyFigure.objects.create(statement=statement, party_side=None, killed_low=1, killed_high=1))


def test_incident_end_before_start_is_rejected():
    _rejects(
        lambda: Incident.objects.create(
            title="x", start_date=datetime.date(2023, 9, 2), end_date=datetime.date(2023, 9, 1)
        )
    )


def test_statement_offsets_outside_article_are_rejected():
    article = ArticleFactory(text="Short text.")
    _rejects(lambda: StatementFactory(article=article, start=0, end=500))


def test_statement_offsets_moved_outside_article_are_rejected():
    article = ArticleFactory(text="Short text. More.")
    statement = StatementFactory(article=article, start=0, end=11, sentence="Short text.")
    _rejects(lambda: Statement.objects.filter(pk=statement.pk).update(end=400))
    other = ArticleFactory(text="Tiny.")
    _rejects(lambda: Statement.objects.filter(pk=statement.pk).update(article=other))


def test_statement_offsets_inside_article_are_accepted():
    article = ArticleFactory(text="Short text. More.")
    statement = StatementFactory(article=article, start=0, end=11, sentence="Short text.")
    assert statement.pk


def test_statement_end_before_start_is_rejected():
    _rejects(lambda: StatementFactory(start=10, end=5))


def test_extracted_statement_needs_an_article():
    _rejects(lambda: StatementFactory(article=None, origin="extracted"))


def test_manual_statement_may_have_no_article():
    statement = StatementFactory(article=None, origin="manual", start=None, end=None)
    assert statement.pk


def test_statement_confidence_outside_unit_interval_is_rejected():
    _rejects(lambda: StatementFactory(confidence=1.5))


def test_relation_to_itself_is_rejected():
    statement = StatementFactory()
    _rejects(lambda: StatementRelation.objects.create(source=statement, target=statement, kind="denies"))


def test_same_fingerprint_twice_in_one_article_is_rejected():
    first = StatementFactory(fingerprint="abc")
    _rejects(lambda: StatementFactory(article=first.article, fingerprint="abc"))


def test_statement_edits_are_kept_in_history():
    statement = StatementFactory()
    statement.side = side("azerbaijani")
    statement.save()
    events = list(Statement.pgh_event_model.objects.filter(pgh_obj=statement).order_by("pgh_id"))
    assert [e.pgh_label for e in events] == ["insert", "update"]
    assert events[-1].side_id == side("azerbaijani").pk


def test_incident_history_records_place_links():
    incident = IncidentFactory()
    from tests.factories import PlaceFactory

    incident.places.add(PlaceFactory())
    from claims.models import IncidentPlace

    assert IncidentPlace.pgh_event_model.objects.filter(incident=incident, pgh_label="insert").count() == 1
