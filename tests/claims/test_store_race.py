"""An editor's save is never undone by the store step re-storing the same article at the same moment.

The edit (the editors' service) and the re-store run in two real processes, each with its own
database connection, released together round after round; after each round the edit must still be
there. Before the store step locked the statements it judged, about a fifth of the edits were lost.
"""

from __future__ import annotations

import multiprocessing
import random
import time
import traceback

import pytest
from django.db import connections

from claims.models import Statement
from claims.services import statement_update
from claims.storing import statements_store
from sources.models import Article, ArticleStatus
from sources.nlp.extract import ExtractedStatement
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 300
STATEMENTS = 20
# A round whose other side is stuck must fail the test, not hang it.
WAIT = 60.0


def _extracted(text: str) -> list[dict]:
    """One machine statement per sentence of `text`, as the analyse step stores them."""
    items, start = [], 0
    for sentence in text.split("\n"):
        items.append(
            ExtractedStatement(
                speaker=sentence.split(" said")[0],
                actor=None,
                actor_slug=None,
                side="armenian",
                cue="said",
                stance="assertion",
                content=sentence,
                sentence=sentence,
                start=start,
                end=start + len(sentence),
            ).to_json()
        )
        start += len(sentence) + 1
    return items


# Connections a forked child found open: the parent's sockets, kept referenced so that they are never
# finished (that would end the parent's session) and never used.
_INHERITED: list = []


def _own_connections() -> None:
    """Make the child open its own connections. After an earlier test's threads (a live server), a
    wrapper can still hold the parent's connection across the fork; two children then share one socket."""
    for wrapper in connections.all(initialized_only=True):
        if wrapper.connection is not None:
            _INHERITED.append(wrapper.connection)
            wrapper.connection = None


def _in_child(work, failures, barriers) -> None:
    """Run `work` in a forked process on a connection of its own; report any error to the parent."""
    try:
        _own_connections()
        work()
    except BaseException:  # noqa: BLE001 - whatever went wrong, the parent must hear of it
        failures.put(traceback.format_exc())
        for barrier in barriers:  # release the other process at once instead of at its timeout
            barrier.abort()
    finally:
        connections.close_all()


def _editor(article_id, user_id, start, done, store_seconds, lost, failures) -> None:
    from django.contrib.auth import get_user_model

    def work() -> None:
        user = get_user_model().objects.get(pk=user_id)
        ids = list(Statement.objects.filter(article_id=article_id).order_by("pk").values_list("pk", flat=True))
        rng = random.Random(16)
        for round_ in range(ROUNDS):
            statement_id = ids[round_ % len(ids)]
            # Back to a machine-made, untouched row, so every round is an edit the store step could undo.
            Statement.objects.filter(pk=statement_id).update(version=1, review_status="pending")
            start.wait(WAIT)
            # Land the edit anywhere inside the store step's run, not always at its start.
            time.sleep(rng.uniform(0, store_seconds.value))
            edit = f"Edited by an editor in round {round_}."
            statement_update(statement_id=statement_id, expected_version=1, changes={"content": edit}, user=user)
            done.wait(WAIT)
            if Statement.objects.get(pk=statement_id).content != edit:
                lost.value += 1

    _in_child(work, failures, (start, done))


def _storer(article_id, extracted, start, done, store_seconds, failures) -> None:
    def work() -> None:
        article = Article.objects.get(pk=article_id)
        for _ in range(ROUNDS):
            start.wait(WAIT)
            began = time.monotonic()
            statements_store(article=article, extracted=extracted, pipeline_version="race")
            store_seconds.value = time.monotonic() - began
            done.wait(WAIT)

    _in_child(work, failures, (start, done))


def test_no_edit_is_lost_when_the_article_is_stored_again_concurrently():
    text = "\n".join(f"Official {n} said the shelling near village {n} went on all night." for n in range(STATEMENTS))
    article = Article.objects.create(text=text, status=ArticleStatus.DONE, step="link")
    extracted = _extracted(text)
    statements_store(article=article, extracted=extracted, pipeline_version="race")
    assert Statement.objects.filter(article=article).count() == STATEMENTS
    editor = UserFactory(role="editor")

    fork = multiprocessing.get_context("fork")
    start, done = fork.Barrier(2), fork.Barrier(2)
    store_seconds = fork.Value("d", 0.02)
    lost = fork.Value("i", 0)
    failures = fork.Queue()
    # Each process opens its own connection: close ours so none is shared across the fork.
    connections.close_all()
    processes = [
        fork.Process(
            target=_editor, args=(article.pk, editor.pk, start, done, store_seconds, lost, failures), daemon=True
        ),
        fork.Process(target=_storer, args=(article.pk, extracted, start, done, store_seconds, failures), daemon=True),
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(ROUNDS * 2)
    alive = [p for p in processes if p.is_alive()]
    for process in alive:
        process.kill()
    errors = [failures.get() for _ in range(failures.qsize())]
    assert not errors, errors[0]
    assert not alive, "a process did not finish its rounds"
    assert [p.exitcode for p in processes] == [0, 0]
    print(f"lost edits: {lost.value} of {ROUNDS}")
    assert lost.value == 0, f"{lost.value} of {ROUNDS} edits were written over by the store step"
