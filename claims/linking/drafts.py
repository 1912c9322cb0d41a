"""Draft incidents the linker proposes: their titles, and keeping them in step with their statements.

Only drafts the system owns (status draft, version 1) are ever updated or removed here; an editor's
first save takes an incident out of the linker's hands.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from claims.linking.evidence import place_mentions, statement_spans
from claims.linking.places import places_by_id, title_place, where
from claims.models import DatePrecision, Incident, IncidentKind, IncidentPlace, IncidentStatus, Place


def draft_title(
    kind: str,
    place: Place | None,
    start: datetime.date | None,
    end: datetime.date | None,
    *,
    own_date: bool,
    precision: str | None = None,
) -> str:
    """A plain title for a proposed incident: kind, where, when ("Shelling near Jermuk, 13 September 2022")."""
    label = {IncidentKind.OTHER: "Incident", IncidentKind.CEASEFIRE: "Ceasefire"}.get(kind, IncidentKind(kind).label)
    when = ""
    if start:
        if precision == DatePrecision.YEAR:
            when = f", {start:%Y}" if not end or end.year == start.year else f", {start:%Y} – {end:%Y}"
        elif precision == DatePrecision.MONTH:
            when = f", {start:%B %Y}"
        elif not own_date:
            when = f", reported {start:%B %Y}"
        elif end and end != start:
            when = f", {start:%-d %B %Y} – {end:%-d %B %Y}"
        else:
            when = f", {start:%-d %B %Y}"
    return f"{label}{where(place, kind)}{when}"[:240]


def draft_create(
    *, kind: str, places: list[Place], date: datetime.date | None, own_date: bool, precision: str | None = None
) -> Incident:
    """Propose a new incident of this kind, at these places, from one date (an own date or a report's,
    at its precision); `unknown` precision and no start date when nothing dates it."""
    if date is None:
        precision = DatePrecision.UNKNOWN
    elif own_date:
        precision = DatePrecision.DAY
    elif precision not in (DatePrecision.MONTH, DatePrecision.YEAR):
        precision = DatePrecision.WEEK
    incident = Incident.objects.create(
        title=draft_title(kind, title_place(places, kind), date, None, own_date=own_date, precision=precision),
        kind=kind,
        start_date=date,
        date_precision=precision,
        status=IncidentStatus.DRAFT,
        summary="Proposed by the linker from the statements below; check the title, dates and places.",
    )
    IncidentPlace.objects.bulk_create([IncidentPlace(incident=incident, place=p) for p in places])
    return incident


def incident_dates(span: dict) -> tuple[datetime.date | None, datetime.date | None, str]:
    """(start, end, precision) of an incident from its statements' dates (a `refresh_drafts` row):
    the days they name; else the weeks of the reports (the week precision the extractor gives a
    statement dated by its article, or the publication date of one without a date); else the months,
    else the years they name; else nothing, at `unknown` precision."""
    if span["day_start"] is not None:
        return span["day_start"], span["day_end"], DatePrecision.DAY
    reports = [d for d in (span["week_start"], span["week_end"], span["published_start"], span["published_end"]) if d]
    if reports:
        return min(reports), max(reports), DatePrecision.WEEK
    if span["month_start"] is not None:
        return span["month_start"], span["month_end"], DatePrecision.MONTH
    if span["year_start"] is not None:
        return span["year_start"], span["year_end"], DatePrecision.YEAR
    return None, None, DatePrecision.UNKNOWN


def refresh_drafts(touched: Iterable[int], places: dict[int, Place]) -> None:
    """Keep system-proposed incidents in step with their statements; drop drafts left empty.

    A few aggregate queries for all the drafts a run touched, not one load per draft. `places` is the
    run's cache of Place rows.
    """
    drafts = {
        i.pk: i
        for i in Incident.objects.filter(pk__in=list(touched), status=IncidentStatus.DRAFT, version=1).order_by()
    }
    if not drafts:
        return
    # Every statement counts here, rejected ones too: the draft is what the linker put together.
    spans = statement_spans(drafts)
    mentions = place_mentions(drafts)
    places = places_by_id({place_id for found in mentions.values() for place_id, _ in found}, places)
    existing: dict[int, set[int]] = defaultdict(set)
    for incident_id, place_id in IncidentPlace.objects.filter(incident_id__in=list(drafts)).values_list(
        "incident_id", "place_id"
    ):
        existing[incident_id].add(place_id)
    empty = [pk for pk in drafts if pk not in spans]
    if empty:
        Incident.objects.filter(pk__in=empty).delete()
    new_places = []
    for pk, incident in drafts.items():
        span = spans.get(pk)
        if span is None:
            continue
        start, end, precision = incident_dates(span)
        own = precision == DatePrecision.DAY
        fields = {"start_date": start, "end_date": end if end != start else None, "date_precision": precision}
        # One entry per statement naming the place: the title names the most mentioned one.
        named = [places[place_id] for place_id, n in mentions[pk] for _ in range(n)]
        fields["title"] = draft_title(
            incident.kind, title_place(named, incident.kind), start, end, own_date=own, precision=precision
        )
        if any(getattr(incident, k) != v for k, v in fields.items()):
            Incident.objects.filter(pk=pk, version=1).update(**fields)
        new_places += [
            IncidentPlace(incident_id=pk, place_id=place_id)
            for place_id, _ in mentions[pk]
            if place_id not in existing[pk]
        ]
    IncidentPlace.objects.bulk_create(new_places, ignore_conflicts=True)
