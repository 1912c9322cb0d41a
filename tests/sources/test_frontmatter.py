"""Front matter is read safely, and only from text a person hands us (issue 16).

YAML aliases nested in each other expand exponentially once the values become strings: a
394-byte block took 8 s and 680 MB, a 760-byte one 106 s and 6 GB. They are refused, the block is
capped, and text fetched from the web is never read for front matter at all.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from sources.errors import SubmissionRefused
from sources.models import Article, ArticleSource, ArticleStatus
from sources.nlp import extract
from sources.nlp.frontmatter import MAX_BLOCK_BYTES, FrontMatterError, split_front_matter
from sources.services import article_submit
from tests.testsite.content import article_text

BODY = "Armenia's Defence Ministry said on Tuesday that two soldiers were wounded near Sotk.\n"


def alias_bomb(levels: int = 4) -> str:
    """A front-matter block whose aliases multiply by nine per level (kept small here on purpose)."""
    lines = ["---", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ",".join([f"*a{level - 1}"] * 9) + "]")
    lines += [f"title: *a{levels - 1}", "---"]
    return "\n".join(lines) + "\n"


def test_aliases_are_refused_with_a_one_line_reason():
    with pytest.raises(FrontMatterError, match="anchor or alias") as caught:
        split_front_matter(alias_bomb() + BODY)
    assert "\n" not in str(caught.value)


def test_an_anchor_alone_is_refused():
    with pytest.raises(FrontMatterError, match="'&'"):
        split_front_matter("---\ntitle: &t Fighting on the border\n---\n" + BODY)


def test_a_quoted_asterisk_is_plain_text():
    meta, body, _ = split_front_matter('---\ntitle: "*Breaking* news & more"\n---\n' + BODY)
    assert meta["title"] == "*Breaking* news & more" and body == BODY


def test_a_block_over_the_cap_is_refused_with_its_size():
    block = "---\n" + "".join(f"k{n}: {'x' * 60}\n" for n in range(80)) + "---\n"
    with pytest.raises(FrontMatterError, match=f"over the {MAX_BLOCK_BYTES:,}-byte limit"):
        split_front_matter(block + BODY)


def test_a_block_just_under_the_cap_is_read():
    padding = "x" * (MAX_BLOCK_BYTES - 200)
    meta, body, _ = split_front_matter(f"---\ntitle: Border\nnote: {padding}\n---\n" + BODY)
    assert meta["title"] == "Border" and body == BODY


def test_yaml_nested_past_the_recursion_limit_is_body_not_a_traceback():
    text = "---\ntitle: " + "[" * 1500 + "]" * 1500 + "\n---\n" + BODY
    assert split_front_matter(text) == ({}, text, 0)


def test_front_matter_not_allowed_leaves_the_block_in_the_body():
    text = "---\npublished: 1999-01-01\ntitle: Injected\n---\n" + BODY
    assert split_front_matter(text, allowed=False) == ({}, text, 0)
    assert split_front_matter(alias_bomb() + BODY, allowed=False)[1].endswith(BODY)


@pytest.mark.django_db
def test_a_submitted_text_with_aliases_is_refused():
    with pytest.raises(SubmissionRefused, match="anchor or alias"):
        article_submit(text=alias_bomb() + BODY, source=ArticleSource.TEXT, enqueue=False)


@pytest.fixture
def prepared(monkeypatch):
    """The real text preparation (front matter, cleaning) standing in for the NLP engine: what it saw."""
    seen: list = []

    def many(items, batch_size=None, *, on_error=None, **kwargs):
        for index, (text, meta) in enumerate(items):
            try:
                seen.append(extract.prepare(text, check_language=False, front_matter=meta.get("front_matter", True)))
            except extract.ExtractionError as exc:
                seen.append(exc)
                on_error(index, exc)
            yield []

    monkeypatch.setattr("sources.nlp.extract.extract_many", many)
    return seen


@pytest.mark.django_db
def test_front_matter_in_a_fetched_page_is_body_text(site, prepared):
    site.pages["/notes.txt"] = (
        200,
        ("---\npublished: 1999-01-01\ntitle: Injected\n---\n" + article_text(41)).encode(),
        "text/plain; charset=utf-8",
    )
    call_command("ingest", site.url("/notes.txt"), stdout=io.StringIO(), stderr=io.StringIO())
    article = Article.objects.get()
    assert article.status == ArticleStatus.DONE, article.error
    (seen,) = prepared
    # Not parsed as YAML: no metadata from it (its "published:" line may still read as a byline
    # date, as any line of article text may, but nothing reaches the article from the block).
    assert seen.title is None and set(seen.meta) == {"html", "dateline"}
    assert "title: Injected" in seen.mapped.text  # analysed as text, not taken as metadata
    assert article.published != dt.date(1999, 1, 1) and article.title != "Injected"


@pytest.mark.django_db
def test_an_alias_bomb_in_a_fetched_page_is_only_text(site, prepared):
    site.pages["/bomb.txt"] = (200, (alias_bomb(levels=9) + article_text(42)).encode(), "text/plain")
    call_command("ingest", site.url("/bomb.txt"), stdout=io.StringIO(), stderr=io.StringIO())
    assert Article.objects.get().status == ArticleStatus.DONE
    assert not isinstance(prepared[0], Exception)


@pytest.mark.django_db
def test_ingesting_a_file_with_aliases_fails_that_file_with_its_reason(tmp_path, prepared):
    (tmp_path / "bomb.txt").write_text(alias_bomb(levels=9) + BODY)
    (tmp_path / "fine.txt").write_text("---\ntitle: Fine\n---\n" + article_text(43))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("ingest", str(tmp_path), stdout=io.StringIO(), stderr=err)
    assert "anchor or alias" in err.getvalue()  # failures go to stderr, one line each
    assert list(Article.objects.values_list("title", "status")) == [("Fine", ArticleStatus.DONE)]


def test_extract_prints_one_line_for_a_bomb_and_still_processes_the_others(tmp_path, capsys):
    bomb, fine = tmp_path / "bomb.txt", tmp_path / "fine.txt"
    bomb.write_text(alias_bomb(levels=9) + BODY)
    fine.write_text("---\npublished: 2022-09-14\n---\n" + BODY)
    with pytest.raises(SystemExit) as exited:
        call_command("extract", str(bomb), str(fine))
    out, err = capsys.readouterr()
    assert exited.value.code == 1
    (line,) = err.splitlines()
    assert line.startswith(f"{bomb}: the front matter uses a YAML anchor or alias")
    bombed, processed = json.loads(out)["articles"]
    assert bombed["source"] == str(bomb) and "anchor or alias" in bombed["error"]
    assert processed["source"] == str(fine) and "error" not in processed and processed["statements"]
