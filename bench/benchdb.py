"""The benchmarks' own databases: each bench creates its database on first use, beside the developer's.

A bench's database lives on the server the developer's own set-up uses: the one DATABASE_URL names,
or, with no DATABASE_URL (the README's set-up), the embedded PostgreSQL under var/, which the bench
process then holds up while it runs (its child processes reach it through the Unix socket).
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
#: The vocabulary of the benches' generated sentences (our own words, no corpus text).
WORDS = [
    "forces",
    "shelled",
    "positions",
    "village",
    "border",
    "ministry",
    "defence",
    "civilians",
    "soldiers",
    "wounded",
    "killed",
    "drone",
    "strike",
    "ceasefire",
    "violation",
    "accused",
    "denied",
    "reported",
    "artillery",
    "corridor",
    "blockade",
    "peacekeepers",
    "statement",
]


def bench_database_url(name: str, override: str | None = None) -> str:
    """The URL of bench database `name`: `override` when given, else on the developer's server."""
    if override:
        return override
    url = os.environ.get("DATABASE_URL")
    if url:
        return urlsplit(url)._replace(path=f"/{name}").geturl()
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from config.embedded import ensure_server

    var_dir = Path(os.environ.get("COUNTERCLAIM_VAR_DIR") or ROOT / "var")
    host, port = ensure_server(var_dir, name)
    return f"postgres://postgres@/{name}?host={host}&port={port}"


def database_ensure(url: str) -> bool:
    """Create the database `url` names unless it exists; True when it was created."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
        return True


def done_articles(
    count: int, *, outlets: list, site: str, title: str, day0: datetime.date, days: int, text: Callable[[int], str]
):
    """`count` processed articles at `https://<site>/<n>`, from `outlets` in turn, published over
    `days` days from `day0`; article n is called `<title> n` and reads `text(n)`."""
    from sources.models import Article, ArticleStatus  # Django is set up by the bench that calls

    return Article.objects.bulk_create(
        [
            Article(
                url=f"https://{site}/{n}",
                canonical_url=f"https://{site}/{n}",
                outlet=outlets[n % len(outlets)],
                title=f"{title} {n}",
                published=day0 + datetime.timedelta(days=n % days),
                text=text(n),
                status=ArticleStatus.DONE,
            )
            for n in range(count)
        ],
        batch_size=5000,
    )


def places_in_turn(link, owner: str, owners: list, places: list) -> None:
    """One row of the place link table `link` for each of `owners` (its field `owner`), naming `places` in turn."""
    link.objects.bulk_create(
        [link(**{owner: one, "place": places[n % len(places)]}) for n, one in enumerate(owners)], batch_size=10000
    )


def database_reachable(url: str) -> None:
    """The DATABASE_URL given to workers must work: fail now, with the driver's error, rather than time out."""
    try:
        psycopg.connect(url, connect_timeout=10).close()
    except psycopg.Error as exc:
        raise SystemExit(f"the workers could not reach the database at {url}: {exc}") from None


def median_ms(client, url: str, repeat: int) -> float:
    """Median time in milliseconds of `repeat` GETs of `url` through Django's test `client`, after one
    to warm up (templates, connection); each must answer 200."""
    client.get(url)
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - began)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000


def generate_and_analyse(generate: Callable[[], None], what: str) -> None:
    """Run `generate` (a bench's bulk loading, once), then ANALYZE, saying what it builds and how long it took."""
    from django.db import connection  # Django is set up by the bench that calls

    print(f"generating {what} in {connection.settings_dict['NAME']} …")
    began = time.perf_counter()
    generate()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  generated in {time.perf_counter() - began:.1f}s")


def copy_objects(objects: list, *, connection) -> list:
    """Store unsaved model instances of one model with PostgreSQL's COPY: ids are given here (after
    the table's current last one) and the identity sequence moved past them; every concrete column is
    written, `auto_now`/`auto_now_add` filled as `save()` would. Triggers fire as for an INSERT (unless the session replication role is `replica`).
    Returns the instances, now with their ids."""
    if not objects:
        return objects
    model = type(objects[0])
    meta = model._meta
    fields = [f for f in meta.concrete_fields]
    table = connection.ops.quote_name(meta.db_table)
    pk_column = meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX({connection.ops.quote_name(pk_column)}), 0) FROM {table}")
        last = cursor.fetchone()[0]
        for n, obj in enumerate(objects, start=last + 1):
            obj.pk = n
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, %s), %s)", [meta.db_table, pk_column, last + len(objects)]
        )
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objects
