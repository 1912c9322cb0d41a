"""The thin tasks: dead-lettered messages fail their article; eager runs go through the pipeline."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ingest import tasks
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
