"""Feed polling: entries become articles, conditional GET, back-off after failures, due-feed claims."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ingest import feeds
from sources.models import Article, ArticleSource, Feed

pytestmark = pytest.mark.django_db


def _feed(site, path="/feed.xml", **kwargs) -> Feed:
    return Feed.objects.create(url=site.url(path), interval_minutes=30, **kwargs)


def _poll(feed: Feed) -> feeds.FeedPollResult | None:
    """Poll ``feed`` once and reload it; the poll's result."""
    result = feeds.feed_poll(feed_id=feed.pk)
    feed.refresh_from_db()
    return result


def test_feed_entries_become_queued_articles_with_clean_urls(site):
    feed = _feed(site)
    result = feeds.feed_poll(feed_id=feed.pk)
    assert result.new == 3 and result.error == ""
    urls = sorted(Article.objects.values_list("canonical_url", flat=True))
    assert urls == sorted(site.url(f"/articles/{n}.html") for n in (1, 2, 3))
    article = Article.objects.get(canonical_url=site.url("/articles/2.html"))
    assert article.source == ArticleSource.FEED and article.feed == feed
    assert article.title == "Report 2"
    assert article.published == dt.date(2023, 9, 1)
    feed.refresh_from_db()
    assert feed.title == "Test Wire"
    assert feed.etag == '"feed-1"'
    assert feed.failure_count == 0
    assert timezone.now() + dt.timedelta(minutes=23) < feed.next_poll_at < timezone.now() + dt.timedelta(minutes=37)


def test_an_unchanged_feed_answers_304_and_adds_nothing(site):
    feed = _feed(site)
    feeds.feed_poll(feed_id=feed.pk)
    again = feeds.feed_poll(feed_id=feed.pk)
    assert again.not_modified is True and again.new == 0
    assert Article.objects.count() == 3


def test_a_changed_feed_adds_only_the_new_entries(site):
    feed = _feed(site)
    feeds.feed_poll(feed_id=feed.pk)
    site.feed_items = [2, 3, 4, 5]
    site.feed_version = 2
    result = feeds.feed_poll(feed_id=feed.pk)
    assert (result.new, result.known) == (2, 2)
    assert Article.objects.count() == 5


def test_malformed_xml_is_a_failure_that_backs_off_longer_each_time(site):
    feed = _feed(site, "/feed-malformed.xml")
    assert "not a readable RSS/Atom feed" in _poll(feed).error
    assert feed.failure_count == 1 and "not a readable" in feed.last_error
    wait_1 = feed.next_poll_at - feed.last_polled_at
    _poll(feed)
    wait_2 = feed.next_poll_at - feed.last_polled_at
    assert feed.failure_count == 2
    # 30 min × 2 and × 4, each with ±20 % jitter.
    assert dt.timedelta(minutes=48) <= wait_1 <= dt.timedelta(minutes=72)
    assert dt.timedelta(minutes=96) <= wait_2 <= dt.timedelta(minutes=144)
    assert Article.objects.count() == 0


def test_an_unreachable_feed_records_the_error(site):
    feed = _feed(site, "/gone.xml")
    assert "HTTP 404" in _poll(feed).error
    assert feed.failure_count == 1


def test_a_success_resets_the_back_off(site):
    feed = _feed(site, failure_count=4)
    _poll(feed)
    assert feed.failure_count == 0
    assert feed.next_poll_at < timezone.now() + dt.timedelta(minutes=37)


def test_entries_pointing_at_internal_hosts_are_refused_and_not_stored(site):
    site.add(
        "/evil.xml",
        "<?xml version='1.0'?><rss version='2.0'><channel><title>E</title>"
        "<item><title>a</title><link>http://169.254.169.254/latest/meta-data/</link></item>"
        f"<item><title>b</title><link>{site.url('/articles/4.html')}</link></item>"
        "</channel></rss>",
        "application/rss+xml",
    )
    feed = _feed(site, "/evil.xml")
    result = feeds.feed_poll(feed_id=feed.pk)
    assert result.new == 1
    assert len(result.refused) == 1 and "link-local" in result.refused[0]
    assert Article.objects.count() == 1


def test_only_due_active_feeds_are_claimed_and_only_once(site):
    now = timezone.now()
    due = _feed(site, next_poll_at=now - dt.timedelta(minutes=1))
    never_polled = Feed.objects.create(url=site.url("/feed.xml?b=1"))
    Feed.objects.create(url=site.url("/feed.xml?c=1"), next_poll_at=now + dt.timedelta(minutes=5))
    Feed.objects.create(url=site.url("/feed.xml?d=1"), is_active=False, next_poll_at=now - dt.timedelta(minutes=5))
    assert sorted(feeds.feeds_claim_due(now=now)) == sorted([due.pk, never_polled.pk])
    assert feeds.feeds_claim_due(now=now) == []


def test_one_poll_reads_at_most_the_capped_number_of_entries_in_feed_order(site, settings):
    settings.FEED_MAX_ENTRIES = 25
    site.feed_items = list(range(1, 501))
    result = feeds.feed_poll(feed_id=_feed(site).pk)
    assert (result.new, result.known, result.over_cap) == (25, 0, 475)
    urls = set(Article.objects.values_list("canonical_url", flat=True))
    assert urls == {site.url(f"/articles/{n}.html") for n in range(1, 26)}


def test_polling_again_with_nothing_new_takes_the_same_few_queries_however_long_the_feed(
    site, settings, django_assert_max_num_queries
):
    settings.FEED_MAX_ENTRIES = 300
    feed = _feed(site)
    site.feed_items = list(range(1, 301))
    feeds.feed_poll(feed_id=feed.pk)
    site.feed_version = 2  # a changed ETag: the feed is read again, and every entry is known
    with django_assert_max_num_queries(6):
        again = feeds.feed_poll(feed_id=feed.pk)
    assert (again.new, again.known) == (0, 300)
    assert Article.objects.count() == 300
