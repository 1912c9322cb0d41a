"""Weighing one piece of evidence against one incident: a score with readable reasons, or a veto.

The rules (kind family, date window, places, the article, the other side's account) are those the
package docstring lists; the per-kind numbers come from `kinds.POLICY`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from claims.linking.evidence import Evidence, Profile, period, profile_evidence
from claims.linking.kinds import LONG_RUNNING, POLICY, family
from claims.linking.places import BROAD_PLACE_KINDS, NEAR_KM, km
from claims.linking.places import apart as places_apart
from claims.models import DatePrecision, IncidentKind

# A candidate needs at least this much evidence; below it a draft incident is proposed instead.
LINK_THRESHOLD = 0.4
# A kind of the same family as the incident's (shelling for a border clash) is worth this much.
SAME_FAMILY_WEIGHT = 0.2


def _days_between(day: datetime.date, start: datetime.date, end: datetime.date) -> int:
    if day < start:
        return (start - day).days
    if day > end:
        return (day - end).days
    return 0


@dataclass
class Match:
    profile: Profile
    score: float
    reasons: list[str]


def score(ev: Evidence, prof: Profile, *, same_article: bool, continuity: str | None = None) -> Match | None:
    """How well the evidence fits the incident; None when something rules it out."""
    reasons: list[str] = []
    score = 0.0
    firm = False  # a signal strong enough to link across articles

    # Kind: never across families.
    if ev.kind and ev.kind_soft and family(prof.kind) is not None:
        if family(ev.kind) == family(prof.kind):
            score += 0.05
            reasons.append(f"mentions {IncidentKind(ev.kind).label.lower()}")
        else:
            score -= 0.1
    elif ev.kind and family(prof.kind) is not None:
        if family(ev.kind) != family(prof.kind):
            return None
        if ev.kind == prof.kind:
            score += POLICY[ev.kind].weight
            firm = firm or POLICY[ev.kind].firm
            reasons.append(f"same kind ({IncidentKind(ev.kind).label.lower()})")
        else:
            score += SAME_FAMILY_WEIGHT
            reasons.append(f"compatible kind ({IncidentKind(ev.kind).label.lower()})")

    # Date: the statement's own date at its precision, else its article's publication date.
    if ev.date is None and prof.dated and not same_article:
        # Nothing says when: another article's dated incident cannot be told from a later one.
        return None
    kinds = [k for k in (ev.kind, prof.kind) if k]
    window = max(POLICY[k].window_days for k in kinds)
    lag = max(POLICY[k].report_lag_days for k in kinds)
    start, end = prof.start, prof.end
    if ev.date and start is None and prof.own_dates:
        # An incident without dates of its own (an editor's): its statements' days date it.
        start, end = min(prof.own_dates), max(prof.own_dates)
    elif ev.date and start is None and prof.fallback_dates:
        # Dated only by the reports about it: the event lies shortly before them.
        start, end = min(prof.fallback_dates) - datetime.timedelta(days=lag), max(prof.fallback_dates)
    dated_gap = None
    if ev.date and start:
        gap = _days_between(ev.date, start, end)
        if ev.precision in (DatePrecision.MONTH, DatePrecision.YEAR):
            # "In March", "in 2020": the event lies somewhere in that period; compatible, not firm.
            lo, hi = period(ev.date, ev.precision)
            if hi < start - datetime.timedelta(days=window) or lo > end + datetime.timedelta(days=window):
                return None
            score += 0.05
            reasons.append(f"within the {ev.precision} the statement names")
        elif ev.own_date:
            span = max(ev.date, end) - min(ev.date, start)
            if gap > window or span.days > max(POLICY[k].max_span_days for k in kinds):
                return None
            score += 0.3 * (1 - gap / (window + 1))
            # Firm unless it is another day and the places say elsewhere (see Places below).
            dated_gap = gap
            reasons.append("same date" if gap == 0 else f"event date {gap} day{'s' * (gap != 1)} from the incident's")
        else:
            # Only the week of the report: the event happened on or shortly before it.
            if ev.date < start - datetime.timedelta(days=1) or (ev.date - end).days > lag:
                return None
            score += 0.1 if gap <= 1 else 0.05
            reasons.append("published while the incident was current")

    # Places.
    ev_specific, prof_specific = (
        ev.specific_places,
        {pk: p for pk, p in prof.places.items() if p.kind not in BROAD_PLACE_KINDS},
    )
    shared = ev_specific.keys() & prof_specific.keys()
    apart = False
    # A long-running incident gathers many places over months; a shared place alone does not tie a
    # statement that names no event to it.
    places_firm = not (prof.kind in LONG_RUNNING and (ev.kind is None or ev.kind_soft))
    if shared:
        score += 0.3
        firm = firm or places_firm
        reasons.append("shares " + ", ".join(sorted(prof_specific[pk].name for pk in shared)))
    elif ev_specific and prof_specific:
        near = [
            (d, a, b)
            for a in ev_specific.values()
            for b in prof_specific.values()
            if (d := km(a, b)) is not None and d <= NEAR_KM
        ]
        if near:
            d, a, b = min(near, key=lambda t: t[0])
            score += 0.15
            firm = firm or places_firm
            reasons.append(f"{a.name} is {d:.0f} km from {b.name}")
        else:
            # One article's account of an event may range over several places; across articles,
            # places far apart speak against it being the same event.
            apart = True
            score -= 0.1 if same_article else 0.25
            reasons.append("different places")
    elif broad := (ev.places.keys() - ev_specific.keys()) & prof.places.keys():
        score += 0.05
        reasons.append("same region (" + ", ".join(sorted(prof.places[pk].name for pk in broad)) + ")")
    elif places_apart(ev.places, prof.places):
        # A town named on one side, an area on the other that does not hold it.
        apart = True
        score -= 0.1 if same_article else 0.25
        reasons.append("different places")
    # An own date is firm on the incident's very day; a day or more off, only where the places agree.
    if dated_gap is not None and (dated_gap == 0 or not apart):
        firm = True

    if same_article:
        if distinct_sub_event(ev, prof):
            return None
        score += 0.3
        reasons.append("same article")
        if continuity:
            score += 0.15
            reasons.append(continuity)
    elif not firm:
        return None

    # Supporting evidence: only counts on top of a match already made.
    if score > 0:
        others = prof.sides - {ev.side} - {None}
        if ev.side and others and not same_article:
            score += 0.1
            reasons.append(f"adds to accounts from other sides ({', '.join(sorted(others))})")
        if ev.actor_id and ev.actor_id in prof.actors and not same_article:
            score += 0.05
            reasons.append("same speaker")
    return Match(profile=prof, score=score, reasons=reasons)


def distinct_sub_event(ev: Evidence, prof: Profile) -> bool:
    """Whether one article's statement is about another event than the incident it would continue,
    though within the kind's window: the article dates it two days or more from each of the incident's
    days, or the same side's account puts it elsewhere (another town, outside the area it named), with
    no place in common and not on one of the incident's days. Long-running kinds span such days."""
    if any(k in LONG_RUNNING for k in (ev.kind, prof.kind) if k):
        return False
    same_day = ev.own_date and ev.date in prof.own_dates
    days_off = (
        ev.own_date
        and prof.own_dates
        and not same_day
        and min(abs((ev.date - day).days) for day in prof.own_dates) >= 2
        and not (ev.specific_places and not places_apart(ev.places, prof.places))
    )
    named = bool(ev.kind and not ev.kind_soft)
    # "A day later … a shootout near Shusha": the article itself says another day.
    next_day = named and ev.other_day and not (ev.specific_places.keys() & prof.places.keys())
    # Another kind of event that the same side's account puts elsewhere.
    account = prof.side_places.get(ev.side) if ev.side and named and ev.kind != prof.kind else None
    elsewhere = bool(ev.specific_places and account and not same_day and places_apart(ev.places, account))
    return bool(days_off or next_day or elsewhere)


