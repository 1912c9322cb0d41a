"""Which engine reads a text: Russian to :mod:`sources.nlp.ru`, everything else to the English
engine (which refuses, with ``check_language``, what is clearly another language).

The language comes from :func:`sources.nlp.language.detect` on the body (front matter left out),
so swapping the detector behind that function changes the routing with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from .errors import ExtractionError
from .extract import extract_many
from .frontmatter import split_front_matter
from .language import detect

RUSSIAN = "ru"


def language_of(text: str, *, front_matter: bool = True) -> str:
    """The detected language code of ``text``'s body ('' when too short to tell)."""
    try:
        _, body, _ = split_front_matter(text, allowed=front_matter)
    except ExtractionError:
        body = text
    return detect(body).language


def engine_for(language: str) -> Callable[..., Iterator[list]]:
    """The ``extract_many``-shaped function for ``language``."""
    if language == RUSSIAN:
        from .ru.extract import extract_many_ru

        return extract_many_ru
    return extract_many


def extract_many_by_language(
    items: Iterable[tuple[str, dict]],
    *,
    on_error: Callable[[int, ExtractionError], None] | None = None,
    **options,
) -> list[list]:
    """``extract_many`` over mixed-language items: each group goes to its engine in one run; the
    results (and the indexes ``on_error`` gets) are in the order of ``items``."""
    items = list(items)
    groups: dict[str, list[int]] = {}
    for index, (text, meta) in enumerate(items):
        lang = language_of(text, front_matter=(meta or {}).get("front_matter", True)) if isinstance(text, str) else ""
        groups.setdefault(RUSSIAN if lang == RUSSIAN else "", []).append(index)
    results: list[list] = [[] for _ in items]
    for lang, indexes in groups.items():

        def report(position: int, exc: ExtractionError, indexes=indexes) -> None:
            if on_error is None:
                raise exc
            on_error(indexes[position], exc)

        engine = engine_for(lang)
        for position, statements in enumerate(engine((items[i] for i in indexes), on_error=report, **options)):
            results[indexes[position]] = statements
    return results
