#!/usr/bin/env python
"""End-to-end ingestion throughput against bare extraction of the same texts, in the same run.

A local test site (127.0.0.1) serves N (default 200) generated news-length (~550-word) articles,
and the database holds the real gazetteer (places and actors) as a deployment does, so storing and
linking work with places. Measured:

- bare extraction: ``sources.nlp.extract.extract_many`` (as ``manage.py extract`` runs over many
  files: ``nlp.pipe`` in batches of NLP_BATCH_SIZE, faster than one text at a time, which is
  printed too for reference) over the clean texts the pipeline will analyse (trafilatura's main
  text of each page, with its title and date), in this process with the model already loaded.
  It is measured before, between and after the end-to-end rounds, and each round is compared with
  the mean of the measurements either side of it, because the machine is shared and its load
  drifts; and once in 2 processes, for the same parallelism as 2 nlp workers.
- end to end with 1 and with 2 nlp worker processes: real ``celery worker`` processes against
  RabbitMQ (a private vhost) on a fresh database, deployed as the README says — a fetch worker
  (2 processes), the nlp worker being measured, and a link worker (1 process) — from submitting
  the URLs to every article's statements stored and linked: fetch, trafilatura, dedupe, NLP,
  storing statements and incident linking. The nlp processes load the model as they start and a
  few articles go through first, so startup is not counted. N is large enough that the first
  batch (nothing to analyse before the first fetch) and the last (its storing and linking after
  the last analysis) weigh little: what is measured is the rate the pipeline keeps up.
- per step, in this process, the articles batched as the workers batch them: wall time, CPU time
  and database-server CPU time of each step.
- linking against a growing database: link time per article for 20 dated pages on an empty
  database and with 1,000 and 5,000 incidents stored, one a day on average (the same density
  around the pages' dates, five times as many in all): the cost should follow the first, not the
  second.

Wall-clock ratios move with whatever else runs on the machine; CPU seconds per article much less,
so both are printed. The CPU ratio compares the extractor's CPU time with the CPU time of all the
worker processes (and, separately, of the nlp worker alone). The database server's share is not in
it (its processes come and go with the workers' connections); the per-step table shows it,
measured on this process's own connection. On a machine of 2 cores everything shares them: the
fetch and link workers and PostgreSQL take CPU from the nlp worker, which a deployment would give
machines of their own. Needs PostgreSQL (DATABASE_URL or the embedded default) and RabbitMQ at
$BENCH_RABBITMQ_URL (default amqp://guest:guest@127.0.0.1:5672). BENCH_INGEST_DATED=1 measures
throughput on pages with a publication date (spread over 45 days); by default they carry none.
BENCH_INGEST_TRACE=1 prints where the articles stand every 0.2 s of a round.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

from benchdb import database_reachable
from procs import backend_pid, children, cpu_seconds, load_average, peak_mib
from stored import populate_incidents

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

N = int(os.environ.get("BENCH_INGEST_ARTICLES", "200"))
DATED = os.environ.get("BENCH_INGEST_DATED", "") == "1"
RABBITMQ = os.environ.get("BENCH_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672")
TRACE = os.environ.get("BENCH_INGEST_TRACE", "") == "1"  # print where the articles stand while a round runs


def _rabbitmqctl(*args: str) -> bool:
    try:
        return subprocess.run(["rabbitmqctl", *args], capture_output=True, timeout=120).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


# --- the pages and their texts ---------------------------------------------------------------------


def _page_path(n: int, *, dated: bool = DATED) -> str:
    if n == 0:
        return "/long/99999.html"  # a warm-up page outside the measured set
    return f"/bench/{n}.html" if dated else f"/long/{n + 2000}.html"


def _serve(site, n: int) -> None:
    """The dated copy of page n: the same article with a publication date in September–October 2023."""
    from tests.testsite.content import long_article_html

    day = dt.date(2023, 9, 1) + dt.timedelta(days=(n * 7) % 45)
    meta = f"<meta property='article:published_time' content='{day.isoformat()}T09:00:00Z'>"
    site.add(_page_path(n, dated=True), long_article_html(n + 2000).replace("</title>", "</title>" + meta, 1))


def _page_bytes(site, n: int) -> bytes:
    from urllib.request import urlopen

    with urlopen(site.url(_page_path(n)), timeout=10) as response:  # noqa: S310 - our loopback test site
        return response.read()


@dataclasses.dataclass
class Timing:
    wall: float
    cpu: float


def _bare(items: list[tuple[str, dt.date | None, str]]) -> Timing:
    """The bare extractor as `manage.py extract` runs it over many texts: `extract_many`, which
    parses with `nlp.pipe` in batches of NLP_BATCH_SIZE (faster than one text at a time)."""
    from sources.nlp.extract import extract_many

    wall, cpu = time.perf_counter(), time.process_time()
    for _ in extract_many((text, {"published": published, "title": title or None}) for text, published, title in items):
        pass
    return Timing(time.perf_counter() - wall, time.process_time() - cpu)


def _bare_one_by_one(items: list[tuple[str, dt.date | None, str]]) -> Timing:
    from sources.nlp.extract import extract_text

    wall, cpu = time.perf_counter(), time.process_time()
    for text, published, title in items:
        extract_text(text, published=published, title=title or None)
    return Timing(time.perf_counter() - wall, time.process_time() - cpu)


def _bare_parallel(items: list[tuple[str, dt.date | None, str]], processes: int) -> float:
    """Wall seconds for `processes` forked copies of this process (model loaded) to extract the
    texts between them: the bare rate with the same parallelism as that many workers."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    shares = [items[i::processes] for i in range(processes)]
    start = time.perf_counter()
    with ctx.Pool(processes) as pool:
        pool.map(_bare, shares)
    return time.perf_counter() - start


