"""Leases: a held article is not run twice, a lost lease writes nothing, retries and give-ups."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone

from ingest import runner, steps, sweeper
from ingest.lease import Lease, LeaseHeld
from sources import services
from sources.errors import TransientError
from sources.models import Article, ArticleStatus
from tests.ingest.helpers import on_another_connection, run, submit

pytestmark = pytest.mark.django_db


def test_an_article_held_by_another_worker_is_not_run_twice(site, extractor):
    article = submit(url=site.url("/articles/15.html"))
    held_until = timezone.now() + dt.timedelta(seconds=120)
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.FETCHING, leased_until=held_until)
    with pytest.raises(LeaseHeld):
        runner.run(article.pk)
    assert site.hits["/articles/15.html"] == 0
    Article.objects.filter(pk=article.pk).update(leased_until=timezone.now() - dt.timedelta(seconds=1))
    assert run(article).status == ArticleStatus.DONE


@pytest.mark.django_db(transaction=True)
def test_a_worker_that_lost_its_lease_cannot_overwrite_the_new_run(site, extractor, monkeypatch):
    article = submit(url=site.url("/articles/16.html"))
    real_fetch = steps.fetching.fetch

    def fetch_then_lose_the_lease(url, **kwargs):
        result = real_fetch(url, **kwargs)

        # Meanwhile, on another connection, an editor re-queued the article.
        on_another_connection(
            lambda: services.article_reprocess(article_id=article.pk, from_step="fetch", enqueue=False)
        )
        return result

    monkeypatch.setattr(steps.fetching, "fetch", fetch_then_lose_the_lease)
    assert runner.run(article.pk) == []  # nothing kept: its lease was lost
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.status == ArticleStatus.QUEUED and fresh.step == "fetch" and fresh.raw == ""


@pytest.mark.django_db(transaction=True)
def test_a_slow_step_keeps_its_lease_so_the_sweeper_leaves_it_alone(site, extractor, monkeypatch, settings, sent):
    settings.INGEST_LEASE_SECONDS = 3  # renewed every second
    article = submit(url=site.url("/articles/18.html"))
    real_fetch = steps.fetching.fetch
    seen = {}

    def slow_fetch(url, **kwargs):
        result = real_fetch(url, **kwargs)

        # Three leases long, on a busy machine. Meanwhile, on other connections, the sweeper runs
        # and a second worker gets the same message.
        def look():
            seen.setdefault("swept", []).extend(sweeper.articles_sweep())
            try:
                runner.run(article.pk)
                seen["second worker"] = "ran it"
            except LeaseHeld:
                seen["held"] = seen.get("held", 0) + 1

        for _ in range(9):
            time.sleep(1)
            on_another_connection(look)
        return result

    monkeypatch.setattr(steps.fetching, "fetch", slow_fetch)
    runner.run(article.pk)
    result = Article.objects.get(pk=article.pk)
    assert result.status == ArticleStatus.DONE and result.attempts == 0
    assert seen == {"swept": [], "held": 9}
    assert result.leased_until is None


def test_a_lease_stops_renewing_once_the_article_is_taken_away():
    article = Article.objects.create(raw="<p>x</p>", step="fetch", status=ArticleStatus.FETCHING)
    until = timezone.now() + dt.timedelta(seconds=30)
    Article.objects.filter(pk=article.pk).update(leased_until=until)
    lease = Lease(article.pk, until)
    assert lease.renew() is True and lease.until > until
    services.article_reprocess(article_id=article.pk, from_step="fetch", enqueue=False)  # an editor re-queues it
    assert lease.renew() is False
    assert lease.save(status=ArticleStatus.DONE) is False
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.QUEUED


def test_a_transient_error_puts_the_article_back_for_a_retry(site, extractor):
    article = submit(url=site.url("/500"))
    with pytest.raises(TransientError):
        runner.run(article.pk, retry_delay=30)
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.status == ArticleStatus.QUEUED and fresh.step == "fetch"
    assert "will retry" in fresh.error
    assert fresh.leased_until > timezone.now() + dt.timedelta(seconds=20)


def test_an_article_that_keeps_killing_its_worker_fails_after_the_attempt_limit(settings):
    article = Article.objects.create(
        text="t", step="analyse", status=ArticleStatus.ANALYSING, attempts=settings.INGEST_MAX_ATTEMPTS
    )
    assert runner.run(article.pk) == []
    article.refresh_from_db()
    assert article.status == ArticleStatus.FAILED
    assert "gave up at step 'analyse'" in article.error
