"""REST API throughput against a bare Django baseline, in the same run, on the same gunicorn.

    .venv/bin/python bench/bench_api.py [--seconds 8] [--rounds 3]

1. Creates and migrates a dedicated PostgreSQL database (BENCH_DATABASE_URL, default cc_bench on
   the server of DATABASE_URL, or on the embedded default when it is unset) and fills it once with 10,000 incidents and
   100,000 statements (with actors, articles, places, casualty figures and relations).
2. Starts gunicorn (2 sync workers) on loopback with bench/settings_bench.py, which mounts
   bench/baseline_urls.py next to the real URLconf.
3. Loads it from a second process — wrk if installed, else a small Python load generator with a
   bounded number of requests — for two scenarios, each against its baseline:
     * statements list, page of 50, filtered by side and date range (anonymous client);
     * incident detail with ?expand=statements (10 statements each).
   Rounds alternate API and baseline; the medians are reported with the API/baseline ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from benchdb import bench_database_url, database_ensure, done_articles, places_in_turn

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = sys.executable
DATABASE = "cc_bench"
INCIDENTS = 10_000
STATEMENTS = 100_000
TARGET = 0.5
SIDES = ["armenian", "azerbaijani", "russian", "international"]


# --- Database ------------------------------------------------------------------------------------


def ensure_database(url: str) -> None:
    if database_ensure(url):
        print(f"created database {urlsplit(url).path.lstrip('/')}")
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=bench_env(url), check=True)


def bench_env(url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "settings_bench",
        "PYTHONPATH": os.pathsep.join([str(BENCH), str(ROOT)]),
        "DEBUG": "false",
        "STATIC_MANIFEST": "false",
        "LOG_LEVEL": "WARNING",
        "API_THROTTLE_ANON": "100000000/minute",
        "API_THROTTLE_USER": "100000000/minute",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    env.pop("CELERY_BROKER_URL", None)
    return env


def generate() -> None:
    """Runs inside the bench database's Django (``--generate``): bulk-creates the rows once."""
    import datetime

    import django

    django.setup()
    from django.db import connection, transaction

    from claims import models as cm
    from sources import models as sm

    if cm.Statement.objects.count() >= STATEMENTS and cm.Incident.objects.count() >= INCIDENTS:
        print(f"reusing {cm.Incident.objects.count():,} incidents, {cm.Statement.objects.count():,} statements")
        return
    rng = random.Random(20230919)
    started = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                # Generated rows are consistent by construction; skipping the history triggers and
                # per-row checks makes loading 100k rows take seconds instead of minutes.
                cursor.execute("SET LOCAL session_replication_role = replica")
        for model in (
            cm.StatementRelation,
            cm.CasualtyFigure,
            cm.StatementPlace,
            cm.Statement,
            cm.IncidentPlace,
            cm.Incident,
            sm.Article,
            cm.Place,
            cm.Actor,
            sm.Outlet,
        ):
            model.objects.all().delete()
        sides = list(cm.Side.objects.order_by("display_order"))
        outlets = sm.Outlet.objects.bulk_create(
            [sm.Outlet(slug=f"outlet-{n}", name=f"Outlet {n}", side=sides[n % 4]) for n in range(30)]
        )
        actors = cm.Actor.objects.bulk_create(
            [
                cm.Actor(slug=f"actor-{n}", name=f"Ministry {n}", kind=cm.ActorKind.MINISTRY, side=sides[n % 4])
                for n in range(300)
            ]
        )
        places = cm.Place.objects.bulk_create(
            [
                cm.Place(
                    slug=f"place-{n}", name=f"Village {n}", kind=cm.PlaceKind.VILLAGE, latitude=40.0, longitude=45.0
                )
                for n in range(400)
            ]
        )
        text = "The ministry said soldiers came under fire near the border village overnight. " * 4
        sentence = text[:78]
        day0 = datetime.date(2020, 1, 1)
        articles = done_articles(
            25_000,
            outlets=outlets,
            site="news.example.invalid",
            title="Report",
            day0=day0,
            days=1800,
            text=lambda n: text,
        )
        incidents = cm.Incident.objects.bulk_create(
            [
                cm.Incident(
                    title=f"Incident {n}",
                    kind=cm.IncidentKind.BORDER_CLASH,
                    start_date=day0 + datetime.timedelta(days=n * 1800 // INCIDENTS),
                    status=cm.IncidentStatus.DEVELOPING if n % 3 else cm.IncidentStatus.CONTESTED,
                )
                for n in range(INCIDENTS)
            ],
            batch_size=5000,
        )
        places_in_turn(cm.IncidentPlace, "incident", incidents, places)
        stances = list(cm.Stance.values)
        statements = cm.Statement.objects.bulk_create(
            [
                cm.Statement(
                    article=articles[rng.randrange(len(articles))],
                    incident=incidents[n % INCIDENTS],
                    incident_confidence=0.8,
                    actor=actors[rng.randrange(len(actors))],
                    speaker="The ministry",
                    side=sides[rng.randrange(4)],
                    cue="said",
                    stance=stances[n % len(stances)],
                    content="Soldiers came under fire near the border village.",
                    sentence=sentence,
                    start=0,
                    end=len(sentence),
                    event_date=incidents[n % INCIDENTS].start_date,
                    blamed_side=sides[rng.randrange(4)] if n % 2 else None,
                    confidence=round(rng.random(), 3),
                    review_status=cm.ReviewStatus.ACCEPTED if n % 7 else cm.ReviewStatus.PENDING,
                )
                for n in range(STATEMENTS)
            ],
            batch_size=5000,
        )
        places_in_turn(cm.StatementPlace, "statement", statements, places)
        cm.CasualtyFigure.objects.bulk_create(
            [
                cm.CasualtyFigure(statement=s, party_side=sides[n % 2], killed_low=n % 5, killed_high=n % 5 + 2)
                for n, s in enumerate(statements)
                if n % 4 == 0
            ],
            batch_size=10000,
        )
        cm.StatementRelation.objects.bulk_create(
            [
                cm.StatementRelation(source=statements[n], target=statements[n + INCIDENTS], kind="denies")
                for n in range(0, STATEMENTS - INCIDENTS, 9)
            ],
            batch_size=10000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"generated {INCIDENTS:,} incidents and {STATEMENTS:,} statements in {time.perf_counter() - started:.0f}s")


# --- Server --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(url: str, port: int) -> subprocess.Popen:
    gunicorn = str(Path(PYTHON).with_name("gunicorn"))
    process = subprocess.Popen(
        [
            gunicorn,
            "config.wsgi:application",
            "--workers=2",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            "--pythonpath",
            f"{BENCH},{ROOT}",
        ],
        cwd=ROOT,
        env=bench_env(url),
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/sides/", timeout=2).read()
            return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit("gunicorn exited during start-up") from None
            time.sleep(0.5)
    process.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def fetch_json(port: int, path: str) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        assert response.status == 200, (path, response.status)
        return json.loads(response.read())


# --- Load ----------------------------------------------------------------------------------------

WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"requests": %%d, "seconds": %%f, "errors": %%d, "non2xx": %%d, "p50_ms": %%f, "p99_ms": %%f}\\n',
    summary.requests, summary.duration / 1e6, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def load_wrk(port: int, paths: list[str], seconds: float, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    try:
        output = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{max(1, int(seconds))}s",
                "--timeout=30s",
                "-s",
                script.name,
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    result = json.loads(line[len("RESULT ") :])
    result["rps"] = result["requests"] / result["seconds"]
    return result


def load_python(port: int, paths: list[str], requests: int, connections: int) -> dict:
    """Fallback when wrk is missing: `connections` threads share a bounded number of requests."""
    import http.client

    latencies: list[float] = []
    errors = 0
    counter = iter(range(requests))
    lock = threading.Lock()

    def worker():
        nonlocal errors
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            began = time.perf_counter()
            conn.request("GET", paths[n % len(paths)])
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - began
            conn.close()
            with lock:
                latencies.append(elapsed)
                errors += response.status != 200

    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    latencies.sort()
    return {
        "requests": len(latencies),
        "seconds": seconds,
        "errors": 0,
        "non2xx": errors,
        "rps": len(latencies) / seconds,
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
    }


def run_load(port: int, paths: list[str], args) -> dict:
    """In a second process (wrk, or this script with --load), never in the bench's own process."""
    if shutil.which("wrk"):
        return load_wrk(port, paths, args.seconds, args.connections)
    output = subprocess.run(
        [PYTHON, __file__, "--load", str(port), str(args.requests), str(args.connections), json.dumps(paths)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output)


# --- Main ----------------------------------------------------------------------------------------


def scenarios(port: int) -> dict[str, tuple[list[str], list[str]]]:
    statement_params = [
        f"side={side}&date_from={year}-01-01&date_to={year}-12-31" for side in SIDES for year in (2021, 2022, 2023)
    ]
    incidents = fetch_json(port, "/api/v1/incidents/?page_size=50&date_from=2022-01-01")["results"]
    ids = [incident["id"] for incident in incidents]
    return {
        "statements list (page of 50, side + dates)": (
            [f"/api/v1/statements/?{p}&page_size=50" for p in statement_params],
            [f"/bench/statements/?{p}" for p in statement_params],
        ),
        "incident detail ?expand=statements": (
            [f"/api/v1/incidents/{pk}/?expand=statements" for pk in ids],
            [f"/bench/incidents/{pk}/" for pk in ids],
        ),
    }


def check_same_rows(port: int, api: list[str], baseline: list[str]) -> None:
    """The baseline must answer the same statements as the API, or the comparison means nothing."""
    for api_path, base_path in zip(api[:3], baseline[:3], strict=True):
        api_body, base_body = fetch_json(port, api_path), fetch_json(port, base_path)
        if "results" in api_body:
            api_ids = [row["id"] for row in api_body["results"]]
            base_ids = [row["id"] for row in base_body["results"]]
        else:
            api_ids = sorted(s["id"] for group in api_body["sides"] for s in group["statements"])
            base_ids = sorted(s["id"] for group in base_body["sides"] for s in group["statements"])
        if api_ids != base_ids or not api_ids:
            raise SystemExit(f"baseline and API disagree on {api_path}: {api_ids[:5]} vs {base_ids[:5]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=8, help="duration of each wrk run")
    parser.add_argument("--requests", type=int, default=600, help="requests per run without wrk")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--load", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generate()
        return 0
    if args.load:
        port, requests, connections, paths = args.load
        print(json.dumps(load_python(int(port), json.loads(paths), int(requests), int(connections))))
        return 0

    url = bench_database_url(DATABASE, os.environ.get("BENCH_DATABASE_URL"))
    ensure_database(url)
    subprocess.run([PYTHON, __file__, "--generate"], cwd=ROOT, env=bench_env(url), check=True)
    port = free_port()
    server = start_gunicorn(url, port)
    try:
        tool = "wrk" if shutil.which("wrk") else f"python ({args.requests} requests per run)"
        print(f"gunicorn: 2 sync workers on 127.0.0.1:{port}; load: {tool}, {args.connections} connections")
        results = []
        for name, (api, baseline) in scenarios(port).items():
            check_same_rows(port, api, baseline)
            warm = argparse.Namespace(**{**vars(args), "seconds": 2, "requests": 60})
            run_load(port, api, warm)
            run_load(port, baseline, warm)
            runs: dict[str, list[dict]] = {"api": [], "baseline": []}
            for _ in range(args.rounds):
                for kind, paths in (("api", api), ("baseline", baseline)):
                    result = run_load(port, paths, args)
                    if result["non2xx"] or result["errors"]:
                        raise SystemExit(f"{name} ({kind}): {result['non2xx']} non-2xx, {result['errors']} errors")
                    runs[kind].append(result)
            results.append((name, runs))
    finally:
        server.terminate()
        server.wait(timeout=30)

    print()
    print(f"{'scenario':45} {'':9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    below = False
    for name, runs in results:
        medians = {}
        for kind in ("api", "baseline"):
            rps = statistics.median(r["rps"] for r in runs[kind])
            p50 = statistics.median(r["p50_ms"] for r in runs[kind])
            p99 = statistics.median(r["p99_ms"] for r in runs[kind])
            medians[kind] = rps
            print(f"{name if kind == 'api' else '':45} {kind:9} {rps:8.1f} {p50:8.1f} {p99:8.1f}")
        ratio = medians["api"] / medians["baseline"]
        below |= ratio < TARGET
        print(f"{'':45} {'ratio':9} {ratio:8.2f}x  (target >= {TARGET}x)")
    if below:
        print("\nBELOW TARGET: the API reached less than half the baseline's throughput in at least one scenario")
    return 0


if __name__ == "__main__":
    sys.exit(main())
