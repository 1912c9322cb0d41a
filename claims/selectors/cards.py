"""The one read model of a statement: its card, as the pages, the API and the exports show it.

A card is plain data (dicts, lists, strings, numbers, dates) built from `.values()` rows, never
from model instances: a list or an export then reads only the columns a card shows (no article
bodies) and costs a fixed number of queries whatever its length (the rows, then places, casualty
figures and counterclaim links, each in one query for the whole batch).
Counterclaim links only name statements the viewer may see (`visible_to(user)`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Coalesce

from claims.models import (
    CASUALTY_MEASURES,
    CasualtyFigure,
    RelationKind,
    RelationStatus,
    ReviewStatus,
    Stance,
    Statement,
    StatementPlace,
    StatementRelation,
)
from claims.selectors.casualties import estimate
from claims.templatetags.claims_display import party_label
from sources.models import Outlet
from sources.nlp.language import language_name

UNDATED = datetime.date(1, 1, 1)

#: An incident's own columns, first in every output of incidents (API, CSV), in this order.
INCIDENT_HEAD = ("id", "title", "kind", "status", "start_date", "end_date", "date_precision")
#: What a statement says and where in its sentence, in the order every output of statements names them.
STATEMENT_WORDS = ("cue", "stance", "content", "sentence", "start", "end", "event_date")

#: What a card reads of each statement (the queryset must carry `event_day`: see `statement_rows`).
STATEMENT_VALUES = (
    "id",
    "incident_id",
    "speaker",
    *STATEMENT_WORDS,
    "event_date_precision",
    "event_day",
    "confidence",
    "language",
    "origin",
    "review_status",
    "incident_confidence",
    "incident_reason",
    "pipeline_version",
    "version",
    "created_at",
    "updated_at",
    "actor_id",
    "actor__slug",
    "actor__name",
    "side__slug",
    "side__name",
    "side__colour",
    "blamed_side__slug",
    "blamed_side__name",
    "blamed_side__colour",
    "article_id",
    "article__title",
    "article__language",
    "article__url",
    "article__canonical_url",
    "article__published",
    "article__outlet__slug",
    "article__outlet__name",
    "article__outlet__country",
    "article__outlet__affiliation",
)
# A relation as each end reads it: "denied by" on the statement denied, "denies" on the denial.
INCOMING_LABELS = {kind: kind.passive for kind in RelationKind}
OUTGOING_LABELS = dict(RelationKind.choices)
_STANCE_LABELS = dict(Stance.choices)
_REVIEW_LABELS = dict(ReviewStatus.choices)
_AFFILIATION_LABELS = dict(Outlet.Affiliation.choices)
_CASUALTY_VALUES = (
    "statement_id",
    "party_side__slug",
    "party_side__name",
    "civilian",
    *(f"{measure}_{end}" for measure in CASUALTY_MEASURES for end in ("low", "high")),
    "bounds",
)


def with_event_day(queryset: QuerySet[Statement]) -> QuerySet[Statement]:
    """Adds `event_day`: the event date, undated statements first (never null, so a cursor can
    compare rows by it)."""
    return queryset.annotate(event_day=Coalesce("event_date", Value(UNDATED)))


#: What `date_used` was taken from: the statement's own event date, or its article's publication date.
DATE_BASIS_EVENT, DATE_BASIS_PUBLISHED = "event", "published"


def date_used(event_date: datetime.date | None, published: datetime.date | None) -> dict[str, Any]:
    """The date date filters go by (`StatementFilterSet`: the event date when known, else the
    article's publication date), and which of the two it is (None when neither is known)."""
    if event_date is not None:
        return {"date_used": event_date, "date_basis": DATE_BASIS_EVENT}
    if published is not None:
        return {"date_used": published, "date_basis": DATE_BASIS_PUBLISHED}
    return {"date_used": None, "date_basis": None}


def statement_rows(queryset: QuerySet[Statement], *extra: str) -> QuerySet[dict[str, Any]]:
    """The `STATEMENT_VALUES` rows (and `extra` columns) of `queryset`, in its order, for `statement_cards`."""
    return with_event_day(queryset).values(*STATEMENT_VALUES, *extra)


def side_data(row: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    """The side `prefix` (side, blamed_side …) of a values row as {slug, name, colour}, or None."""
    slug = row[f"{prefix}__slug"]
    return None if slug is None else {"slug": slug, "name": row[f"{prefix}__name"], "colour": row[f"{prefix}__colour"]}


def casualty_data(figure: dict[str, Any]) -> dict[str, Any]:
    """One casualty figure (a `_CASUALTY_VALUES` row) as a card shows it: each count as [low, high],
    and under `estimates` as {low, best, high} (an open bound, "at least 5", is null)."""
    data: dict[str, Any] = {
        "party_side": figure["party_side__slug"],
        "civilian": figure["civilian"],
        "party": party_label(figure["party_side__name"], figure["civilian"]),
    }
    bounds = figure.get("bounds") or {}
    estimates = {}
    for measure in CASUALTY_MEASURES:
        low, high = figure[f"{measure}_low"], figure[f"{measure}_high"]
        data[measure] = None if low is None else [low, high if high is not None else low]
        estimates[measure] = estimate(low, high, bounds.get(measure))
    data["estimates"] = estimates
    return data


def relation_links(
    statement_ids: list[int], *, user, visible: QuerySet[Statement] | None = None
) -> dict[int, list[dict[str, Any]]]:
    """Counterclaim links of each statement, in both directions, to statements `user` may see (or,
    given `visible`, to those statements: an export names what its exporter may see).

    Two small queries: one query joining a relation to both statements, their actors and sides
    and the visibility subqueries makes PostgreSQL spend ~40 ms planning it; these take a millisecond.
    """
    wanted = set(statement_ids)
    relations = list(
        StatementRelation.objects.filter(Q(source_id__in=statement_ids) | Q(target_id__in=statement_ids))
        .exclude(status=RelationStatus.DISMISSED)
        .order_by("id")
        .values_list("source_id", "target_id", "kind", "status")
    )
    ends = {pk for source, target, _kind, _status in relations for pk in (source, target)}
    # Always one query (an impossible id when there is nothing to look up), so that a page costs
    # the same number of queries whether or not its statements have links.
    shown = {
        row["id"]: row
        for row in (Statement.objects.visible_to(user) if visible is None else visible)
        .filter(pk__in=ends or [0])
        .values("id", "incident_id", "speaker", "actor_id", "actor__name", "side__slug", "side__name", "side__colour")
    }
    links: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for source, target, kind, status in relations:
        if source not in shown or target not in shown:
            continue
        for own, other, labels, direction in (
            (target, source, INCOMING_LABELS, "in"),
            (source, target, OUTGOING_LABELS, "out"),
        ):
            if own not in wanted:
                continue
            row = shown[other]
            links[own].append(
                {
                    "kind": kind,
                    "direction": direction,
                    "label": labels.get(kind, kind),
                    "status": status,
                    "statement": other,
                    "incident": row["incident_id"],
                    "speaker": row["actor__name"] if row["actor_id"] is not None else row["speaker"],
                    "side": side_data(row, "side"),
                }
            )
    return links


def _places(ids: list[int]) -> dict[int, list[dict[str, str]]]:
    places: dict[int, list[dict[str, str]]] = defaultdict(list)
    for statement_id, slug, name in (
        StatementPlace.objects.filter(statement_id__in=ids)
        .order_by("place__name", "place_id")
        .values_list("statement_id", "place__slug", "place__name")
    ):
        places[statement_id].append({"slug": slug, "name": name})
    return places


def _casualties(ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    casualties: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for figure in CasualtyFigure.objects.filter(statement_id__in=ids).order_by("pk").values(*_CASUALTY_VALUES):
        casualties[figure["statement_id"]].append(casualty_data(figure))
    return casualties


def _article(row: dict[str, Any]) -> dict[str, Any] | None:
    if row["article_id"] is None:
        return None
    outlet = row["article__outlet__slug"]
    return {
        "id": row["article_id"],
        "title": row["article__title"],
        "url": row["article__canonical_url"] or row["article__url"],
        "published": row["article__published"],
        # Who published, beside who said it: the outlet's country and affiliation (state agency, …).
        "outlet": None
        if outlet is None
        else {
            "slug": outlet,
            "name": row["article__outlet__name"],
            "country": row["article__outlet__country"],
            "affiliation": row["article__outlet__affiliation"],
            "affiliation_label": _AFFILIATION_LABELS.get(
                row["article__outlet__affiliation"], row["article__outlet__affiliation"]
            ),
        },
    }


def _language(row: dict[str, Any]) -> dict[str, str]:
    """The statement's language (a quotation's own, else its article's) as a code and by name."""
    code = row["language"] or row["article__language"] or ""
    return {"language": code, "language_name": language_name(code)}


def statement_cards(rows: Iterable[dict[str, Any]], *, user, links: bool = True) -> list[dict[str, Any]]:
    """Cards of `statement_rows` rows, in their order: what a statement card shows, what the API
    returns (`StatementSerializer` describes it) and what an export row is made of.

    Three queries whatever the number of rows: places, casualty figures and (unless `links` is
    false, as for exports, which do not carry them) the counterclaim links `user` may see.
    """
    rows = list(rows)
    ids = [row["id"] for row in rows]
    if not ids:
        return []
    places, casualties = _places(ids), _casualties(ids)
    relations = relation_links(ids, user=user) if links else {}
    return [
        {
            "id": row["id"],
            "incident": row["incident_id"],
            "speaker": row["speaker"],
            "actor": None
            if row["actor_id"] is None
            else {"id": row["actor_id"], "slug": row["actor__slug"], "name": row["actor__name"]},
            "side": side_data(row, "side"),
            "cue": row["cue"],
            "stance": row["stance"],
            "stance_label": _STANCE_LABELS.get(row["stance"], row["stance"]),
            "content": row["content"],
            "sentence": row["sentence"],
            "start": row["start"],
            "end": row["end"],
            "event_date": row["event_date"],
            "event_date_precision": row["event_date_precision"] or None,
            **date_used(row["event_date"], row["article__published"]),
            "blamed_side": side_data(row, "blamed_side"),
            "confidence": row["confidence"],
            **_language(row),
            "origin": row["origin"],
            "review_status": row["review_status"],
            "review_status_label": _REVIEW_LABELS.get(row["review_status"], row["review_status"]),
            "article": _article(row),
            "places": places.get(row["id"], []),
            "casualties": casualties.get(row["id"], []),
            "relations": relations.get(row["id"], []),
            "incident_confidence": row["incident_confidence"],
            "incident_reason": row["incident_reason"],
            "pipeline_version": row["pipeline_version"],
            "version": row["version"],
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
        }
        for row in rows
    ]
