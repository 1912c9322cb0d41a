"""``manage.py extract``: the JSON contract, bad files, and the quality bars on the seed corpus.

These tests do not request database access, so pytest-django would fail any of them that
touched the database: the command must not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.sources.helpers import score_extraction

ARTICLE = """---
url: "https://example.org/news/1"
outlet: "Example News"
published: "2022-09-14"
title: "Fighting on the border"
---
Fighting on the border

Armenia's Defence Ministry said on Tuesday that 49 soldiers had been killed in overnight shelling.

“We did not start this,” Azerbaijan's foreign ministry said in a statement, accusing Yerevan of provocations.
"""


def run_extract(capsys, *files: Path | str, **options) -> tuple[dict, list[str], int]:
    code = 0
    try:
        call_command("extract", *map(str, files), **options)
    except SystemExit as exc:
        code = exc.code or 0
    out, err = capsys.readouterr()
    return json.loads(out), [line for line in err.splitlines() if line.strip()], code


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_prints_one_json_object_with_the_design_fields(capsys, article):
    data, errors, code = run_extract(capsys, article)
    assert code == 0 and errors == []
    assert list(data) == ["articles"]
    (entry,) = data["articles"]
    assert entry["source"] == str(article)
    statements = entry["statements"]
    # the quote and "accusing Yerevan of provocations" do different things: two statements
    assert [(s["side"], s["stance"]) for s in statements] == [
        ("armenian", "casualty-report"),
        ("azerbaijani", "assertion"),
        ("azerbaijani", "accusation"),
    ]
    text = article.read_text(encoding="utf-8")
    for s in statements:
        for key in ("speaker", "actor", "side", "cue", "stance", "content", "sentence", "start", "end", "places"):
            assert key in s
        assert text[s["start"] : s["end"]] == s["sentence"]
    first = statements[0]
    assert first["event_date"] == "2022-09-13"
    assert first["casualties"] == [
        {"party": "armenian", "civilian": False, "killed": 49, "wounded": None, "captured": None, "missing": None}
    ]


def test_html_files_are_read_for_their_article(capsys, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<!DOCTYPE html><html><body><nav>Home | World | Sport</nav><article><h1>Border clash</h1>"
        "<p>Azerbaijan&rsquo;s <a href='/mod'>defence ministry</a> said on Monday that Armenian forces had fired "
        "on its positions in the Kalbajar district overnight.</p><p>The shooting stopped at dawn and no damage "
        "was reported by the village administration.</p></article></body></html>",
        encoding="utf-8",
    )
    data, errors, code = run_extract(capsys, page)
    assert code == 0
    (statement,) = data["articles"][0]["statements"]
    assert statement["side"] == "azerbaijani"
    # the sentence reads as on the page; its offsets still point at it in the HTML as given
    assert statement["sentence"] == (
        "Azerbaijan’s defence ministry said on Monday that Armenian forces had fired on its positions "
        "in the Kalbajar district overnight."
    )
    raw = page.read_text(encoding="utf-8")[statement["start"] : statement["end"]]
    assert raw.startswith("Azerbaijan&rsquo;s <a href='/mod'>defence ministry</a> said") and raw.endswith("overnight.")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"\n   \n", "empty"),
        ("binary.bin", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        ("latin1.txt", "Armenia said the café was shelled.".encode("latin-1"), "not valid UTF-8"),
        (
            "french.txt",
            "Le ministère arménien de la Défense a déclaré mardi que deux soldats avaient été tués lors de "
            "bombardements près du village de Sotk, dans la province de Syunik.".encode(),
            "not analysed (French)",
        ),
        (
            "menu.html",
            b"<!DOCTYPE html><html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></body></html>",
            "no article text",
        ),
    ],
)
def test_a_bad_file_gets_one_line_on_stderr_while_the_others_come_out(
    capsys, tmp_path, article, name, content, message
):
    bad = tmp_path / name
    bad.write_bytes(content)
    data, errors, code = run_extract(capsys, article, bad)
    assert code == 1
    assert len(errors) == 1 and errors[0].startswith(f"{bad}: ") and message in errors[0]
    good, failed = data["articles"]
    assert good["source"] == str(article) and len(good["statements"]) == 3
    assert failed == {"source": str(bad), "error": errors[0].split(": ", 1)[1], "statements": []}


def test_a_missing_file_is_reported(capsys, tmp_path, article):
    missing = tmp_path / "nope.txt"
    data, errors, code = run_extract(capsys, missing, article)
    assert code == 1 and errors == [f"{missing}: no such file"]
    assert [a["source"] for a in data["articles"]] == [str(missing), str(article)]


def test_the_size_limit_is_configurable(capsys, tmp_path, article, settings):
    big = tmp_path / "big.txt"
    big.write_bytes(b"Armenia said the border was calm. " * 200)
    data, errors, code = run_extract(capsys, article, big, max_bytes=2048)
    assert code == 1 and "over the 2,048-byte limit" in errors[0]
    settings.EXTRACT_MAX_BYTES = 1024
    data, errors, code = run_extract(capsys, big)
    assert code == 1 and "over the 1,024-byte limit" in errors[0]


def test_a_five_megabyte_file_is_refused_by_default(capsys, tmp_path):
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"Armenia said the border was calm.\n" * (5 * 1024 * 1024 // 34 + 10))
    data, errors, code = run_extract(capsys, huge)
    assert code == 1 and "limit" in errors[0]


# --- the quality bars -------------------------------------------------------------------------------

BARS = {"attributed-F1": 0.85, "side-acc": 0.95, "casualty-acc": 0.80}


@pytest.mark.slow
def test_seed_corpus_scores_at_or_above_the_bars(shared_dir):
    figures, report = score_extraction(shared_dir, shared_dir / "corpus" / "seeds")
    for name, bar in BARS.items():
        assert figures[name] >= bar, f"{name} {figures[name]} < {bar}\n{report}"
