"""Finding work the database says is unfinished but no worker holds, and queueing it again.

A message can vanish (a broker that lost it, a publish that failed after the commit) and a worker
can die holding a lease. Either way the Article row still says where it stands; once its lease has
run out, or it has sat queued for longer than the grace period, it is sent again. An article whose
retry is scheduled (`retry_at`) is left to that retry — two chains of messages for one article
would spend its attempts twice as fast — unless the retry is overdue by the grace period too, when
its message is taken as lost. Duplicate messages are harmless: the task claims the row with a
conditional UPDATE and only one wins.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from ingest.lease import give_up
from ingest.queues import enqueue
from ingest.steps import ACTIVE_STATUSES, step_queue
from sources.models import Article

logger = logging.getLogger(__name__)


def articles_sweep(*, now: dt.datetime | None = None, limit: int = 1000) -> list[int]:
    """Re-queue stuck articles; fail those past the attempt limit. Returns the re-queued ids."""
    now = now or timezone.now()
    grace = now - dt.timedelta(seconds=settings.INGEST_SWEEP_GRACE_SECONDS)
    stuck = (
        Article.objects.filter(status__in=ACTIVE_STATUSES)
        .exclude(step="")
        .filter(Q(leased_until__lt=now) | Q(leased_until__isnull=True, updated_at__lt=grace))
        .filter(Q(retry_at__isnull=True) | Q(retry_at__lt=grace))
        .order_by("updated_at")
    )
    requeued = []
    for article_id, step, attempts in stuck.values_list("pk", "step", "attempts")[:limit]:
        if attempts >= settings.INGEST_MAX_ATTEMPTS:
            give_up(article_id, "the worker died or timed out each time")
            continue
        # Touching updated_at keeps the next sweep from sending it again while this message waits.
        touched = Article.objects.filter(pk=article_id, status__in=ACTIVE_STATUSES, step=step).update(updated_at=now)
        if touched:
            enqueue(article_id, step_queue(step))
            requeued.append(article_id)
    if requeued:
        logger.info("sweeper re-queued %d articles", len(requeued))
    return requeued
