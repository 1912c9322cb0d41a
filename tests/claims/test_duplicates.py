"""The editors' "possible duplicates": the two kinds of pair the demo showed and the list missed."""

from __future__ import annotations

import datetime

import pytest

from claims.linking import incident_duplicate_candidates, incident_duplicate_candidates_cached
from claims.models import DatePrecision, IncidentKind
from tests.factories import ArticleFactory, IncidentFactory, PlaceFactory, StatementFactory, side

pytestmark = pytest.mark.django_db
D = datetime.date


def _pairs() -> dict:
    return {frozenset((p.first.pk, p.second.pk)): p for p in incident_duplicate_candidates()}


def test_a_week_dated_draft_from_the_same_article_as_a_dated_clash_is_flagged():
    """One article's clash (12–13 Feb) and a draft its "last week" sentence made (week of 5 Feb): the
    draft's date stands for a week, so it is not a week before the clash but next to it."""
    article = ArticleFactory(published=D(2024, 2, 13))
    village = PlaceFactory(slug="nerkin-hand", name="Nerkin Hand", kind="village", latitude=39.0, longitude=46.3)
    clash = IncidentFactory(
        kind=IncidentKind.BORDER_CLASH, start_date=D(2024, 2, 12), end_date=D(2024, 2, 13), title="Clash at the border"
    )
    clash.places.set([village])
    draft = IncidentFactory(
        kind=IncidentKind.BORDER_CLASH,
        start_date=D(2024, 2, 5),
        date_precision=DatePrecision.WEEK,
        status="draft",
        title="Border clash, reported February 2024",
    )
    StatementFactory(article=article, incident=clash, side=side("armenian"))
    StatementFactory(article=article, incident=draft, side=side("azerbaijani"), event_date=None)
    pair = _pairs()[frozenset((clash.pk, draft.pk))]
    assert "share an article" in pair.reasons


def test_incidents_sharing_a_region_are_not_told_apart_by_scattered_places():
    """An offensive named after the town where talks followed and a clash named after the city under
    fire, a day apart, both in the same region: the same event, whichever is read as evidence."""
    region = PlaceFactory(slug="karabakh", name="Nagorno-Karabakh", kind="region", latitude=39.9, longitude=46.7)
    city = PlaceFactory(slug="stepanakert", name="Stepanakert", kind="city", latitude=39.82, longitude=46.75)
    town = PlaceFactory(slug="yevlakh", name="Yevlakh", kind="city", latitude=40.62, longitude=47.15)
    clash = IncidentFactory(kind=IncidentKind.BORDER_CLASH, start_date=D(2023, 9, 19), title="Fighting near the city")
    clash.places.set([region, city])
    offensive = IncidentFactory(kind=IncidentKind.OFFENSIVE, start_date=D(2023, 9, 20), title="Offensive")
    offensive.places.set([region, town])
    pair = _pairs()[frozenset((clash.pk, offensive.pk))]
    assert any("Nagorno-Karabakh" in reason for reason in pair.reasons)


def test_a_ceasefire_and_a_clash_on_the_same_day_are_not_duplicates():
    region = PlaceFactory(slug="karabakh", name="Nagorno-Karabakh", kind="region", latitude=39.9, longitude=46.7)
    clash = IncidentFactory(kind=IncidentKind.BORDER_CLASH, start_date=D(2022, 9, 13), title="Clash")
    truce = IncidentFactory(kind=IncidentKind.CEASEFIRE, start_date=D(2022, 9, 14), title="Ceasefire")
    clash.places.set([region])
    truce.places.set([region])
    assert frozenset((clash.pk, truce.pk)) not in _pairs()


def test_clashes_in_different_regions_a_day_apart_are_not_duplicates():
    north = PlaceFactory(slug="north", name="North region", kind="region", latitude=41.0, longitude=45.0)
    south = PlaceFactory(slug="south", name="South region", kind="region", latitude=39.0, longitude=46.5)
    a = IncidentFactory(kind=IncidentKind.BORDER_CLASH, start_date=D(2022, 9, 13), title="Clash one")
    b = IncidentFactory(kind=IncidentKind.BORDER_CLASH, start_date=D(2022, 9, 14), title="Another fight")
    a.places.set([PlaceFactory(slug="v1", name="V1", kind="village", latitude=41.0, longitude=45.0), north])
    b.places.set([PlaceFactory(slug="v2", name="V2", kind="village", latitude=39.0, longitude=46.5), south])
    assert frozenset((a.pk, b.pk)) not in _pairs()


def test_the_editors_cached_list_changes_as_soon_as_an_incident_or_statement_does():
    """The editors' page reuses the list, but a new duplicate shows on the next visit, and a merged
    incident's pair leaves it."""
    village = PlaceFactory(slug="tegh", name="Tegh", kind="village", latitude=39.55, longitude=46.48)
    first = IncidentFactory(kind=IncidentKind.SHELLING, start_date=D(2022, 9, 13), title="Shelling of Tegh")
    first.places.set([village])
    assert incident_duplicate_candidates_cached(limit=20) == []
    second = IncidentFactory(kind=IncidentKind.SHELLING, start_date=D(2022, 9, 13), title="Tegh shelled")
    second.places.set([village])
    [pair] = incident_duplicate_candidates_cached(limit=20)
    assert {pair.first.pk, pair.second.pk} == {first.pk, second.pk}
    second.merged_into = first
    second.save()
    assert incident_duplicate_candidates_cached(limit=20) == []
