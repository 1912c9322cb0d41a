"""Anonymous search over long article texts: highlighting a bounded prefix against the whole text.

    .venv/bin/python bench/bench_search.py

Issue 16 measured 3–4 s per anonymous search: the excerpt of each matching article was highlighted
(`ts_headline`) over its whole text. The search page now highlights the first
HEADLINE_MAX_CHARS characters. This bench builds, once, its own database (cc_bench_search beside
the developer's, or BENCH_SEARCH_DATABASE_URL) of long articles written from a word list, then
times the anonymous search page through Django's test client — with the bound, and with the bound
lifted to the whole text (the old behaviour) — in the same run, beside /healthz as the baseline.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

from benchdb import WORDS, bench_database_url, database_ensure, done_articles, generate_and_analyse, median_ms

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = bench_database_url("cc_bench_search", os.environ.get("BENCH_SEARCH_DATABASE_URL"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("STATIC_MANIFEST", "false")
# The bench is one anonymous visitor searching many times: lift the per-address search throttle.
os.environ["SEARCH_THROTTLE_ANON"] = "1000000/minute"

ARTICLES = int(os.environ.get("BENCH_SEARCH_ARTICLES", "1000"))
ARTICLE_CHARS = int(os.environ.get("BENCH_SEARCH_ARTICLE_CHARS", "60000"))
REPEAT = int(os.environ.get("BENCH_SEARCH_REPEAT", "7"))
#: Queries as visitors type them: words every article has, and a name only some articles carry, late in the text.
QUERIES = ["ceasefire violation", "Stepanakert"]


def article_text(n: int, rng: random.Random) -> str:
    sentences = []
    length = 0
    while length < ARTICLE_CHARS:
        sentence = " ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + "."
        if rng.random() < 0.05:
            sentence = "The ceasefire violation was " + sentence.lower()
        sentences.append(sentence)
        length += len(sentence) + 1
    if n % 4 == 0:
        # A third of the way in: past the highlighted prefix.
        sentences.insert(len(sentences) // 3, "Shelling near Stepanakert was reported.")
    return " ".join(sentences)


def generate() -> None:
    import datetime

    from django.db import transaction

    from sources.models import Outlet

    rng = random.Random(16)
    with transaction.atomic():
        outlets = Outlet.objects.bulk_create(
            Outlet(slug=f"bench-search-outlet-{i}", name=f"Bench Search Outlet {i}") for i in range(10)
        )
        for first in range(0, ARTICLES, 200):
            count = min(200, ARTICLES - first)
            done_articles(
                count,
                outlets=outlets,
                site=f"search{first}.bench.example.invalid",
                title="Bench search article",
                day0=datetime.date(2022, 1, 1),
                days=700,
                text=lambda n: article_text(n, rng),
            )


def main() -> None:
    database_ensure(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from claims.selectors import search
    from sources.models import Article

    call_command("migrate", verbosity=0, skip_checks=True)
    if Article.objects.count() < ARTICLES:
        generate_and_analyse(generate, f"{ARTICLES} articles of {ARTICLE_CHARS // 1000} KB")
    print(
        f"database: {Article.objects.count()} articles of about {ARTICLE_CHARS // 1000} KB; "
        f"anonymous visitor; median of {REPEAT} requests; highlighted prefix {search.HEADLINE_MAX_CHARS:,} characters"
    )
    client = Client(SERVER_NAME="127.0.0.1")
    baseline = median_ms(client, "/healthz", REPEAT)
    bounded_limit = search.HEADLINE_MAX_CHARS
    results = []
    for query in QUERIES:
        url = f"/search/?q={query.replace(' ', '+')}"
        row = [query]
        for limit in (bounded_limit, ARTICLE_CHARS * 2):  # Left() of more than the text: the whole text
            search.HEADLINE_MAX_CHARS = limit
            row.append(median_ms(client, url, REPEAT))
            row.append(_articles_query_ms(search, query))
        search.HEADLINE_MAX_CHARS = bounded_limit
        results.append(row)
    print(
        f"{'search (page)':<24} {'bounded ms':>11} {'whole text ms':>14} {'whole/bounded':>14} {'bounded × base':>15}"
    )
    print(f"{'baseline: /healthz':<24} {baseline:11.1f}")
    for query, bounded, _, whole, _ in results:
        print(f"{query!r:<24} {bounded:11.1f} {whole:14.1f} {whole / bounded:14.1f} {bounded / baseline:15.1f}")
    print(f"{'article results alone':<24} {'bounded ms':>11} {'whole text ms':>14} {'whole/bounded':>14}")
    for query, _, bounded, _, whole in results:
        print(f"{query!r:<24} {bounded:11.1f} {whole:14.1f} {whole / bounded:14.1f}")


def _articles_query_ms(search, query: str) -> float:
    """Median time of the page's article query alone: the 20 best matches with their highlighted excerpts."""
    times = []
    for _ in range(REPEAT):
        began = time.perf_counter()
        list(search.with_headline(search.articles_matching(query), "text", query)[:20])
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


if __name__ == "__main__":
    main()