def cross_score(ev: Evidence, prof: Profile) -> Match | None:
    """`score` for an incident of another article. Both must be dated: what nothing dates cannot be
    told from another event at the same place months or years apart, so neither an undated statement
    nor a draft nothing dates links across articles (an editor's undated incident still may)."""
    if ev.date is None or (not prof.dated and prof.system_owned):
        return None
    return score(ev, prof, same_article=False)


def compatible(ev: Evidence, prof: Profile, *, same_article: bool) -> bool:
    """Whether nothing rules the statement out of the incident (its kind family and its dates), however
    little else speaks for it: what a statement must satisfy to be moved along with its draft."""
    if ev.date is None and prof.dated and not same_article:
        return False
    return score(ev, prof, same_article=True) is not None


def best(matches: Iterable[Match]) -> Match | None:
    """The best-scoring match; ties go to the older incident."""
    return max(matches, key=lambda m: (round(m.score, 6), -m.profile.incident.pk), default=None)


def best_elsewhere(prof: Profile, candidates: Iterable[Profile], *, exclude: set[int]) -> Match | None:
    """The incident of another article that a whole draft is about, if the evidence is firm."""
    ev = profile_evidence(prof)
    matches = []
    for other in candidates:
        if other.incident.pk in exclude or other.incident.pk == prof.incident.pk:
            continue
        m = cross_score(ev, other)
        if m is None:
            continue
        if prof.sides - other.sides and other.sides:
            m.score += 0.1
            m.reasons.append("adds the other side's account")
        if m.score >= LINK_THRESHOLD:
            matches.append(m)
    return best(matches)
