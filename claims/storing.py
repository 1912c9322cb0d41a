"""Storing what the extractor found in an article as Statements, safely re-runnable.

Each extracted statement gets a fingerprint (its sentence offsets, speaker and cue). Storing the
same analysis twice updates rows in place; a newer analysis replaces the machine's unreviewed
statements; statements an editor has touched (reviewed, edited, or entered by hand) are never
changed or deleted. The unique (article, fingerprint) constraint backs this up under concurrency, and
so do row locks: the store step locks the articles and then their statements (both in id order) before
judging which an editor has touched, and its UPDATE repeats that judgement, so an edit saved while it
runs is never written over.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import Any

from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from claims.models import CASUALTY_MEASURES as CATEGORIES
from claims.models import (
    Actor,
    CasualtyFigure,
    DatePrecision,
    Origin,
    Place,
    ReviewStatus,
    Side,
    Stance,
    Statement,
    StatementPlace,
)

logger = logging.getLogger(__name__)
_STANCES = set(Stance.values)
_PRECISIONS = {DatePrecision.DAY, DatePrecision.WEEK, DatePrecision.MONTH, DatePrecision.YEAR}


# The keys of `ExtractedStatement.to_json()` (sources/nlp/extract.py), the one shape the analyse
# step keeps in `Article.analysis` and the only one stored here. Named here rather than imported,
# so that storing does not load spaCy; tests/claims/test_storing.py holds the two together.
EXTRACTED_KEYS = frozenset(
    {
        "speaker", "actor", "actor_slug", "side", "cue", "stance", "content", "sentence", "start",
        "end", "casualties", "places", "event_date", "event_date_precision", "blamed_side", "confidence",
        "language",
    }
)  # fmt: skip
# Added after analyses were first kept: an analysis waiting at 'store' across the upgrade lacks it.
LATER_KEYS = frozenset({"event_date_precision", "language"})


def extracted_check(item: Any) -> dict:
    """`item` if it is an `ExtractedStatement.to_json()` dict; a TypeError or ValueError that says
    what was given otherwise (an ExtractedStatement itself, a dict of another shape)."""
    if not isinstance(item, dict):
        raise TypeError(
            f"extracted statements are stored as ExtractedStatement.to_json() dicts, not {type(item).__name__}"
        )
    missing, unexpected = sorted(EXTRACTED_KEYS - LATER_KEYS - set(item)), sorted(set(item) - EXTRACTED_KEYS)
    if missing or unexpected:
        raise ValueError(
            f"not an ExtractedStatement.to_json() dict (missing: {', '.join(missing) or 'none'}; "
            f"unexpected: {', '.join(unexpected) or 'none'})"
        )
    return item


def _count(value: Any) -> list[int] | None:
    """(low, high) as a two-item list, from to_json's int or {"low", "high"} (or the [low, high]
    pair that analyses kept before to_json was the one form, so articles waiting at 'store'
    across the upgrade still store)."""
    if value is None:
        return None
    if isinstance(value, int):
        return [value, value]
    if isinstance(value, dict):
        return [int(value["low"]), int(value["high"])]
    low, high = value
    return [int(low), int(high)]


def statement_fingerprint(data: dict) -> str:
    speaker = " ".join(str(data.get("speaker") or "").casefold().split())
    cue = " ".join(str(data.get("cue") or "").casefold().split())
    key = f"{data.get('start')}:{data.get('end')}:{speaker}:{cue}"
    return hashlib.sha256(key.encode()).hexdigest()


def _protected() -> Q:
    """Statements an editor has touched: the pipeline leaves them exactly as they are."""
    return Q(origin=Origin.MANUAL) | ~Q(review_status=ReviewStatus.PENDING) | Q(version__gt=1)


class StoreConflict(Exception):
    """A statement the store step meant to update was touched by an editor under its lock."""


class _Lookups:
    """Sides, actors and places by slug, fetched in one query each for a whole article."""

    def __init__(self, items: list[dict]) -> None:
        self.sides = {s.slug: s for s in Side.objects.all()}
        actor_slugs = {d["actor_slug"] for d in items if d.get("actor_slug")}
        place_slugs = {str(p) for d in items for p in d.get("places") or []}
        # The actor's side stands in when the extractor gave none: fetch it with the actor.
        self._actors = {a.slug: a for a in Actor.objects.filter(slug__in=actor_slugs).select_related("side")}
        self._places = {p.slug: p for p in Place.objects.filter(slug__in=place_slugs)} if place_slugs else {}

    def side(self, slug: str | None) -> Side | None:
        return self.sides.get(slug) if slug else None

    def actor(self, slug: str | None) -> Actor | None:
        return self._actors.get(slug) if slug else None

    def places(self, slugs: list[str]) -> list[Place]:
        return [p for p in (self._places.get(s) for s in dict.fromkeys(slugs)) if p is not None]


def _values(data: dict, lookups: _Lookups, *, pipeline_version: str) -> dict:
    side = lookups.side(data.get("side"))
    actor = lookups.actor(data.get("actor_slug"))
    stance = data.get("stance") if data.get("stance") in _STANCES else Stance.ASSERTION
    event_date = data.get("event_date")
    if isinstance(event_date, str):
        event_date = dt.date.fromisoformat(event_date[:10])
    confidence = data.get("confidence")
    confidence = 0.5 if confidence is None else min(1.0, max(0.0, float(confidence)))
    return {
        "speaker": str(data.get("speaker") or data.get("actor") or "")[:300],
        "actor": actor,
        "side": side if side is not None else (actor.side if actor is not None else None),
        "cue": str(data.get("cue") or "")[:60],
        "stance": stance,
        "content": str(data.get("content") or ""),
        "sentence": str(data.get("sentence") or ""),
        "start": data.get("start"),
        "end": data.get("end"),
        "event_date": event_date,
        "event_date_precision": _precision(data.get("event_date_precision")) if event_date else "",
        "blamed_side": lookups.side(data.get("blamed_side")),
        "confidence": confidence,
        "language": str(data.get("language") or "")[:12],
        "pipeline_version": pipeline_version,
    }


def _precision(value: Any) -> str:
    """The extractor's precision of an event date, or day (a bare date names a day)."""
    return value if value in _PRECISIONS else DatePrecision.DAY


