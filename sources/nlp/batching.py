"""The batch loop every extraction engine shares: bounded chunks, rejected inputs reported, order kept.

An engine's ``extract_many`` gives :func:`in_batches` how to prepare one ``(text, meta)`` and how to
analyse a chunk of prepared texts at once (spaCy's ``nlp.pipe``, natasha's taggers over all the
chunk's sentences); it yields one list of statements per item, in the items' order, and an empty
list for an item whose preparation raised an :class:`~sources.nlp.errors.ExtractionError`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from .errors import ExtractionError

P = TypeVar("P")
R = TypeVar("R")


def in_batches(
    items: Iterable[tuple[str, dict]],
    size: int,
    *,
    prepare: Callable[[str, dict], P],
    analyse: Callable[[list[P]], Iterable[list[R]]],
    on_error: Callable[[int, ExtractionError], None] | None = None,
) -> Iterator[list[R]]:
    """One result list per ``(text, meta)`` of ``items``, analysing ``size`` prepared texts at a time.

    An input ``prepare`` rejects raises its :class:`ExtractionError` unless ``on_error(index, error)``
    is given, in which case it is reported there and yields an empty list in its place."""
    chunk: list[tuple[int, str, dict]] = []

    def run(chunk: list[tuple[int, str, dict]]) -> Iterator[list[R]]:
        ready: dict[int, P] = {}
        for index, text, meta in chunk:
            try:
                ready[index] = prepare(text, meta)
            except ExtractionError as exc:
                if on_error is None:
                    raise
                on_error(index, exc)
        order = [i for i, _, _ in chunk if i in ready]
        results = dict(zip(order, analyse([ready[i] for i in order]), strict=True))
        for index, _, _ in chunk:
            yield results.get(index, [])

    for index, (text, meta) in enumerate(items):
        chunk.append((index, text, meta or {}))
        if len(chunk) >= max(1, size):
            yield from run(chunk)
            chunk = []
    if chunk:
        yield from run(chunk)
