"""Real celery workers against the real RabbitMQ broker: nothing lost, nothing doubled.

Each test gets its own RabbitMQ virtual host, so runs never see each other's queues, and the
workers are pointed at the test database (committed data: transactional tests). The local test
site serves the articles over loopback. Every wait is bounded.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count

from claims.models import Statement
from config.embedded import connection_url
from sources.models import Article, ArticleSource, ArticleStatus
from sources.services import article_submit
from tests.conftest import ROOT, require_service
from tests.testsite.content import article_html

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BROKER = os.environ.get("TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672")
ARTICLES = 50
FINAL = {ArticleStatus.DONE, ArticleStatus.FAILED, ArticleStatus.DUPLICATE, ArticleStatus.UNSUPPORTED}


def _rabbitmqctl(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(["rabbitmqctl", *args], capture_output=True, text=True, timeout=timeout)


def _broker_available() -> bool:
    from kombu import Connection

    if shutil.which("rabbitmqctl") is None:
        return False
    try:
        with Connection(f"{BROKER}//", connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
        return True
    except Exception:
        return False


def _wait(predicate, *, timeout: float, what: str, every: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    statuses = dict(Article.objects.values_list("status").annotate(n=Count("id")))
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}; article statuses: {statuses}")


@pytest.fixture
def vhost():
    require_service(_broker_available(), f"RabbitMQ is not reachable at {BROKER}")
    name = f"cc_ingest_test_{uuid.uuid4().hex[:10]}"
    assert _rabbitmqctl("add_vhost", name).returncode == 0
    assert _rabbitmqctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*").returncode == 0
    yield name
    _rabbitmqctl("start_app")  # in case a test stopped it and failed before restarting
    _rabbitmqctl("delete_vhost", name)


@pytest.fixture
def broker(vhost):
    """Point this process's Celery app at the test vhost, so submissions publish real messages."""
    from config.celery import app

    url = f"{BROKER}/{vhost}"
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=url, task_always_eager=False)
    _forget_connections(app)
    yield url
    _forget_connections(app)
    app.conf.update(saved)


def _forget_connections(app) -> None:
    # Pools are built from broker_url on first use; dropping them makes the next use read the
    # current URL (each test has its own vhost, so kombu's pools never hand out a stale one).
    app._pool = None
    app.amqp._producer_pool = None


#: What every worker process runs with besides its broker, database and var dir: short leases, sweeps
#: and back-off so that crashes and retries play out within a test.
WORKER_SETTINGS = {
    "FETCH_ALLOWED_PRIVATE_HOSTS": "127.0.0.1",
    "INGEST_LEASE_SECONDS": "15",
    "INGEST_SWEEP_EVERY": "3",
    "INGEST_SWEEP_GRACE_SECONDS": "20",
    "INGEST_RETRY_BACKOFF": "1",
    "CELERY_TASK_TIME_LIMIT": "120",
    "CELERY_TASK_SOFT_TIME_LIMIT": "100",
    "SECRET_KEY": "integration-test-secret-key-" + "x" * 40,
    "DEBUG": "false",
}


class Workers:
    def __init__(self, broker_url: str, tmp_path: Path) -> None:
        inherited = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
        self.env = inherited | WORKER_SETTINGS
        self.env.update(
            DATABASE_URL=connection_url(connection.settings_dict),
            CELERY_BROKER_URL=broker_url,
            COUNTERCLAIM_VAR_DIR=str(tmp_path / "var"),
        )
        self.tmp_path = tmp_path
        self.procs: list[subprocess.Popen] = []

    def start(self, name: str, queues: str = "fetch,nlp,link,dead", *, beat: bool = True, ready: bool = True):
        log = self.tmp_path / f"{name}.log"
        cmd = [
            sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queues, "-c", "2",
            "-l", "info", "-n", f"{name}@%h", "--without-gossip", "--without-mingle",
        ]  # fmt: skip
        if beat:
            cmd += ["-B", "-s", str(self.tmp_path / f"{name}-beat")]
        with log.open("wb") as out:
            proc = subprocess.Popen(
                cmd, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.procs.append(proc)
        if ready:
            self.ready(proc, log, name)
        return proc, log

    @staticmethod
    def ready(proc: subprocess.Popen, log: Path, name: str) -> None:
        _wait(
            lambda: b" ready." in log.read_bytes() or proc.poll() is not None,
            timeout=120,
            what=f"worker {name} to start",
        )
        assert proc.poll() is None, log.read_text()[-3000:]

    @staticmethod
    def kill(proc: subprocess.Popen) -> None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=10)


@pytest.fixture
def workers(broker, tmp_path, site):
    pool = Workers(broker, tmp_path)
    yield pool
    pool.stop_all()


def _submit_articles(site, first: int) -> list[int]:
    ids = []
    for n in range(first, first + ARTICLES):
        # Each submission commits on its own and publishes its message on commit.
        article, _created = article_submit(url=site.url(f"/articles/{n}.html"), source=ArticleSource.URL)
        ids.append(article.pk)
    return ids


def _done(ids: list[int]) -> int:
    return Article.objects.filter(pk__in=ids, status=ArticleStatus.DONE).count()


