"""Which extraction engine analyses which language: the one place a language is plugged in.

:data:`ENGINES` maps a language code (``sources.nlp.language``) to the engine's batch function as
``"module:function"``, imported only when a text in that language comes (so a web process that
only asks :func:`analysed` never imports spaCy). Every engine has the signature and the contract
of :func:`sources.nlp.extract.extract_many`: ``(items, batch_size=None, *, on_error=None,
keep_unsided=False, check_language=False, max_bytes=None)`` over ``(text, meta)`` pairs, yielding
one list of :class:`~sources.nlp.statements.ExtractedStatement` per item (the same JSON whatever
the language). To add a language, add its line here; nothing else routes.

A text in a language with no engine is not analysed: :func:`extract_routed` reports it through
``on_error`` as :class:`~sources.nlp.errors.NotAnalysed`, and the pipeline stores the article
with that reason.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable

from .errors import ExtractionError, NotAnalysed, NotEnglish
from .language import language_name

ENGINES: dict[str, str] = {
    "en": "sources.nlp.extract:extract_many",
    "ru": "sources.nlp.ru.extract:extract_many_ru",
}
DEFAULT = "en"  # a text too short to judge ('' language) goes to English, as before


def analysed() -> frozenset[str]:
    """The language codes some engine analyses."""
    return frozenset(ENGINES)


def analysed_names() -> str:
    """The analysed languages by name, for messages ("English, Russian")."""
    return ", ".join(language_name(code) for code in ENGINES)


def not_analysed(language: str) -> NotAnalysed:
    """The error for a text in ``language``, which no engine analyses: "not analysed (Armenian): …"."""
    name = language_name(language) or "an unknown language"
    return NotAnalysed(
        language,
        f"not analysed ({name}): texts in {name} are stored and searchable but not analysed; "
        f"analysed languages: {analysed_names()}",
    )


def engine(language: str) -> Callable | None:
    """The batch function of the engine for ``language`` ('' → English), None when none analyses it.

    Looked up at each call (the module is imported once), so a test may replace an engine."""
    target = ENGINES.get(language or DEFAULT)
    if target is None:
        return None
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def extract_routed(
    items: Iterable[tuple[str, dict]],
    *,
    languages: list[str] | None = None,
    on_error: Callable[[int, ExtractionError], None],
    **options,
) -> list[list]:
    """Statements for each ``(text, meta)``, each text analysed by the engine for its language.

    With ``languages`` (one code per item, as the pipeline recorded them) each text goes straight
    to its engine. Without, the texts go to the English engine with ``check_language`` (the
    ``manage.py extract`` case: files had no main-text step), and those it refuses as another
    language are sent on to that language's engine. Texts no engine analyses are reported through
    ``on_error`` as :class:`NotAnalysed` (:func:`not_analysed`); their lists stay empty. ``options`` go to every engine.
    """
    items = list(items)
    results: list[list] = [[] for _ in items]
    if languages is None:
        refused: dict[int, NotEnglish] = {}

        def first_error(index: int, exc: ExtractionError) -> None:
            if isinstance(exc, NotEnglish):
                refused[index] = exc
            else:
                on_error(index, exc)

        _run(DEFAULT, list(range(len(items))), items, results, first_error, {**options, "check_language": True})
        groups: dict[str, list[int]] = {}
        for index, exc in refused.items():
            groups.setdefault(exc.language, []).append(index)
        options = {**options, "check_language": False}  # judged already
    else:
        groups = {}
        for index, language in enumerate(languages):
            groups.setdefault(language or DEFAULT, []).append(index)
    for language, indexes in groups.items():
        _run(language, indexes, items, results, on_error, options)
    return results


def _run(language, indexes, items, results, on_error, options) -> None:
    function = engine(language)
    if function is None:
        for index in indexes:
            on_error(index, not_analysed(language))
        return
    outputs = function(
        (items[i] for i in indexes), on_error=lambda position, exc: on_error(indexes[position], exc), **options
    )
    for index, statements in zip(indexes, outputs, strict=True):
        for statement in statements:
            statement.language = language  # searched in its own language (claims.Statement.search_vector)
        results[index] = statements
