"""The queues of the ingestion pipeline, and sending an article's message to one of them.

One table, `QUEUES`: each queue's task (by name, from `ingest/names.py`) and how many waiting
articles one of its tasks takes together. Messages are sent by task name, so this module never
imports the tasks, and only once the transaction that recorded the hand-over commits: a worker never
looks for a row that is not there yet, and a message that cannot be sent (the broker is down) is
logged, not raised — the article is already recorded as waiting at its step, and the sweeper sends
it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from celery import current_app
from django.conf import settings
from django.db import transaction

from ingest.names import QUEUE_TASKS
from ingest.steps import step_queue

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Queue:
    """A queue: the task that takes its messages, and how many articles that task takes at once."""

    task: str
    batch_setting: str | None = None  # the setting holding its batch size; None: one article at a time

    @property
    def batch(self) -> int:
        return getattr(settings, self.batch_setting) if self.batch_setting else 1


# The CPU-bound analysis has a queue of its own, and so does the database-bound storing and
# linking: an NLP process does nothing but parse, so its throughput stays that of the bare
# extractor, while storing and linking run beside it. Both take the articles waiting at their step
# in batches: `nlp.pipe` parses a batch faster than one text at a time, and one linking run over
# several articles costs about half as much per article as one run each.
QUEUES = {
    "fetch": Queue(task=QUEUE_TASKS["fetch"]),
    "nlp": Queue(task=QUEUE_TASKS["nlp"], batch_setting="NLP_BATCH_SIZE"),
    "link": Queue(task=QUEUE_TASKS["link"], batch_setting="LINK_BATCH"),
}


def enqueue(article_id: int, queue: str) -> None:
    """Send the message that has `queue`'s task look at article `article_id` (now, not on commit)."""
    name = QUEUES[queue].task
    if current_app.conf.task_always_eager:
        # No broker: run it here, as `delay` would (send_task ignores eager mode).
        current_app.tasks[name].apply(args=[article_id])
    else:
        current_app.send_task(name, args=[article_id])


def send_on_commit(article_id: int, queue: str, *, send: Callable[[int, str], None] | None = None) -> None:
    """Send the article's message to `queue` (with `send`, default `enqueue`) once the transaction commits."""

    def deliver() -> None:
        (send or enqueue)(article_id, queue)

    transaction.on_commit(deliver, robust=True)


def on_article_queued(sender, *, article_id: int, step: str, **kwargs) -> None:
    """`sources.services.article_queued` receiver: a submitted or re-queued article waits at `step`."""
    send_on_commit(article_id, step_queue(step))
