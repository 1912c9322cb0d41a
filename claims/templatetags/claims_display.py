"""How dates, count ranges and casualty parties read to a person: presentation, not selection.

The selectors put these strings into the plain data they return (so the API carries the same text
as the pages); templates may use them too (`{% load claims_display %}`).
"""

from __future__ import annotations

import datetime
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder

from claims.models import DatePrecision

register = template.Library()


@register.simple_tag
def dates_display(start: datetime.date | None, end: datetime.date | None, precision: str) -> str:
    """'12 Sep 2023', 'week of 12 Sep 2023', 'Sep 2023', '12–14 Sep 2023' … as a person would write it."""
    if start is None:
        return "date unknown"
    if precision == DatePrecision.YEAR:
        text = f"{start:%Y}"
    elif precision == DatePrecision.MONTH:
        text = f"{start:%b %Y}"
    elif precision == DatePrecision.WEEK:
        text = f"week of {start.day} {start:%b %Y}"
    else:
        text = f"{start.day} {start:%b %Y}"
    if end and end != start and precision in (DatePrecision.DAY, DatePrecision.UNKNOWN):
        text = f"{text} – {end.day} {end:%b %Y}"
    if precision == DatePrecision.UNKNOWN:
        text = f"about {text}"
    return text


@register.filter
def range_display(low: int | None, high: int | None) -> str:
    """'3', '2–5', or '' when no figure was given."""
    if low is None:
        return ""
    return str(low) if high in (None, low) else f"{low}–{high}"


@register.filter
def party_label(side_name: str | None, civilian: bool) -> str:
    """'Armenian civilians', 'Military (side not given)' …"""
    if side_name is None:
        return "Civilians (side not given)" if civilian else "Military (side not given)"
    return f"{side_name} {'civilians' if civilian else 'military'}"


@register.filter
def citation(card: dict) -> str:
    """A statement card as a reader cites it: who said what, in which outlet, when (the permalink is
    added where the page's address is known): 'UN spokesperson (International), in Global Wire,
    21 Sep 2023: “Five to seven civilians were reported killed.” Counterclaim, statement 7'."""
    who = card["actor"]["name"] if card.get("actor") else card["speaker"]
    if card.get("side"):
        who = f"{who} ({card['side']['name']})"
    article = card.get("article") or {}
    outlet = (article.get("outlet") or {}).get("name")
    published = article.get("published")
    where = ", ".join(
        part
        for part in (f"in {outlet}" if outlet else "", f"{published.day} {published:%b %Y}" if published else "")
        if part
    )
    said = card.get("content") or card.get("sentence") or ""
    return f"{who}{', ' + where if where else ''}: “{said}” Counterclaim, statement {card['id']}:"


@register.filter
def json_data(value) -> str:
    """`value` as JSON, for a data-json attribute (autoescaped there). Data that htmx swaps in cannot
    travel in <script type="application/json">: htmx drops every script tag it swaps
    (allowScriptTags is off)."""
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
