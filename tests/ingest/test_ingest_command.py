"""`manage.py ingest`: files, folders, JSON Lines and URLs; a summary; non-zero exit on failure."""

from __future__ import annotations

import dataclasses
import io
import json

import pytest
from django.core.management import CommandError, call_command

from ingest import steps
from sources.models import Article, ArticleSource, ArticleStatus
from tests.testsite.content import article_html, article_text

pytestmark = pytest.mark.django_db


def _ingest(*targets: str) -> tuple[str, str, CommandError | None]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest", *targets, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def test_a_folder_of_text_and_html_files_is_ingested(tmp_path, extractor):
    (tmp_path / "one.txt").write_text(
        "---\nurl: https://wire.example.org/one\noutlet: Example Wire\npublished: 2023-09-01\n---\n" + article_text(31)
    )
    (tmp_path / "two.html").write_text(article_html(32))
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4 not ingested: not a text suffix")
    out, err, failure = _ingest(str(tmp_path))
    assert failure is None, out
    assert "2 item(s): 2 new" in out
    assert err == ""  # no progress bar when nobody watches a terminal, and nothing failed
    one = Article.objects.get(canonical_url="https://wire.example.org/one")
    assert one.status == ArticleStatus.DONE and one.source == ArticleSource.BULK
    assert one.outlet.name == "Example Wire"
    assert Article.objects.filter(status=ArticleStatus.DONE).count() == 2
    assert all(a.statements.exists() for a in Article.objects.all())


def test_running_it_again_reports_duplicates_and_stores_nothing_twice(tmp_path, extractor):
    (tmp_path / "one.txt").write_text("---\nurl: https://wire.example.org/again\n---\n" + article_text(33))
    (tmp_path / "two.txt").write_text(article_text(34))
    _ingest(str(tmp_path))
    statements = sum(a.statements.count() for a in Article.objects.all())
    out, _err, failure = _ingest(str(tmp_path))
    assert failure is None
    assert "2 item(s): 2 already ingested" in out
    assert "already ingested: " in out and "two.txt: article" in out
    assert sum(a.statements.count() for a in Article.objects.all()) == statements
    # The file without a URL is found by its content: no second row for it.
    assert Article.objects.count() == 2
    assert Article.objects.filter(status=ArticleStatus.DONE).count() == 2


def test_json_lines_urls_and_bad_items_give_a_summary_with_reasons_and_fail(tmp_path, site, extractor):
    lines = [
        json.dumps({"url": site.url("/articles/35.html")}),
        json.dumps({"text": article_text(36), "title": "Pasted", "outlet": "Line Wire", "published": "2023-05-02"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"url": site.url("/missing.html")}),
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")
    _out, out, failure = _ingest(
        str(tmp_path / "batch.jsonl"), str(tmp_path / "image.txt"), str(tmp_path / "nowhere"), "ftp://example.com/x"
    )
    assert failure is not None and str(failure) == "6 of 8 item(s) failed — 2 new, 6 failed"
    # One line per failure, nothing else.
    assert len(out.splitlines()) == 6 and all(line.startswith("failed: ") for line in out.splitlines())
    assert "batch.jsonl:3: not valid JSON" in out
    assert "batch.jsonl:4: each line must be a JSON object" in out
    assert "HTTP 404" in out
    assert "image.txt: the file is binary" in out
    assert "nowhere: no such file, folder or http(s) URL" in out
    assert "ftp://example.com/x: no such file" in out
    pasted = Article.objects.get(title="Pasted")
    assert pasted.outlet.name == "Line Wire" and str(pasted.published) == "2023-05-02"


def test_queue_option_only_stores_and_queues(tmp_path, extractor, django_capture_on_commit_callbacks):
    (tmp_path / "one.txt").write_text(article_text(37))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        out, _err, failure = _ingest("--queue", str(tmp_path))
    assert failure is None and "1 queued" in out
    assert len(callbacks) == 1
    article = Article.objects.get()
    assert article.status == ArticleStatus.QUEUED and article.step == "extract"
    assert extractor.calls == 0


def test_importing_a_failed_article_again_retries_it(tmp_path, site, extractor):
    url = site.url("/flaky.html")
    site.add("/flaky.html", "down for maintenance", status=503)
    _out, err, failure = _ingest(url)
    assert failure is not None and "HTTP 503" in err
    site.add("/flaky.html", article_html(38))
    out, _err, failure = _ingest(url)
    assert failure is None and "1 new" in out
    article = Article.objects.get()
    assert article.status == ArticleStatus.DONE and article.statements.exists()


def test_without_a_broker_the_articles_are_analysed_and_linked_in_batches(tmp_path, extractor, settings, monkeypatch):
    """As the workers do: one extract_many over the nlp batch, one linking run over the link batch."""
    settings.NLP_BATCH_SIZE = 2
    settings.LINK_BATCH = 3
    for n in range(39, 42):
        (tmp_path / f"{n}.txt").write_text(article_text(n))
    linked = []
    monkeypatch.setitem(
        steps.STEP_BY_NAME,
        "link",
        dataclasses.replace(
            steps.STEP_BY_NAME["link"], run_many=lambda batch: linked.append(len(batch)) or steps.link_many(batch)
        ),
    )
    out, _err, failure = _ingest(str(tmp_path))
    assert failure is None and "3 new" in out
    assert extractor.batches == [2, 1]
    assert linked == [3]
    assert Article.objects.filter(status=ArticleStatus.DONE).count() == 3
