"""The runner: queues and hand-overs, batches, and one error ladder for every batch size."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.utils import timezone

from ingest import runner, steps, sweeper
from ingest.lease import LeaseHeld
from sources.models import Article, ArticleStatus
from tests.ingest.helpers import run, submit

pytestmark = pytest.mark.django_db


def test_in_process_transient_errors_fail_with_the_reason(site, extractor):
    article = run(submit(url=site.url("/500")))
    assert article.status == ArticleStatus.FAILED and "HTTP 500" in article.error


def test_the_nlp_queue_hands_over_after_the_fetch_stage(site, extractor, django_capture_on_commit_callbacks):
    article = submit(url=site.url("/articles/17.html"))
    handed = []
    runner.run(article.pk, queue="fetch", enqueue=lambda article_id, queue: handed.append((article_id, queue)))
    result = Article.objects.get(pk=article.pk)
    assert result.step == "analyse" and result.status == ArticleStatus.QUEUED and result.leased_until is None
    assert extractor.calls == 0
    with django_capture_on_commit_callbacks(execute=True):
        runner.run(article.pk, queue="nlp", enqueue=lambda *args: handed.append(args))
    result = Article.objects.get(pk=article.pk)
    assert result.step == "store" and result.status == ArticleStatus.QUEUED
    assert handed[-1] == (article.pk, "link")
    assert runner.run(article.pk, queue="link") == [article.pk]
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.DONE


def _replace_run_many(monkeypatch, name: str, run_many) -> None:
    """Stand `run_many` in for step `name`'s, in batches and for single articles alike."""
    monkeypatch.setitem(steps.STEP_BY_NAME, name, dataclasses.replace(steps.STEP_BY_NAME[name], run_many=run_many))


def _waiting_to_link(site, numbers: list[int]) -> list[Article]:
    """Articles analysed and stored, handed over to the link queue."""
    articles = []
    for n in numbers:
        article = submit(url=site.url(f"/articles/{n}.html"))
        for queue in ("fetch", "nlp"):
            runner.run(article.pk, queue=queue, enqueue=lambda *args: None)
        article.refresh_from_db()
        assert (article.step, article.status) == ("store", ArticleStatus.QUEUED)
        articles.append(article)
    return articles


def test_one_link_task_links_the_articles_waiting_with_it_in_one_run(site, extractor, monkeypatch, settings):
    settings.LINK_BATCH = 3
    articles = _waiting_to_link(site, [31, 32, 33, 34])
    runs = []
    _replace_run_many(
        monkeypatch, "link", lambda batch: runs.append(sorted(a.pk for a in batch)) or steps.link_many(batch)
    )

    finished = runner.run(articles[2].pk, queue="link")

    # Its own article and the two that waited longest, in one linking run; the fourth waits its turn.
    assert sorted(finished) == sorted([articles[2].pk, articles[0].pk, articles[1].pk])
    assert runs == [sorted(finished)]
    for article in Article.objects.filter(pk__in=finished):
        assert (article.status, article.step, article.leased_until) == (ArticleStatus.DONE, "", None)
        assert article.statements.exists() and not article.statements.filter(incident__isnull=True).exists()
    assert Article.objects.get(pk=articles[3].pk).status == ArticleStatus.QUEUED
    # The others' own messages take what still waits, then find nothing left to do.
    assert runner.run(articles[0].pk, queue="link") == [articles[3].pk]
    assert runner.run(articles[3].pk, queue="link") == []


def test_an_article_that_breaks_a_link_batch_fails_alone(site, extractor, monkeypatch):
    articles = _waiting_to_link(site, [35, 36, 37])
    bad = articles[1]

    def link(batch):
        if any(a.pk == bad.pk for a in batch):
            raise ValueError("a statement the linker cannot read")
        return steps.link_many(batch)

    _replace_run_many(monkeypatch, "link", link)
    taken = runner.run(articles[0].pk, queue="link")
    assert sorted(taken) == sorted(a.pk for a in articles)
    for article in (articles[0], articles[2]):
        article.refresh_from_db()
        assert article.status == ArticleStatus.DONE and not article.statements.filter(incident__isnull=True).exists()
    failed = Article.objects.get(pk=bad.pk)
    assert failed.status == ArticleStatus.FAILED and failed.step == "link"
    assert "a statement the linker cannot read" in failed.error


def _waiting_to_analyse(site, numbers: list[int]) -> list[Article]:
    """Articles fetched, extracted and deduped, handed over to the nlp queue."""
    articles = []
    for n in numbers:
        article = submit(url=site.url(f"/articles/{n}.html"))
        runner.run(article.pk, queue="fetch", enqueue=lambda *args: None)
        article.refresh_from_db()
        assert (article.step, article.status) == ("analyse", ArticleStatus.QUEUED)
        articles.append(article)
    return articles


