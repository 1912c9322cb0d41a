"""The ingestion pipeline: fetch → extract → dedupe → analyse → store → link, declared in `STEPS`.

Each step is a small function that takes the Article, changes it in memory and says which fields
it changed, or stops the article with a final status (duplicate, unsupported). The runner claims
the article with a conditional UPDATE (a lease in `leased_until`), runs the steps of one queue,
and records each finished step with another conditional UPDATE that only succeeds while the lease
is still ours — so a worker that was presumed dead and comes back cannot overwrite newer work.
The database says where every article stands; messages only say "look at article N" (on the
batch queues, nlp and link, also "work waits here": see `articles_run_batch`).

`store` comes before `link` because incident linking works on stored statement ids.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from sources import dedupe, fetching
from sources.errors import IngestError, TextError, TransientError
from sources.models import Article, ArticleSource, ArticleStatus, ArticleStep
from sources.text import decode_bytes, looks_binary, text_extract

logger = logging.getLogger(__name__)

FETCH_QUEUE = "fetch"
# The CPU-bound analysis has a queue of its own, and so does the database-bound storing and
# linking: an NLP process does nothing but parse, so its throughput stays that of the bare
# extractor, while storing and linking run beside it. Both take the articles waiting at their
# step in batches (see `articles_run_batch`): `nlp.pipe` parses a batch faster than one text at a
# time, and one linking run over several articles costs about half as much per article as one
# run each (candidate incidents, their profiles and the drafts' refresh are fetched once).
NLP_QUEUE = "nlp"
LINK_QUEUE = "link"
# Statuses in which an article still has work to do; the sweeper watches these.
ACTIVE_STATUSES = (
    ArticleStatus.QUEUED,
    ArticleStatus.FETCHING,
    ArticleStatus.EXTRACTING,
    ArticleStatus.DEDUPING,
    ArticleStatus.ANALYSING,
    ArticleStatus.STORING,
    ArticleStatus.LINKING,
)
_DEDUPE_LOCK = 0x636364  # pg advisory lock key: near-duplicate checks run one at a time


class LeaseHeld(Exception):
    """Another worker holds the article; try again once its lease has run out."""

    def __init__(self, seconds_left: float) -> None:
        self.seconds_left = max(1.0, seconds_left)
        super().__init__(f"leased for another {self.seconds_left:.0f} s")


@dataclass
class Outcome:
    """What a step did: the fields it changed, or a final status that ends the pipeline."""

    fields: list[str] = field(default_factory=list)
    stop: str | None = None


@dataclass(frozen=True)
class Step:
    """One step: `run` for one article at a time, or `run_many` for a batch.

    `run` returns the article's Outcome or raises the IngestError that stops it. `run_many` returns
    one Outcome, or the IngestError that stops that article, per article; an exception it raises
    means the batch as a whole failed, and the runner then runs it for each article on its own.
    """

    name: str
    running: str
    queue: str
    run: Callable[[Article], Outcome] | None = None
    run_many: Callable[[list[Article]], list[Outcome | IngestError]] | None = None


# --- the steps -----------------------------------------------------------------------------------


def fetch_step(article: Article) -> Outcome:
    """Download the URL safely; submitted text has nothing to fetch."""
    if article.source in (ArticleSource.TEXT, ArticleSource.FILE) or not article.url:
        return Outcome()
    result = fetching.fetch(article.url)
    if looks_binary(result.body):
        raise TextError(f"the content is binary although it was served as {result.content_type}")
    article.raw = decode_bytes(result.body, result.charset or _meta_charset(result.body)).replace("\x00", "")
    article.raw_content_type = result.content_type
    fields = ["raw", "raw_content_type"]
    final = dedupe.canonical_url(result.url)
    if final and final != article.canonical_url:
        other = Article.objects.filter(canonical_url=final).exclude(pk=article.pk).first()
        if other is not None:
            article.duplicate_of = _root(other)
            article.duplicate_reason = f"redirects to the URL of article {other.pk}"
            return Outcome(fields=[*fields, "duplicate_of", "duplicate_reason"], stop=ArticleStatus.DUPLICATE)
        article.canonical_url = final
        fields.append("canonical_url")
    return Outcome(fields=fields)


def extract_step(article: Article) -> Outcome:
    """Main text and metadata from the raw content; non-English stops here as unsupported."""
    page = text_extract(article.raw.encode("utf-8"), content_type=article.raw_content_type, url=article.url)
    if article.text and page.text != article.text:  # no earlier text: no statement can point into it
        from claims.models import Origin

        if article.statements.exclude(origin=Origin.EXTRACTED, review_status="pending", version=1).exists():
            raise TextError("the new text differs from the text reviewed statements point into; not replacing it")
        article.statements.all().delete()
    article.text = page.text
    article.word_count = page.word_count
    article.language = page.language
    article.title = article.title or page.title
    article.author = article.author or page.author
    article.published = article.published or page.published
    fields = ["text", "word_count", "language", "title", "author", "published"]
    if article.outlet_id is None:
        from sources.services import outlet_resolve

        article.outlet = outlet_resolve(url=article.url, sitename=page.sitename)
        fields.append("outlet")
    if page.language and page.language != "en":
        article.error = (
            f"the text looks like language {page.language!r} (p={page.language_probability:.2f}); "
            "only English is analysed"
        )
        return Outcome(fields=[*fields, "error"], stop=ArticleStatus.UNSUPPORTED)
    return Outcome(fields=fields)


def dedupe_step(article: Article) -> Outcome:
    """Same text or nearly the same text as an earlier article: link to it and stop."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_DEDUPE_LOCK])
    article.content_hash = dedupe.content_hash(article.text)
    article.minhash_bands = dedupe.minhash_bands(article.text)
    fields = ["content_hash", "minhash_bands"]
    others = Article.objects.exclude(pk=article.pk).exclude(status=ArticleStatus.FAILED)
    same = others.filter(content_hash=article.content_hash).order_by("pk").first()
    if same is not None:
        article.duplicate_of = _root(same)
        article.duplicate_reason = f"the same text as article {same.pk}"
        return Outcome(fields=[*fields, "duplicate_of", "duplicate_reason"], stop=ArticleStatus.DUPLICATE)
    if article.minhash_bands:
        mine: set[str] | None = None
        candidates = others.filter(minhash_bands__overlap=article.minhash_bands).order_by("pk")
        for candidate in candidates.only("pk", "text", "duplicate_of")[: dedupe.MAX_CANDIDATES]:
            mine = dedupe.shingles(article.text) if mine is None else mine
            similarity = dedupe.jaccard(mine, dedupe.shingles(candidate.text))
            if similarity >= dedupe.NEAR_DUPLICATE_JACCARD:
                article.duplicate_of = _root(candidate)
                article.duplicate_reason = f"nearly the same text as article {candidate.pk} (Jaccard {similarity:.2f})"
                return Outcome(fields=[*fields, "duplicate_of", "duplicate_reason"], stop=ArticleStatus.DUPLICATE)
    article.duplicate_of = None
    article.duplicate_reason = ""
    return Outcome(fields=[*fields, "duplicate_of", "duplicate_reason"])