def _casualty_rows(statement: Statement, figures: list[dict], lookups: _Lookups) -> list[CasualtyFigure]:
    """One row per (party, civilian), the first figure given for each category winning."""
    merged: dict[tuple, dict] = {}
    for figure in figures:
        party = lookups.side(figure.get("party"))
        key = (party.pk if party else None, bool(figure.get("civilian")))
        row = merged.setdefault(key, {"party_side": party, "civilian": key[1]})
        estimates = figure.get("estimates") or {}
        for category in CATEGORIES:
            value = _count(figure.get(category))
            if value is not None and f"{category}_low" not in row:
                low, high = sorted(value)
                row[f"{category}_low"], row[f"{category}_high"] = low, high
                if bound := _bound(estimates.get(category)):
                    row.setdefault("bounds", {})[category] = bound
    return [CasualtyFigure(statement=statement, **row) for row in merged.values()]


def _bound(estimate: Any) -> str | None:
    """How the extractor's low/best/high `estimate` of a single number qualifies it: "low" for "at
    least" (no high), "high" for "up to" (no low), "best" for "about" (neither); None when plain."""
    if not isinstance(estimate, dict):
        return None
    low, high = estimate.get("low"), estimate.get("high")
    if low is not None and high is not None:
        return None
    if low is not None:
        return "low"
    if high is not None:
        return "high"
    return "best" if estimate.get("best") is not None else None


_UPDATED_FIELDS = [
    "speaker", "actor", "side", "cue", "stance", "content", "sentence", "start", "end", "event_date",
    "event_date_precision", "blamed_side", "confidence", "pipeline_version", "updated_at",
]  # fmt: skip


@transaction.atomic
def statements_store(*, article, extracted: list[dict], pipeline_version: str = "") -> list[Statement]:
    """Create or update the article's machine statements from `extracted` (ExtractedStatement.to_json()
    dicts); never touch reviewed ones."""
    return statements_store_many([(article, extracted, pipeline_version)])[article.pk]