def test_one_nlp_task_analyses_the_articles_waiting_with_it_in_one_batch(
    site, extractor, settings, django_capture_on_commit_callbacks
):
    settings.NLP_BATCH_SIZE = 3
    articles = _waiting_to_analyse(site, [41, 42, 43, 44])
    handed = []
    with django_capture_on_commit_callbacks(execute=True):
        taken = runner.run(articles[1].pk, queue="nlp", enqueue=lambda *args: handed.append(args))

    # One extract_many call over its own article and the two that waited longest.
    assert sorted(taken) == sorted(a.pk for a in articles[:3])
    assert extractor.batches == [3]
    # Handed over to the link queue with one message: one link task takes them all.
    assert len(handed) == 1 and handed[0][1] == "link" and handed[0][0] in taken
    for article in Article.objects.filter(pk__in=taken):
        assert (article.step, article.status, article.leased_until) == ("store", ArticleStatus.QUEUED, None)
        assert article.analysis["statements"] and article.attempts == 0
    assert Article.objects.get(pk=articles[3].pk).step == "analyse"
    # A message whose article was taken in that batch takes what still waits instead.
    assert runner.run(articles[0].pk, queue="nlp") == [articles[3].pk]
    assert Article.objects.get(pk=articles[0].pk).attempts == 0
    assert runner.run(articles[2].pk, queue="nlp") == []
    # Storing and linking finish them.
    assert sorted(runner.run(handed[0][0], queue="link")) == sorted(a.pk for a in articles)
    assert set(Article.objects.filter(pk__in=[a.pk for a in articles]).values_list("status", flat=True)) == {
        ArticleStatus.DONE
    }


def test_a_message_whose_article_is_held_takes_the_waiting_ones_or_waits_for_the_lease(site, extractor, settings):
    settings.NLP_BATCH_SIZE = 2
    articles = _waiting_to_analyse(site, [38, 39, 40])
    held = articles[0]
    Article.objects.filter(pk=held.pk).update(leased_until=timezone.now() + dt.timedelta(seconds=30))
    taken = runner.run(held.pk, queue="nlp")
    assert sorted(taken) == sorted([articles[1].pk, articles[2].pk])
    # Nothing else waits: the message is to be retried once the holder's lease runs out.
    with pytest.raises(LeaseHeld) as raised:
        runner.run(held.pk, queue="nlp")
    assert 25 < raised.value.seconds_left <= 30


def test_an_article_the_extractor_refuses_fails_alone_in_its_batch(site, extractor, settings):
    articles = _waiting_to_analyse(site, [45, 46, 47])
    Article.objects.filter(pk=articles[1].pk).update(text="UNREADABLE text that the extractor refuses.")
    runner.run(articles[0].pk, queue="nlp")
    assert extractor.batches == [3]
    refused = Article.objects.get(pk=articles[1].pk)
    assert (refused.status, refused.step) == (ArticleStatus.FAILED, "analyse")
    assert refused.error == "analyse: the extractor cannot read this text" and refused.leased_until is None
    for article in (articles[0], articles[2]):
        article.refresh_from_db()
        assert (article.step, article.status) == ("store", ArticleStatus.QUEUED)


def test_a_batch_that_crashes_is_run_one_by_one_and_only_the_culprit_fails(site, extractor, monkeypatch):
    articles = _waiting_to_analyse(site, [48, 49, 50])
    culprit = articles[2]

    def crash_on_batches(batch):
        if len(batch) > 1:
            raise RuntimeError("the batch broke")
        return steps.analyse_many(batch)

    _replace_run_many(monkeypatch, "analyse", crash_on_batches)
    Article.objects.filter(pk=culprit.pk).update(text="UNREADABLE as well.")
    runner.run(articles[0].pk, queue="nlp")
    statuses = dict(Article.objects.filter(pk__in=[a.pk for a in articles]).values_list("pk", "status"))
    assert statuses == {
        articles[0].pk: ArticleStatus.QUEUED,
        articles[1].pk: ArticleStatus.QUEUED,
        culprit.pk: ArticleStatus.FAILED,
    }
    assert Article.objects.get(pk=culprit.pk).error == "analyse: the extractor cannot read this text"


def test_a_rolled_back_batch_keeps_its_leases(site, extractor, monkeypatch, settings):
    """A batch whose recording fails after some articles were finished must not think them let go."""
    settings.LINK_BATCH = 2
    articles = _waiting_to_link(site, [51, 52])
    real_finish = runner.finish
    calls = []

    def finish_then_break(lease, **values):
        calls.append(lease.article_id)
        done = real_finish(lease, **values)
        if len(calls) == 2:
            raise RuntimeError("the database went strange after the second write")
        return done

    monkeypatch.setattr(runner, "finish", finish_then_break)
    runner.run(articles[0].pk, queue="link")
    # The batch rolled back and each article was then run on its own, with the lease it still held.
    for article in articles:
        article.refresh_from_db()
        assert (article.status, article.step, article.leased_until) == (ArticleStatus.DONE, "", None)


@pytest.mark.django_db(transaction=True)
def test_a_hand_over_whose_message_cannot_be_sent_fails_nothing(site, extractor, settings, monkeypatch, sent):
    """The broker is down as the batch commits: the articles stay recorded at their next step and
    the sweeper sends them again, rather than the analysis that ran being counted as failed."""
    articles = _waiting_to_analyse(site, [54, 55])

    def broker_down(article_id, queue):
        raise OSError("[Errno 111] Connection refused")

    runner.run(articles[0].pk, queue="nlp", enqueue=broker_down)
    for article in articles:
        article.refresh_from_db()
        assert (article.step, article.status, article.error) == ("store", ArticleStatus.QUEUED, "")
    later = timezone.now() + dt.timedelta(seconds=settings.INGEST_SWEEP_GRACE_SECONDS + 1)
    assert sorted(sweeper.articles_sweep(now=later)) == sorted(a.pk for a in articles)
    assert sorted(sent) == sorted((a.pk, "link") for a in articles)
