"""The runner: takes articles, runs their steps, records every result under a lease.

There is one entry point, `run`. It claims the article a message names (`ingest/lease.py`), and on
the batch queues also the articles waiting at the same step, up to the queue's batch size: a
single article is a batch of one. Each step of the queue then runs once over the batch (its
`run_many`, or its `run` per article), and each article's result is recorded with its own
conditional UPDATE, so every article keeps its own status, step and error.

One error ladder, for every step and batch size:
- a step's IngestError for one article fails that article, and the others go on;
- a transient error (a timeout, a 5xx answer, a database that went away) puts the whole batch back
  for a retry when there is someone to retry it (`retry_delay`), and is re-raised;
- any other exception undoes the batch's step and runs it again for each article on its own, so
  one bad article fails alone; for a batch of one it fails the article with the error.

An article whose next step belongs to another queue is handed over in the same UPDATE, and that
queue's message goes out once the hand-over commits (`ingest/queues.py`).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from ingest.lease import Claimed, LeaseHeld, claim, claim_waiting, fail, finish, release_for_retry, save
from ingest.queues import QUEUES, send_on_commit
from ingest.steps import STEP_BY_NAME, STEPS, Outcome, Step
from sources.errors import IngestError, TransientError
from sources.models import Article, ArticleStatus

logger = logging.getLogger(__name__)

_FOREIGN_KEYS = {"outlet", "duplicate_of"}


class _Next(enum.Enum):
    """Where an article goes once a step's result is recorded."""

    GO_ON = "the next step is this queue's too"
    HANDED_OVER = "the next step belongs to another queue"
    STOPPED = "finished"


def run(
    article_id: int,
    *,
    queue: str | None = None,
    limit: int | None = None,
    enqueue: Callable[[int, str], None] | None = None,
    retry_delay: float | None = None,
) -> list[int]:
    """Run `queue`'s steps for article `article_id` and up to `limit` - 1 articles waiting at its step.

    `limit` defaults to the queue's batch size. Without `queue`, every step runs here in turn, for
    this one article (the in-process path of tests and tools). `enqueue(article_id, queue)` sends
    the hand-over to another queue once it commits; None sends nothing (the caller drives the
    queues). A TransientError is re-raised after putting the batch back to queued (for
    `retry_delay` seconds) unless `retry_delay` is None, in which case the article fails with the
    error — the in-process path has nobody to retry it.

    On a batch queue a message says "work waits here" as much as "look at article N": when its own
    article was taken in another message's batch (or is held), the call takes up to `limit`
    waiting articles instead, so no message is wasted. LeaseHeld is raised only when nothing else
    waits. Returns the ids of the articles this call took and kept to the end of its run.
    """
    limit = limit or (QUEUES[queue].batch if queue is not None else 1)
    held: LeaseHeld | None = None
    try:
        own = claim(article_id, queue)
    except LeaseHeld as exc:
        own, held = None, exc
    if own is not None:
        batch = [own, *claim_waiting(own.article.step, exclude=own.article.pk, limit=limit - 1)]
    else:
        batch = _waiting(queue, exclude=article_id, limit=limit) if queue is not None and limit > 1 else []
        if not batch:
            if held is not None:
                raise held
            return []
    return _Run(queue=queue, enqueue=enqueue, retry_delay=retry_delay).batch(batch)


def _waiting(queue: str, *, exclude: int, limit: int) -> list[Claimed]:
    """Up to `limit` articles waiting at the first of `queue`'s steps that has any."""
    for step in STEPS:
        if step.queue == queue:
            batch = claim_waiting(step.name, exclude=exclude, limit=limit)
            if batch:
                return batch
    return []


