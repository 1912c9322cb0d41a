"""Near-duplicate incidents, for editors to merge: pairs that look like the same event.

An editor's tool rather than part of a linking run, but it weighs a pair with the same rules: one
incident is scored as if it were a statement about the other (`scoring.score`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection

from claims.linking.evidence import Evidence, Profile, profiles_for
from claims.linking.kinds import LONG_RUNNING, POLICY
from claims.linking.places import BROAD_PLACE_KINDS, NEAR_KM
from claims.linking.scoring import score
from claims.models import DatePrecision, Incident, IncidentKind, IncidentPlace, Place, Statement
from claims.versions import cached_until_changed


@dataclass
class DuplicatePair:
    """Two incidents that may be one event, with how alike they are and why."""

    first: Incident
    second: Incident
    score: float
    reasons: list[str]


#: How many candidate pairs, the likeliest first, are weighed in full: bounds the page's work however
#: many incidents there are (the list shows the best 20 to 50).
CANDIDATE_LIMIT = 300
#: Dated incidents of these many days apart or closer may be one event (the widest window a
#: non-long-running kind allows, plus a week-precise date's week).
REACH_DAYS = 14


def incident_duplicate_candidates(
    *, limit: int = 50, min_score: float = 0.45, rows: list[tuple[int, int, float]] | None = None
) -> list[DuplicatePair]:
    """Pairs of live incidents that look like the same event: for editors to merge in one click.

    Similar dates (within the kinds' window), compatible kinds, shared or nearby places and similar
    titles; a pair whose dates or kinds rule each other out is never offered.

    Pairs are not compared all against all: SQL finds them by a blocking key, so the work grows with
    the pairs that could match rather than with the square of the incidents. Dated incidents meet
    when they are at the same or a nearby place (within NEAR_KM) in the same week-long bucket of
    their dates (each widened by half the reach, so two incidents within REACH_DAYS of each other
    share a bucket); long-running incidents of one kind and undated ones meet at a shared place
    whatever their dates; an incident at no place meets the incidents of a compatible kind within
    the reach. The likeliest CANDIDATE_LIMIT pairs are then weighed by `scoring.score`. `rows` are
    those pairs when the caller already has them (`incident_duplicate_candidates_cached`).
    """
    rows = _candidate_rows() if rows is None else rows
    if not rows:
        return []
    profiles = profiles_for(Incident.objects.filter(pk__in={r[0] for r in rows} | {r[1] for r in rows}))
    pairs = []
    for a_id, b_id, title_similarity in rows:
        a, b = profiles[a_id], profiles[b_id]
        match = _incident_similarity(a, b)
        if match is None:
            continue
        total, reasons = match
        if title_similarity >= 0.4:
            total += 0.2 * title_similarity
            reasons.append(f"similar titles ({title_similarity:.0%})")
        if total >= min_score:
            pairs.append(DuplicatePair(first=a.incident, second=b.incident, score=round(total, 3), reasons=reasons))
    pairs.sort(key=lambda p: -p.score)
    return pairs[:limit]


#: How long a computed list of duplicates is reused at most, even if nothing tracked has changed (a
#: place's coordinates, say, are not tracked).
CACHE_SECONDS = 600


def incident_duplicate_candidates_cached(*, limit: int = 50) -> list[DuplicatePair]:
    """`incident_duplicate_candidates`, reused until an incident, an incident's places or a
    statement changes (`claims.versions`). The pairs worth weighing read only incidents and their
    places, so they are kept across statement writes: after an editor's review only the weighing
    runs again, not the search of every incident for its neighbours."""

    def weigh() -> list[DuplicatePair]:
        rows = cached_until_changed(
            "incident-duplicate-rows", (Incident, IncidentPlace), _candidate_rows, seconds=CACHE_SECONDS
        )
        return incident_duplicate_candidates(limit=limit, rows=rows)

    return cached_until_changed(
        f"incident-duplicates:{limit}", (Incident, IncidentPlace, Statement), weigh, seconds=CACHE_SECONDS
    )


def _candidate_rows() -> list[tuple[int, int, float]]:
    """(first id, second id, title similarity) of the pairs worth weighing, the likeliest first."""
    table = Incident._meta.db_table
    places = IncidentPlace._meta.db_table
    place = Place._meta.db_table
    half = REACH_DAYS // 2
    sql = f"""
        WITH live AS (
            SELECT i.id, i.kind, i.start_date, COALESCE(i.end_date, i.start_date) AS end_date,
                   COALESCE(f.family, '') AS family
            FROM {table} i LEFT JOIN unnest(%(kinds)s::text[], %(families)s::text[]) AS f(kind, family)
                 ON f.kind = i.kind
            WHERE i.merged_into_id IS NULL
        ),
        near AS MATERIALIZED (
            SELECT p.id AS place_id, q.id AS near_id FROM {place} p JOIN {place} q ON p.id = q.id OR (
                NOT p.kind = ANY(%(broad)s) AND NOT q.kind = ANY(%(broad)s)
                AND p.latitude IS NOT NULL AND q.latitude IS NOT NULL
                AND 12742.0 * asin(sqrt(
                    power(sin(radians(q.latitude - p.latitude) / 2), 2)
                    + cos(radians(p.latitude)) * cos(radians(q.latitude))
                      * power(sin(radians(q.longitude - p.longitude) / 2), 2))) <= %(near_km)s)
        ),
        at AS (
            SELECT l.id, ip.place_id, l.kind, l.family, l.start_date, l.end_date,
                   l.start_date IS NULL OR l.kind = ANY(%(long_running)s) AS timeless
            FROM live l JOIN {places} ip ON ip.incident_id = l.id
        ),
        keyed AS MATERIALIZED (  -- dated incidents: a place and a fortnight the widened dates cover
            SELECT id, place_id, family, (start_date - %(half)s - DATE '2000-01-01') / 15 + o.n AS bucket
            FROM at JOIN (VALUES (0), (1), (2)) AS o(n)
                 ON (start_date - %(half)s - DATE '2000-01-01') / 15 + o.n
                    <= (end_date + %(half)s - DATE '2000-01-01') / 15
            WHERE NOT timeless
        ),
        probes AS MATERIALIZED (  -- the keys a dated incident meets: nearby places, the kinds' families it fits
            SELECT k.id, n.near_id AS place_id, k.bucket, n.near_id = k.place_id AS shared, fit.family
            FROM keyed k JOIN near n ON n.place_id = k.place_id,
                 unnest(CASE WHEN k.family = '' THEN %(all_families)s ELSE ARRAY[k.family] END) AS fit(family)
        ),
        pairs AS (
            SELECT LEAST(a.id, b.id) AS a_id, GREATEST(a.id, b.id) AS b_id, a.shared
            FROM probes a JOIN keyed b ON (b.place_id, b.bucket, b.family) = (a.place_id, a.bucket, a.family)
            WHERE b.id <> a.id
            UNION ALL
            SELECT LEAST(a.id, b.id), GREATEST(a.id, b.id), true  -- long-running or undated: a shared place
            FROM at a JOIN at b ON b.place_id = a.place_id AND b.kind = a.kind AND b.id <> a.id
            WHERE a.timeless
            UNION ALL
            SELECT LEAST(a.id, b.id), GREATEST(a.id, b.id), false  -- at no place: a compatible kind in reach
            FROM live a JOIN live b ON b.id <> a.id
                 AND b.start_date <= a.end_date + %(reach)s AND a.start_date <= b.end_date + %(reach)s
                 AND (a.family = b.family OR a.family = '' OR b.family = '')
            WHERE NOT EXISTS (SELECT 1 FROM {places} ip WHERE ip.incident_id = a.id)
        ),
        ranked AS (
            SELECT a_id, b_id, bool_or(shared) AS shared FROM pairs GROUP BY a_id, b_id
        )
        SELECT a.id, b.id, similarity(upper(a.title), upper(b.title))
        FROM (
            SELECT ranked.a_id, ranked.b_id FROM ranked
            JOIN {table} a ON a.id = ranked.a_id JOIN {table} b ON b.id = ranked.b_id
            WHERE a.start_date IS NULL OR b.start_date IS NULL OR a.kind = b.kind AND a.kind = ANY(%(long_running)s)
                  OR (b.start_date <= COALESCE(a.end_date, a.start_date) + %(reach)s
                      AND a.start_date <= COALESCE(b.end_date, b.start_date) + %(reach)s)
            ORDER BY ranked.shared DESC, a.kind = b.kind DESC, abs(a.start_date - b.start_date) NULLS LAST,
                     a.id, b.id
            LIMIT %(limit)s
        ) top JOIN {table} a ON a.id = top.a_id JOIN {table} b ON b.id = top.b_id
    """  # noqa: S608 - the table names are ours; every value is a parameter
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "kinds": list(POLICY),
                "families": [POLICY[k].family or "" for k in POLICY],
                "all_families": sorted({POLICY[k].family or "" for k in POLICY}),
                "broad": [str(k) for k in BROAD_PLACE_KINDS],
                "near_km": NEAR_KM,
                "long_running": list(LONG_RUNNING),
                "half": half,
                "reach": REACH_DAYS,
                "limit": CANDIDATE_LIMIT,
            },
        )
        return cursor.fetchall()


def _incident_similarity(a: Profile, b: Profile) -> tuple[float, list[str]] | None:
    """How alike two incidents are: the better of reading either as a statement about the other.

    The rules are a statement's (`scoring.score`), but an incident is not one statement: the pair is
    weighed both ways (the lower id first used to veto pairs the other reading accepts), a date
    known only to the week stands for that week, and places far apart do not count against a pair
    that shares a region, since an incident gathers every place its articles mention.
    """
    if (a.start is None) != (b.start is None):
        return _undated_similarity(*((a, b) if a.start is None else (b, a)))
    readings = [m for m in (_as_statement_about(b, a), _as_statement_about(a, b)) if m is not None]
    return max(readings, key=lambda m: m[0], default=None)


def _nearest_day(evidence: Profile, prof: Profile) -> tuple[datetime.date | None, bool]:
    """The day `evidence`'s dates stand for that lies nearest `prof`'s span, and whether it is a day
    the incident names (a week-precise date stands for the days within a week of it, none named)."""
    start = evidence.start
    if start is None:
        return None, False
    if evidence.incident.date_precision == DatePrecision.DAY:
        return start, True
    if evidence.incident.date_precision != DatePrecision.WEEK or prof.start is None:
        return start, False
    week = datetime.timedelta(days=6)
    lo, hi = start - week, (evidence.end or start) + week
    first, last = prof.start, prof.end or prof.start
    # The nearest day of that week is not a day the text names: read it as a report's date, so one
    # article's week-dated draft is not ruled a distinct sub-event of the clash it sits next to.
    return (lo if last < lo else hi if first > hi else max(lo, first)), False


def _as_statement_about(b: Profile, a: Profile) -> tuple[float, list[str]] | None:
    """Score incident b as if it were one statement about incident a."""
    day, own = _nearest_day(b, a)
    kind = b.kind if b.kind != IncidentKind.OTHER else None
    same_article = bool(a.articles & b.articles)
    m = score(
        Evidence(statement=None, kind=kind, date=day, own_date=own, places=b.places), a, same_article=same_article
    )
    region = {pk: p for pk, p in b.places.items() if pk in a.places and p.kind in BROAD_PLACE_KINDS}
    if region and (m is None or "different places" in m.reasons):
        # Read b by the region both share rather than by its scattered specific places.
        ev = Evidence(statement=None, kind=kind, date=day, own_date=own, places=region)
        m = score(ev, a, same_article=same_article)
    if m is None:
        return None
    if b.sides - a.sides:
        m.score += 0.05
        m.reasons.append("accounts from different sides")
    return m.score, [r for r in m.reasons if r != "same article"] + (
        ["share an article"] if a.articles & b.articles else []
    )


def _undated_similarity(undated: Profile, dated: Profile) -> tuple[float, list[str]] | None:
    """A dated and an undated incident: the same event if of the same kind, sharing a specific place,
    and the undated one's reports (its statements' articles) were published within the dated one's
    window — or nothing dates them at all, so nothing tells them apart."""
    if undated.kind != dated.kind:
        return None
    shared = {pk: p for pk, p in undated.places.items() if pk in dated.places and p.kind not in BROAD_PLACE_KINDS}
    if not shared:
        return None
    policy = POLICY[dated.kind]
    reasons = [
        f"same kind ({IncidentKind(dated.kind).label.lower()})",
        "shares " + ", ".join(sorted(p.name for p in shared.values())),
    ]
    reports = sorted(undated.own_dates or undated.fallback_dates)
    if reports:
        lo = dated.start - datetime.timedelta(days=policy.window_days)
        hi = dated.end + datetime.timedelta(days=policy.window_days + policy.report_lag_days)
        if reports[-1] < lo or reports[0] > hi:
            return None
        reasons.append(
            f"#{undated.incident.pk} has no date, but its statements date from {reports[0]:%-d %B %Y}, "
            f"within the window of #{dated.incident.pk}"
        )
        return 0.6, reasons
    reasons.append(f"#{undated.incident.pk} has no date: nothing tells it from #{dated.incident.pk}")
    return 0.5, reasons
