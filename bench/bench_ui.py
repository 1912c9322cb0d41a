"""Server time of every page the journeys visit, on a large database: 10k incidents, 100k statements.

Builds the data once with PostgreSQL's COPY in its own database (cc_bench_ui beside the developer's
own database — the embedded default without DATABASE_URL — or BENCH_UI_DATABASE_URL), then renders
each page through Django's test client as the role that visits it (anonymous visitor, researcher,
editor, admin) and prints the median time, the SQL query count, and the time as a ratio of a
baseline measured in the same run: /healthz, one database round trip through the same middleware.
It also prints the first request's time, made with the cache emptied: what a page reuses until the
data changes (the overview, the possible duplicates: `claims.versions`) is computed in that one, as
it is after every write. Pages whose median is over BUDGET_MS are flagged, and those whose first
request is are listed.

    .venv/bin/python bench/bench_ui.py                  # 10,000 incidents, 100,000 statements
    .venv/bin/python bench/bench_ui.py --quick          # 1,000 and 10,000: a minute, for a first look
    .venv/bin/python bench/bench_ui.py --incidents 2000 --statements 20000 --only editor

A database holding another size, or made by an older generator, is emptied and built again; one
holding anything but bench data is left alone (the bench stops and says so).
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import os
import random
import statistics
import sys
import time
from pathlib import Path

from benchdb import WORDS, bench_database_url, copy_objects, database_ensure

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = bench_database_url("cc_bench_ui", os.environ.get("BENCH_UI_DATABASE_URL"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("DB_CONN_MAX_AGE", "600")

#: The issue's bar: every page a journey visits renders within this much server time at full size.
BUDGET_MS = 300
SLOW_S = 10
TIMEOUT_S = 60
#: The generator's version, in its outlets' slugs: data of an older generator is built again.
GENERATOR = "v2"
MARKER = f"bench-{GENERATOR}-outlet-0"  # the first outlet the generator makes

database_ensure(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# A page whose query runs past this is reported as timed out rather than holding the run for minutes.
settings.DATABASES["default"]["OPTIONS"]["options"] += f" -c statement_timeout={TIMEOUT_S * 1000}"

from django.apps import apps  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import OperationalError, connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from claims import models as cm  # noqa: E402
from sources import models as sm  # noqa: E402

PLACE_NAMES = ["Stepanakert", "Norabak", "Jermuk", "Kalbajar", "Lachin", "Tegh", "Sotk", "Goris", "Kapan", "Shusha"]
PLACE_ALIASES = {"Stepanakert": "Khankendi", "Shusha": "Shushi", "Kalbajar": "Karvachar", "Lachin": "Berdzor"}
SENTENCES_PER_ARTICLE = 6
PASSWORD = "bench-only-password"  # noqa: S105 - a throwaway bench database's accounts


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + "."


def review_status(i: int) -> str:
    """Seven in ten statements accepted, two pending, one rejected."""
    return ["pending", "pending", "rejected"][i % 10] if i % 10 < 3 else "accepted"


@transaction.atomic
def generate(incident_count: int, statement_count: int) -> None:
    rng = random.Random(42)
    save = {"connection": connection}
    sides = list(cm.Side.objects.order_by("display_order"))
    outlets = copy_objects(
        [
            sm.Outlet(
                slug=f"bench-{GENERATOR}-outlet-{i}", name=f"Bench Outlet {i}", country=["AM", "AZ", "RU", "GB"][i % 4]
            )
            for i in range(50)
        ],
        **save,
    )
    actors = copy_objects(
        [cm.Actor(slug=f"bench-actor-{i}", name=f"Bench Actor {i}", side=sides[i % len(sides)]) for i in range(500)],
        **save,
    )
    places = copy_objects(
        [
            cm.Place(
                slug=f"bench-place-{i}",
                name=f"{PLACE_NAMES[i % len(PLACE_NAMES)]} {i}",
                aliases=[f"{PLACE_ALIASES[name]} {i}"]
                if (name := PLACE_NAMES[i % len(PLACE_NAMES)]) in PLACE_ALIASES
                else [],
                kind="village",
                latitude=39 + rng.random() * 2,
                longitude=44 + rng.random() * 4,
            )
            for i in range(200)
        ],
        **save,
    )
    start = datetime.date(2020, 1, 1)
    statuses = ["developing", "contested", "settled", "developing", "contested", "settled", "settled", "draft"]
    incidents = copy_objects(
        [
            cm.Incident(
                title=f"Bench incident {i} near {PLACE_NAMES[i % len(PLACE_NAMES)]}",
                kind=rng.choice(cm.IncidentKind.values),
                status=statuses[i % len(statuses)] if i > 1 else "contested",
                start_date=start + datetime.timedelta(days=i % 1500),
                end_date=start + datetime.timedelta(days=i % 1500 + i % 3),
                summary=sentence(rng),
            )
            for i in range(incident_count)
        ],
        **save,
    )
    copy_objects(
        [cm.IncidentPlace(incident=incident, place=places[n % len(places)]) for n, incident in enumerate(incidents)],
        **save,
    )
    articles = copy_objects(
        [
            sm.Article(
                url=f"https://bench.example.invalid/{n}",
                canonical_url=f"https://bench.example.invalid/{n}",
                outlet=outlets[n % len(outlets)],
                title=f"Bench article {n}",
                published=start + datetime.timedelta(days=n % 1500),
                text=" ".join(sentence(rng) for _ in range(SENTENCES_PER_ARTICLE)),
                language="en",
                status=sm.ArticleStatus.DONE,
            )
            for n in range(max(1, statement_count // 5))
        ],
        **save,
    )
    with connection.cursor() as cursor:
        # The articles' search vectors came from their trigger; from here on, skip the per-row
        # triggers (history events, the offsets check, foreign-key checks) for this transaction:
        # they made loading the statements' rows take many minutes, and the generator keeps the
        # data consistent itself.
        cursor.execute("SET LOCAL session_replication_role = replica")
    # Incident 0 gets exactly 100 statements and incident 1 exactly 10; the rest share what is left.
    targets = [incidents[0]] * 100 + [incidents[1]] * 10
    targets += [incidents[2 + i % (len(incidents) - 2)] for i in range(statement_count - len(targets))]
    statements = []
    for i, incident in enumerate(targets):
        article = articles[i % len(articles)]
        # The statement is one of the article's sentences, found by its offsets.
        sentences = article.text.split(". ")
        k = (i // len(articles)) % SENTENCES_PER_ARTICLE
        at = sum(len(s) + 2 for s in sentences[:k])
        end = at + len(sentences[k]) + (0 if sentences[k].endswith(".") else 1)
        statements.append(
            cm.Statement(
                article=article,
                incident=incident,
                actor=actors[i % len(actors)],
                speaker=f"Bench Actor {i % len(actors)}",
                side=sides[i % len(sides)],
                cue=rng.choice(["said", "claimed", "denied", "accused"]),
                stance=rng.choice(cm.Stance.values),
                content=article.text[at:end],
                sentence=article.text[at:end],
                start=at,
                end=end,
                event_date=incident.start_date if i % 3 else None,
                blamed_side=sides[(i + 1) % len(sides)],
                review_status=review_status(i),
                confidence=round(0.3 + rng.random() * 0.69, 2),
            )
        )
    copy_objects(statements, **save)
    copy_objects(
        [
            cm.StatementPlace(statement=s, place=places[(s.incident_id + i) % len(places)])
            for i, s in enumerate(statements)
            if i % 2 == 0
        ],
        **save,
    )
    copy_objects(
        [
            cm.CasualtyFigure(statement=s, party_side=s.side, killed_low=i % 7, killed_high=i % 7 + 1)
            for i, s in enumerate(statements)
            if i % 3 == 0
        ],
        **save,
    )
    # One counterclaim for every fifth statement: it denies or contradicts an earlier statement of the
    # same incident (suggested, confirmed or dismissed in turn).
    earlier: dict[int, cm.Statement] = {}
    relations = []
    for n, statement in enumerate(statements):
        if n % 5 == 0 and (target := earlier.get(statement.incident_id)) is not None:
            kind = "denies" if n % 2 else "contradicts"
            status = ["suggested", "confirmed", "confirmed", "dismissed"][len(relations) % 4]
            relations.append(cm.StatementRelation(source=statement, target=target, kind=kind, status=status))
        earlier.setdefault(statement.incident_id, statement)
    copy_objects(relations, **save)
    for name, role in (("bench-researcher", None), ("bench-editor", "editor"), ("bench-admin", "admin")):
        user = User.objects.create_user(name, password=PASSWORD, is_staff=role == "admin", is_superuser=role == "admin")
        if role:
            user.groups.add(Group.objects.get(name=role))


def sized_database(incident_count: int, statement_count: int) -> None:
    """Make the database hold exactly the bench data of this size: keep it, or empty it and build again."""
    call_command("migrate", verbosity=0, skip_checks=True)
    have = (cm.Incident.objects.count(), cm.Statement.objects.count())
    if have == (incident_count, statement_count) and sm.Outlet.objects.filter(slug=MARKER).exists():
        return
    if any(have) and not sm.Outlet.objects.filter(slug__startswith="bench-", slug__endswith="outlet-0").exists():
        sys.exit(f"{connection.settings_dict['NAME']} holds data that is not the bench's: give another database.")
    if any(have):
        print(f"emptying {connection.settings_dict['NAME']} ({have[0]} incidents, {have[1]} statements) …")
        call_command("flush", interactive=False, verbosity=0)
        # The flush took the rows a migration seeds (the sides, the editor and admin groups).
        seeds = importlib.import_module("claims.migrations.0003_seed_sides")
        seeds.seed(apps, None)
        seeds.seed_groups(apps, None)
    print(
        f"generating {incident_count} incidents and {statement_count} statements in {connection.settings_dict['NAME']} …"
    )
    t0 = time.perf_counter()
    generate(incident_count, statement_count)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  generated in {time.perf_counter() - t0:.1f}s")


def timed(client: Client, url: str, repeat: int) -> tuple[float, float, int]:
    """(median ms, first ms, queries): the first request runs with the cache emptied, so what a page
    reuses until the data changes (`claims.versions`) is computed in it, as after a write."""
    cache.clear()
    t0 = time.perf_counter()
    response = client.get(url)
    first = time.perf_counter() - t0
    assert response.status_code == 200, (url, response.status_code)
    times = [first] if first > SLOW_S else []  # a page this slow is timed once: it is over budget anyway
    for _ in range(repeat if not times else 0):
        t0 = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        times.append(time.perf_counter() - t0)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times) * 1000, first * 1000, len(queries)


def journey_pages() -> list[tuple[str, str, str]]:
    """(role, page, url) for every page a role's journey visits."""
    big = cm.Incident.objects.order_by("pk").first()
    small = cm.Incident.objects.order_by("pk")[1]
    shown = cm.Statement.objects.filter(incident=big, review_status="accepted").order_by("pk").first()
    pending = cm.Statement.objects.filter(incident=big, review_status="pending").order_by("pk").first()
    actor = shown.actor.slug
    place = big.places.first().slug
    outlet = shown.article.outlet.slug
    public = [
        ("home", "/"),
        ("how to read", "/how-to-read/"),
        ("incident list", "/incidents/"),
        ("incident list, most contested", "/incidents/?ordering=-contested"),
        ("incident list, date+place", "/incidents/?date_from=2022-01-01&date_to=2022-06-30&place=Norabak"),
        ("incident list, page 100", "/incidents/?page=100"),
        ("incident, 100 statements", f"/incidents/{big.pk}/"),
        ("incident, 10 statements", f"/incidents/{small.pk}/"),
        ("map", "/map/"),
        ("search 'Stepanakrt'", "/search/?q=Stepanakrt"),
        ("statement list", "/statements/"),
        ("statement list, side+place", "/statements/?side=armenian&place=Khankendi"),
        ("statement", f"/statements/{shown.pk}/"),
        ("article", f"/articles/{shown.article_id}/"),
        ("actor", f"/actors/{actor}/"),
        ("place", f"/places/{place}/"),
        ("outlet", f"/outlets/{outlet}/"),
    ]
    editor = [
        ("editor queue", "/editor/"),
        ("editor queue, incident filter", f"/editor/?incident={big.pk}"),
        ("editor statement", f"/editor/statements/{pending.pk}/"),
        ("editor incidents", "/editor/incidents/"),
        ("editor incident, 100 statements", f"/editor/incidents/{big.pk}/"),
        ("editor articles", "/editor/articles/"),
        ("add articles", "/sources/submit/"),
    ]
    admin = [
        ("admin index", "/admin/"),
        ("admin statements", "/admin/claims/statement/"),
        ("admin incidents", "/admin/claims/incident/"),
    ]
    researcher = [
        ("home", "/"),
        ("incident list", "/incidents/"),
        ("incident, 100 statements", f"/incidents/{big.pk}/"),
        ("statement list", "/statements/"),
        ("search 'Stepanakrt'", "/search/?q=Stepanakrt"),
    ]
    return (
        [("anonymous", label, url) for label, url in public]
        + [("researcher", label, url) for label, url in researcher]
        + [("editor", label, url) for label, url in editor]
        + [("admin", label, url) for label, url in admin]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", type=int, default=int(os.environ.get("BENCH_UI_INCIDENTS", "10000")))
    parser.add_argument("--statements", type=int, default=int(os.environ.get("BENCH_UI_STATEMENTS", "100000")))
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_UI_REPEAT", "9")))
    parser.add_argument("--quick", action="store_true", help="1,000 incidents and 10,000 statements, 5 requests")
    parser.add_argument("--only", default="", help="time only the pages whose role or label contains this")
    args = parser.parse_args()
    if args.quick:
        args.incidents, args.statements, args.repeat = 1000, 10000, 5
    if args.incidents < 2 or args.statements < 110:
        parser.error("at least 2 incidents and 110 statements (the two measured incidents hold 100 and 10)")
    sized_database(args.incidents, args.statements)
    print(
        f"database: {cm.Incident.objects.count()} incidents, {cm.Statement.objects.count()} statements; "
        f"median of {args.repeat} requests"
    )
    clients = {"anonymous": Client(SERVER_NAME="127.0.0.1")}
    for role in ("researcher", "editor", "admin"):
        clients[role] = Client(SERVER_NAME="127.0.0.1")
        clients[role].force_login(User.objects.get(username=f"bench-{role}"))
    baseline, _first, _ = timed(clients["anonymous"], "/healthz", args.repeat)
    print(f"{'role':<11} {'page':<34} {'ms':>8} {'× /healthz':>11} {'queries':>8} {'first, cold':>12}")
    print(f"{'':<11} {'baseline: /healthz':<34} {baseline:8.1f} {1:>11.1f} {'':>8}")
    slow, cold = [], []
    for role, label, url in journey_pages():
        if args.only and args.only not in role and args.only not in label:
            continue
        try:
            ms, first, queries = timed(clients[role], url, args.repeat)
        except OperationalError:  # the statement timeout cancelled a query
            slow.append(f"{role} {label}")
            print(
                f"{role:<11} {label:<34} {'> ' + str(TIMEOUT_S * 1000):>8} {'':>11} {'':>8} * (a query ran past {TIMEOUT_S} s)"
            )
            continue
        if first > BUDGET_MS:
            cold.append(f"{role} {label} ({first:.0f} ms)")
        flag = " *" if ms > BUDGET_MS else ""
        if flag:
            slow.append(f"{role} {label}")
        print(f"{role:<11} {label:<34} {ms:8.1f} {ms / baseline:11.1f} {queries:8d} {first:12.1f}{flag}")
    print(f"* over {BUDGET_MS} ms: {', '.join(slow)}" if slow else f"every page within {BUDGET_MS} ms")
    if cold:
        print(f"first request, cache cold, over {BUDGET_MS} ms: {', '.join(cold)}")


if __name__ == "__main__":
    main()