class _Run:
    """One call of `run`: its queue, how it hands over and retries, and the leases it lost."""

    def __init__(self, *, queue: str | None, enqueue, retry_delay: float | None) -> None:
        self.queue = queue
        self.enqueue = enqueue
        self.retry_delay = retry_delay
        self.lost: set[int] = set()

    def batch(self, batch: list[Claimed]) -> list[int]:
        for one in batch:
            one.lease.start()
        try:
            live = batch  # all at the same step; each step returns those that go on together
            while live:
                live = self.step(live, STEP_BY_NAME[live[0].article.step])
            return [one.article.pk for one in batch if one.article.pk not in self.lost]
        finally:
            for one in batch:
                one.lease.stop()

    def step(self, batch: list[Claimed], step: Step) -> list[Claimed]:
        """Run one step over the batch and record each article's result; returns those that go on."""
        at = {one.article.pk: one.article.step for one in batch}
        try:
            with transaction.atomic():
                return self._recorded(batch, step, _outcomes(step, [one.article for one in batch]))
        except Exception as exc:
            for one in batch:  # what was recorded before the failure was rolled back with it
                one.article.step = at[one.article.pk]
            if _is_transient(exc) and self.retry_delay is not None:
                message = exc.message if isinstance(exc, IngestError) else str(exc)
                for one in batch:
                    release_for_retry(one.lease, delay=self.retry_delay, error=f"{step.name} (will retry): {message}")
                raise
            if len(batch) > 1:
                logger.exception(
                    "step %s failed for a batch of %d articles; running them one by one", step.name, len(batch)
                )
                return [going for one in batch for going in self.step([one], step)]
            one = batch[0]
            if isinstance(exc, IngestError):
                reason = exc.message
            else:
                logger.exception("article %s: step %s crashed", one.article.pk, step.name)
                reason = f"internal error {type(exc).__name__}: {str(exc)[:300]}"
            fail(one.article.pk, step.name, f"{step.name}: {reason}", lease=one.lease)
            return []

    def _recorded(self, batch: list[Claimed], step: Step, outcomes: list[Outcome | IngestError]) -> list[Claimed]:
        going_on, handed = [], []
        for one, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, IngestError):
                fail(one.article.pk, step.name, f"{step.name}: {outcome.message}", lease=one.lease)
                continue
            following = self._record(one, step, outcome)
            if following is None:
                logger.info("article %s: lease lost during %s; another worker carries on", one.article.pk, step.name)
                self.lost.add(one.article.pk)
            elif following is _Next.GO_ON:
                going_on.append(one)
            elif following is _Next.HANDED_OVER:
                handed.append(one)
        if self.lost and len(batch) == 1:
            # Alone, an article whose lease was lost leaves no trace of this run: the worker
            # that holds it now redoes the step.
            transaction.set_rollback(True)
        if handed and self.enqueue is not None:
            # One message per batch of the next queue: each message takes a full batch while that
            # many wait, so every article handed over stays covered.
            following = STEP_BY_NAME[handed[0].article.step].queue
            for one in handed[:: QUEUES[following].batch]:
                send_on_commit(one.article.pk, following, send=self.enqueue)
        return going_on

    def _record(self, one: Claimed, step: Step, outcome: Outcome) -> _Next | None:
        """Write what the step changed and where the article goes next, in one conditional UPDATE;
        None if the lease was lost."""
        article, lease = one.article, one.lease
        values = {
            (f"{name}_id" if name in _FOREIGN_KEYS else name): _pk(getattr(article, name)) for name in outcome.fields
        }
        index = next(i for i, s in enumerate(STEPS) if s.name == step.name)
        if outcome.stop is not None or index + 1 == len(STEPS):
            status = outcome.stop or ArticleStatus.DONE
            done = finish(lease, status=status, processed_at=timezone.now(), article=article, **values)
            return _Next.STOPPED if done else None
        following = STEPS[index + 1]
        values.update(step=following.name, attempts=0, error="")
        if self.queue is not None and following.queue != self.queue:
            handed = save(lease, article, status=ArticleStatus.QUEUED, leased_until=None, **values)
            return _Next.HANDED_OVER if handed else None
        return _Next.GO_ON if save(lease, article, status=following.running, **values) else None


def _outcomes(step: Step, articles: list[Article]) -> list[Outcome | IngestError]:
    if step.run_many is not None:
        return step.run_many(articles)
    return [_each(step, article) for article in articles]


def _each(step: Step, article: Article) -> Outcome | IngestError:
    """`step.run` for one article, in a savepoint so a refusal undoes only its own writes."""
    try:
        with transaction.atomic():
            return step.run(article)
    except TransientError:
        raise
    except IngestError as exc:
        return exc


def _is_transient(exc: Exception) -> bool:
    return isinstance(exc, TransientError | OperationalError | InterfaceError)


def _pk(value):
    return value.pk if hasattr(value, "_meta") else value
