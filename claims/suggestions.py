"""Counterclaim suggestions: pairs of statements about one incident that answer each other.

Suggested, never decided: an editor confirms or dismisses each one. The rules look only at
statements from different sides about the same incident:

- a denial denies the other side's accusations (preferring those that blame the denier's side);
- two accusations that blame each other's side contradict each other;
- casualty figures for the same party that do not overlap contradict each other, and identical ones
  corroborate each other.

The rules read sides, stances and figures only, so they work on plain rows (`Account`), read in
two queries however large the incident (the linker asks after every article).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from claims.models import CASUALTY_MEASURES as COUNTS
from claims.models import CasualtyFigure, RelationKind, ReviewStatus, Stance, Statement

__all__ = ["Account", "Candidate", "incidents_accounts", "relation_candidates"]

CLAIMS = (Stance.ACCUSATION, Stance.ASSERTION, Stance.CASUALTY_REPORT)
# How many statements each one is paired with by each rule, nearest first.
NEAREST = 3
_RANGES = tuple(f"{count}_{end}" for count in COUNTS for end in ("low", "high"))


@dataclass(frozen=True)
class Figures:
    """One party's casualties as a statement gives them: {count: (low, high)}."""

    party: str  # e.g. "armenian civilians"
    counts: dict[str, tuple[int, int]]


@dataclass(eq=False)
class Account:
    """What the rules need of a statement (compared by identity)."""

    pk: int
    side: str | None
    stance: str
    blamed: str | None = None
    order: tuple = ()
    figures: dict[tuple[str, bool], Figures] = field(default_factory=dict)


@dataclass(frozen=True)
class Candidate:
    source: int
    target: int
    kind: str
    reason: str


def incidents_accounts(incident_ids: Iterable[int]) -> dict[int, list[Account]]:
    """{incident id: its statements (rejected ones aside) with their figures}, in two queries
    however many incidents (the linker asks for every incident a run touched)."""
    ids = list(incident_ids)
    rows = (
        Statement.objects.filter(incident_id__in=ids)
        .exclude(review_status=ReviewStatus.REJECTED)
        .values_list("incident_id", "pk", "side__slug", "stance", "blamed_side__slug", "article_id", "start")
    )
    accounts: dict[int, Account] = {}
    by_incident: dict[int, list[Account]] = defaultdict(list)
    for incident, pk, side, stance, blamed, article, start in rows:
        account = Account(pk=pk, side=side, stance=stance, blamed=blamed, order=(article or 0, start or 0, pk))
        accounts[pk] = account
        by_incident[incident].append(account)
    figures = (
        CasualtyFigure.objects.filter(statement__incident_id__in=ids, party_side__isnull=False)
        .values_list("statement_id", "party_side__slug", "civilian", *_RANGES)
        .order_by("pk")
    )
    for statement_id, party, civilian, *ranges in figures:
        account = accounts.get(statement_id)
        if account is None:
            continue
        counts = {
            count: (ranges[2 * i], ranges[2 * i + 1]) for i, count in enumerate(COUNTS) if ranges[2 * i] is not None
        }
        label = f"{party} {'civilians' if civilian else 'military'}"
        account.figures[(party, civilian)] = Figures(party=label, counts=counts)
    return dict(by_incident)


def _compare_figures(a: Account, b: Account) -> tuple[str, str] | None:
    """("contradicts"|"corroborates", reason) when both statements give figures for the same party."""
    differing, agreeing = [], []
    for key in a.figures.keys() & b.figures.keys():
        x, y = a.figures[key], b.figures[key]
        for count in COUNTS:
            if count not in x.counts or count not in y.counts:
                continue
            (xl, xh), (yl, yh) = x.counts[count], y.counts[count]
            text = f"{x.party} {count}: {_range(xl, xh)} vs {_range(yl, yh)}"
            if xh < yl or yh < xl:
                differing.append(text)
            elif (xl, xh) == (yl, yh):
                agreeing.append(text)
    if differing:
        return RelationKind.CONTRADICTS, "differing casualty figures (" + "; ".join(differing) + ")"
    if agreeing:
        return RelationKind.CORROBORATES, "the same casualty figures (" + "; ".join(agreeing) + ")"
    return None


