"""Claiming a batch never takes more articles than its limit, nor one article twice, whatever plan
PostgreSQL picks for the claiming UPDATE and however many workers claim at once.

The batch-size tests once took 4 articles with a limit of 3, in a full run only. What a full run
changes is the table's statistics: analysed while the table held next to nothing, they make the
planner estimate one row in it. It then runs `UPDATE … WHERE id IN (SELECT … LIMIT n FOR UPDATE
SKIP LOCKED)` as a nested-loop semi join with the picking subquery on the inner side, re-run for
every row of the table; each re-run skips the rows the statement has just updated (and those other
workers hold) and picks n more. A fresh deployment gets the same statistics the first time a feed
brings a burst of articles. These tests recreate them before every round (one article left, then
ANALYZE), so the plan that over-claims is the one PostgreSQL chooses for the old query, every time.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from ingest.lease import claim_waiting
from sources.models import Article, ArticleStatus
from tests.ingest.helpers import on_another_connection

LIMIT = 3
CLAIMERS = 4
ROUNDS = 40


def _stale_statistics_then_waiting(count: int) -> list[int]:
    """Leave one finished article, let PostgreSQL analyse the table so, then add `count` waiting for analysis."""
    Article.objects.all().delete()
    Article.objects.create(url="https://news.example.invalid/old", status=ArticleStatus.DONE, step="")
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Article._meta.db_table}")  # noqa: S608 - our table name
    waiting = Article.objects.bulk_create(
        Article(url=f"https://news.example.invalid/{n}", status=ArticleStatus.QUEUED, step="analyse")
        for n in range(count)
    )
    return sorted(a.pk for a in waiting)


@pytest.mark.django_db
def test_one_claim_takes_exactly_its_limit_when_the_statistics_say_the_table_is_empty():
    waiting = _stale_statistics_then_waiting(10)
    taken = [claimed.article.pk for claimed in claim_waiting("analyse", exclude=0, limit=LIMIT)]
    assert taken == waiting[:LIMIT]
    assert Article.objects.filter(status=ArticleStatus.ANALYSING).count() == LIMIT


@pytest.mark.django_db(transaction=True)
def test_concurrent_claimers_never_exceed_their_limit_nor_share_an_article():
    """Four workers, each on its own connection, claim at the same moment; forty rounds."""
    for round_number in range(ROUNDS):
        # Fewer articles than the claimers could take together, so they compete for the last ones.
        waiting = _stale_statistics_then_waiting(CLAIMERS * LIMIT - 2)
        start = threading.Barrier(CLAIMERS)
        taken: dict[int, list[int]] = {}

        def claimer(number: int, start=start, taken=taken) -> None:
            start.wait(timeout=10)
            taken[number] = [claimed.article.pk for claimed in claim_waiting("analyse", exclude=0, limit=LIMIT)]

        threads = [
            threading.Thread(target=on_another_connection, args=(lambda n=n: claimer(n),)) for n in range(CLAIMERS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert len(taken) == CLAIMERS, f"round {round_number}: a claimer did not finish"
        counts = sorted(len(ids) for ids in taken.values())
        assert counts[-1] <= LIMIT, f"round {round_number}: a claimer took {counts[-1]} with a limit of {LIMIT}"
        every = [pk for ids in taken.values() for pk in ids]
        assert len(every) == len(set(every)), f"round {round_number}: an article was taken twice"
        # Together they could take them all, and nothing is lost: each was taken by someone.
        assert sorted(every) == waiting, f"round {round_number}: taken {sorted(every)} of {waiting}"
