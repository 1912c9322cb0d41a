"""Mixed pages: the paragraphs of a text written in another analysed language than the text's.

A Russian article that quotes an English statement paragraph by paragraph, or an English one that
quotes a Russian ministry in Russian: each engine reads only its own language, so each paragraph
goes to the engine for its language. A paragraph is a line; it counts as another language's when
its letters are mostly of another script than the whole text's (Latin in a Cyrillic text, Cyrillic
in a Latin one) and the detector names a language some engine analyses. Every engine then gets
the text with the paragraphs that are not its own blanked out (spaces, line breaks kept), so the
offsets of what it finds are offsets into the text as given, as ever.

Lines too short to judge, lines in a language no engine analyses (Armenian, Azerbaijani), HTML
input and front matter stay with the text's own engine; `unanalysed_paragraphs` counts the lines
in a language no engine analyses, for the note on the article.
"""

from __future__ import annotations

from collections import Counter

from .errors import ExtractionError
from .frontmatter import split_front_matter
from .htmltext import looks_like_html
from .language import MIN_LETTERS, detect, language_script, scripts

# A paragraph must have this many letters before its language is judged apart from the text's.
PARAGRAPH_LETTERS = max(MIN_LETTERS, 30)
# A Latin paragraph with this share of letters outside ASCII is judged apart from an English text's.
ACCENTED_SHARE = 0.05


def _lines(text: str, start: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for line in text[start:].split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _other_paragraphs(text: str, language: str, *, front_matter: bool) -> tuple[list[tuple[int, int, str]], int]:
    """([(start, end, detected language)] of the paragraphs of ``text`` that may be in another
    language than ``language``, the text's), where the body starts). A paragraph is judged when
    its letters are mostly of another script than the whole text's, or, in a Latin text, when
    letters outside ASCII are frequent enough to be another Latin-script language's (Azerbaijani
    "ə", Turkish "ı"), not the odd accented name of English prose."""
    try:
        _, body, offset = split_front_matter(text, allowed=front_matter)
    except ExtractionError:
        return [], 0  # the text's own engine says what is wrong with it
    if looks_like_html(body):
        return [], offset
    lines = [(start, end, scripts(text[start:end])) for start, end in _lines(text, offset)]
    # The script of the text's language when some paragraph is written in it, not the most frequent
    # one: a long Armenian quotation may outnumber the letters of a short Russian report. A text
    # with no paragraph in its language's script keeps its most frequent one (it is not split).
    main = language_script(language)
    if not any(sum(c.values()) >= PARAGRAPH_LETTERS and c.most_common(1)[0][0] == main for _, _, c in lines):
        main = _most_common_script(lines)
    found = []
    for start, end, counts in lines:
        letters = sum(counts.values())
        if letters < PARAGRAPH_LETTERS:
            continue
        script = counts.most_common(1)[0][0]
        if script == main and not (script == "LATIN" and _accented_share(text[start:end]) >= ACCENTED_SHARE):
            continue
        other = detect(text[start:end]).language
        if other and other != language:
            found.append((start, end, other))
    return found, offset


def _most_common_script(lines: list[tuple[int, int, Counter]]) -> str:
    counts = sum((counts for _, _, counts in lines), Counter()).most_common(1)
    return counts[0][0] if counts else "LATIN"


def _accented_share(line: str) -> float:
    letters = [c for c in line if c.isalpha()]
    return sum(not c.isascii() for c in letters) / max(1, len(letters))


def paragraph_languages(
    text: str, language: str, analysed: frozenset[str], *, front_matter: bool = True
) -> tuple[dict[str, list[tuple[int, int]]], int]:
    """({language: [(start, end) of its paragraphs]}, where the body starts) for the paragraphs of
    ``text`` (whose language is ``language``) written in another language of ``analysed``; the
    dict is empty for a text in one language."""
    paragraphs, offset = _other_paragraphs(text, language, front_matter=front_matter)
    found: dict[str, list[tuple[int, int]]] = {}
    for start, end, other in paragraphs:
        if other in analysed:
            found.setdefault(other, []).append((start, end))
    return found, offset


def unanalysed_paragraphs(
    text: str, language: str, analysed: frozenset[str], *, front_matter: bool = True
) -> dict[str, int]:
    """{language: how many paragraphs} of ``text`` (in ``language``, which an engine analyses)
    written in a language no engine analyses (an Armenian or Azerbaijani paragraph on a Russian or
    English page): they are stored and searchable, but no statement comes from them, and the
    article says so (`ingest.steps.language_settle`)."""
    paragraphs, _ = _other_paragraphs(text, language, front_matter=front_matter)
    return dict(Counter(other for _, _, other in paragraphs if other not in analysed))


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
