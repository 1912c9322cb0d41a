"""Incidents never mix events: dates decide which incident a statement may join, incidents take their
dates and precision from their statements, and near-duplicates are flagged across dated/undated pairs."""

from __future__ import annotations

import datetime

import pytest

from claims.linking import incident_duplicate_candidates
from claims.models import DatePrecision, IncidentKind, IncidentStatus
from tests.claims.test_linking import article_with, link
from tests.factories import IncidentFactory, PlaceFactory, StatementFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def kalbajar():
    return PlaceFactory(slug="kalbajar", name="Kalbajar", kind="town", latitude=40.1, longitude=46.04)


def test_an_undated_statement_in_a_2021_article_never_joins_a_2023_incident(kalbajar):
    incident = IncidentFactory(
        kind=IncidentKind.BORDER_CLASH, start_date=D(2023, 9, 1), date_precision=DatePrecision.DAY
    )
    IncidentFactory._meta.model.places.through.objects.create(incident=incident, place=kalbajar)
    StatementFactory(incident=incident, event_date=D(2023, 9, 1)).places.set([kalbajar])
    [st] = article_with(
        D(2021, 7, 28), [{"sentence": "The ministry said troops opened fire near Kalbajar.", "places": [kalbajar]}]
    )
    link([st])
    st.refresh_from_db()
    assert st.incident_id is not None and st.incident_id != incident.pk
    assert st.incident.start_date.year == 2021


def test_a_year_named_by_a_statement_keeps_it_from_an_incident_of_another_year(kalbajar):
    first = article_with(
        D(2021, 11, 16),
        [{"sentence": "The ministry said troops opened fire near Kalbajar.", "date": D(2021, 11, 16)}],
    )
    link(first)
    [dated] = article_with(
        D(2023, 9, 2),
        [{"sentence": "The ministry said troops opened fire near Kalbajar in 2023.", "date": D(2023, 1, 1)}],
    )
    dated.event_date_precision = DatePrecision.YEAR
    dated.save()
    link([dated])
    first[0].refresh_from_db()
    dated.refresh_from_db()
    assert dated.incident_id != first[0].incident_id
    # The draft says what is known: the year, not a day.
    assert (dated.incident.start_date, dated.incident.date_precision) == (D(2023, 1, 1), DatePrecision.YEAR)


def test_a_draft_nothing_dates_has_unknown_precision_and_no_start():
    [st] = article_with(None, [{"sentence": "The ministry said troops opened fire on the border."}])
    link([st])
    st.refresh_from_db()
    assert st.incident.status == IncidentStatus.DRAFT
    assert (st.incident.start_date, st.incident.date_precision) == (None, DatePrecision.UNKNOWN)


def test_a_draft_dated_only_by_its_report_says_week_precision():
    [st] = article_with(D(2021, 7, 28), [{"sentence": "The ministry said troops opened fire on the border."}])
    link([st])
    st.refresh_from_db()
    assert (st.incident.start_date, st.incident.date_precision) == (D(2021, 7, 28), DatePrecision.WEEK)


def test_near_duplicates_are_flagged_across_a_dated_and_an_undated_incident_with_a_reason(kalbajar):
    dated = IncidentFactory(kind=IncidentKind.BORDER_CLASH, start_date=D(2021, 7, 28), title="Clash at Kalbajar")
    undated = IncidentFactory(
        kind=IncidentKind.BORDER_CLASH, start_date=None, date_precision=DatePrecision.UNKNOWN, title="Fighting"
    )
    far = IncidentFactory(kind=IncidentKind.BORDER_CLASH, start_date=D(2023, 9, 1), title="Another clash")
    for incident in (dated, undated, far):
        incident.places.add(kalbajar)
    # The undated incident's statements come from an article published the day after the dated one.
    StatementFactory(incident=undated, event_date=None, article__published=D(2021, 7, 29))
    pairs = {frozenset((p.first.pk, p.second.pk)): p for p in incident_duplicate_candidates()}
    pair = pairs[frozenset((dated.pk, undated.pk))]
    assert any("has no date" in r for r in pair.reasons) and any("Kalbajar" in r for r in pair.reasons)
    assert frozenset((far.pk, undated.pk)) not in pairs  # its reports are two years from that one
