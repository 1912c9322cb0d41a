"""The benchmarks' own databases: each bench creates its database on first use, beside the developer's,
and fills it with articles made the same way."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from urllib.parse import urlsplit

import psycopg


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