def _all_final(ids: list[int]) -> bool:
    return Article.objects.filter(pk__in=ids, status__in=FINAL).count() == len(ids)


def _assert_every_article_analysed_exactly_once(ids: list[int]) -> None:
    from sources.nlp.extract import extract_text

    articles = list(Article.objects.filter(pk__in=ids).order_by("pk"))
    assert len(articles) == ARTICLES
    problems = [(a.pk, a.status, a.error) for a in articles if a.status != ArticleStatus.DONE]
    assert problems == []
    doubled = (
        Statement.objects.filter(article__in=ids)
        .values("article", "start", "end", "speaker", "cue")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert list(doubled) == []
    for article in articles:
        # Exactly the statements one analysis of the text gives: none missing, none twice.
        extracted = extract_text(article.text, published=article.published)
        expected = sorted((s.start, s.end, s.speaker, s.cue) for s in extracted)
        stored = sorted(article.statements.values_list("start", "end", "speaker", "cue"))
        assert stored == expected, f"article {article.pk}"


def test_killing_a_worker_mid_run_loses_and_doubles_nothing(workers, site, vhost):
    first, first_log = workers.start("first")
    queues = _rabbitmqctl("list_queues", "-p", vhost, "name", "type", "arguments").stdout
    for name in ("fetch", "nlp", "link", "dead"):
        assert any(line.split("\t")[:2] == [name, "quorum"] for line in queues.splitlines()), queues
    assert "x-dead-letter-exchange" in queues and "x-delivery-limit" in queues
    ids = _submit_articles(site, 100)
    _wait(lambda: _done(ids) >= 8, timeout=240, what="the first articles to finish")
    workers.kill(first)
    unfinished = Article.objects.filter(pk__in=ids).exclude(status__in=FINAL).count()
    assert unfinished > 0, "the worker finished everything before it was killed; the test proved nothing"

    workers.start("second")
    _wait(lambda: _all_final(ids), timeout=480, what="every article to finish after the restart", every=1)
    _assert_every_article_analysed_exactly_once(ids)


def test_restarting_the_broker_with_work_queued_loses_and_doubles_nothing(workers, site):
    workers.start("worker")
    ids = _submit_articles(site, 200)
    _wait(lambda: _done(ids) >= 5, timeout=240, what="the first articles to finish")
    assert _rabbitmqctl("stop_app", timeout=120).returncode == 0
    assert Article.objects.filter(pk__in=ids).exclude(status__in=FINAL).exists()
    time.sleep(2)
    assert _rabbitmqctl("start_app", timeout=120).returncode == 0
    _wait(lambda: _all_final(ids), timeout=480, what="every article to finish after the broker restart", every=1)
    _assert_every_article_analysed_exactly_once(ids)


def test_workers_started_together_set_up_delayed_delivery_under_the_queue_prefix(workers, site, vhost):
    """The three workers of the README, each consuming its own queues: every one
    declares every queue, so binding them all to the delayed-delivery exchange never fails; and the
    delayed-delivery queues, like ours, carry CELERY_QUEUE_PREFIX. A retry then goes through them."""
    workers.env.update(CELERY_QUEUE_PREFIX="cc_", INGEST_RETRY_BACKOFF="3")
    # The nlp worker first, alone: the worst case, where none of the other queues exists yet.
    started = [("nlp", *workers.start("nlp", "cc_nlp", beat=False))]
    started += [
        (name, *workers.start(name, queues, beat=False, ready=False))
        for name, queues in (("fetch", "cc_fetch,cc_dead"), ("link", "cc_link"))
    ]
    for name, proc, log in started:
        workers.ready(proc, log, name)
    for name, _proc, log in started:
        text = log.read_text()
        assert "Failed to setup delayed delivery" not in text and "CRITICAL" not in text, f"{name}: {text[-3000:]}"
    queues = dict(
        line.split("\t")[:2]
        for line in _rabbitmqctl("list_queues", "-q", "-p", vhost, "name", "type").stdout.splitlines()
    )
    for name in ("cc_fetch", "cc_nlp", "cc_link", "cc_dead", "cc_celery_delayed_0", "cc_celery_delayed_27"):
        assert queues.get(name) == "quorum", queues
    assert not any(name.startswith("celery_delayed_") for name in queues), queues
    exchanges = _rabbitmqctl("list_exchanges", "-q", "-p", vhost, "name").stdout.split()
    assert "cc_celery_delayed_delivery" in exchanges and "celery_delayed_delivery" not in exchanges

    # An article whose page fails at first: its retry waits in the prefixed delayed queues.
    path = "/articles/flaky-delayed.html"
    site.add(path, "down for maintenance", status=503)
    submitted = subprocess.run(
        [sys.executable, "manage.py", "ingest", "--queue", site.url(path)],
        cwd=ROOT, env=workers.env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert submitted.returncode == 0, submitted.stderr
    _wait(
        lambda: Article.objects.filter(error__contains="will retry", retry_at__isnull=False).exists(),
        timeout=60,
        what="the first fetch to fail and schedule its retry",
    )
    site.add(path, article_html(63))
    _wait(lambda: Article.objects.filter(status=ArticleStatus.DONE).exists(), timeout=240, what="the retry to finish")
    assert site.hits[path] >= 2