def _range(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


class _Pool:
    """Accounts sorted by `order`, to find the ones nearest a given account."""

    def __init__(self, accounts: list[Account]) -> None:
        self.accounts = accounts
        self.keys = [a.order for a in accounts]
        self._cache: dict[int, list[Account]] = {}

    def nearest(self, anchor: Account, k: int = NEAREST) -> list[Account]:
        """Up to `k` accounts (never `anchor`) closest to `anchor`: those of its own article first,
        then those of the articles stored just before and after."""
        if anchor.pk in self._cache:
            return self._cache[anchor.pk]
        pool = self.accounts
        right = bisect.bisect_left(self.keys, anchor.order)
        left = right - 1
        found: list[Account] = []
        while len(found) < k and (left >= 0 or right < len(pool)):
            take_left = right >= len(pool) or (
                left >= 0 and _distance(pool[left], anchor) <= _distance(pool[right], anchor)
            )
            candidate = pool[left] if take_left else pool[right]
            if take_left:
                left -= 1
            else:
                right += 1
            if candidate.pk != anchor.pk:
                found.append(candidate)
        self._cache[anchor.pk] = found
        return found


def _distance(a: Account, b: Account) -> tuple[int, int]:
    return (a.order[0] != b.order[0], abs(a.order[0] - b.order[0]) or abs(a.order[1] - b.order[1]))


def relation_candidates(accounts: Iterable[Account], *, new: Iterable[int] | None = None) -> list[Candidate]:
    """Suggested relations among statements of one incident, at most one per pair of statements.

    A denial is paired with the few (`NEAREST`) claims it most likely answers, an accusation with
    the nearest accusations blaming its side back, a casualty report with the nearest reports from
    another side whose figures differ or agree — nearest first: in its own article, then in the
    articles stored around it. An incident with hundreds of statements would otherwise ask editors
    to look at thousands of pairs. With `new` (statement ids), only pairs involving those are
    found — what the linker does after each article, so the work grows with the incident's size,
    not with its square.
    """
    sided = sorted((a for a in accounts if a.side), key=lambda a: a.order)
    fresh = None if new is None else set(new)
    anchors = sided if fresh is None else [a for a in sided if a.pk in fresh]
    out: list[Candidate] = []
    seen: set[frozenset] = set()

    def add(source: Account, target: Account, kind: str, reason: str) -> None:
        pair = frozenset((source.pk, target.pk))
        if pair not in seen:
            seen.add(pair)
            out.append(Candidate(source=source.pk, target=target.pk, kind=kind, reason=reason))

    # Denials: what a denial answers depends only on the denier's side.
    denials: dict[str, _Pool] = {}
    answered: dict[str, _Pool] = {}
    for denier in {a.side for a in sided if a.stance == Stance.DENIAL}:
        denials[denier] = _Pool([a for a in sided if a.side == denier and a.stance == Stance.DENIAL])
        targets = [t for t in sided if t.side != denier and t.stance in CLAIMS]
        # Claims that blame the denier's side are what a denial most likely answers.
        blaming = [t for t in targets if t.blamed == denier]
        answered[denier] = _Pool(blaming or [t for t in targets if t.stance == Stance.ACCUSATION])
    answered_ids = {denier: {t.pk for t in pool.accounts} for denier, pool in answered.items()}

    def deny(denial: Account, target: Account) -> None:
        add(denial, target, RelationKind.DENIES, f"a {denial.side} denial of a {target.side} {target.stance}")

    # Opposite blame: accusations blaming each other's side.
    by_blame: dict[tuple[str, str], list[Account]] = defaultdict(list)
    for a in sided:
        if a.stance == Stance.ACCUSATION and a.blamed:
            by_blame[(a.side, a.blamed)].append(a)
    accusing = {key: _Pool(accounts) for key, accounts in by_blame.items()}

    def contradict(a: Account, b: Account) -> None:
        first, second = sorted((a, b), key=lambda x: x.order)
        add(
            second, first, RelationKind.CONTRADICTS, f"opposite blame: {first.side} blames {second.side} and vice versa"
        )

    with_figures = [a for a in sided if a.figures]

    for anchor in anchors:
        # A denial and the claims it answers; a claim and the denials that answer it.
        if anchor.stance == Stance.DENIAL:
            for target in answered[anchor.side].nearest(anchor):
                deny(anchor, target)
        for denier, ids in answered_ids.items():
            if anchor.pk in ids:
                for denial in denials[denier].accounts:
                    if anchor in answered[denier].nearest(denial):
                        deny(denial, anchor)
        # Accusations blaming each other's side, nearest on either side of the pair.
        if anchor.stance == Stance.ACCUSATION and anchor.blamed:
            others = accusing.get((anchor.blamed, anchor.side))
            own = accusing[(anchor.side, anchor.blamed)]
            if others is not None:
                for other in others.nearest(anchor):
                    contradict(anchor, other)
                for other in others.accounts:
                    if anchor in own.nearest(other):
                        contradict(anchor, other)
        # Casualty reports from another side that differ or agree on the same party.
        if anchor.figures:
            outcomes = {}
            for other in with_figures:
                if other.side != anchor.side:
                    first, second = sorted((anchor, other), key=lambda x: x.order)
                    if outcome := _compare_figures(first, second):
                        outcomes[other.pk] = (first, second, outcome)
            for other in _Pool([b for b in with_figures if b.pk in outcomes]).nearest(anchor):
                first, second, (kind, reason) = outcomes[other.pk]
                add(second, first, kind, reason)
    return out
