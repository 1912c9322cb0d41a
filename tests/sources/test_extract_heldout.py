"""The extractor on articles it was not written for: eval/heldout and eval/blind (see eval/README.md),
and the shared seed and dev corpora in ../shared/corpus.

The seed corpus in ../shared is what the rules were first built on; eval/ holds our own annotated
articles in other styles (wire copy with datelines, state media, analysis, live blogs,
quote-first reports, Q&A, narration, page furniture, raw HTML), and ../shared/corpus/dev twenty
real articles from outlets and years the seeds do not cover. Each is scored with the same
../shared/tools/score_extraction.py, and a drop below the floors means a rule stopped
generalising. The floors sit a little under the figures reached when they were set (F1 / side /
casualty: heldout 0.971 / 1.000 / 0.913, blind 0.990 / 1.000 / 0.833, seeds 1.000 / 1.000 /
1.000, dev 0.969 / 1.000 / 0.960). eval/heldout's live-blog headings now count as statements,
as the guide's newer rule for headlines says, which costs it the points between 0.987 and 0.971.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sources.nlp.dates import publication_date
from sources.nlp.extract import extract_text
from tests.sources.helpers import score_extraction

ROOT = Path(__file__).resolve().parents[2]
SETS = {
    "heldout": {"attributed-F1": 0.95, "side-acc": 0.97, "casualty-acc": 0.85},
    "blind": {"attributed-F1": 0.96, "side-acc": 0.97, "casualty-acc": 0.80},
}
# The shared corpora (../shared/corpus/<name>): the bars are seeds 0.97 / 0.97 / 0.90 and
# dev 0.88 / 0.97 / 0.80; the floors keep what was reached.
SHARED_SETS = {
    "seeds": {"attributed-F1": 0.98, "side-acc": 0.98, "casualty-acc": 0.95},
    "dev": {"attributed-F1": 0.95, "side-acc": 0.98, "casualty-acc": 0.92},
}
SIDES = {"armenian", "azerbaijani", "russian", "international"}
STANCES = {"assertion", "accusation", "denial", "casualty-report", "appeal"}
PARTIES = {"armenian", "azerbaijani", "civilian-armenian", "civilian-azerbaijani", "russian", "unknown"}


def gold_files(name: str) -> list[Path]:
    return sorted((ROOT / "eval" / name / "gold").glob("*.json"))


@pytest.mark.parametrize("name", sorted(SETS))
def test_gold_annotations_follow_the_annotation_guide(name):
    """Evidence is an exact substring of one article, 10–35 words; sides, stances, parties and
    casualty fields are the guide's — otherwise the scores below would measure nothing."""
    index = {row["file"]: row for row in json.loads((ROOT / "eval" / name / "articles" / "index.json").read_text())}
    golds = gold_files(name)
    assert golds and {json.loads(g.read_text())["article"] for g in golds} == set(index)
    for path in golds:
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (ROOT / "eval" / name / "articles" / gold["article"]).read_text(encoding="utf-8")
        incidents = {i["id"] for i in gold["incidents"]}
        for s in gold["statements"]:
            where = f"{path.name}: {s['evidence'][:60]!r}"
            assert s["evidence"] in text, where
            assert 10 <= len(s["evidence"].split()) <= 35, where
            assert s["side"] in SIDES and s["stance"] in STANCES, where
            assert s["incident"] is None or s["incident"] in incidents, where
            for c in s["casualties"]:
                assert set(c) == {"party", "killed", "wounded", "captured", "missing"}, where
                assert c["party"] in PARTIES, where
                assert all(c[k] is None or isinstance(c[k], int) for k in c if k != "party"), where


@pytest.mark.slow
@pytest.mark.parametrize("name", [*sorted(SETS), *(f"shared/{n}" for n in sorted(SHARED_SETS))])
def test_extraction_generalises_to_articles_outside_the_seeds(shared_dir, name):
    shared = name.removeprefix("shared/")
    corpus, floors = (
        (shared_dir / "corpus" / shared, SHARED_SETS[shared]) if shared != name else (ROOT / "eval" / name, SETS[name])
    )
    figures, report = score_extraction(shared_dir, corpus)
    for figure, floor in floors.items():
        assert figures[figure] >= floor, f"{name}: {figure} {figures[figure]} < {floor}\n{report}"


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SHARED_SETS))
def test_every_statement_has_an_event_date_with_a_precision(shared_dir, nlp, name):
    """With the publication date the index gives (as the scorer passes it) or the one the text
    gives, every statement of every article is dated, and says how precisely."""
    articles = shared_dir / "corpus" / name / "articles"
    index = json.loads((articles / "index.json").read_text())
    undated = []
    for row in index:
        text = (articles / row["file"]).read_text(encoding="utf-8")
        published = dt.date.fromisoformat(row["published"]) if row["published"] != "unknown" else None
        published = published or publication_date(text, row.get("url"))
        for s in extract_text(text, nlp=nlp, published=published):
            if published is not None and (s.event_date is None or s.event_date_precision is None):
                undated.append((row["file"], s.sentence[:60]))
    assert undated == []


def test_dev_articles_give_their_publication_date_where_their_text_has_one(shared_dir):
    """Of the dev articles whose date is known, those whose text or URL carries a full date give
    it; five carry none (datelines with a day and month but no year, URLs with only an id)."""
    articles = shared_dir / "corpus" / "dev" / "articles"
    index = [row for row in json.loads((articles / "index.json").read_text()) if row["published"] != "unknown"]
    found = [
        row["file"] for row in index
        if str(publication_date((articles / row["file"]).read_text(encoding="utf-8"), row.get("url"))) == row["published"]
    ]  # fmt: skip
    assert len(found) >= len(index) - 5, found
