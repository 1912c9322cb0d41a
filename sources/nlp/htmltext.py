"""HTML input: find the article's main text with trafilatura, keeping offsets into the markup.

The one place the app reads HTML pages: :func:`looks_like_html` decides what is HTML, and
:func:`article_document` holds the one trafilatura configuration, used both at ingestion
(``sources.text.html_extract``: the Article's text and metadata) and here.

trafilatura decides *which* text is the article (navigation, comments and widgets left out) but
returns plain strings. To report offsets into the HTML as given, :func:`main_text` rebuilds the
page's visible text with a position for every character (entities decoded, markup, comments,
scripts and styles dropped, block elements turned into line breaks) and locates each of
trafilatura's lines in it.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from .errors import NoArticleText
from .offsets import MappedText, TextBuilder

if TYPE_CHECKING:
    from trafilatura.settings import Document

_HTML_START = re.compile(
    r"\A\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<!--|<meta\s|<article[\s>]|<div[\s>])",
    re.I,
)
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# Fewer words than this is a menu or an error page, not an article.
MIN_ARTICLE_WORDS = 12
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")

_SKIP = {"script", "style", "noscript", "template", "svg", "math", "head", "iframe", "object"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "td", "th", "title", "tr", "ul",
}  # fmt: skip


def looks_like_html(data: bytes | str, *, content_type: str = "", filename: str = "") -> bool:
    """True for documents served or named as HTML, that open like HTML, or that are mostly markup."""
    if content_type in HTML_TYPES or filename.lower().endswith(HTML_SUFFIXES):
        return True
    head = data[:2048]
    if isinstance(head, bytes):
        head = head.decode("utf-8", "replace")
    head = head.removeprefix("\ufeff")
    if _HTML_START.match(head):
        return True
    tags = _TAG.findall(head)
    return len(tags) >= 5 and sum(map(len, tags)) > len(head) * 0.1


# How trafilatura reads every page: main text and metadata, no comments, tables or images, precision
# over recall. deduplicate=True would remember paragraphs across documents in this process and drop
# them from the next article: the output must not depend on what was read before.
_READING = {
    "with_metadata": True,
    "include_comments": False,
    "include_tables": False,
    "include_images": False,
    "deduplicate": False,
    "favor_precision": True,
}


def article_document(source: bytes | str, *, url: str = "") -> Document:
    """trafilatura's reading of a page (main text in ``.text``, metadata), or NoArticleText.

    Bytes are left for trafilatura to decode (it reads the page's declared encoding).
    """
    import trafilatura  # lxml and its language data load on first use, not with every process

    document = trafilatura.bare_extraction(source, url=url or None, **_READING)
    if document is None or len((document.text or "").split()) < MIN_ARTICLE_WORDS:
        # A page of menus and links yields a few stray words; that is not an article.
        raise NoArticleText()
    return document


class _Visible(HTMLParser):
    def __init__(self, source: str, offset: int) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self._base = offset
        self.builder = TextBuilder(source)
        self._skip: list[str] = []
        body = source[offset:]
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", body)]

    def _pos(self) -> int:
        line, col = self.getpos()
        return self._base + self._line_starts[line - 1] + col

    def _break(self) -> None:
        if self.builder.last_char not in ("", "\n"):
            self.builder.insert("\n", self._pos())

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self._skip.append(tag)
        elif tag in _BLOCK:
            self._break()

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag):
        if self._skip and tag == self._skip[-1]:
            self._skip.pop()
        elif tag in _BLOCK:
            self._break()

    def handle_data(self, data):
        if self._skip or not data:
            return
        start = self._pos()
        if self.source[start : start + len(data)] != data:  # defensive: position drifted
            self.builder.insert(data, start)
            return
        # Runs of whitespace (including newlines inside a <p>) are one space in rendered HTML.
        pos = 0
        for m in re.finditer(r"\s+", data):
            self.builder.copy(start + pos, start + m.start())
            if self.builder.last_char not in ("", " ", "\n"):
                self.builder.copy(start + m.start(), start + m.start() + 1, " ")
            pos = m.end()
        self.builder.copy(start + pos, start + len(data))

    def _ref(self, raw: str) -> None:
        if self._skip:
            return
        start = self._pos()
        decoded = html.unescape(raw)
        if decoded.isspace():
            decoded = " "
        self.builder.replace(start, start + len(raw), decoded)

    def handle_entityref(self, name):
        self._ref(f"&{name};" if self.source.startswith(f"&{name};", self._pos()) else f"&{name}")

    def handle_charref(self, name):
        self._ref(f"&#{name};" if self.source.startswith(f"&#{name};", self._pos()) else f"&#{name}")


def visible_text(source: str, offset: int = 0) -> MappedText:
    """The rendered text of ``source[offset:]`` with block breaks, mapped into ``source``."""
    parser = _Visible(source, offset)
    parser.feed(source[offset:])
    parser.close()
    return parser.builder.build()


def _normalised(text: str) -> tuple[str, list[int]]:
    """Text with whitespace runs collapsed to one space, and each kept char's index in ``text``."""
    chars, index = [], []
    space = True
    for i, ch in enumerate(text):
        if ch.isspace():
            if not space:
                chars.append(" ")
                index.append(i)
            space = True
        else:
            chars.append(ch)
            index.append(i)
            space = False
    return "".join(chars), index


def main_text(source: str, offset: int = 0) -> MappedText:
    """The article's main text, one paragraph a line, mapped into the HTML ``source``."""
    extracted = article_document(source[offset:]).text
    visible = visible_text(source, offset)
    norm, index = _normalised(visible.text)
    builder = TextBuilder(visible.text)
    cursor = 0
    for line in extracted.split("\n"):
        needle, _ = _normalised(line.strip())
        needle = needle.strip()
        if len(needle) < 2:
            continue
        at = norm.find(needle, cursor)
        if at < 0:
            at = norm.find(needle)
        if at < 0:
            continue  # trafilatura rewrote this line; it cannot be traced, so it is left out
        a, b = index[at], index[at + len(needle) - 1] + 1
        if len(builder):
            builder.insert("\n\n", a)
        builder.copy(a, b)
        cursor = at + len(needle)
    if not len(builder):
        raise NoArticleText("the article text found in the HTML could not be traced back to it")
    return visible.then(builder.build())
