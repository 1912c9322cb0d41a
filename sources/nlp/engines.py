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

from . import mixed
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
    ``on_error`` as :class:`NotAnalysed` (:func:`not_analysed`); their lists stay empty. A text with
    paragraphs in another analysed language (:mod:`.mixed`) has each paragraph read by the engine
    for its language, the statements in the order of the text. ``options`` go to every engine.
    """
    items = [(text, meta or {}) for text, meta in items]
    results: list[list] = [[] for _ in items]
    split: dict[int, list[tuple[str, str]]] = {}
    if languages is None:
        refused: dict[int, NotEnglish] = {}
        failed: set[int] = set()

        def first_error(index: int, exc: ExtractionError) -> None:
            if isinstance(exc, NotEnglish):
                refused[index] = exc
            else:
                failed.add(index)
                on_error(index, exc)

        _run(
            DEFAULT,
            [(i, item, True) for i, item in enumerate(items)],
            results,
            first_error,
            {**options, "check_language": True},
        )
        options = {**options, "check_language": False}  # judged already
        codes = [refused[i].language if i in refused else DEFAULT for i in range(len(items))]
        # the English engine has read the rest; a mixed one is read again, a part per engine
        for i in range(len(items)):
            if i not in refused and i not in failed and (found := _parts(items[i], DEFAULT)):
                split[i], results[i] = found, []
        todo = sorted(refused) + sorted(split)
    else:
        codes = [language or DEFAULT for language in languages]
        todo = list(range(len(items)))
    jobs: dict[str, list[tuple[int, tuple[str, dict], bool]]] = {}
    for i in todo:
        found = split.get(i) or (_parts(items[i], codes[i]) if codes[i] in ENGINES else [])
        if found:
            split[i] = found
        for k, (language, text) in enumerate(found or [(codes[i], items[i][0])]):
            jobs.setdefault(language, []).append((i, (text, items[i][1]), k == 0))
    for language, entries in jobs.items():
        _run(language, entries, results, on_error, options)
    for i in split:
        results[i].sort(key=lambda statement: statement.start)
    return results


def _parts(item: tuple[str, dict], language: str) -> list[tuple[str, str]]:
    text, meta = item
    return mixed.parts(text, language, analysed(), front_matter=meta.get("front_matter", True))


def _run(language, entries, results, on_error, options) -> None:
    """Run ``language``'s engine over ``entries`` ((index, item, whether it is the text's own part)):
    an error is the text's only from its own part (another language's paragraphs add, never fail)."""
    function = engine(language)
    if function is None:
        for index, _, own in entries:
            if own:
                on_error(index, not_analysed(language))
        return

    def report(position: int, exc: ExtractionError) -> None:
        index, _, own = entries[position]
        if own:
            on_error(index, exc)

    outputs = function((item for _, item, _ in entries), on_error=report, **options)
    for (index, _, _), statements in zip(entries, outputs, strict=True):
        for statement in statements:
            statement.language = language  # searched in its own language (claims.Statement.search_vector)
        results[index].extend(statements)
