"""The thin tasks: dead-lettered messages fail their article; eager runs go through the pipeline."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from ingest import runner, tasks
from sources.errors import TransientError
from sources.models import Article, ArticleStatus
from tests.ingest.helpers import submit

pytestmark = pytest.mark.django_db


def _task(routing_key: str = "fetch", retries: int = 0, eager: bool = False):
    request = SimpleNamespace(delivery_info={"routing_key": routing_key}, retries=retries, is_eager=eager)
    return SimpleNamespace(request=request)


def test_a_dead_lettered_message_marks_its_article_failed_without_running_it(site, extractor):
    article = Article.objects.create(url=site.url("/articles/60.html"), step="fetch", status=ArticleStatus.FETCHING)
    tasks._advance(_task(routing_key="dead"), article.pk, "fetch")
    article.refresh_from_db()
    assert article.status == ArticleStatus.FAILED
    assert "gave up" in article.error and "no worker finished it" in article.error
    assert site.hits["/articles/60.html"] == 0


def test_an_eager_task_runs_the_article_through_every_queue(site, extractor):
    article = submit(url=site.url("/articles/61.html"))
    tasks.article_fetch.apply(args=[article.pk])
    article.refresh_from_db()
    # The hand-over to the nlp queue is sent on commit; the test transaction never commits.
    assert article.step == "analyse" and article.status == ArticleStatus.QUEUED
    tasks.article_analyse.apply(args=[article.pk])
    article.refresh_from_db()
    assert article.step == "store" and article.status == ArticleStatus.QUEUED and article.analysis["statements"]
    tasks.article_link.apply(args=[article.pk])
    article.refresh_from_db()
    assert article.status == ArticleStatus.DONE and article.statements.exists()
    assert not article.statements.filter(incident__isnull=True).exists()


def test_backoff_grows_exponentially_with_jitter(settings):
    settings.INGEST_RETRY_BACKOFF = 10
    for retries in range(5):
        ceiling = 10 * 2**retries
        delays = [tasks._backoff(retries) for _ in range(50)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(set(delays)) > 1


def _task_that_records_retries(retries: int = 0):
    task = _task(retries=retries)
    task.retried = []

    def retry(**kwargs):
        task.retried.append(kwargs)
        return RuntimeError("retry")

    task.retry = retry
    return task


def test_a_message_for_an_article_waiting_for_its_retry_starts_no_second_chain(site, extractor):
    """Another message (the sweeper's, a duplicate) finds the article held for its scheduled retry:
    it leaves the article to that retry instead of waiting and retrying alongside it."""
    article = submit(url=site.url("/500"))
    with pytest.raises(TransientError):
        runner.run(article.pk, retry_delay=120)
    task = _task_that_records_retries()
    tasks._advance(task, article.pk, "fetch")
    assert task.retried == []
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.status == ArticleStatus.QUEUED and fresh.attempts == 1 and fresh.retry_at is not None


def test_a_message_for_an_article_a_worker_holds_waits_for_the_lease(site, extractor):
    article = submit(url=site.url("/articles/62.html"))
    Article.objects.filter(pk=article.pk).update(
        status=ArticleStatus.FETCHING, leased_until=timezone.now() + dt.timedelta(seconds=30)
    )
    task = _task_that_records_retries()
    with pytest.raises(RuntimeError, match="retry"):
        tasks._advance(task, article.pk, "fetch")
    assert len(task.retried) == 1 and 28 < task.retried[0]["countdown"] < 33
