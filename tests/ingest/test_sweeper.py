"""The sweeper: lost and stuck work is sent again, hopeless work given up, scheduled retries left alone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ingest import sweeper
from sources.models import Article, ArticleStatus

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
