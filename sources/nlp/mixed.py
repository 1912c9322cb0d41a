"""Mixed pages: the paragraphs of a text written in another analysed language than the text's.

A Russian article that quotes an English statement paragraph by paragraph, or an English one that
quotes a Russian ministry in Russian: each engine reads only its own language, so each paragraph
goes to the engine for its language. A paragraph is a line; it counts as another language's when
its letters are mostly of another script than the whole text's (Latin in a Cyrillic text, Cyrillic
in a Latin one) and the detector names a language some engine analyses. Every engine then gets
the text with the paragraphs that are not its own blanked out (spaces, line breaks kept), so the
offsets of what it finds are offsets into the text as given, as ever.

Lines too short to judge, lines in a language no engine analyses (Armenian, Azerbaijani), HTML
input and front matter stay with the text's own engine.
"""

from __future__ import annotations

from collections import Counter

from .errors import ExtractionError
from .frontmatter import split_front_matter
from .htmltext import looks_like_html
from .language import MIN_LETTERS, detect, scripts

# A paragraph must have this many letters before its language is judged apart from the text's.
PARAGRAPH_LETTERS = max(MIN_LETTERS, 30)


def _lines(text: str, start: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for line in text[start:].split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def paragraph_languages(
    text: str, language: str, analysed: frozenset[str], *, front_matter: bool = True
) -> tuple[dict[str, list[tuple[int, int]]], int]:
    """({language: [(start, end) of its paragraphs]}, where the body starts) for the paragraphs of
    ``text`` (whose language is ``language``) written in another language of ``analysed``; the
    dict is empty for a text in one language."""
    try:
        _, body, offset = split_front_matter(text, allowed=front_matter)
    except ExtractionError:
        return {}, 0  # the text's own engine says what is wrong with it
    if looks_like_html(body):
        return {}, offset
    lines = [(start, end, scripts(text[start:end])) for start, end in _lines(text, offset)]
    main = sum((counts for _, _, counts in lines), Counter()).most_common(1)
    found: dict[str, list[tuple[int, int]]] = {}
    for start, end, counts in lines:
        if sum(counts.values()) < PARAGRAPH_LETTERS or counts.most_common(1)[0][0] == main[0][0]:
            continue
        other = detect(text[start:end]).language
        if other and other != language and other in analysed:
            found.setdefault(other, []).append((start, end))
    return found, offset


def parts(text: str, language: str, analysed: frozenset[str], *, front_matter: bool = True) -> list[tuple[str, str]]:
    """[(language, the text as that language's engine reads it)], the text's own language first:
    one part per language of its paragraphs, or [] for a text in one language."""
    found, offset = paragraph_languages(text, language, analysed, front_matter=front_matter)
    if not found:
        return []
    foreign = [span for spans in found.values() for span in spans]
    return [(language, blanked(text, foreign))] + [(other, only(text, spans, offset)) for other, spans in found.items()]


def blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each of ``spans`` turned to spaces (same length, line breaks kept)."""
    chars = list(text)
    for start, end in spans:
        for k in range(start, end):
            if chars[k] not in "\r\n":
                chars[k] = " "
    return "".join(chars)


def only(text: str, spans: list[tuple[int, int]], front: int = 0) -> str:
    """``text`` with everything blanked but ``spans`` (and the first ``front`` characters)."""
    gaps, pos = [], front
    for start, end in sorted(spans):
        if start > pos:
            gaps.append((pos, start))
        pos = max(pos, end)
    gaps.append((pos, len(text)))
    return blanked(text, gaps)
