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
from claims.linking.places import BROAD_PLACE_KINDS
from claims.linking.scoring import score
from claims.models import DatePrecision, Incident, IncidentKind, IncidentPlace


@dataclass
class DuplicatePair:
    """Two incidents that may be one event, with how alike they are and why."""

    first: Incident
    second: Incident
    score: float
    reasons: list[str]


def incident_duplicate_candidates(*, limit: int = 50, min_score: float = 0.45) -> list[DuplicatePair]:
    """Pairs of live incidents that look like the same event: for editors to merge in one click.

    Similar dates (within the kinds' window), compatible kinds, shared or nearby places and similar
    titles; a pair whose dates or kinds rule each other out is never offered.
    """
    table = Incident._meta.db_table
    places = IncidentPlace._meta.db_table
    sql = f"""
        SELECT a.id, b.id, similarity(upper(a.title), upper(b.title)) AS title_similarity
        FROM {table} a
        JOIN {table} b ON a.id < b.id
        WHERE a.merged_into_id IS NULL AND b.merged_into_id IS NULL
          AND (
            (a.start_date IS NOT NULL AND b.start_date IS NOT NULL
             AND b.start_date <= COALESCE(a.end_date, a.start_date) + %(reach)s
             AND a.start_date <= COALESCE(b.end_date, b.start_date) + %(reach)s)
            OR (a.kind = b.kind AND a.kind = ANY(%(long_running)s))
            OR (a.kind = b.kind AND (a.start_date IS NULL OR b.start_date IS NULL) AND EXISTS (
                SELECT 1 FROM {places} pa JOIN {places} pb ON pa.place_id = pb.place_id
                WHERE pa.incident_id = a.id AND pb.incident_id = b.id))
            OR similarity(upper(a.title), upper(b.title)) > 0.5
          )
        ORDER BY title_similarity DESC
        LIMIT 2000
    """  # noqa: S608 - the table name is ours; every value is a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, {"reach": 14, "long_running": list(LONG_RUNNING)})
        rows = cursor.fetchall()
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