def analyse_many(articles: list[Article]) -> list[Outcome | IngestError]:
    """Run the extractor over the articles' texts (one `extract_many`, one `nlp.pipe`) and keep
    its output on each article; a text it refuses stops that article, non-English as unsupported."""
    from claims.storing import extracted_as_dict
    from sources.nlp import PIPELINE_VERSION
    from sources.nlp.errors import NotEnglish
    from sources.nlp.extract import extract_many

    errors: dict[int, Exception] = {}
    results = extract_many(
        # Front matter was split off at submission; text fetched from the web never carries any.
        ((a.text, {"published": a.published, "title": a.title or None, "front_matter": False}) for a in articles),
        on_error=errors.__setitem__,
    )
    outcomes: list[Outcome | IngestError] = []
    for index, (article, extracted) in enumerate(zip(articles, results, strict=True)):
        error = errors.get(index)
        if isinstance(error, NotEnglish):
            article.error = str(error)
            outcomes.append(Outcome(fields=["error"], stop=ArticleStatus.UNSUPPORTED))
        elif error is not None:
            outcomes.append(IngestError(str(error)))
        else:
            article.analysis = {
                "pipeline_version": PIPELINE_VERSION,
                "statements": [extracted_as_dict(s) for s in extracted],
            }
            article.pipeline_version = PIPELINE_VERSION
            outcomes.append(Outcome(fields=["analysis", "pipeline_version"]))
    return outcomes


def store_many(articles: list[Article]) -> list[Outcome | IngestError]:
    """Write the analyses as Statements, in one set of bulk queries for the batch (idempotent;
    reviewed statements untouched)."""
    from claims.storing import statements_store_many

    statements_store_many(
        [
            (
                a,
                (a.analysis or {}).get("statements", []),
                (a.analysis or {}).get("pipeline_version", a.pipeline_version),
            )
            for a in articles
        ]
    )
    return [Outcome() for _ in articles]


