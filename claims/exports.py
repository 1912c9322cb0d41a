"""Statement exports (JSON Lines and CSV) shared by the export command, the UI and the API.

One statement per line with its incident id, article URL and outlet, speaker, actor, side, cue,
stance, content, sentence, casualty figures and review status. Other tools read the JSON Lines keys
`incident`, `article_url`, `sentence` and `side`: keep those spelled exactly so.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet

from claims.models import CasualtyFigure, Place, ReviewStatus, Stance, Statement

__all__ = ["EXPORT_FIELDS", "FORMATS", "StatementExportFilter", "statement_row", "statements_export"]

FORMATS = ("jsonl", "csv")
EXPORT_FIELDS = [
    "id",
    "incident",
    "incident_title",
    "article_url",
    "article_title",
    "outlet",
    "published",
    "speaker",
    "actor",
    "side",
    "cue",
    "stance",
    "content",
    "sentence",
    "start",
    "end",
    "event_date",
    "places",
    "blamed_side",
    "casualties",
    "confidence",
    "incident_confidence",
    "incident_reason",
    "origin",
    "review_status",
]
CASUALTY_COUNTS = ("killed", "wounded", "captured", "missing")
# Spreadsheets run a cell that starts with one of these as a formula; article text is untrusted.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class StatementExportFilter(django_filters.FilterSet):
    """The filters an export honours (the command's options, the UI's and the API's query string)."""

    incident = django_filters.NumberFilter(field_name="incident_id")
    side = django_filters.CharFilter(field_name="side__slug")
    outlet = django_filters.CharFilter(field_name="article__outlet__slug")
    stance = django_filters.ChoiceFilter(choices=Stance.choices)
    review_status = django_filters.ChoiceFilter(choices=ReviewStatus.choices)
    since = django_filters.DateFilter(field_name="event_date", lookup_expr="gte")
    until = django_filters.DateFilter(field_name="event_date", lookup_expr="lte")

    class Meta:
        model = Statement
        fields: list[str] = []


def _export_queryset(queryset: QuerySet) -> QuerySet:
    return queryset.select_related(
        "incident", "article", "article__outlet", "actor", "side", "blamed_side"
    ).prefetch_related(
        Prefetch("casualties", queryset=CasualtyFigure.objects.select_related("party_side").order_by("pk")),
        Prefetch("places", queryset=Place.objects.order_by("name")),
    )


def _casualty(figure: CasualtyFigure) -> dict[str, Any]:
    row: dict[str, Any] = {
        "party": figure.party_side.slug if figure.party_side_id else None,
        "civilian": figure.civilian,
    }
    for count in CASUALTY_COUNTS:
        low, high = getattr(figure, f"{count}_low"), getattr(figure, f"{count}_high")
        row[count] = None if low is None else (low if low == high else [low, high])
    return row


def statement_row(statement: Statement) -> dict[str, Any]:
    """One statement as an export row (JSON types; dates as ISO strings)."""
    article = statement.article
    return {
        "id": statement.pk,
        "incident": statement.incident_id,
        "incident_title": statement.incident.title if statement.incident_id else None,
        "article_url": (article.canonical_url or article.url) if article else None,
        "article_title": article.title if article else None,
        "outlet": article.outlet.name if article and article.outlet_id else None,
        "published": article.published.isoformat() if article and article.published else None,
        "speaker": statement.speaker,
        "actor": statement.actor.name if statement.actor_id else None,
        "side": statement.side.slug if statement.side_id else None,
        "cue": statement.cue,
        "stance": statement.stance,
        "content": statement.content,
        "sentence": statement.sentence,
        "start": statement.start,
        "end": statement.end,
        "event_date": statement.event_date.isoformat() if statement.event_date else None,
        "places": [p.slug for p in statement.places.all()],
        "blamed_side": statement.blamed_side.slug if statement.blamed_side_id else None,
        "casualties": [_casualty(c) for c in statement.casualties.all()],
        "confidence": statement.confidence,
        "incident_confidence": statement.incident_confidence,
        "incident_reason": statement.incident_reason,
        "origin": statement.origin,
        "review_status": statement.review_status,
    }


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False) if value else ""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def statements_export(*, queryset: QuerySet, fmt: str) -> Iterator[str]:
    """Stream the statements of `queryset` as lines of JSON Lines or CSV (a header line first).

    The caller scopes the queryset (visibility, filters); this only formats it, reading the
    database in chunks so a large export never sits in memory.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    rows = _export_queryset(queryset.order_by("pk")).iterator(chunk_size=500)
    if fmt == "jsonl":
        for statement in rows:
            yield json.dumps(statement_row(statement), ensure_ascii=False) + "\n"
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(EXPORT_FIELDS)
    yield flush()
    for statement in rows:
        row = statement_row(statement)
        writer.writerow([_csv_cell(row[name]) for name in EXPORT_FIELDS])
        yield flush()
