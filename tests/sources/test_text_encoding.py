"""Text in UTF-16 or UTF-32 with a byte order mark is text, not "binary" (issue 16)."""

from __future__ import annotations

import codecs
import os

import pytest

from sources.models import ArticleSource
from sources.services import article_submit
from sources.text import decode_bytes, looks_binary

TEXT = "Armenia's Defence Ministry said the border near Sotk was calm. «Спокойно», — Բարեւ.\n" * 20
WIDE = {
    "utf-16-le": codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
    "utf-16-be": codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    "utf-32-le": codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"),
    "utf-32-be": codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"),
}


@pytest.mark.parametrize("encoding", WIDE)
def test_wide_text_with_a_byte_order_mark_is_not_binary_and_decodes(encoding):
    assert not looks_binary(WIDE[encoding])
    assert decode_bytes(WIDE[encoding]) == TEXT


@pytest.mark.parametrize(
    "data",
    [codecs.BOM_UTF16_LE + os.urandom(4096), codecs.BOM_UTF16_BE + bytes(range(256)) * 16, b"\x89PNG\r\n\x00\x00" * 50],
    ids=["random bytes behind a BOM", "every byte behind a BOM", "NUL bytes without a BOM"],
)
def test_binary_data_is_still_binary(data):
    assert looks_binary(data)


def test_a_utf16_text_with_nul_characters_is_binary():
    assert looks_binary(codecs.BOM_UTF16_LE + ("text\x00" * 100).encode("utf-16-le"))


@pytest.mark.django_db
def test_an_uploaded_utf16_file_becomes_an_article_with_its_text():
    article, _ = article_submit(
        raw=WIDE["utf-16-le"], filename="statement.txt", source=ArticleSource.FILE, enqueue=False
    )
    assert article.raw == TEXT and article.raw_content_type == "text/plain"