def link_many(articles: list[Article]) -> list[Outcome | IngestError]:
    """The link step for a batch: one linking run over the new, unlinked statements of all of them."""
    from claims.linking import incident_link_statements
    from claims.models import Origin, Statement

    ids = list(
        Statement.objects.filter(
            article__in=[a.pk for a in articles],
            incident__isnull=True,
            origin=Origin.EXTRACTED,
            review_status="pending",
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if ids:
        incident_link_statements(statement_ids=ids)
    return [Outcome() for _ in articles]


STEPS: list[Step] = [
    Step(ArticleStep.FETCH, ArticleStatus.FETCHING, FETCH_QUEUE, fetch_step),
    Step(ArticleStep.EXTRACT, ArticleStatus.EXTRACTING, FETCH_QUEUE, extract_step),
    Step(ArticleStep.DEDUPE, ArticleStatus.DEDUPING, FETCH_QUEUE, dedupe_step),
    Step(ArticleStep.ANALYSE, ArticleStatus.ANALYSING, NLP_QUEUE, run_many=analyse_many),
    Step(ArticleStep.STORE, ArticleStatus.STORING, LINK_QUEUE, run_many=store_many),
    Step(ArticleStep.LINK, ArticleStatus.LINKING, LINK_QUEUE, run_many=link_many),
]
STEP_BY_NAME = {step.name: step for step in STEPS}


def step_queue(step_name: str) -> str:
    return STEP_BY_NAME[step_name].queue


def queue_batch_size(queue: str) -> int:
    """How many waiting articles one task of `queue` takes together (1: one at a time)."""
    if queue == NLP_QUEUE:
        return settings.NLP_BATCH_SIZE
    if queue == LINK_QUEUE:
        return settings.LINK_BATCH
    return 1


# --- the runner ----------------------------------------------------------------------------------


def _root(article: Article) -> Article:
    """Follow duplicate_of links to the first copy."""
    seen = {article.pk}
    while article.duplicate_of_id and article.duplicate_of_id not in seen:
        seen.add(article.duplicate_of_id)
        article = Article.objects.get(pk=article.duplicate_of_id)
    return article


def _meta_charset(body: bytes) -> str | None:
    import re

    match = re.search(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", body[:4096], re.I)
    return match.group(1).decode("ascii") if match else None


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
        from django.db import connection

        with self.lock:
            if self._stopped.is_set():
                return False
            until = min(timezone.now() + dt.timedelta(seconds=self._seconds), self._renew_until)
            if until <= self.until:
                return False
            table = connection.ops.quote_name(Article._meta.db_table)
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
        from django.db import connection

        try:
            while not self._stopped.wait(max(1.0, self._seconds / 3)):
                if not self.renew():
                    return
        except Exception:
            logger.exception("article %s: could not renew its lease", self.article_id)
        finally:
            connection.close()


def _claim(article_id: int, queue: str | None = None) -> Article | None:
    """Take the article for this worker if nobody holds it; None if it has nothing to do.

    With `queue`, only an article whose next step belongs to that queue is taken: a message that
    arrives after its article moved on (taken in another message's batch, then handed over) has
    nothing to do, since the hand-over sent the message for the next queue.
    The claimed article carries its `Lease` as `article.lease`, heartbeat not yet started.
    """
    now = timezone.now()
    until = now + dt.timedelta(seconds=_lease_seconds())
    steps = [s.name for s in STEPS if queue is None or s.queue == queue]
    running = " ".join("WHEN %s THEN %s" for _ in STEPS)
    claimed = _claimed(
        f"UPDATE {_TABLE} SET leased_until = %s, status = CASE step {running} ELSE status END,"  # noqa: S608 - our table
        " attempts = attempts + 1 WHERE id = %s AND status = ANY(%s) AND step = ANY(%s)"
        " AND (leased_until IS NULL OR leased_until <= %s)",
        [until, *(v for s in STEPS for v in (s.name, s.running)), article_id, list(ACTIVE_STATUSES), steps, now],
        queue=queue,
    )
    if claimed:
        article = claimed[0]
        lease = Lease(article.pk, until)
        if article.attempts > settings.INGEST_MAX_ATTEMPTS:
            _finish(
                lease,
                status=ArticleStatus.FAILED,
                error=f"gave up at step {article.step!r} after {article.attempts - 1} attempts "
                f"(the worker died, timed out or the error kept coming back)"
                + (f"; last error: {article.error}" if article.error else ""),
            )
            return None
        article.lease = lease
        return article
    current = Article.objects.filter(pk=article_id).values("status", "step", "leased_until").first()
    if current and current["status"] in ACTIVE_STATUSES and current["step"] in steps and current["leased_until"]:
        raise LeaseHeld((current["leased_until"] - now).total_seconds())
    return None


def _finish(lease: Lease, *, status: str, error: str = "", article: Article | None = None, **values) -> bool:
    values.update(status=status, error=error, leased_until=None, step=values.get("step", ""))
    done = _save(article, lease, **values)
    if done and status == ArticleStatus.FAILED:
        logger.warning("article %s failed: %s", lease.article_id, error)
    return done


def article_fail(*, article_id: int, error: str) -> None:
    """Mark an article failed at its current step (used when retries run out)."""
    Article.objects.filter(pk=article_id, status__in=ACTIVE_STATUSES).update(
        status=ArticleStatus.FAILED, error=error[:2000], leased_until=None, updated_at=timezone.now()
    )


def _release_for_retry(lease: Lease, *, delay: float, error: str) -> None:
    """Put the article back to queued, leased until the retry is due so only the retry claims it."""
    lease.save(
        status=ArticleStatus.QUEUED,
        error=error,
        leased_until=timezone.now() + dt.timedelta(seconds=max(0.0, delay - 1)),
    )


def article_run(
    *,
    article_id: int,
    queue: str | None = None,
    enqueue: Callable[[int, str], None] | None = None,
    retry_delay: float | None = None,
) -> Article | None:
    """Run the article's steps from where it stands; with `queue`, only that queue's steps.

    When the next step belongs to another queue, `enqueue(article_id, queue)` is called after
    the commit that records the hand-over. A TransientError is re-raised after putting the
    article back to queued (for `retry_delay` seconds) unless `retry_delay` is None, in which
    case the article fails with the error — the in-process path has nobody to retry it.
    Returns the article as it ends up, or None when there was nothing to do.
    """
    article = _claim(article_id, queue)
    if article is None:
        return None
    lease = article.lease.start()
    try:
        return _run_steps(article, lease, queue=queue, enqueue=enqueue, retry_delay=retry_delay)
    finally:
        lease.stop()


def articles_run_batch(
    *,
    article_id: int,
    queue: str,
    enqueue: Callable[[int, str], None] | None = None,
    retry_delay: float | None = None,
    limit: int | None = None,
) -> list[int]:
    """Run `queue`'s steps for article `article_id` and the articles waiting at the same step, as one batch.

    Claims the article (LeaseHeld if another worker holds it), then up to `limit` - 1 more
    articles (default: `queue_batch_size`) at the same step that nobody holds, oldest first, and
    runs each step of the queue over them together: a step's `run_many` once for the batch, its
    `run` for each article otherwise. Each article's result is recorded with its own conditional
    UPDATE, as `article_run` does, so every article keeps its own status, step and error; an
    article that fails leaves the batch and the others go on. Should a batch run itself fail,
    each of its articles is run on its own, so one bad article fails alone.

    On these queues a message says "work waits here" as much as "look at article N": when its
    own article was taken in another message's batch (or is held), the task takes up to `limit`
    waiting articles instead, so no message is wasted, and a batch is handed over to the next
    queue with one message per batch of that queue (every waiting article stays covered: each
    message takes a full batch while that many wait). LeaseHeld is raised only when nothing else
    waits. Returns the ids of the articles this call took.
    """
    limit = queue_batch_size(queue) if limit is None else limit
    held: LeaseHeld | None = None
    try:
        article = _claim(article_id, queue)
    except LeaseHeld as exc:
        article, held = None, exc
    if article is not None:
        batch = [article, *_claim_waiting(article.step, exclude=article.pk, limit=limit - 1)]
    else:
        batch = []
        for name in [s.name for s in STEPS if s.queue == queue]:
            batch = _claim_waiting(name, exclude=article_id, limit=limit)
            if batch:
                break
        if not batch:
            if held is not None:
                raise held
            return []
    for one in batch:
        one.lease.start()
    try:
        live = batch  # all at the same step of this queue; each step hands over those it ends
        while live:
            step = STEP_BY_NAME[live[0].step]
            live = _run_batch_step(live, step, queue=queue, enqueue=enqueue, retry_delay=retry_delay)
        return [one.pk for one in batch]
    finally:
        for one in batch:
            one.lease.stop()


def _run_batch_step(batch: list[Article], step: Step, *, queue, enqueue, retry_delay) -> list[Article]:
    """Run one step over a batch and record each article's result; returns the articles that go on."""
    at = {one.pk: one.step for one in batch}
    try:
        with transaction.atomic():
            outcomes = step.run_many(batch) if step.run_many is not None else [_each(step, one) for one in batch]
            going_on, handed = [], []
            for one, outcome in zip(batch, outcomes, strict=True):
                if isinstance(outcome, IngestError):
                    _finish(
                        one.lease, status=ArticleStatus.FAILED, error=f"{step.name}: {outcome.message}", step=step.name
                    )
                    continue
                recorded = _record(one, step, outcome, one.lease, queue=queue)
                if recorded == GO_ON:
                    going_on.append(one)
                elif recorded == STOPPED and one.status == ArticleStatus.QUEUED:
                    handed.append(one)
            if handed and enqueue is not None:
                following = STEP_BY_NAME[handed[0].step].queue
                for one in handed[:: queue_batch_size(following)]:
                    _send_on_commit(enqueue, one.pk, following)
            return going_on
    except Exception as exc:
        for one in batch:  # what was recorded before the failure was rolled back with it
            one.step = at[one.pk]
        transient = isinstance(exc, TransientError) or _is_transient_db_error(exc)
        if transient and retry_delay is not None:
            message = exc.message if isinstance(exc, TransientError) else str(exc)
            for one in batch:
                _release_for_retry(one.lease, delay=retry_delay, error=f"{step.name} (will retry): {message}")
            raise
        if len(batch) > 1:
            logger.exception(
                "step %s failed for a batch of %d articles; running them one by one", step.name, len(batch)
            )
    for one in batch:
        _run_steps(one, one.lease, queue=queue, enqueue=enqueue, retry_delay=retry_delay)
    return []


def _each(step: Step, article: Article) -> Outcome | IngestError:
    """`step.run` for one article of a batch, in a savepoint so a refusal undoes only its own writes."""
    try:
        with transaction.atomic():
            return _run_one(step, article)
    except TransientError:
        raise
    except IngestError as exc:
        return exc


def _claim_waiting(step: str, *, exclude: int, limit: int) -> list[Article]:
    """Claim up to `limit` articles waiting at `step` that nobody holds (skipping rows being claimed)."""
    if limit <= 0:
        return []
    until = timezone.now() + dt.timedelta(seconds=_lease_seconds())
    articles = _claimed(
        f"UPDATE {_TABLE} SET leased_until = %s, status = %s, attempts = attempts + 1 WHERE id IN ("  # noqa: S608
        f"SELECT id FROM {_TABLE} WHERE step = %s AND status = ANY(%s) AND id <> %s AND attempts < %s"
        " AND (leased_until IS NULL OR leased_until <= now()) ORDER BY updated_at, id LIMIT %s"
        " FOR UPDATE SKIP LOCKED)",
        [until, STEP_BY_NAME[step].running, step, list(ACTIVE_STATUSES), exclude, settings.INGEST_MAX_ATTEMPTS, limit],
        queue=STEP_BY_NAME[step].queue,
    )
    articles.sort(key=lambda a: a.pk)
    for article in articles:
        article.lease = Lease(article.pk, until)
    return articles


_TABLE = Article._meta.db_table


def _claimed(update: str, params: list, *, queue: str | None) -> list[Article]:
    """Run a claiming UPDATE and return the claimed rows as Articles, in the same round trip.

    The raw content is left out (deferred) for the queues whose steps never read it.
    """
    fields = [f for f in Article._meta.concrete_fields if not (f.name == "raw" and queue in (NLP_QUEUE, LINK_QUEUE))]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    return list(Article.objects.raw(f"{update} RETURNING {columns}", params))  # noqa: S611 - our SQL, parameters


def _run_steps(article: Article, lease: Lease, *, queue, enqueue, retry_delay) -> Article | None:
    while True:
        step = STEP_BY_NAME[article.step]
        if queue is not None and step.queue != queue:
            with transaction.atomic():
                if _save(article, lease, status=ArticleStatus.QUEUED, leased_until=None) and enqueue:
                    _send_on_commit(enqueue, article.pk, step.queue)
            return article
        try:
            carry_on = _run_step(article, step, lease, queue=queue, enqueue=enqueue)
        except TransientError as exc:
            if retry_delay is None:
                _finish(lease, status=ArticleStatus.FAILED, error=f"{step.name}: {exc.message}", step=step.name)
                return _reloaded(article)
            _release_for_retry(lease, delay=retry_delay, error=f"{step.name} (will retry): {exc.message}")
            raise
        except IngestError as exc:
            _finish(lease, status=ArticleStatus.FAILED, error=f"{step.name}: {exc.message}", step=step.name)
            return _reloaded(article)
        except Exception as exc:
            if _is_transient_db_error(exc) and retry_delay is not None:
                _release_for_retry(lease, delay=retry_delay, error=f"{step.name} (will retry): {exc}")
                raise
            logger.exception("article %s: step %s crashed", article.pk, step.name)
            _finish(
                lease,
                status=ArticleStatus.FAILED,
                error=f"{step.name}: internal error {type(exc).__name__}: {str(exc)[:300]}",
                step=step.name,
            )
            return _reloaded(article)
        if carry_on is None:
            logger.info("article %s: lease lost during %s; another worker carries on", article.pk, step.name)
            return None
        if not carry_on:
            return article


_FOREIGN_KEYS = {"outlet", "duplicate_of"}
GO_ON, STOPPED = "go on", "stopped"


def _run_one(step: Step, article: Article) -> Outcome:
    """The step for one article: `run`, or `run_many` over a batch of one."""
    if step.run is not None:
        return step.run(article)
    outcome = step.run_many([article])[0]
    if isinstance(outcome, IngestError):
        raise outcome
    return outcome


def _run_step(article: Article, step: Step, lease: Lease, *, queue=None, enqueue=None) -> bool | None:
    """Run one step and record it atomically: True to go on, False when finished or handed over
    to another queue, None if the lease was lost."""
    with transaction.atomic():
        outcome = _run_one(step, article)
        recorded = _record(article, step, outcome, lease, queue=queue, enqueue=enqueue)
        if recorded is None:
            transaction.set_rollback(True)
            return None
        return recorded == GO_ON


def _record(article: Article, step: Step, outcome: Outcome, lease: Lease, *, queue=None, enqueue=None) -> str | None:
    """Write what the step changed and where the article goes next, in one conditional UPDATE.

    GO_ON when the next step is this queue's too; STOPPED when the article finished, or when its
    next step belongs to another queue (with `queue` given): then it is handed over in the same
    UPDATE and `enqueue(article_id, queue)` is called once that commits. None if the lease was lost.
    """
    values = {(f"{name}_id" if name in _FOREIGN_KEYS else name): _pk(getattr(article, name)) for name in outcome.fields}
    index = next(i for i, s in enumerate(STEPS) if s.name == step.name)
    if outcome.stop is not None or index + 1 == len(STEPS):
        values.setdefault("error", "")
        status = outcome.stop or ArticleStatus.DONE
        ok = _finish(lease, status=status, processed_at=timezone.now(), article=article, **values)
        return STOPPED if ok else None
    following = STEPS[index + 1]
    values.update(step=following.name, attempts=0, error="")
    if queue is not None and following.queue != queue:
        if not _save(article, lease, status=ArticleStatus.QUEUED, leased_until=None, **values):
            return None
        if enqueue is not None:
            _send_on_commit(enqueue, article.pk, following.queue)
        return STOPPED
    return GO_ON if _save(article, lease, status=following.running, **values) else None


def _send_on_commit(enqueue: Callable[[int, str], None], article_id: int, queue: str) -> None:
    """Send the article's next message once the hand-over commits. A message that cannot be sent
    (the broker is down) is logged, not raised: the article is already recorded as waiting at its
    next step, and the sweeper sends it again — the step that ran must not fail for it."""

    def send() -> None:
        enqueue(article_id, queue)

    transaction.on_commit(send, robust=True)


def _save(article: Article | None, lease: Lease, **values) -> bool:
    """`lease.save`, keeping the article (when given) in memory as the row now is."""
    saved = lease.save(**values)
    if saved and article is not None:
        for name, value in values.items():
            setattr(article, name, value)
    return saved


def _reloaded(article: Article) -> Article:
    article.refresh_from_db()
    return article


def _pk(value):
    return value.pk if hasattr(value, "_meta") else value


def _is_transient_db_error(exc: Exception) -> bool:
    from django.db import InterfaceError, OperationalError

    return isinstance(exc, OperationalError | InterfaceError)
