"""Which of a feed's entries a poll submits: at most FEED_MAX_ENTRIES, and none already stored.

A feed is a document someone else writes: a 100,000-item feed once created 100,000 articles in
one poll, and polling it again with nothing new took minutes, one lookup per entry. Entries are
read in the feed's order (newest first, as feeds are written) up to the cap, and the ones whose
canonical URL is already stored are found in one query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sources import dedupe
from sources.models import Article


@dataclass
class FeedEntries:
    new: list[tuple[str, Any]] = field(default_factory=list)  # (link, entry) to submit
    known: int = 0
    over_cap: int = 0  # entries with a link past the cap, not read this poll


def feed_entries_select(entries: list, *, limit: int) -> FeedEntries:
    """The first `limit` entries with a link, split into new ones (to submit) and known ones."""
    linked = [(link, entry) for entry in entries if (link := (entry.get("link") or "").strip())]
    chosen = FeedEntries(over_cap=max(0, len(linked) - limit))
    canonical = {link: dedupe.canonical_url(link) for link, _ in linked[:limit]}
    stored = set(
        Article.objects.filter(canonical_url__in={c for c in canonical.values() if c}).values_list(
            "canonical_url", flat=True
        )
    )
    for link, entry in linked[:limit]:
        url = canonical[link]
        if url and url in stored:
            chosen.known += 1
            continue
        # The same article twice in one feed is submitted once; a link with no canonical form
        # still goes to article_submit, which says why it is refused.
        if url:
            stored.add(url)
        chosen.new.append((link, entry))
    return chosen
