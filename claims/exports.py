"""Streaming exports: statements as JSON Lines or CSV (the export command, the pages and the API),
and the one formula-safe CSV writer and JSON array streamer every download uses.

One statement per line with its permalink (`url`), its incident (id, title, dates), its article
(id, URL) and outlet (country, affiliation), speaker, actor, side, cue, stance, content, sentence,
places (and the coordinates of those located), casualty figures (as JSON per party, and as flat
numeric columns `killed_low`, `killed_best`, `killed_high`, … that load into pandas as they are),
counterclaim links (`relations`: kind, direction, other statement, status) and review status;
confidences rounded to two decimals. Other tools read the JSON Lines keys
`incident`, `article_url`, `sentence` and `side`: keep those spelled exactly so.

Rows come from the statement cards (`claims.selectors.cards`) over a server-side cursor, a chunk at
a time (a fixed number of queries per chunk): an export never loads article bodies and never holds more than one chunk in memory.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.urls import reverse

from claims.models import CASUALTY_MEASURES, Statement, StatementPlace
from claims.selectors.cards import STATEMENT_WORDS, relation_links, statement_cards, statement_rows

__all__ = [
    "CASUALTY_COLUMNS",
    "EXPORT_FIELDS",
    "FORMATS",
    "csv_lines",
    "geojson_lines",
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
    "url",
    "incident",
    "incident_title",
    "incident_start_date",
    "incident_end_date",
    "article_id",
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
    "place_coordinates",
    "blamed_side",
    "casualties",
    "casualty_parties",
    *CASUALTY_COLUMNS,
    "confidence",
    "incident_confidence",
    "incident_reason",
    "relations",
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


def _json_items(opening: str, items: Iterable[Any], closing: str) -> Iterator[str]:
    yield opening
    for i, item in enumerate(items):
        yield ("," if i else "") + "\n" + json.dumps(item, cls=DjangoJSONEncoder, ensure_ascii=False)
    yield "\n" + closing + "\n"


def json_array(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A JSON array, one element per line as it comes."""
    return _json_items("[", rows, "]")


def geojson_lines(features: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A GeoJSON FeatureCollection, one feature per line as it comes."""
    return _json_items('{"type": "FeatureCollection", "features": [', features, "]}")


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


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _relation(link: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": link["kind"],
        "direction": link["direction"],
        "statement": link["statement"],
        "status": link["status"],
    }


def statement_export_row(
    card: dict[str, Any], incident: dict[str, Any], *, url: str = "", coordinates: list | None = None
) -> dict[str, Any]:
    """One statement card as an export row (JSON types; dates as ISO strings). `incident` holds the
    `incident__title`, `incident__start_date` and `incident__end_date` of its statement row."""
    article = card["article"]
    return {
        "id": card["id"],
        "url": url,
        "incident": card["incident"],
        "incident_title": incident["incident__title"],
        "incident_start_date": _iso(incident["incident__start_date"]),
        "incident_end_date": _iso(incident["incident__end_date"]),
        "article_id": _name(article, "id"),
        "article_url": _name(article, "url"),
        "article_title": _name(article, "title"),
        "outlet": _name(article and article["outlet"], "name"),
        "outlet_country": _name(article and article["outlet"], "country") or None,
        "outlet_affiliation": _name(article and article["outlet"], "affiliation"),
        "published": _iso(article and article["published"]),
        "speaker": card["speaker"],
        "actor": _name(card["actor"], "name"),
        "side": _name(card["side"], "slug"),
        "cue": card["cue"],
        "stance": card["stance"],
        "content": card["content"],
        "sentence": card["sentence"],
        "start": card["start"],
        "end": card["end"],
        "event_date": _iso(card["event_date"]),
        "places": [place["slug"] for place in card["places"]],
        "place_coordinates": coordinates or [],
        "blamed_side": _name(card["blamed_side"], "slug"),
        "casualties": [_casualty(figure) for figure in card["casualties"]],
        "casualty_parties": "; ".join(figure["party"] for figure in card["casualties"]),
        **_flat_casualties(card["casualties"]),
        "confidence": _confidence(card["confidence"]),
        "incident_confidence": _confidence(card["incident_confidence"]),
        "incident_reason": card["incident_reason"],
        "relations": [_relation(link) for link in card["relations"]],
        "origin": card["origin"],
        "review_status": card["review_status"],
    }


def _place_coordinates(ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The located places each statement names: [{place, lat, lon}], in the card's order (by name)."""
    located: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for statement_id, slug, lat, lon in (
        StatementPlace.objects.filter(statement_id__in=ids, place__latitude__isnull=False)
        .order_by("place__name", "place_id")
        .values_list("statement_id", "place__slug", "place__latitude", "place__longitude")
    ):
        located[statement_id].append({"place": slug, "lat": lat, "lon": lon})
    return located


#: The incident columns an export row reads beside the card.
_INCIDENT_VALUES = ("incident__title", "incident__start_date", "incident__end_date")


def _export_rows(queryset: QuerySet, visible: QuerySet, base_url: str) -> Iterator[dict[str, Any]]:
    rows = statement_rows(queryset.order_by("pk"), *_INCIDENT_VALUES).iterator(chunk_size=CHUNK_SIZE)
    permalink = base_url + reverse("claims:statement", args=[0]).replace("/0/", "/{}/")
    while chunk := list(islice(rows, CHUNK_SIZE)):
        ids = [row["id"] for row in chunk]
        cards = statement_cards(chunk, user=None, links=False)
        relations = relation_links(ids, user=None, visible=visible)
        coordinates = _place_coordinates(ids)
        for row, card in zip(chunk, cards, strict=True):
            card["relations"] = relations.get(card["id"], [])
            yield statement_export_row(
                card, row, url=permalink.format(card["id"]), coordinates=coordinates.get(card["id"])
            )


def statements_export(
    *, queryset: QuerySet, fmt: str, visible: QuerySet | None = None, base_url: str = ""
) -> Iterator[str]:
    """Stream the statements of `queryset` as lines of JSON Lines or CSV (a header line first).

    The caller scopes the queryset (visibility, filters); this only formats it, by id. `visible` is
    what the exporter may see, which counterclaim links may name (default: what anonymous visitors
    see); `base_url` ("https://example.org") makes each row's permalink absolute.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    rows = _export_rows(queryset, Statement.objects.visible_to(None) if visible is None else visible, base_url)
    if fmt == "jsonl":
        return (json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    return csv_lines(EXPORT_FIELDS, ([row[name] for name in EXPORT_FIELDS] for row in rows))
