"""Which stored incidents a statement could be about: fetched per article, picked per statement.

The reach constants cover every window and report lag `scoring.score` allows, so nothing it could
accept is left out; `Candidates` (below) says how the search stays bounded by the incidents near an
article's dates rather than by the number stored.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.models import Q

from claims.expressions import INCIDENT_SPAN
from claims.linking.evidence import Evidence
from claims.linking.kinds import LONG_RUNNING, POLICY
from claims.models import Incident, IncidentPlace, StatementPlace

# At most this many incidents are weighed for one statement.
MAX_CANDIDATES = 200
# How far (days) around a statement's date candidates are looked for; a long-running kind reaches
# further. Both cover every window and report lag `scoring.score` allows.
CANDIDATE_REACH = 21
LONG_RUNNING_REACH = 600
# The furthest a dated statement can lie from a long-running incident and still fit it (see scoring.score).
_LONG_RUNNING_FIT = max(max(POLICY[k].window_days, POLICY[k].report_lag_days) for k in LONG_RUNNING)


def _span_overlaps(lo: datetime.date, hi: datetime.date) -> Q:
    """Dated incidents whose days touch [lo, hi]: one scan of the incident_span GiST index."""
    return Q(start_date__isnull=False, span__overlap=DateRange(lo, hi, "[]"))


@dataclass
class _Stored:
    """An incident as the candidate search sees it; `places` only for undated and long-running ones."""

    pk: int
    start: datetime.date | None
    last: datetime.date | None  # the end date, or the start date for a one-day incident
    kind: str
    places: set[int] = field(default_factory=set)

    def overlaps(self, lo: datetime.date, hi: datetime.date) -> bool:
        return self.start is not None and self.start <= hi and self.last >= lo


class Candidates:
    """The incidents another article's statements could be about, fetched for a whole article at once.

    A statement's candidates are every live incident `scoring.score` could accept for it: those whose dates
    lie within reach of its date, long-running ones that started up to LONG_RUNNING_REACH days
    before, undated ones sharing one of its places (or its long-running kind), and long-running
    ones within their longest window that share a place. Rather than a query per statement, one
    query fetches the incidents within reach of all the dates of an article (an index scan per date
    on incident_span; undated ones once per run), another the places of those the place rule applies
    to, and each statement's list is picked from them here — so the cost follows the number of
    incidents near those dates, not the number stored. This run's new drafts are added as they are
    made, so the picture stays the database's.
    """

    def __init__(self) -> None:
        self.rows: dict[int, _Stored] = {}
        self._reach: dict[datetime.date, int] = {}  # dates fetched, and how far around them
        self._undated = False
        self._picked: dict[tuple, list[int]] = {}

    @staticmethod
    def key(ev: Evidence) -> tuple:
        return (ev.date, ev.kind if ev.kind in LONG_RUNNING else None, frozenset(ev.specific_places))

    def fetch(self, keys: Iterable[tuple]) -> None:
        """Fetch what the statements with these keys need that is not here yet."""
        wanted: dict[datetime.date, int] = {}
        for date, long_running, _ in keys:
            reach = LONG_RUNNING_REACH if long_running else CANDIDATE_REACH
            if date and self._reach.get(date, 0) < reach:
                wanted[date] = max(reach, wanted.get(date, 0))
        if not wanted and self._undated:
            return
        query = Q(pk__in=[]) if self._undated else Q(start_date__isnull=True)
        for date, reach in wanted.items():
            query |= _span_overlaps(date - datetime.timedelta(days=reach), date + datetime.timedelta(days=reach))
            far = datetime.timedelta(days=LONG_RUNNING_REACH)
            query |= Q(kind__in=LONG_RUNNING) & _span_overlaps(date - far, date + far)
        found = [
            _Stored(pk, start, end or start, kind)
            for pk, start, end, kind in Incident.objects.live()
            .alias(span=INCIDENT_SPAN)
            .filter(query)
            .order_by()
            .values_list("pk", "start_date", "end_date", "kind")
            if pk not in self.rows
        ]
        # Only undated and long-running incidents can match by a shared place alone.
        by_place = {row.pk: row for row in found if row.start is None or row.kind in LONG_RUNNING}
        if by_place:
            ids = list(by_place)
            pairs = IncidentPlace.objects.filter(incident_id__in=ids).values_list("incident_id", "place_id")
            named = (
                StatementPlace.objects.filter(statement__incident_id__in=ids)
                .values_list("statement__incident_id", "place_id")
                .distinct()
            )
            for incident_id, place_id in [*pairs, *named]:
                by_place[incident_id].places.add(place_id)
        self.rows.update((row.pk, row) for row in found)
        self._reach.update(wanted)
        self._undated = True
        self._picked.clear()

    def add(self, incident: Incident, places: Iterable[int]) -> None:
        """A draft this run just created."""
        start, end = incident.start_date, incident.end_date
        self.rows[incident.pk] = _Stored(incident.pk, start, end or start, incident.kind, set(places))
        self._picked.clear()

    def ids(self, key: tuple) -> list[int]:
        """The candidates for a statement with this key, in the order the database would give them."""
        picked = self._picked.get(key)
        if picked is None:
            self.fetch([key])
            picked = self._picked[key] = self._pick(*key)
        return picked

    def _pick(self, date: datetime.date | None, long_running: str | None, places: frozenset[int]) -> list[int]:
        found = []
        for row in self.rows.values():
            shares = bool(places & row.places)
            if date:
                reach = datetime.timedelta(days=LONG_RUNNING_REACH if long_running else CANDIDATE_REACH)
                far = datetime.timedelta(days=_LONG_RUNNING_FIT)
                ok = (
                    row.overlaps(date - reach, date + reach)
                    or (
                        row.kind in LONG_RUNNING
                        and row.start is not None
                        and date - datetime.timedelta(days=LONG_RUNNING_REACH) <= row.start <= date + reach
                    )
                    or (
                        shares
                        and (row.start is None or (row.kind in LONG_RUNNING and row.overlaps(date - far, date + far)))
                    )
                )
            else:
                # Nothing says when: only an undated incident can match (see scoring.score).
                ok = shares and row.start is None
            if ok or (long_running and row.kind == long_running and row.start is None):
                found.append(row)
        # Newest first, undated before all: ORDER BY start_date DESC, id DESC.
        found.sort(key=lambda r: (r.start is not None, -(r.start.toordinal() if r.start else 0), -r.pk))
        return [row.pk for row in found[:MAX_CANDIDATES]]
