"""From fetched or uploaded bytes to clean main text plus metadata.

HTML goes to trafilatura as bytes (it detects the encoding and finds the article among menus and
comments); plain text is decoded here. Either way ftfy repairs mojibake, and langdetect names the
language so non-English articles can be stored but kept out of extraction. Sentence-level
preparation belongs to the NLP engine (sources/nlp/).
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass
from unicodedata import category as _category

import ftfy

from sources.errors import TextError

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_HTML_HEAD = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<!--)", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# langdetect needs a sample, not the whole article; the opening paragraphs say enough.
_LANGUAGE_SAMPLE = 3000
MIN_HTML_WORDS = 12
_LETTERS = re.compile(r"[^\W\d_]")
_ASCII_WORD = re.compile(r"[A-Za-z']+")
_FUNCTION_WORDS = frozenset(
    {
        "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "was", "by",
        "at", "from", "it", "said", "his", "her", "has", "have", "were", "be", "an", "are", "this",
        "which", "its", "not", "or", "but", "their", "they", "he", "she", "had", "been", "after",
        "over",
    }
)  # fmt: skip


@dataclass
class PageText:
    text: str
    title: str = ""
    author: str = ""
    published: dt.date | None = None
    sitename: str = ""
    canonical_url: str = ""
    language: str = ""
    language_probability: float = 0.0

    @property
    def word_count(self) -> int:
        return len(self.text.split())


_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Character categories that are no part of running text: controls, unassigned, private use, surrogates.
_NOT_TEXT = frozenset({"Cc", "Cn", "Co", "Cs"})


def _bom_encoding(data: bytes) -> str | None:
    """The encoding a UTF-16 or UTF-32 byte order mark names ('utf-32' first: its BOM starts like UTF-16's)."""
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            return encoding
    return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters near the start: an image, a PDF, an archive.

    Text in UTF-16 or UTF-32 is full of NUL bytes; with a byte order mark it is judged by its
    characters instead: binary data read as UTF-16 gives unassigned, private-use and broken
    characters, which count against it like control characters.
    """
    head = data[:8192]
    if not head:
        return False
    encoding = _bom_encoding(head)
    if encoding is not None:
        chars = head.decode(encoding, errors="replace")[:-1]  # (the codec drops the BOM); the last may be cut
        if not chars:
            return False
        odd = sum(1 for c in chars if c not in "\t\n\f\r\x1b" and (c == "\ufffd" or _category(c) in _NOT_TEXT))
        return "\x00" in chars or odd / len(chars) > 0.05
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(head) > 0.05


def looks_like_html(data: bytes, *, content_type: str = "", filename: str = "") -> bool:
    if content_type in HTML_TYPES:
        return True
    if filename.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    return bool(_HTML_HEAD.match(data[:2048]))


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """A UTF-16/32 byte order mark's encoding, else UTF-8 (with or without BOM), then the declared
    charset, then a detector's guess."""
    for encoding in (_bom_encoding(data), "utf-8-sig", charset):
        if not encoding:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise TextError("the text is in no encoding we could recognise")
    return str(best)


def clean_text(text: str) -> str:
    """Repair encoding damage, normalise line ends, drop control characters and trailing space."""
    text = ftfy.fix_text(text, normalization="NFC")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def plainly_english(sample: str) -> bool:
    """Running English prose: over a fifth of its words are English function words, in ASCII letters.

    Settles most articles without langdetect, which costs ~10 ms each (the extractor's own language
    check takes the same shortcut); anything less clear-cut still goes to langdetect.
    """
    letters = len(_LETTERS.findall(sample))
    words = _ASCII_WORD.findall(sample.lower())
    if not words or sum(len(w) for w in words) <= 0.9 * letters:
        return False
    return sum(w in _FUNCTION_WORDS for w in words) > 0.2 * len(words)


def language_detect(text: str) -> tuple[str, float]:
    """The most likely language code and its probability ('' when there is too little text)."""
    sample = text[:_LANGUAGE_SAMPLE]
    if len(sample.split()) < 5:
        return "", 0.0
    if plainly_english(sample):
        return "en", 1.0
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    # langdetect is random by default; a fixed seed gives the same answer on every run.
    DetectorFactory.seed = 0
    try:
        best = detect_langs(sample)[0]
    except (LangDetectException, IndexError):
        return "", 0.0
    return best.lang, float(best.prob)


def _date(value) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def html_extract(raw: bytes, *, url: str = "") -> PageText:
    """The main text and metadata of an HTML page, handed to trafilatura as bytes."""
    import trafilatura

    document = trafilatura.bare_extraction(
        raw,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        # deduplicate=True would remember paragraphs across documents in this process and drop
        # them from the next article: that is dedupe's job, and it must not depend on history.
        deduplicate=False,
    )
    body = (getattr(document, "text", None) or "") if document is not None else ""
    if len(body.split()) < MIN_HTML_WORDS:
        # A page of menus and links yields a few stray words; that is not an article.
        raise TextError("no article text was found in the page")
    return PageText(
        text=clean_text(body),
        title=clean_text(document.title or "")[:500],
        author=clean_text(document.author or "")[:300],
        published=_date(document.date),
        sitename=clean_text(document.sitename or "")[:200],
        canonical_url=(document.url or "") if (document.url or "").startswith(("http://", "https://")) else "",
    )


def text_extract(raw: bytes, *, content_type: str = "", charset: str | None = None, filename: str = "", url: str = ""):
    """Clean text from raw bytes of any accepted kind, with its language; raise TextError if none."""
    if looks_binary(raw):
        raise TextError("the content is binary (not text or HTML)")
    if looks_like_html(raw, content_type=content_type, filename=filename):
        page = html_extract(raw, url=url)
    else:
        page = PageText(text=clean_text(decode_bytes(raw, charset)))
    if not page.text:
        raise TextError("the text is empty")
    page.language, page.language_probability = language_detect(page.text)
    return page
