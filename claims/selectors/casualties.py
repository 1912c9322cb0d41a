"""Casualty figures as claims: each one is what one source said, so an incident's table keeps every
source's figure (with its actor, side, date, outlet and a link to the statement), the latest figure
of each actor, a summary per side and the disputes between sides.

Rules (each has a test in tests/claims/test_casualty_table.py):

- A figure is low/best/high, as UCDP codes estimates: "5" is 5/5/5, "5 to 7" is 5/–/7, "at least 5"
  is 5/5/–, "up to 20" is –/20/20, "about 30" is –/30/–. (`estimate`.)
- A side's summary of a count is one source's figure, never a range built from several: the figure
  of its latest statement (by publication date, else event date), the largest of the same day's
  figures (a smaller one given the same day is often a subset of it: "27 killed, 2 of them
  civilians"). The other actors' latest figures are listed beside it, not merged into it.
- Rejected statements count nowhere.
- A count is disputed only between two different, known sides whose summaries cannot both be true
  (their intervals do not overlap), and the dispute names the two statements. Two accounts of the
  same side, or an account whose side is not identified, never make a dispute.

Pure functions over statement cards: no query of their own.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.urls import reverse

from claims.models import CASUALTY_MEASURES, ReviewStatus
from sources.nlp.casualties import estimate

__all__ = ["casualty_table", "estimate", "estimate_display", "interval"]

BOUNDS = ("low", "high", "best")
_INFINITY = float("inf")


def interval(est: dict[str, int | None]) -> tuple[float, float]:
    """The numbers a figure allows: "at least 5" is [5, ∞), "up to 20" [0, 20], "about 30" just 30."""
    best = est["best"]
    low = est["low"] if est["low"] is not None else (best if est["high"] is None else 0)
    high = est["high"] if est["high"] is not None else (best if est["low"] is None else _INFINITY)
    return float(low), float(high)


def estimate_display(est: dict[str, int | None] | None) -> str:
    """'5', '5–7', 'at least 5', 'up to 20', 'about 30'; '' for no figure."""
    if est is None:
        return ""
    low, best, high = est["low"], est["best"], est["high"]
    if low is not None and high is not None:
        return str(low) if low == high else f"{low}–{high}"
    if low is not None:
        return f"at least {low}"
    if high is not None:
        return f"up to {high}"
    return f"about {best}"


def _size(est: dict[str, int | None]) -> int:
    return next(v for v in (est["best"], est["high"], est["low"]) if v is not None)


def _source_date(card: dict[str, Any]) -> datetime.date | None:
    article = card["article"]
    if article and article["published"]:
        return article["published"]
    return card["event_date"]


def _actor_key(card: dict[str, Any]) -> tuple:
    if card["actor"]:
        return ("actor", card["actor"]["id"])
    return ("speaker", " ".join(card["speaker"].casefold().split()))


def _source(card: dict[str, Any], figure: dict[str, Any]) -> dict[str, Any]:
    article = card["article"]
    estimates = figure["estimates"]
    return {
        "statement": card["id"],
        "url": reverse("claims:statement", args=[card["id"]]),
        "speaker": card["speaker"],
        "actor": card["actor"],
        "side": card["side"],
        "date": _source_date(card),
        "outlet": article["outlet"] if article else None,
        "article_url": article["url"] if article else None,
        "review_status": card["review_status"],
        "estimates": {m: estimates[m] for m in CASUALTY_MEASURES},
        "display": {m: estimate_display(estimates[m]) for m in CASUALTY_MEASURES},
        "latest_of_actor": [],  # the measures for which this is its actor's latest figure
    }


def _recency(source: dict[str, Any], measure: str) -> tuple:
    date = source["date"]
    return (date is not None, date or datetime.date.min, _size(source["estimates"][measure]), source["statement"])


def _side_summary(sources: list[dict[str, Any]]) -> dict[str, Any]:
    """{measure: {statement, estimate, display, others}} for one side's sources about one party."""
    summary = {}
    for measure in CASUALTY_MEASURES:
        giving = [s for s in sources if s["estimates"][measure] is not None]
        if not giving:
            continue
        latest: dict[tuple, dict[str, Any]] = {}
        for source in sorted(giving, key=lambda s: _recency(s, measure)):
            latest[source["_actor"]] = source
        for source in latest.values():
            source["latest_of_actor"].append(measure)
        ranked = sorted(latest.values(), key=lambda s: _recency(s, measure), reverse=True)
        chosen = ranked[0]
        summary[measure] = {
            "statement": chosen["statement"],
            "url": chosen["url"],
            "estimate": chosen["estimates"][measure],
            "display": chosen["display"][measure],
            "others": [
                {
                    "statement": s["statement"],
                    "url": s["url"],
                    "speaker": s["speaker"],
                    "display": s["display"][measure],
                }
                for s in ranked[1:]
                if s["estimates"][measure] != chosen["estimates"][measure]
            ],
        }
    return summary


