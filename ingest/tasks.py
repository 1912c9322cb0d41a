"""Celery tasks: thin wrappers that take ids and call the runner, the feeds or the sweeper.

Every task is safe to run twice: the runner claims an article with a conditional UPDATE, so a
duplicate or redelivered message finds nothing to do. Transient errors (timeouts, 5xx answers, a
database that went away) are retried with exponential back-off and jitter; anything else ends as a
failed Article with its message. One article has one chain of retries: a message that finds its
article waiting for a scheduled retry leaves it to that retry. A message the broker gave up on (the
quorum queue's delivery limit, e.g. an article that kills its worker every time) arrives through
the dead-letter queue and fails its article.

An nlp worker's processes load the spaCy model as they start, not on their first article.
"""

from __future__ import annotations

import random

from celery import shared_task
from celery.signals import celeryd_after_setup, worker_process_init
from django.conf import settings
from django.db import InterfaceError, OperationalError

from ingest import feeds, runner, sweeper
from ingest.lease import LeaseHeld, give_up
from ingest.names import DEAD_QUEUE
from ingest.queues import enqueue
from sources.errors import TransientError

TRANSIENT = (TransientError, OperationalError, InterfaceError)


def _backoff(retries: int) -> float:
    """Exponential back-off with jitter: base·2^n, randomised to [½, 1]× so retries spread out."""
    ceiling = min(settings.INGEST_RETRY_BACKOFF * (2**retries), 3600.0)
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not crypto


def _dead_lettered(request) -> bool:
    return (request.delivery_info or {}).get("routing_key") == DEAD_QUEUE


def _advance(task, article_id: int, queue: str) -> None:
    if _dead_lettered(task.request):
        give_up(
            article_id,
            f"the broker delivered its {queue} message {settings.CELERY_DELIVERY_LIMIT} times and no worker finished it",
        )
        return
    eager = bool(task.request.is_eager)
    last_try = task.request.retries >= settings.INGEST_RETRY_MAX
    delay = _backoff(task.request.retries)
    try:
        runner.run(article_id, queue=queue, enqueue=enqueue, retry_delay=None if (eager or last_try) else delay)
    except LeaseHeld as held:
        if eager or held.retry_scheduled:
            # In-process there is nobody to wait; and an article waiting for its retry belongs to
            # that retry's chain of messages — a second chain would spend its attempts twice as fast.
            return
        # Someone holds the article (or a worker died holding it): look again when the lease ends.
        wait = held.seconds_left + random.uniform(0, 2)  # noqa: S311 - jitter, not crypto
        raise task.retry(countdown=wait, max_retries=task.request.retries + 1) from None
    except TRANSIENT as exc:
        raise task.retry(exc=exc, countdown=delay, max_retries=settings.INGEST_RETRY_MAX) from None


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def article_fetch(self, article_id: int) -> None:
    """Fetch, extract the main text and dedupe article `article_id` (the `fetch` queue)."""
    _advance(self, article_id, "fetch")


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def article_analyse(self, article_id: int) -> None:
    """Analyse article `article_id`, with the other articles waiting for it (the `nlp` queue)."""
    _advance(self, article_id, "nlp")


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def article_link(self, article_id: int) -> None:
    """Store article `article_id`'s statements and link them to incidents, with the other articles
    waiting for it (the `link` queue)."""
    _advance(self, article_id, "link")


@shared_task(ignore_result=True)
def articles_sweep() -> int:
    """Re-queue articles whose message was lost or whose worker died (run by celery beat)."""
    return len(sweeper.articles_sweep())


@shared_task(ignore_result=True)
def feeds_poll_due() -> int:
    """Queue a poll for every feed whose interval (or back-off) has passed (run by celery beat)."""
    due = feeds.feeds_claim_due()
    for feed_id in due:
        feed_poll.delay(feed_id)
    return len(due)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def feed_poll(self, feed_id: int) -> None:
    """Poll one feed; its failures are recorded on the Feed and back off its next poll."""
    feeds.feed_poll(feed_id=feed_id)


# --- the model, loaded as an nlp worker's processes start ----------------------------------------

_analyses = False  # set in a worker's main process when it consumes the nlp queue; its children inherit it


@celeryd_after_setup.connect
def _note_queues(sender, instance, **kwargs) -> None:
    global _analyses
    names = set(instance.app.amqp.queues.consume_from or {})
    _analyses = f"{settings.CELERY_QUEUE_PREFIX}nlp" in names


@worker_process_init.connect
def _load_the_model(**kwargs) -> None:
    """An nlp worker's processes load the spaCy model as they start, not on their first article."""
    if _analyses:
        # Imported here so that fetch and link workers never import spaCy at all.
        from sources.nlp.model import get_nlp

        get_nlp()
