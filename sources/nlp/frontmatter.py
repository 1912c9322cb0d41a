"""YAML front matter: an optional ``---`` block at the top of a text file with article metadata."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

# The block must open on the very first line (a UTF-8 BOM is tolerated) and close with a line of
# ``---`` or ``...``; anything else is body text (a Markdown rule, a dash-only line in an article).
_BLOCK = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
KNOWN_KEYS = ("url", "outlet", "published", "title")


def parse_date(value: Any) -> dt.date | None:
    """A ``YYYY-MM-DD`` string (or a YAML date) as a date; ``None`` when it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def split_front_matter(text: str) -> tuple[dict[str, Any], str, int]:
    """Split ``text`` into (metadata, body, offset of the body in ``text``).

    Without a well-formed block the metadata is empty and the body is the whole text. Values are
    strings except ``published``, which is a :class:`datetime.date` (``None`` when unparseable).
    """
    match = _BLOCK.match(text)
    if not match:
        return {}, text, 0
    try:
        data = yaml.safe_load(match.group(1)) if match.group(1).strip() else {}
    except yaml.YAMLError:
        return {}, text, 0
    if not isinstance(data, dict):
        return {}, text, 0
    meta: dict[str, Any] = {}
    for key, value in data.items():
        key = str(key).strip().lower()
        if key == "published":
            meta[key] = parse_date(value)
        elif value is not None:
            meta[key] = str(value).strip()
    offset = match.end()
    return meta, text[offset:], offset
