"""Counterclaim suggestions: pairs of statements about one incident that answer each other.

Suggested, never decided: an editor confirms or dismisses each one. The rules look only at
statements from different sides about the same incident:

- a denial denies the other side's accusations (preferring those that blame the denier's side);
- two accusations that blame each other's side contradict each other;
- casualty figures for the same party that do not overlap contradict each other, and identical ones
  corroborate each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from claims.models import CasualtyFigure, RelationKind, Stance, Statement

__all__ = ["Candidate", "relation_candidates"]

COUNTS = ("killed", "wounded", "captured", "missing")
CLAIMS = (Stance.ACCUSATION, Stance.ASSERTION, Stance.CASUALTY_REPORT)


@dataclass(frozen=True)
class Candidate:
    source: Statement
    target: Statement
    kind: str
    reason: str


def _side(st: Statement) -> str | None:
    return st.side.slug if st.side_id else None


def _blamed(st: Statement) -> str | None:
    return st.blamed_side.slug if st.blamed_side_id else None


def _party(fig: CasualtyFigure) -> str:
    side = fig.party_side.slug if fig.party_side_id else "unknown party"
    return f"{side} {'civilians' if fig.civilian else 'military'}"


def _figures(st: Statement) -> dict[tuple, CasualtyFigure]:
    return {(f.party_side_id, f.civilian): f for f in st.casualties.all() if f.party_side_id}


def _compare_figures(a: Statement, b: Statement) -> tuple[str, str] | None:
    """("contradicts"|"corroborates", reason) when both give figures for the same party."""
    fa, fb = _figures(a), _figures(b)
    differing, agreeing = [], []
    for key in fa.keys() & fb.keys():
        x, y = fa[key], fb[key]
        for count in COUNTS:
            xl, xh = getattr(x, f"{count}_low"), getattr(x, f"{count}_high")
            yl, yh = getattr(y, f"{count}_low"), getattr(y, f"{count}_high")
            if xl is None or yl is None:
                continue
            text = f"{_party(x)} {count}: {_range(xl, xh)} vs {_range(yl, yh)}"
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


def relation_candidates(statements: Iterable[Statement]) -> list[Candidate]:
    """Suggested relations among statements of one incident, at most one per pair of statements."""
    statements = sorted(statements, key=lambda s: (s.article_id or 0, s.start or 0, s.pk))
    out: list[Candidate] = []
    seen: set[frozenset] = set()

    def add(source: Statement, target: Statement, kind: str, reason: str) -> None:
        pair = frozenset((source.pk, target.pk))
        if pair not in seen:
            seen.add(pair)
            out.append(Candidate(source=source, target=target, kind=kind, reason=reason))

    # What a denial answers depends only on the denier's side: worked out once per side, since the
    # linker calls this for every article that adds to an incident.
    answered: dict[str, list[Statement]] = {}
    for denial in (s for s in statements if s.stance == Stance.DENIAL and _side(s)):
        if _side(denial) not in answered:
            targets = [
                t
                for t in statements
                if t.pk != denial.pk and _side(t) and _side(t) != _side(denial) and t.stance in CLAIMS
            ]
            # Claims that blame the denier's side are what a denial most likely answers.
            blaming = [t for t in targets if _blamed(t) == _side(denial)]
            answered[_side(denial)] = blaming or [t for t in targets if t.stance == Stance.ACCUSATION]
        for target in answered[_side(denial)]:
            add(denial, target, RelationKind.DENIES, f"a {_side(denial)} denial of a {_side(target)} {target.stance}")

    accusations = [s for s in statements if s.stance == Stance.ACCUSATION and _side(s) and _blamed(s)]
    for i, a in enumerate(accusations):
        for b in accusations[i + 1 :]:
            if _side(a) != _side(b) and _blamed(a) == _side(b) and _blamed(b) == _side(a):
                add(b, a, RelationKind.CONTRADICTS, f"opposite blame: {_side(a)} blames {_side(b)} and vice versa")

    with_figures = [s for s in statements if _side(s) and _figures(s)]
    for i, a in enumerate(with_figures):
        for b in with_figures[i + 1 :]:
            if _side(a) == _side(b):
                continue
            compared = _compare_figures(a, b)
            if compared:
                add(b, a, compared[0], compared[1])
    return out
