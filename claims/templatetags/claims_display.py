"""How dates, count ranges and casualty parties read to a person: presentation, not selection.

The selectors put these strings into the plain data they return (so the API carries the same text
as the pages); templates may use them too (`{% load claims_display %}`).
"""

from __future__ import annotations

import datetime
import json
import re

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

from claims.models import DatePrecision
from claims.speakers import is_bare_pronoun

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


UNRESOLVED_SPEAKER = "Unresolved speaker"


register.filter("is_bare_pronoun", is_bare_pronoun)


@register.filter
def speaker_label(speaker: str | None) -> str:
    """The speaker as written, unless it is a bare pronoun ("He", "It"), which names no one and
    must not read as fact: then 'Unresolved speaker'."""
    return UNRESOLVED_SPEAKER if is_bare_pronoun(speaker) else (speaker or UNRESOLVED_SPEAKER)


@register.filter
def shown_relations(relations: list[dict] | None, show_suggestions: bool) -> list[dict]:
    """A card's counterclaim links a viewer sees: the machine's suggestions only with
    `show_suggestions` (editors), so a card whose only links are suggestions shows none."""
    return [r for r in relations or () if show_suggestions or r.get("status") != "suggested"]


def _claim_span(sentence: str, content: str) -> tuple[int, int] | None:
    """Where the claim's words occur in the sentence, whatever the spacing or case; None if not."""
    words = content.split()
    if not words or not sentence:
        return None
    found = re.search(r"\s+".join(map(re.escape, words)), sentence, re.IGNORECASE)
    return found.span() if found else None


@register.filter
def claim_in_sentence(sentence: str | None, content: str | None) -> SafeString:
    """The sentence, escaped, with the claim (`content`) marked where it occurs in it; the sentence
    alone when the claim is not in it, the claim alone (marked) when there is no sentence."""
    sentence, content = sentence or "", (content or "").strip()
    if not sentence:
        return format_html('<mark class="claim">{}</mark>', content) if content else SafeString("")
    span = _claim_span(sentence, content)
    if span is None:
        return escape(sentence)
    start, end = span
    return format_html('{}<mark class="claim">{}</mark>{}', sentence[:start], sentence[start:end], sentence[end:])


@register.filter
def claim_outside_sentence(sentence: str | None, content: str | None) -> bool:
    """True when the claim is worded apart from its sentence (an editor's summary, a quote that
    runs on): the card then shows it on its own line, once."""
    return bool(sentence and (content or "").strip() and _claim_span(sentence, content or "") is None)


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
