"""From fetched or uploaded bytes to clean main text plus metadata.

HTML goes to trafilatura as bytes (it detects the encoding and finds the article among menus and
comments); plain text is decoded here. Either way ftfy repairs mojibake, and the language is
named here, once per article, so articles in a language no engine analyses can be stored but kept
out of extraction.
What is HTML, how trafilatura reads it and how a language is judged are the NLP engine's
(``sources.nlp.htmltext``, ``sources.nlp.language``), shared with ``manage.py extract``;
sentence-level preparation belongs to the engine too.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass, field
from unicodedata import category as _category

import ftfy

from sources.errors import TextError
from sources.nlp import language
from sources.nlp.errors import NoArticleText
from sources.nlp.htmltext import article_document, looks_like_html

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


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
    warnings: list[str] = field(default_factory=list)
    language_note: str = ""

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


def _date(value) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def html_extract(raw: bytes, *, url: str = "") -> PageText:
    """The main text and metadata of an HTML page, handed to trafilatura as bytes."""
    try:
        document = article_document(raw, url=url)
    except NoArticleText:
        raise TextError("no article text was found in the page") from None
    published = _date(document.date)
    warnings = []
    if document.date and published is None:
        warnings.append(f"the page's publication date {str(document.date)[:60]!r} is not a date; it was ignored")
    return PageText(
        warnings=warnings,
        text=clean_text(document.text),
        title=clean_text(document.title or "")[:500],
        author=clean_text(document.author or "")[:300],
        published=published,
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
    guess = language.detect(page.text)
    page.language, page.language_probability, page.language_note = guess.language, guess.probability, guess.note
    return page


def meta_charset(body: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag near its top, if any."""
    match = re.search(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", body[:4096], re.I)
    return match.group(1).decode("ascii") if match else None