# --- end to end ------------------------------------------------------------------------------------


@dataclasses.dataclass
class Round:
    processes: int
    wall: float
    worker_cpu: dict[str, float]
    done: int
    words: int
    statements: int
    peaks: dict[str, float]


# The workers as the README deploys them, scaled to this machine: fetching (I/O-bound, several at
# once, and dead letters), analysis (one process per core: the count being measured), storing and
# linking (one process: linking is serialised anyway).
WORKERS = {
    "fetch": ["-Q", "fetch,dead", "-c", "2"],
    "nlp": ["-Q", "nlp", "-c", "{processes}"],
    "link": ["-Q", "link", "-c", "1"],
}


def _e2e_round(site, env: dict, processes: int, batch: int) -> Round:
    from sources.models import Article, ArticleStatus
    from sources.services import article_submit

    workers = {}
    logs = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    for name, args in WORKERS.items():
        cmd = [
            sys.executable, "-m", "celery", "-A", "config", "worker", *(a.format(processes=processes) for a in args),
            "-l", "warning", "-n", f"bench-{name}{processes}@%h", "--without-gossip", "--without-mingle",
        ]  # fmt: skip
        with (logs / f"{name}.log").open("wb") as log:
            workers[name] = subprocess.Popen(
                cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
    check = functools.partial(_workers_alive, workers, logs)
    try:
        # The nlp worker's processes load the model as they start (worker_process_init): wait for
        # that, then send a few articles through every worker, so loading and first use are not timed.
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            check()
            peaks = [peak_mib(pid) for pid in children(workers["nlp"].pid)]
            if len(peaks) == processes and min(peaks) > 1.5 * peak_mib(workers["nlp"].pid):
                break
            time.sleep(0.5)
        warm = [
            article_submit(url=site.url(f"/long/{50_000 + batch * 1000 + i}.html"), source="url")[0].pk
            for i in range(processes * 4)
        ]
        _until_done(warm, timeout=300, check=check)
        # The same N pages each round, on an emptied database, so the rounds compare.
        _clear()
        trees = {name: [w.pid, *children(w.pid)] for name, w in workers.items()}
        before = {pid: cpu_seconds(pid) for pids in trees.values() for pid in pids}
        start = time.perf_counter()
        ids = [article_submit(url=site.url(_page_path(n)), source="url")[0].pk for n in range(1, N + 1)]
        _until_done(ids, timeout=1800, check=check)
        elapsed = time.perf_counter() - start
        worker_cpu = {
            name: sum(cpu_seconds(pid) - before.get(pid, 0.0) for pid in pids) for name, pids in trees.items()
        }
        done = Article.objects.filter(pk__in=ids, status=ArticleStatus.DONE)
        failed = Article.objects.filter(pk__in=ids).exclude(status=ArticleStatus.DONE)
        for article in failed[:3]:
            print(f"  not analysed: {article.url} {article.status} {article.error[:200]}")
        peaks = {}
        for name, pids in trees.items():
            pool = sorted(pids[1:])
            for i, pid in enumerate(pool):
                peaks[f"{name} pool {i + 1}" if len(pool) > 1 else f"{name} pool"] = peak_mib(pid)
            peaks[f"{name} main"] = peak_mib(pids[0])
        return Round(
            processes=processes,
            wall=elapsed,
            worker_cpu=worker_cpu,
            done=done.count(),
            words=sum(done.values_list("word_count", flat=True)),
            statements=sum(a.statements.count() for a in done),
            peaks=peaks,
        )
    finally:
        for worker in workers.values():
            os.killpg(worker.pid, signal.SIGTERM)
        for worker in workers.values():
            worker.wait(timeout=60)


def _clear() -> None:
    from django.db import connection

    from claims.models import Incident
    from sources.models import Article

    Article.objects.all().delete()
    Incident.objects.all().delete()
    # Clean up after the deletions now, so autovacuum does not do it during the next measurement.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _workers_alive(workers: dict[str, subprocess.Popen], logs: Path) -> None:
    """Stop the bench at once, with the worker's own words, when a worker has exited."""
    for name, worker in workers.items():
        if worker.poll() is not None:
            raise SystemExit(f"the {name} worker exited with {worker.returncode}:\n{_tail(logs / f'{name}.log')}")


def _tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _until_done(ids: list[int], *, timeout: float, check=lambda: None) -> None:
    from sources.models import Article, ArticleStatus

    final = [ArticleStatus.DONE, ArticleStatus.FAILED, ArticleStatus.DUPLICATE, ArticleStatus.UNSUPPORTED]
    start = time.monotonic()
    deadline = start + timeout
    while time.monotonic() < deadline:
        if TRACE:
            counts = Counter(
                f"{status}@{step}" for status, step in Article.objects.filter(pk__in=ids).values_list("status", "step")
            )
            print(f"  {time.monotonic() - start:5.1f}s " + " ".join(f"{k}={v}" for k, v in sorted(counts.items())))
        if Article.objects.filter(pk__in=ids, status__in=final).count() == len(ids):
            return
        check()
        time.sleep(0.2)
    raise SystemExit(f"timed out after {timeout:.0f}s waiting for {len(ids)} articles")


# --- per step, in this process -------------------------------------------------------------------


def _per_step(site, paths: list[str]) -> tuple[dict[str, list[float]], list[float]]:
    """Run the articles through the pipeline here, as the workers do, timing each step: {step: [wall, cpu, db cpu]}.

    The fetch stage one article at a time, then the nlp and link stages in batches of the
    articles waiting (each article's own message tried in turn, as the queues deliver them: most
    find their article already taken). Also returns the link step's wall time per article, in
    order. "runner" is the time the pipeline spends outside the steps (claiming the articles,
    recording each step, the messages that find nothing to do).
    """
    from ingest import runner, steps
    from sources.services import article_submit

    backend = backend_pid()
    spent: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])

    def clock() -> list[float]:
        return [time.perf_counter(), time.process_time(), cpu_seconds(backend)]

    def timed(name, run):
        def timed_run(arg):
            before = clock()
            try:
                return run(arg)
            finally:
                for i, (a, b) in enumerate(zip(before, clock(), strict=True)):
                    spent[name][i] += b - a

        return timed_run

    original = list(steps.STEPS)
    steps.STEPS[:] = [
        dataclasses.replace(
            step,
            run=step.run and timed(step.name, step.run),
            run_many=step.run_many and timed(step.name, step.run_many),
        )
        for step in original
    ]
    steps.STEP_BY_NAME.update({step.name: step for step in steps.STEPS})
    links: list[float] = []
    try:
        ids = [article_submit(url=site.url(path), source="url", enqueue=False)[0].pk for path in paths]
        start = clock()
        for queue in ("fetch", "nlp", "link"):
            for pk in ids:
                link_before = spent["link"][0]
                taken = runner.run(pk, queue=queue)
                if queue == "link" and taken:
                    links += [(spent["link"][0] - link_before) / len(taken)] * len(taken)
        whole = [b - a for a, b in zip(start, clock(), strict=True)]
        spent["runner"] = [w - s for w, s in zip(whole, _in_steps(spent), strict=True)]
    finally:
        steps.STEPS[:] = original
        steps.STEP_BY_NAME.update({step.name: step for step in original})
    return spent, links


