"""Leases: how a worker takes an article, keeps it while it works, and writes what it did.

A worker claims an article with one conditional UPDATE that sets `leased_until` (and counts the
attempt) only if nobody holds it, and then writes every result with another conditional UPDATE that
only succeeds while `leased_until` is still the value it wrote. So a worker that was presumed dead
and comes back cannot overwrite newer work: its writes simply match no row. A heartbeat keeps the
lease fresh while a step runs, never waiting on a row lock.

`fail` is the one way an article becomes FAILED — a step's error, the give-up after too many
attempts (claim, sweeper, dead letter) — and `give_up` words the give-up once for all of them.
A transient error puts the article back with `release_for_retry`, which records in `retry_at` when
its retry is due, so the sweeper leaves it to that retry: one article, one chain of messages.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from ingest.steps import ACTIVE_STATUSES, STEP_BY_NAME, STEPS
from sources.models import Article, ArticleStatus

logger = logging.getLogger(__name__)

_TABLE = Article._meta.db_table
# The raw content is large and only the steps of the fetch queue read it.
_WITHOUT_RAW = frozenset({"nlp", "link"})


class LeaseHeld(Exception):
    """Another worker holds the article, or its scheduled retry does; try again once the lease has run out."""

    def __init__(self, seconds_left: float, *, retry_scheduled: bool = False) -> None:
        self.seconds_left = max(1.0, seconds_left)
        self.retry_scheduled = retry_scheduled
        super().__init__(f"leased for another {self.seconds_left:.0f} s")


def _lease_seconds() -> int:
    return settings.INGEST_LEASE_SECONDS


class Lease:
    """This worker's hold on an article: the `leased_until` value it wrote, kept fresh by a heartbeat.

    Every write of ours is conditional on `leased_until` still being `until`. While a step runs, a
    background thread pushes `leased_until` on every third of the lease, so a slow step (a long
    article on a busy machine) never loses its article to the sweeper, while a worker that dies
    stops renewing and its article is re-queued one lease later. Renewal stops at the task's
    hard time limit: a worker stuck past it is treated as dead. The heartbeat never waits for a
    row lock (SKIP LOCKED): when our own open transaction holds the row, it tries again next beat.
    """

    def __init__(self, article_id: int, until: dt.datetime) -> None:
        self.article_id = article_id
        self.until = until
        self.lock = threading.RLock()
        self._seconds = _lease_seconds()
        self._renew_until = until + dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Lease:
        self._thread = threading.Thread(target=self._beat, name=f"lease-{self.article_id}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=30)

    def save(self, **values) -> bool:
        """Write `values` only while the lease is ours; False means another worker took over."""
        with self.lock:
            saved = Article.objects.filter(pk=self.article_id, leased_until=self.until).update(
                updated_at=timezone.now(), **values
            )
            if saved and "leased_until" in values:
                # Finished, handed over or put back for a retry: the lease is no longer ours to
                # renew — once that is committed (a batch whose transaction rolls back keeps it).
                transaction.on_commit(lambda: self._let_go(values["leased_until"]))
            return bool(saved)

    def _let_go(self, until: dt.datetime | None) -> None:
        with self.lock:
            self.until = until
            self._stopped.set()

    def renew(self) -> bool:
        """Push the lease on once; False when it is no longer ours (or renewal time is over)."""
        with self.lock:
            if self._stopped.is_set():
                return False
            until = min(timezone.now() + dt.timedelta(seconds=self._seconds), self._renew_until)
            if until <= self.until:
                return False
            table = connection.ops.quote_name(_TABLE)
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET leased_until = %s WHERE id = "  # noqa: S608 - the table name is ours
                    f"(SELECT id FROM {table} WHERE id = %s AND leased_until = %s FOR NO KEY UPDATE SKIP LOCKED)",
                    [until, self.article_id, self.until],
                )
                renewed = cursor.rowcount == 1
            if renewed:
                self.until = until
                return True
            # Nothing renewed: either our own open transaction holds the row (try again next
            # beat) or the lease is gone (someone re-queued the article, or it finished).
            return Article.objects.filter(pk=self.article_id, leased_until=self.until).exists()

    def _beat(self) -> None:
        try:
            while not self._stopped.wait(max(1.0, self._seconds / 3)):
                if not self.renew():
                    return
        except Exception:
            logger.exception("article %s: could not renew its lease", self.article_id)
        finally:
            connection.close()  # the heartbeat thread's own connection


@dataclass
class Claimed:
    """An article this worker took, with its lease (heartbeat not yet started)."""

    article: Article
    lease: Lease


# --- claiming ------------------------------------------------------------------------------------


def _claimed(update: str, params: list, *, queue: str | None) -> list[Article]:
    """Run a claiming UPDATE and return the claimed rows as Articles, in the same round trip."""
    fields = [f for f in Article._meta.concrete_fields if not (f.name == "raw" and queue in _WITHOUT_RAW)]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    return list(Article.objects.raw(f"{update} RETURNING {columns}", params))  # noqa: S611 - our SQL, parameters


def claim(article_id: int, queue: str | None = None) -> Claimed | None:
    """Take the article for this worker if nobody holds it; None if it has nothing to do.

    With `queue`, only an article whose next step belongs to that queue is taken: a message that
    arrives after its article moved on (taken in another message's batch, then handed over) has
    nothing to do, since the hand-over sent the message for the next queue. An article claimed once
    too often (its worker died or timed out every time) is given up here. Raises LeaseHeld when
    someone else holds it.
    """
    now = timezone.now()
    until = now + dt.timedelta(seconds=_lease_seconds())
    steps = [s.name for s in STEPS if queue is None or s.queue == queue]
    running = " ".join("WHEN %s THEN %s" for _ in STEPS)
    found = _claimed(
        f"UPDATE {_TABLE} SET leased_until = %s, retry_at = NULL,"  # noqa: S608 - our table
        f" status = CASE step {running} ELSE status END, attempts = attempts + 1"
        " WHERE id = %s AND status = ANY(%s) AND step = ANY(%s) AND (leased_until IS NULL OR leased_until <= %s)",
        [until, *(v for s in STEPS for v in (s.name, s.running)), article_id, list(ACTIVE_STATUSES), steps, now],
        queue=queue,
    )
    if found:
        article = found[0]
        lease = Lease(article.pk, until)
        if article.attempts > settings.INGEST_MAX_ATTEMPTS:
            give_up(article.pk, "the worker died, timed out or the error kept coming back", lease=lease, uncounted=1)
            return None
        return Claimed(article, lease)
    current = Article.objects.filter(pk=article_id).values("status", "step", "leased_until", "retry_at").first()
    if current and current["status"] in ACTIVE_STATUSES and current["step"] in steps and current["leased_until"]:
        raise LeaseHeld((current["leased_until"] - now).total_seconds(), retry_scheduled=bool(current["retry_at"]))
    return None


def claim_waiting(step: str, *, exclude: int, limit: int) -> list[Claimed]:
    """Claim up to `limit` articles waiting at `step` that nobody holds (skipping rows being claimed)."""
    if limit <= 0:
        return []
    until = timezone.now() + dt.timedelta(seconds=_lease_seconds())
    # The rows are picked in a MATERIALIZED CTE: a LIMIT … FOR UPDATE SKIP LOCKED subquery that the
    # planner chose to re-run (say, as the inner side of a join) would skip the rows it had just
    # locked and pick more, taking more than `limit` articles.
    articles = _claimed(
        f"WITH picked AS MATERIALIZED (SELECT id FROM {_TABLE} WHERE step = %s AND status = ANY(%s)"  # noqa: S608
        " AND id <> %s AND attempts < %s AND (leased_until IS NULL OR leased_until <= now())"
        " ORDER BY updated_at, id LIMIT %s FOR UPDATE SKIP LOCKED)"
        f" UPDATE {_TABLE} SET leased_until = %s, retry_at = NULL, status = %s, attempts = attempts + 1"
        " WHERE id IN (SELECT id FROM picked)",
        [step, list(ACTIVE_STATUSES), exclude, settings.INGEST_MAX_ATTEMPTS, limit, until, STEP_BY_NAME[step].running],
        queue=STEP_BY_NAME[step].queue,
    )
    return [Claimed(article, Lease(article.pk, until)) for article in sorted(articles, key=lambda a: a.pk)]


# --- guarded writes ------------------------------------------------------------------------------


def save(lease: Lease, article: Article | None = None, **values) -> bool:
    """`lease.save`, keeping the article (when given) in memory as the row now is."""
    saved = lease.save(**values)
    if saved and article is not None:
        for name, value in values.items():
            setattr(article, name, value)
    return saved


def finish(lease: Lease, *, status: str, article: Article | None = None, **values) -> bool:
    """End the article's run with a final status other than FAILED (done, duplicate, unsupported)."""
    values.update(status=status, leased_until=None, step="")
    values.setdefault("error", "")
    return save(lease, article, **values)


def fail(article_id: int, step: str, reason: str, *, lease: Lease | None = None) -> bool:
    """Mark the article failed at `step` with `reason`: the one way an article becomes FAILED.

    With `lease`, only while that lease is still ours; without (the sweeper, a dead letter), only
    while the article still has work to do. False when nothing was written.
    """
    values = {
        "status": ArticleStatus.FAILED,
        "step": step,
        "error": reason[:2000],
        "leased_until": None,
        "retry_at": None,
    }
    if lease is not None:
        failed = lease.save(**values)
    else:
        failed = bool(
            Article.objects.filter(pk=article_id, status__in=ACTIVE_STATUSES).update(
                updated_at=timezone.now(), **values
            )
        )
    if failed:
        logger.warning("article %s failed at %s: %s", article_id, step, reason)
    return failed


def give_up(article_id: int, why: str, *, lease: Lease | None = None, uncounted: int = 0) -> bool:
    """Fail the article after its attempts ran out, saying why (`uncounted`: claims that ran nothing)."""
    row = Article.objects.filter(pk=article_id).values("step", "attempts", "error").first()
    if row is None:
        return False
    reason = f"gave up at step {row['step']!r} after {row['attempts'] - uncounted} attempts ({why})"
    if row["error"]:
        reason += f"; last error: {row['error']}"
    return fail(article_id, row["step"], reason, lease=lease)


def release_for_retry(lease: Lease, *, delay: float, error: str) -> bool:
    """Put the article back to queued, leased until its retry is due so only the retry claims it,
    and record when that is (`retry_at`) so the sweeper does not start a second chain."""
    now = timezone.now()
    return lease.save(
        status=ArticleStatus.QUEUED,
        error=error,
        leased_until=now + dt.timedelta(seconds=max(0.0, delay - 1)),
        retry_at=now + dt.timedelta(seconds=delay),
    )
