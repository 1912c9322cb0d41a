"""Celery tasks: thin wrappers that take ids and call the pipeline, feeds or sweeper.

Every task is safe to run twice: the pipeline claims an article with a conditional UPDATE, so a
duplicate or redelivered message finds nothing to do. Transient errors (timeouts, 5xx answers, a
database that went away) are retried with exponential back-off and jitter; anything else ends as a
failed Article with its message. A message the broker gave up on (the quorum queue's delivery
limit, e.g. an article that kills its worker every time) arrives through the `dead` queue and
marks its article failed.
"""

from __future__ import annotations

import random

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from sources import pipeline
from sources.errors import TransientError

TRANSIENT = (TransientError, OperationalError, InterfaceError)


def _backoff(retries: int) -> float:
    """Exponential back-off with jitter: base·2^n, randomised to [½, 1]× so retries spread out."""
    ceiling = min(settings.INGEST_RETRY_BACKOFF * (2**retries), 3600.0)
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not crypto


def _dead_lettered(request) -> bool:
    return (request.delivery_info or {}).get("routing_key") == "dead"


def _advance(task, article_id: int, queue: str) -> None:
    from sources.services import article_enqueue

    if _dead_lettered(task.request):
        pipeline.article_fail(
            article_id=article_id,
            error=f"gave up: the broker delivered this article's {queue} message {settings.CELERY_DELIVERY_LIMIT} "
            "times and no worker finished it",
        )
        return
    eager = bool(task.request.is_eager)
    last_try = task.request.retries >= settings.INGEST_RETRY_MAX
    delay = _backoff(task.request.retries)
    try:
        run = pipeline.articles_run_batch if pipeline.queue_batch_size(queue) > 1 else pipeline.article_run
        run(
            article_id=article_id,
            queue=queue,
            enqueue=article_enqueue,
            retry_delay=None if (eager or last_try) else delay,
        )
    except pipeline.LeaseHeld as held:
        if eager:
            return
        # Someone holds the article (or a worker died holding it): look again when the lease ends.
        wait = held.seconds_left + random.uniform(0, 2)  # noqa: S311 - jitter, not crypto
        raise task.retry(countdown=wait, max_retries=task.request.retries + 1) from None
    except TRANSIENT as exc:
        raise task.retry(exc=exc, countdown=delay, max_retries=settings.INGEST_RETRY_MAX) from None


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def article_fetch(self, article_id: int) -> None:
    """Fetch, extract text and dedupe article `article_id` (the `fetch` queue)."""
    _advance(self, article_id, pipeline.FETCH_QUEUE)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def article_analyse(self, article_id: int) -> None:
    """Analyse article `article_id`, with the other articles waiting for it (the `nlp` queue)."""
    _advance(self, article_id, pipeline.NLP_QUEUE)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def article_link(self, article_id: int) -> None:
    """Store article `article_id`'s statements and link them to incidents, with the other articles
    waiting for it (the `link` queue)."""
    _advance(self, article_id, pipeline.LINK_QUEUE)


@shared_task(ignore_result=True)
def articles_sweep() -> int:
    """Re-queue articles whose message was lost or whose worker died (run by celery beat)."""
    from sources.sweeper import articles_sweep as sweep

    return len(sweep())


@shared_task(ignore_result=True)
def feeds_poll_due() -> int:
    """Queue a poll for every feed whose interval (or back-off) has passed (run by celery beat)."""
    from sources.feeds import feeds_claim_due

    due = feeds_claim_due()
    for feed_id in due:
        feed_poll.delay(feed_id)
    return len(due)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def feed_poll(self, feed_id: int) -> None:
    """Poll one feed; its failures are recorded on the Feed and back off its next poll."""
    from sources.feeds import feed_poll as poll

    poll(feed_id=feed_id)
