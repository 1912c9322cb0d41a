"""Server time of the researchers' pages on a large database: 10k incidents, 100k statements.

Builds the data once with bulk_create in its own database (cc_bench_ui beside the developer's own
database — the embedded default without DATABASE_URL — or BENCH_UI_DATABASE_URL),
then renders pages through Django's test client and prints median times, the SQL query count, and
each page's time as a ratio of a baseline measured in the same run: /healthz, one database round
trip through the same middleware stack.

    .venv/bin/python bench/bench_ui.py
"""

from __future__ import annotations

import datetime
import os
import random
import sys
from pathlib import Path

from benchdb import (
    WORDS,
    bench_database_url,
    database_ensure,
    done_articles,
    generate_and_analyse,
    median_ms,
    places_in_turn,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = bench_database_url("cc_bench_ui", os.environ.get("BENCH_UI_DATABASE_URL"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("DB_CONN_MAX_AGE", "600")

INCIDENTS = int(os.environ.get("BENCH_UI_INCIDENTS", "10000"))
STATEMENTS = int(os.environ.get("BENCH_UI_STATEMENTS", "100000"))
REPEAT = int(os.environ.get("BENCH_UI_REPEAT", "15"))


database_ensure(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from claims import models as cm  # noqa: E402
from sources import models as sm  # noqa: E402

PLACE_NAMES = ["Stepanakert", "Norabak", "Jermuk", "Kalbajar", "Lachin", "Tegh", "Sotk", "Goris", "Kapan", "Shusha"]


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + "."


@transaction.atomic
def generate() -> None:
    rng = random.Random(42)
    with connection.cursor() as cursor:
        # Bulk loading: skip the per-row triggers (history events, offset checks, foreign-key
        # checks) for this transaction; the generator keeps the data consistent itself.
        cursor.execute("SET LOCAL session_replication_role = replica")
    sides = list(cm.Side.objects.order_by("display_order"))
    outlets = sm.Outlet.objects.bulk_create(
        [sm.Outlet(slug=f"bench-outlet-{i}", name=f"Bench Outlet {i}") for i in range(50)]
    )
    actors = cm.Actor.objects.bulk_create(
        [cm.Actor(slug=f"bench-actor-{i}", name=f"Bench Actor {i}", side=sides[i % len(sides)]) for i in range(500)]
    )
    places = cm.Place.objects.bulk_create(
        [
            cm.Place(
                slug=f"bench-place-{i}",
                name=f"{PLACE_NAMES[i % len(PLACE_NAMES)]} {i}",
                kind="village",
                latitude=39 + rng.random() * 2,
                longitude=44 + rng.random() * 4,
            )
            for i in range(200)
        ]
    )
    start = datetime.date(2020, 1, 1)
    incidents = cm.Incident.objects.bulk_create(
        [
            cm.Incident(
                title=f"Bench incident {i} near {PLACE_NAMES[i % len(PLACE_NAMES)]}",
                kind=rng.choice(cm.IncidentKind.values),
                status=rng.choice(["developing", "contested", "settled"]),
                start_date=start + datetime.timedelta(days=i % 1500),
            )
            for i in range(INCIDENTS)
        ],
        batch_size=2000,
    )
    places_in_turn(cm.IncidentPlace, "incident", incidents, places)
    articles = done_articles(
        STATEMENTS // 5,
        outlets=outlets,
        site="bench.example.invalid",
        title="Bench article",
        day0=start,
        days=1500,
        text=lambda i: " ".join(sentence(rng) for _ in range(6)),
    )
    # Incident 0 gets exactly 100 statements and incident 1 exactly 10; the rest share what is left.
    targets = [incidents[0]] * 100 + [incidents[1]] * 10
    targets += [incidents[2 + i % (len(incidents) - 2)] for i in range(STATEMENTS - len(targets))]
    batch = []
    for i, incident in enumerate(targets):
        article = articles[i % len(articles)]
        end = article.text.index(".") + 1
        side = sides[i % len(sides)]
        batch.append(
            cm.Statement(
                article=article,
                incident=incident,
                actor=actors[i % len(actors)],
                speaker=f"Bench Actor {i % len(actors)}",
                side=side,
                cue=rng.choice(["said", "claimed", "denied", "accused"]),
                stance=rng.choice(cm.Stance.values),
                content=article.text[:end],
                sentence=article.text[:end],
                start=0,
                end=end,
                event_date=incident.start_date,
                blamed_side=sides[(i + 1) % len(sides)],
                review_status="accepted" if i % 4 else "pending",
                confidence=0.8,
            )
        )
        if len(batch) == 5000:
            cm.Statement.objects.bulk_create(batch)
            batch = []
    cm.Statement.objects.bulk_create(batch)
    statements = list(cm.Statement.objects.order_by("pk").values_list("pk", "side_id", "incident_id"))
    cm.CasualtyFigure.objects.bulk_create(
        [
            cm.CasualtyFigure(statement_id=pk, party_side_id=side_id, killed_low=i % 7, killed_high=i % 7 + 1)
            for i, (pk, side_id, _) in enumerate(statements)
            if i % 3 == 0
        ],
        batch_size=5000,
    )
    cm.StatementRelation.objects.bulk_create(
        [
            cm.StatementRelation(source_id=a[0], target_id=b[0], kind="denies")
            for a, b in zip(statements[1::10], statements[::10], strict=False)
            if a[2] == b[2] and a[0] != b[0]
        ],
        batch_size=5000,
    )


def timed(client: Client, url: str) -> tuple[float, int]:
    ms = median_ms(client, url, REPEAT)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return ms, len(queries)


def main() -> None:
    call_command("migrate", verbosity=0, skip_checks=True)
    if cm.Incident.objects.count() < INCIDENTS:
        generate_and_analyse(generate, f"{INCIDENTS} incidents and {STATEMENTS} statements")
    big = cm.Incident.objects.order_by("pk").first()
    small = cm.Incident.objects.order_by("pk")[1]
    print(
        f"database: {cm.Incident.objects.count()} incidents, {cm.Statement.objects.count()} statements; "
        f"median of {REPEAT} requests, anonymous visitor"
    )
    client = Client(SERVER_NAME="127.0.0.1")
    baseline, _ = timed(client, "/healthz")
    pages = [
        ("incident page, 100 statements", f"/incidents/{big.pk}/"),
        ("incident page, 10 statements", f"/incidents/{small.pk}/"),
        ("incident list, first page", "/incidents/"),
        ("incident list, most contested", "/incidents/?ordering=-contested"),
        ("incident list, date+place filter", "/incidents/?date_from=2022-01-01&date_to=2022-06-30&place=Norabak"),
        ("search 'Stepanakrt'", "/search/?q=Stepanakrt"),
        ("article page", f"/articles/{big.statements.first().article_id}/"),
    ]
    print(f"{'page':<36} {'ms':>8} {'queries':>8} {'× baseline':>11}")
    print(f"{'baseline: /healthz':<36} {baseline:8.1f} {'':>8} {1:>11.1f}")
    for label, url in pages:
        ms, queries = timed(client, url)
        print(f"{label:<36} {ms:8.1f} {queries:8d} {ms / baseline:11.1f}")


if __name__ == "__main__":
    main()
