"""YAML front matter: an optional ``---`` block at the top of a text file with article metadata.

Only text a person hands us (a file, a paste) may carry it; fetched pages never do, since anyone
on the web could write it. It is read with a loader that refuses anchors and aliases: nested
aliases expand exponentially once the values become strings (a 394-byte block took 8 s and
680 MB, a 760-byte one 106 s and 6 GB), and four short keys need neither. The block is capped at
``MAX_BLOCK_BYTES``. Both refusals raise :class:`FrontMatterError` with a one-line message.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from .errors import ExtractionError

# The block must open on the very first line (a UTF-8 BOM is tolerated) and close with a line of
# ``---`` or ``...``; anything else is body text (a Markdown rule, a dash-only line in an article).
_BLOCK = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
KNOWN_KEYS = ("url", "outlet", "published", "title")
MAX_BLOCK_BYTES = 4096


class FrontMatterError(ExtractionError):
    """The front matter is refused (too large, or uses YAML anchors or aliases)."""

    code = "front-matter"


_NO_REFERENCES = (
    "the front matter uses a YAML anchor or alias (a value starting with %r), which is not accepted; "
    "quote the value if the character is meant literally"
)


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader without anchors and aliases (the scanner stops at the first ``&`` or ``*``)."""

    def fetch_anchor(self) -> None:
        raise FrontMatterError(_NO_REFERENCES % "&")

    def fetch_alias(self) -> None:
        raise FrontMatterError(_NO_REFERENCES % "*")


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


def split_front_matter(text: str, *, allowed: bool = True) -> tuple[dict[str, Any], str, int]:
    """Split ``text`` into (metadata, body, offset of the body in ``text``).

    Without a well-formed block (or when front matter is not ``allowed``, as for fetched content)
    the metadata is empty and the body is the whole text. Values are strings except ``published``,
    which is a :class:`datetime.date` (``None`` when unparseable). Raises FrontMatterError for a
    block over ``MAX_BLOCK_BYTES`` or one with YAML anchors or aliases.
    """
    match = _BLOCK.match(text) if allowed else None
    if not match:
        return {}, text, 0
    block = match.group(1)
    size = len(block.encode("utf-8", "surrogatepass"))
    if size > MAX_BLOCK_BYTES:
        raise FrontMatterError(f"the front matter is {size:,} bytes, over the {MAX_BLOCK_BYTES:,}-byte limit")
    try:
        data = yaml.load(block, Loader=_PlainLoader) if block.strip() else {}  # noqa: S506 - a safe loader
    except (yaml.YAMLError, RecursionError):
        # Not YAML after all (or nested past reason): the dashes were part of the text.
        return {}, text, 0
    if not isinstance(data, dict):
        return {}, text, 0
    meta: dict[str, Any] = {}
    for key, value in data.items():
        key = str(key).strip().lower()
        if key == "published":
            meta[key] = parse_date(value)
            if meta[key] is None and value not in (None, ""):
                meta["published_text"] = str(value).strip()[:200]  # kept so the caller can say what was wrong
        elif value is not None:
            meta[key] = str(value).strip()
    offset = match.end()
    return meta, text[offset:], offset
