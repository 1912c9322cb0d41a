"""Helpers for the ingestion tests: a stand-in for the NLP engine (`said` and the `extractor`
fixture), submitting and running articles here, and work on another database connection."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection

from ingest import runner
from sources import services
from sources.models import Article, ArticleSource
from sources.nlp.errors import ExtractionError
from sources.nlp.extract import ExtractedStatement


def with_front_matter(body: str, **fields: str) -> str:
    """`body` under a front-matter block of `fields`, as an editor would paste it."""
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items()) + "---\n" + body


def said(text: str, *, side: str = "armenian", tag: str = "") -> list[ExtractedStatement]:
    """A stand-in extractor: every sentence with ' said ' is a statement by whoever precedes it."""
    found = []
    for match in re.finditer(r"[^.\n]*? said [^.\n]*\.", text):
        sentence = match.group(0).lstrip()
        start = match.end() - len(sentence)
        speaker, _, content = sentence.partition(" said ")
        found.append(
            ExtractedStatement(
                speaker=speaker,
                actor=None,
                actor_slug=None,
                side=side,
                cue="said",
                stance="assertion",
                content=tag + content,
                sentence=sentence,
                start=start,
                end=start + len(sentence),
            )
        )
    return found


@pytest.fixture
def extractor(monkeypatch):
    """Replace the NLP engine with `said`; `extractor.calls` counts analyses, `.side` sets the side."""

    class Fake:
        calls = 0
        side = "armenian"
        tag = ""

        def __init__(self):
            self.batches: list[int] = []  # how many texts each extract_many call was given

        def __call__(self, text, *, published=None, title=None):
            self.calls += 1
            if "UNREADABLE" in text:
                raise ExtractionError("the extractor cannot read this text")
            return said(text, side=self.side, tag=self.tag)

        def many(self, items, batch_size=None, *, on_error=None, **kwargs):
            items = list(items)
            self.batches.append(len(items))
            for index, (text, meta) in enumerate(items):
                try:
                    yield self(text, published=meta.get("published"), title=meta.get("title"))
                except ExtractionError as exc:
                    if on_error is None:
                        raise
                    on_error(index, exc)
                    yield []

    fake = Fake()
    monkeypatch.setattr("sources.nlp.extract.extract_text", fake)
    monkeypatch.setattr("sources.nlp.extract.extract_many", fake.many)
    return fake


def submit(**kwargs) -> Article:
    """Store an article without sending its message; the test runs it."""
    kwargs.setdefault("source", ArticleSource.URL)
    return services.article_submit(enqueue=False, **kwargs)[0]


def run(article: Article) -> Article:
    """Every step of the article, here; the article as it ends up."""
    runner.run(article.pk)
    return Article.objects.get(pk=article.pk)


def on_another_connection(work) -> None:
    """Run `work` in another thread, on its own database connection, as another process would."""

    def go():
        try:
            work()
        finally:
            connection.close()  # the thread's own connection

    thread = threading.Thread(target=go)
    thread.start()
    thread.join(timeout=30)
