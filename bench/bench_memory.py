"""Peak memory and time of the requests that once took gigabytes, beside baselines from the same run.

    .venv/bin/python bench/bench_memory.py

Issue 16 measured a 1,611-row statement export at 78 s and 11.5 GB and an editor page of a
900-statement incident at 61 s and 15.9 GB: each row loaded its whole article. This bench builds,
once, its own database (cc_bench_memory beside the developer's, or BENCH_MEMORY_DATABASE_URL):
10,000 accepted statements over 50 articles of 200 KB text and 300 KB raw HTML each, one incident
holding 1,000 of them and one holding 10. Each request is then measured in a fresh Python process
(Django's test client, the response consumed chunk by chunk as a client would): first its time and
how far the process's resident memory rose at its peak (VmHWM, reset just before, against VmRSS),
then, run again under tracemalloc, the peak of Python's allocations. The baselines are /healthz and the same two
requests at 10 statements; the ratio column divides by the 10-statement variant of the same kind.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from benchdb import bench_database_url, database_ensure

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = bench_database_url("cc_bench_memory", os.environ.get("BENCH_MEMORY_DATABASE_URL"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("STATIC_MANIFEST", "false")

STATEMENTS = 10_000
BIG = 1_000
SMALL = 10
ARTICLES = 50
SENTENCE = "The ministry said two soldiers were wounded near Norabak."
TEXT = (SENTENCE + " ") * 3_500  # about 200 KB
RAW = "<html><body><p>" + "Shelling was reported overnight along the border. " * 6_000 + "</p></body></html>"
EDITOR = "bench-memory-editor"

#: name -> (kind, what to request); the kind says which warm-up and which 10-statement baseline it has.
REQUESTS = {
    "/healthz": ("healthz", "/healthz"),
    "CSV export, 10 rows": ("export", "/statements/export.csv?incident={small}"),
    "CSV export, 10,000 rows": ("export", "/statements/export.csv"),
    "editor page, 10 statements": ("editor", "/editor/incidents/{small}/"),
    "editor page, 1,000 statements": ("editor", "/editor/incidents/{big}/"),
}


def _setup():
    import django

    django.setup()


def generate() -> None:
    """Bulk-create the rows once (skipping per-row triggers; the data is consistent by construction)."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from claims import models as cm
    from sources import models as sm

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
        outlet = sm.Outlet.objects.create(slug="bench-memory-outlet", name="Bench Memory Outlet")
        articles = sm.Article.objects.bulk_create(
            sm.Article(
                url=f"https://memory.bench.example.invalid/{n}",
                canonical_url=f"https://memory.bench.example.invalid/{n}",
                outlet=outlet,
                title=f"Bench memory article {n}",
                published=datetime.date(2023, 9, 1),
                text=TEXT,
                raw=RAW,
                status=sm.ArticleStatus.DONE,
                step="",
            )
            for n in range(ARTICLES)
        )
        big = cm.Incident.objects.create(title="Bench memory: the big incident", kind=cm.IncidentKind.values[0])
        small = cm.Incident.objects.create(title="Bench memory: the small incident", kind=cm.IncidentKind.values[0])
        others = cm.Incident.objects.bulk_create(
            cm.Incident(title=f"Bench memory incident {n}", kind=cm.IncidentKind.values[0]) for n in range(90)
        )
        sides = list(cm.Side.objects.order_by("display_order"))
        incidents = [big] * BIG + [small] * SMALL
        incidents += [others[n % len(others)] for n in range(STATEMENTS - len(incidents))]
        cm.Statement.objects.bulk_create(
            (
                cm.Statement(
                    article=articles[n % ARTICLES],
                    incident=incident,
                    speaker="The ministry",
                    side=sides[n % len(sides)],
                    cue="said",
                    stance=cm.Stance.CASUALTY_REPORT,
                    content="Two soldiers were wounded.",
                    sentence=SENTENCE,
                    start=0,
                    end=len(SENTENCE),
                    event_date=datetime.date(2023, 9, 1),
                    review_status=cm.ReviewStatus.ACCEPTED,
                    confidence=0.8,
                )
                for n, incident in enumerate(incidents)
            ),
            batch_size=2_000,
        )
        editor = get_user_model().objects.create_user(EDITOR, f"{EDITOR}@example.invalid")
        editor.groups.add(Group.objects.get(name="editor"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _status_bytes(field: str) -> int:
    """VmRSS (resident now) or VmHWM (resident at the peak) of this process, from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


def _reset_rss_peak() -> None:
    """Start VmHWM again from the current RSS (Linux ≥ 4.0), so the peak is the request's own."""
    Path("/proc/self/clear_refs").write_text("5")


def measure(name: str) -> dict:
    """In this (fresh) process: warm up, then time the request and take its memory peaks."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from claims.models import Incident

    ids = {
        "big": Incident.objects.get(title="Bench memory: the big incident").pk,
        "small": Incident.objects.get(title="Bench memory: the small incident").pk,
    }
    kind, url = REQUESTS[name]
    url = url.format(**ids)
    client = Client(SERVER_NAME="127.0.0.1")
    if kind == "editor":
        client.force_login(get_user_model().objects.get(username=EDITOR))

    def request() -> int:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        size = 0
        for chunk in response.streaming_content if response.streaming else [response.content]:
            size += len(chunk)
        return size

    # Warm up: the middleware, the URLconf, the templates, the connection — and the 10-row variant.
    client.get("/healthz")
    small_kind = {name_: url_ for name_, (kind_, url_) in REQUESTS.items() if kind_ == kind}
    request_small = next(iter(small_kind.values())).format(**ids)
    client.get(request_small)
    _reset_rss_peak()
    rss_before = _status_bytes("VmRSS")
    began = time.perf_counter()
    size = request()
    seconds = time.perf_counter() - began
    rss_peak = _status_bytes("VmHWM")
    tracemalloc.start()
    request()
    _current, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "seconds": seconds,
        "bytes": size,
        "rss_rise": rss_peak - rss_before,
        "rss_peak": rss_peak,
        "traced_peak": traced_peak,
    }


def main() -> None:
    created = database_ensure(os.environ["DATABASE_URL"])
    _setup()
    from django.core.management import call_command

    from claims.models import Statement

    call_command("migrate", verbosity=0, skip_checks=True)
    if created or not Statement.objects.filter(article__url__startswith="https://memory.bench.").exists():
        print(f"generating {STATEMENTS} statements over {ARTICLES} articles of {len(TEXT) // 1000} KB text …")
        began = time.perf_counter()
        generate()
        print(f"  generated in {time.perf_counter() - began:.1f}s")
    results = {}
    for name in REQUESTS:
        done = subprocess.run(
            [sys.executable, __file__, "--measure", name], capture_output=True, text=True, env=os.environ, check=False
        )
        if done.returncode != 0:
            sys.exit(f"measuring {name!r} failed:\n{done.stderr.strip()}")
        results[name] = json.loads(done.stdout.strip().splitlines()[-1])
    print("each request in a fresh process; RSS rise = its peak RSS above the RSS before it; traced = tracemalloc peak")
    print(
        f"{'request':<32} {'MB out':>7} {'s':>7} {'× base':>7} {'RSS rise MB':>12} {'peak RSS MB':>12}"
        f" {'traced MB':>10} {'× base':>7}"
    )
    baseline = {"healthz": "/healthz", "export": "CSV export, 10 rows", "editor": "editor page, 10 statements"}
    for name, result in results.items():
        base = results[baseline[REQUESTS[name][0]]]
        print(
            f"{name:<32} {result['bytes'] / 1e6:7.2f} {result['seconds']:7.3f} {result['seconds'] / base['seconds']:7.1f}"
            f" {result['rss_rise'] / 1e6:12.1f} {result['rss_peak'] / 1e6:12.1f}"
            f" {result['traced_peak'] / 1e6:10.1f} {result['traced_peak'] / base['traced_peak']:7.1f}"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        _setup()
        print(json.dumps(measure(sys.argv[2])))
    else:
        main()