def _in_steps(spent: dict[str, list[float]]) -> list[float]:
    return [sum(row[i] for name, row in spent.items() if name != "runner") for i in range(3)]


def _print_steps(spent: dict[str, list[float]], count: int) -> None:
    order = ["fetch", "extract", "dedupe", "analyse", "store", "link", "runner"]
    print(f"  {'step':8} {'wall s':>8} {'CPU s':>8} {'db CPU s':>9}   (per article)")
    for name in order:
        wall, cpu, db = spent.get(name, [0.0, 0.0, 0.0])
        print(f"  {name:8} {wall / count:8.3f} {cpu / count:8.3f} {db / count:9.3f}")
    total = [sum(row[i] for row in spent.values()) / count for i in range(3)]
    print(f"  {'total':8} {total[0]:8.3f} {total[1]:8.3f} {total[2]:9.3f}")


def _rate(label: str, count: int, words: int, seconds: float) -> str:
    return f"{label + ':':42} {count / seconds * 60:7.1f} articles/min {words / seconds:6.0f} words/s"


def _quarters(values: list[float]) -> str:
    size = max(1, len(values) // 4)
    return ", ".join(
        f"{sum(values[i : i + size]) / len(values[i : i + size]):.3f}" for i in range(0, len(values), size)
    )


# --- main ------------------------------------------------------------------------------------------


def main() -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    from claims import gazetteer
    from claims.models import Incident
    from claims.services import gazetteer_load
    from config.celery import app
    from config.embedded import connection_url
    from sources.text import html_extract
    from tests.testsite import TestSite

    try:
        from kombu import Connection

        with Connection(f"{RABBITMQ}//", connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
    except Exception as exc:
        print(f"skipped: RabbitMQ is not reachable at {RABBITMQ} ({exc})")
        return 0

    setup_test_environment()
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]
    # Its own database, never the one pytest uses for the same DATABASE_URL.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_ingest_{connection.settings_dict['NAME']}"
    db_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    site = TestSite().start()
    vhost = f"cc_bench_{uuid.uuid4().hex[:8]}"
    _rabbitmqctl("add_vhost", vhost)
    _rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
    broker = f"{RABBITMQ}/{vhost}"
    app.conf.update(broker_url=broker, task_always_eager=False)
    app._pool = None
    app.amqp._producer_pool = None
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    # The server this process uses, the embedded default's Unix socket included.
    database_url = connection_url(connection.settings_dict, name=db_name)
    database_reachable(database_url)
    env.update(
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=broker,
        FETCH_ALLOWED_PRIVATE_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
    )
    try:
        gazetteer_load(actors=gazetteer.load_actors(), places=gazetteer.load_places())
        for n in range(1, N + 1):
            _serve(site, n)
        # The texts the pipeline will analyse: trafilatura's main text of each served page, with
        # the title and date the pipeline passes along.
        pages = [html_extract(_page_bytes(site, n)) for n in range(1, N + 1)]
        items = [(page.text, page.published, page.title) for page in pages]
        words = sum(len(text.split()) for text, _, _ in items)
        _bare(items[:1])  # load the model outside the timing
        print(f"articles: {N}, words: {words:,}, {'dated' if DATED else 'undated'} pages; {load_average()}")

        one_by_one = _bare_one_by_one(items)
        print(_rate("bare extract_text, one text at a time", N, words, one_by_one.wall) + "  (for reference)")
        bare = [_bare(items)]
        print(_rate("bare extraction (1 process)", N, words, bare[-1].wall))
        rounds = []
        for batch, processes in enumerate((1, 2), start=1):
            r = _e2e_round(site, env, processes, batch)
            rounds.append(r)
            print(
                _rate(f"end to end, {processes} worker process(es)", r.done, r.words, r.wall)
                + f"  ({r.done}/{N} analysed, {r.statements} statements); {load_average()}"
            )
            bare.append(_bare(items))
            print(_rate("bare extraction (1 process)", N, words, bare[-1].wall))

        from django.db import connections

        connections.close_all()  # forked children must not share this process's connection
        parallel = _bare_parallel(items, 2)
        print(_rate("bare extraction (2 processes)", N, words, parallel))

        bare_cpu = sum(b.cpu for b in bare) / len(bare) / N
        print()
        print(f"bare extraction: {bare_cpu:.3f} CPU s per article (mean of {len(bare)} measurements)")
        for i, r in enumerate(rounds):
            bare_wall = (bare[i].wall + bare[i + 1].wall) / 2
            wall_ratio = (r.words / r.wall) / (words / bare_wall)
            e2e_cpu = sum(r.worker_cpu.values()) / max(r.done, 1)
            nlp_cpu = r.worker_cpu["nlp"] / max(r.done, 1)
            shares = ", ".join(f"{name} {cpu / max(r.done, 1):.3f}" for name, cpu in r.worker_cpu.items())
            print(
                f"{r.processes} nlp worker process(es): ratio vs bare {wall_ratio:.2f} (wall clock, against the bare "
                f"runs either side)\n  CPU s per article: {shares}; all workers {e2e_cpu:.3f}, CPU ratio vs bare "
                f"{bare_cpu / e2e_cpu:.2f} (nlp worker alone {bare_cpu / nlp_cpu:.2f})"
            )
            if r.processes == 2:
                print(
                    f"  against bare extraction in 2 processes (the same parallelism): "
                    f"{(r.words / r.wall) / (words / parallel):.2f}"
                )
            print("  peak memory (MiB): " + ", ".join(f"{name} {mib:.0f}" for name, mib in r.peaks.items()))
        print("target: end-to-end ≥ 0.8× bare extraction")

        # --- where the time goes ----------------------------------------------------------------
        _per_step(site, [_page_path(0)])  # first-use costs in this process (imports, caches) stay out
        _clear()
        spent, links = _per_step(site, [_page_path(n) for n in range(1, N + 1)])
        print()
        print(
            f"per step, in one process, {N} articles on an empty database, batched as the workers do (bare: {bare_cpu:.3f} CPU s):"
        )
        _print_steps(spent, N)
        print(f"  link wall s per article by quarter of the run: {_quarters(links)}")

        # --- linking follows the incidents near an article's dates, not all those stored --------
        sample = [_page_path(n, dated=True) for n in range(1, min(N, 20) + 1)]
        costs = []
        for count in (0, 1000, 5000):
            _clear()
            populate_incidents(count)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # as autovacuum would have by now on a database this size
            stored = Incident.objects.count()
            _, link = _per_step(site, sample)
            costs.append(f"{sum(link) / len(link):.3f} with {stored:,} incidents stored")
        print(f"link wall s per article ({len(sample)} dated pages, one stored incident a day): " + ", ".join(costs))
    finally:
        site.stop()
        _rabbitmqctl("delete_vhost", vhost)
        connection.creation.destroy_test_db(db_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