@transaction.atomic
def statements_store_many(items: list[tuple[Any, list[dict], str]]) -> dict[int, list[Statement]]:
    """`statements_store` for several (article, extracted, pipeline_version) at once, in a fixed
    number of queries for the whole batch; returns each article's stored statements by its id."""
    from django.db.models.functions import Length

    from sources.models import Article

    # One storer per article at a time; a second (a redelivered task) waits and then finds
    # every fingerprint already in place. Locked in id order, so two batches cannot deadlock.
    ids = sorted({article.pk for article, _, _ in items})
    lengths = dict(
        Article.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .annotate(length=Length("text"))
        .values_list("pk", "length")
    )
    batch = [(article.pk, [extracted_check(d) for d in extracted], version) for article, extracted, version in items]
    lookups = _Lookups([data for _, extracted, _ in batch for data in extracted])
    mine = Statement.objects.filter(article_id__in=ids)
    # Lock the articles' statements (in id order, like the articles) before judging which an editor
    # has touched: an edit committed between that judgement and the UPDATE below would otherwise
    # be overwritten with the machine's values. An edit that comes later waits for this transaction.
    locked = list(
        mine.select_for_update()
        .order_by("pk")
        .annotate(is_protected=ExpressionWrapper(_protected(), output_field=BooleanField()))
    )
    existing: dict[tuple[int, str], Statement] = {(s.article_id, s.fingerprint): s for s in locked if s.fingerprint}
    protected = {s.pk for s in locked if s.is_protected}
    stored: dict[int, list[Statement]] = {pk: [] for pk in ids}
    created: list[Statement] = []
    updated: list[Statement] = []
    extras: list[tuple[Statement, dict]] = []
    seen: dict[int, set[str]] = {pk: set() for pk in ids}
    now = timezone.now()
    for article_id, extracted, pipeline_version in batch:
        text_length = lengths.get(article_id) or 0
        for data in extracted:
            start, end = data.get("start"), data.get("end")
            if start is None or end is None or not (0 <= start < end <= text_length):
                logger.warning(
                    "article %s: dropping a statement with offsets %s..%s outside the text", article_id, start, end
                )
                continue
            fingerprint = statement_fingerprint(data)
            if fingerprint in seen[article_id]:
                continue
            seen[article_id].add(fingerprint)
            current = existing.get((article_id, fingerprint))
            if current is not None and current.pk in protected:
                stored[article_id].append(current)
                continue
            values = _values(data, lookups, pipeline_version=pipeline_version)
            if current is None:
                statement = Statement(article_id=article_id, fingerprint=fingerprint, origin=Origin.EXTRACTED, **values)
                created.append(statement)
            else:
                statement = current
                for key, value in values.items():
                    setattr(statement, key, value)
                statement.updated_at = now
                updated.append(statement)
            extras.append((statement, data))
            stored[article_id].append(statement)
    # A few bulk statements for the whole batch instead of several per statement: storing must not dominate.
    Statement.objects.bulk_create(created)
    if updated:
        # The UPDATE repeats the condition (machine-made, version 1, pending), so a row an editor
        # changed despite the lock is never overwritten: the whole store rolls back instead.
        if Statement.objects.filter(~_protected()).bulk_update(updated, _UPDATED_FIELDS) != len(updated):
            raise StoreConflict("statements changed while they were being stored; not overwriting them")
        replaced = [s.pk for s in updated]
        StatementPlace.objects.filter(statement_id__in=replaced).delete()
        CasualtyFigure.objects.filter(statement_id__in=replaced).delete()
    StatementPlace.objects.bulk_create(
        [
            StatementPlace(statement=statement, place=place)
            for statement, data in extras
            for place in lookups.places(data.get("places") or [])
        ]
    )
    CasualtyFigure.objects.bulk_create(
        [row for statement, data in extras for row in _casualty_rows(statement, data.get("casualties") or [], lookups)]
    )
    # Machine statements the new analysis no longer produces are stale, unless an editor kept them.
    stale = Q()
    for article_id in ids:
        stale |= Q(article_id=article_id) & ~Q(fingerprint__in=seen[article_id])
    mine.filter(stale, origin=Origin.EXTRACTED).exclude(pk__in=protected).exclude(_protected()).delete()
    return stored