def _disputes(columns: list[dict[str, Any]], summaries: list[dict[str, Any]], known: list[bool]) -> list[dict]:
    disputes = []
    for measure in CASUALTY_MEASURES:
        for i in range(len(columns)):
            for j in range(i + 1, len(columns)):
                a, b = summaries[i].get(measure), summaries[j].get(measure)
                if not (known[i] and known[j] and a and b) or columns[i]["slug"] == columns[j]["slug"]:
                    continue
                (al, ah), (bl, bh) = interval(a["estimate"]), interval(b["estimate"])
                if ah < bl or bh < al:
                    disputes.append(
                        {
                            "measure": measure,
                            "sides": [columns[i]["slug"], columns[j]["slug"]],
                            "side_names": [columns[i]["name"], columns[j]["name"]],
                            "statements": [a["statement"], b["statement"]],
                            "urls": [a["url"], b["url"]],
                            "figures": [a["display"], b["display"]],
                        }
                    )
    return disputes


def casualty_table(groups: list[dict[str, Any]], *, unattributed: str = "unattributed") -> dict[str, Any]:
    """One row per party, one cell per side's account (each source's figure, the side's summary),
    and the disputes between sides. `groups` are the incident's cards grouped by side."""
    columns = [g["side"] for g in groups]
    known = [g["side"]["slug"] != unattributed for g in groups]
    sources: dict[tuple, dict[int, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    party_info: dict[tuple, dict[str, Any]] = {}
    for index, group in enumerate(groups):
        for card in group["statements"]:
            if card["review_status"] == ReviewStatus.REJECTED:
                continue
            for figure in card["casualties"]:
                key = (figure["party_side"], figure["civilian"])
                party_info[key] = {
                    "side": figure["party_side"],
                    "civilian": figure["civilian"],
                    "label": figure["party"],
                }
                source = _source(card, figure)
                source["_actor"] = _actor_key(card)
                sources[key][index].append(source)
    order = {g["side"]["slug"]: i for i, g in enumerate(groups) if g["side"]}

    def sort_key(key: tuple) -> tuple:
        side_slug, civilian = key
        return (order.get(side_slug, len(order)) if side_slug else len(order) + 1, civilian)

    rows = []
    for key in sorted(party_info, key=sort_key):
        summaries = [_side_summary(sources[key].get(i, [])) for i in range(len(groups))]
        disputes = _disputes(columns, summaries, known)
        disagreements = [m for m in CASUALTY_MEASURES if any(d["measure"] == m for d in disputes)]
        cells = []
        for index, summary in enumerate(summaries):
            cell_sources = sorted(
                sources[key].get(index, []), key=lambda s: (s["date"] or datetime.date.min, s["statement"])
            )
            for source in cell_sources:
                source.pop("_actor", None)
            disputed = [
                m
                for m in disagreements
                if any(columns[index]["slug"] in d["sides"] for d in disputes if d["measure"] == m)
            ]
            cells.append(
                {
                    "side": columns[index],
                    "figures": {m: _pair(summary[m]["estimate"]) if m in summary else None for m in CASUALTY_MEASURES},
                    "display": {m: summary[m]["display"] if m in summary else "" for m in CASUALTY_MEASURES},
                    "summary": summary,
                    "disputed": [m for m in disputed if m in summary],
                    "items": [
                        {
                            "measure": m,
                            "display": summary[m]["display"],
                            "statement": summary[m]["statement"],
                            "url": summary[m]["url"],
                            "others": summary[m]["others"],
                            "disputed": m in disputed,
                        }
                        for m in CASUALTY_MEASURES
                        if m in summary
                    ],
                    "sources": cell_sources,
                    "statements": [s["statement"] for s in cell_sources],
                }
            )
        rows.append({"party": party_info[key], "cells": cells, "disagreements": disagreements, "disputes": disputes})
    return {"columns": columns, "measures": list(CASUALTY_MEASURES), "rows": rows}


def _pair(est: dict[str, int | None]) -> list[int]:
    """[low, high] of a figure for the chart and older readers: an open bound is the number given."""
    low = est["low"] if est["low"] is not None else est["best"]
    high = est["high"] if est["high"] is not None else est["best"]
    return [low, high]
