"""The sweeper: lost and stuck work is sent again, hopeless work given up, scheduled retries left alone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ingest import runner, sweeper
from sources.errors import TransientError
from sources.models import Article, ArticleStatus
from tests.ingest.helpers import submit
from tests.testsite.content import article_html

pytestmark = pytest.mark.django_db


def test_sweeper_requeues_lost_work_and_gives_up_after_the_attempt_limit(settings, sent):
    now = timezone.now()
    long_ago = now - dt.timedelta(seconds=settings.INGEST_SWEEP_GRACE_SECONDS + 5)
    lost = Article.objects.create(text="x", step="analyse", status=ArticleStatus.QUEUED)
    dead_worker = Article.objects.create(
        text="y", step="fetch", status=ArticleStatus.FETCHING, leased_until=now - dt.timedelta(seconds=5), attempts=1
    )
    busy = Article.objects.create(
        text="z", step="fetch", status=ArticleStatus.FETCHING, leased_until=now + dt.timedelta(seconds=60)
    )
    fresh = Article.objects.create(text="w", step="fetch", status=ArticleStatus.QUEUED)
    poison = Article.objects.create(
        text="p",
        step="analyse",
        status=ArticleStatus.ANALYSING,
        leased_until=now - dt.timedelta(seconds=5),
        attempts=settings.INGEST_MAX_ATTEMPTS,
    )
    finished = Article.objects.create(text="d", step="", status=ArticleStatus.DONE)
    Article.objects.filter(pk__in=[lost.pk, finished.pk]).update(updated_at=long_ago)

    requeued = sweeper.articles_sweep(now=now)

    assert sorted(requeued) == sorted([lost.pk, dead_worker.pk])
    assert sorted(sent) == sorted([(lost.pk, "nlp"), (dead_worker.pk, "fetch")])
    poison.refresh_from_db()
    assert poison.status == ArticleStatus.FAILED and "gave up" in poison.error
    assert busy.pk not in requeued and fresh.pk not in requeued
    # The sweep touched what it re-queued, so an immediate second sweep sends nothing new.
    assert sweeper.articles_sweep(now=now) == [dead_worker.pk]


def test_an_article_waiting_for_its_retry_is_left_to_that_retry(site, extractor, settings, sent):
    """A transient error scheduled a retry: once the hold before it runs out the sweeper must not
    send a second message — two chains of retries would spend the attempts twice as fast."""
    article = submit(url=site.url("/500"))
    with pytest.raises(TransientError):
        runner.run(article.pk, retry_delay=120)
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.retry_at is not None and fresh.leased_until < fresh.retry_at
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - dt.timedelta(hours=1))

    # The hold has run out and the retry is about due: its own message takes it.
    assert sweeper.articles_sweep(now=fresh.retry_at) == []
    assert sent == []
    # The retry is overdue by the grace period too: its message was lost, so the sweeper sends one.
    overdue = fresh.retry_at + dt.timedelta(seconds=settings.INGEST_SWEEP_GRACE_SECONDS + 1)
    assert sweeper.articles_sweep(now=overdue) == [article.pk]
    assert sent == [(article.pk, "fetch")]


def test_claiming_the_article_clears_its_scheduled_retry(site, extractor):
    article = submit(url=site.url("/500"))
    with pytest.raises(TransientError):
        runner.run(article.pk, retry_delay=1)  # held until its retry is due: at once
    assert Article.objects.get(pk=article.pk).retry_at is not None
    site.add("/500", article_html(19))
    assert runner.run(article.pk) == [article.pk]
    done = Article.objects.get(pk=article.pk)
    assert (done.status, done.retry_at) == (ArticleStatus.DONE, None)
