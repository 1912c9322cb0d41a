"""Polling RSS/Atom feeds: conditional GET, new entries submitted as articles, back-off on failure.

A feed is claimed for a poll by pushing its `next_poll_at` ahead with a conditional UPDATE, so two
pollers never poll it at once; its entries go through `article_submit`, so a known URL is never
stored twice.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import random
from dataclasses import dataclass, field

import feedparser
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from sources import fetching
from sources.errors import FetchError, SubmissionRefused
from sources.feed_entries import feed_entries_select
from sources.models import ArticleSource, Feed
from sources.services import article_submit

logger = logging.getLogger(__name__)


@dataclass
class FeedPollResult:
    feed_id: int
    not_modified: bool = False
    new: int = 0
    known: int = 0
    refused: list[str] = field(default_factory=list)
    error: str = ""
    over_cap: int = 0


def _entry_date(entry) -> dt.date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    try:
        return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    except ValueError:
        return None


def feed_backoff_minutes(feed: Feed) -> float:
    """The feed's own interval, doubled per consecutive failure, capped, with ±20% jitter."""
    base = feed.interval_minutes * (2 ** min(feed.failure_count, 16)) if feed.failure_count else feed.interval_minutes
    return min(base, settings.FEED_MAX_BACKOFF_MINUTES) * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not crypto


def _failed(feed: Feed, message: str) -> FeedPollResult:
    feed.failure_count += 1
    feed.last_error = message[:2000]
    feed.last_polled_at = timezone.now()
    feed.next_poll_at = feed.last_polled_at + dt.timedelta(minutes=feed_backoff_minutes(feed))
    feed.save(update_fields=["failure_count", "last_error", "last_polled_at", "next_poll_at"])
    logger.warning("feed %s failed (%s in a row): %s", feed.pk, feed.failure_count, message)
    return FeedPollResult(feed_id=feed.pk, error=message)


def feed_poll(*, feed_id: int) -> FeedPollResult | None:
    """Fetch the feed (conditionally) and submit its new entries; None if the feed is gone."""
    feed = Feed.objects.filter(pk=feed_id, is_active=True).first()
    if feed is None:
        return None
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    try:
        response = fetching.fetch(feed.url, accept=fetching.FEED_TYPES, headers=headers)
    except FetchError as exc:
        return _failed(feed, exc.message)
    result = FeedPollResult(feed_id=feed.pk, not_modified=response.not_modified)
    if not response.not_modified:
        # A stream, never bytes or a str: feedparser would treat those as a file name or URL
        # and open or fetch it itself.
        parsed = feedparser.parse(io.BytesIO(response.body), response_headers={"content-type": response.content_type})
        if not parsed.entries and (parsed.bozo or not parsed.version):
            reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "")() or str(
                parsed.get("bozo_exception") or "no entries"
            )
            return _failed(feed, f"not a readable RSS/Atom feed: {reason}")
        if not feed.title and parsed.feed.get("title"):
            feed.title = parsed.feed.get("title", "")[:300]
        entries = feed_entries_select(parsed.entries, limit=settings.FEED_MAX_ENTRIES)
        result.known, result.over_cap = entries.known, entries.over_cap
        if entries.over_cap:
            logger.warning("feed %s lists %s entries past the cap; not read", feed.pk, entries.over_cap)
        for link, entry in entries.new:
            try:
                _article, created = article_submit(
                    url=link,
                    title=entry.get("title", "")[:500],
                    published=_entry_date(entry),
                    source=ArticleSource.FEED,
                    feed=feed,
                )
            except SubmissionRefused as exc:
                result.refused.append(f"{link}: {exc.message}")
                continue
            if created:
                result.new += 1
            else:
                result.known += 1
        feed.etag = response.etag[:500]
        feed.last_modified = response.last_modified[:100]
    feed.failure_count = 0
    feed.last_error = "; ".join(result.refused)[:2000]
    feed.last_polled_at = timezone.now()
    feed.next_poll_at = feed.last_polled_at + dt.timedelta(minutes=feed_backoff_minutes(feed))
    feed.save()
    return result


def feeds_claim_due(*, now: dt.datetime | None = None) -> list[int]:
    """Ids of active feeds whose time has come, each pushed ahead so a second poller skips it."""
    now = now or timezone.now()
    due = Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
    claimed = []
    for feed_id in Feed.objects.filter(due, is_active=True).order_by("next_poll_at").values_list("pk", flat=True)[:500]:
        hold = now + dt.timedelta(seconds=settings.FETCH_DEADLINE * 4)
        if Feed.objects.filter(due, pk=feed_id, is_active=True).update(next_poll_at=hold):
            claimed.append(feed_id)
    return claimed
