"""Streaming exports: statements as JSON Lines or CSV (the export command, the pages and the API),
and the one formula-safe CSV writer and JSON array streamer every download uses.

One statement per line with its incident id, article URL and outlet, speaker, actor, side, cue,
stance, content, sentence, casualty figures (as JSON per party, and as flat numeric columns
`killed_low`, `killed_best`, `killed_high`, … that load into pandas as they are) and review status;
confidences rounded to two decimals. Other tools read the JSON Lines keys
`incident`, `article_url`, `sentence` and `side`: keep those spelled exactly so.

Rows come from the statement cards (`claims.selectors.cards`) over a server-side cursor, a chunk at
a time: an export never loads article bodies and never holds more than one chunk in memory.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet

from claims.models import CASUALTY_MEASURES
from claims.selectors.cards import STATEMENT_WORDS, statement_cards, statement_rows

__all__ = [
    "CASUALTY_COLUMNS",
    "EXPORT_FIELDS",
    "FORMATS",
    "csv_lines",
    "json_array",
    "statement_export_row",
    "statements_export",
]

FORMATS = ("jsonl", "csv")
#: Flat numeric casualty columns, one row per statement: `killed_low`, `killed_best`, `killed_high`,
#: `wounded_low` … The statement's figures for all the parties it names (listed in
#: `casualty_parties`), added up; empty where the statement gives no such count or leaves that end
#: open ("at least 5" has no high). `casualties` keeps each party's figures apart.
CASUALTY_COLUMNS = [f"{measure}_{end}" for measure in CASUALTY_MEASURES for end in ("low", "best", "high")]
EXPORT_FIELDS = [
    "id",
    "incident",
    "incident_title",
    "article_url",
    "article_title",
    "outlet",
    "outlet_country",
    "outlet_affiliation",
    "published",
    "speaker",
    "actor",
    "side",
    *STATEMENT_WORDS,
    "places",
    "blamed_side",
    "casualties",
    "casualty_parties",
    *CASUALTY_COLUMNS,
    "confidence",
    "incident_confidence",
    "incident_reason",
    "origin",
    "review_status",
]
#: Statements read from the cursor and turned into cards at a time.
CHUNK_SIZE = 500
# Spreadsheets run a cell that starts with one of these as a formula; article text is untrusted.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# --- Formats -------------------------------------------------------------------------------------


class _Echo:
    """A file that hands back what is written to it, so csv.writer yields lines instead of buffering."""

    def write(self, value: str) -> str:
        return value


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False) if value else ""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_lines(header: list[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """A header line, then one line per row. Lists and dicts become JSON; a text cell that a
    spreadsheet would run as a formula is quoted with a leading apostrophe."""
    writer = csv.writer(_Echo(), lineterminator="\n")
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([_csv_cell(value) for value in row])


def json_array(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A JSON array, one element per line as it comes."""
    yield "["
    for i, row in enumerate(rows):
        yield ("," if i else "") + "\n" + json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False)
    yield "\n]\n"


# --- Statements ----------------------------------------------------------------------------------


def _casualty(figure: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {"party": figure["party_side"], "civilian": figure["civilian"]}
    for measure in CASUALTY_MEASURES:
        value = figure[measure]
        row[measure] = None if value is None else (value[0] if value[0] == value[1] else value)
    # low/best/high only where the source qualified a count ("at least 5") or gave a range
    qualified = {m: est for m, est in figure["estimates"].items() if est is not None and len(set(est.values())) > 1}
    if qualified:
        row["estimates"] = qualified
    return row


def _flat_casualties(figures: list[dict[str, Any]]) -> dict[str, int | None]:
    """The `CASUALTY_COLUMNS` of one statement: each end of each count summed over its parties (an
    end that some party leaves open or unknown leaves the sum unknown)."""
    flat: dict[str, int | None] = dict.fromkeys(CASUALTY_COLUMNS)
    for measure in CASUALTY_MEASURES:
        given = [figure["estimates"][measure] for figure in figures if figure["estimates"][measure] is not None]
        if not given:
            continue
        for end in ("low", "best", "high"):
            values = [est[end] for est in given]
            flat[f"{measure}_{end}"] = None if None in values else sum(values)
    return flat


def _confidence(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _name(data: dict[str, Any] | None, key: str) -> Any:
    return data[key] if data else None


def statement_export_row(card: dict[str, Any], incident_title: str | None) -> dict[str, Any]:
    """One statement card as an export row (JSON types; dates as ISO strings)."""
    article = card["article"]
    return {
        "id": card["id"],
        "incident": card["incident"],
        "incident_title": incident_title,
        "article_url": _name(article, "url"),
        "article_title": _name(article, "title"),
        "outlet": _name(article and article["outlet"], "name"),
        "outlet_country": _name(article and article["outlet"], "country") or None,
        "outlet_affiliation": _name(article and article["outlet"], "affiliation"),
        "published": article["published"].isoformat() if article and article["published"] else None,
        "speaker": card["speaker"],
        "actor": _name(card["actor"], "name"),
        "side": _name(card["side"], "slug"),
        "cue": card["cue"],
        "stance": card["stance"],
        "content": card["content"],
        "sentence": card["sentence"],
        "start": card["start"],
        "end": card["end"],
        "event_date": card["event_date"].isoformat() if card["event_date"] else None,
        "places": [place["slug"] for place in card["places"]],
        "blamed_side": _name(card["blamed_side"], "slug"),
        "casualties": [_casualty(figure) for figure in card["casualties"]],
        "casualty_parties": "; ".join(figure["party"] for figure in card["casualties"]),
        **_flat_casualties(card["casualties"]),
        "confidence": _confidence(card["confidence"]),
        "incident_confidence": _confidence(card["incident_confidence"]),
        "incident_reason": card["incident_reason"],
        "origin": card["origin"],
        "review_status": card["review_status"],
    }


def _export_rows(queryset: QuerySet) -> Iterator[dict[str, Any]]:
    rows = statement_rows(queryset.order_by("pk"), "incident__title").iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(rows, CHUNK_SIZE)):
        # The queryset is already scoped to what the exporter may see; exports carry no links.
        cards = statement_cards(chunk, user=None, links=False)
        for row, card in zip(chunk, cards, strict=True):
            yield statement_export_row(card, row["incident__title"])


def statements_export(*, queryset: QuerySet, fmt: str) -> Iterator[str]:
    """Stream the statements of `queryset` as lines of JSON Lines or CSV (a header line first).

    The caller scopes the queryset (visibility, filters); this only formats it, by id.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    rows = _export_rows(queryset)
    if fmt == "jsonl":
        return (json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    return csv_lines(EXPORT_FIELDS, ([row[name] for name in EXPORT_FIELDS] for row in rows))
