"""The measured bar for incident linking: pairwise F1 ≥ 0.95 on the annotated seed articles (issue 12).

The whole path a user runs: the scorer writes the seed articles with front matter, `ingest` stores
and processes them (NLP, storing, linking) into an empty database, `export statements --format
jsonl` writes what was found, and ../shared/tools/score_incidents.py scores it against the gold
incident ids.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from django.core.management import call_command

BAR = 0.95

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_linking_reaches_the_pairwise_f1_bar_on_the_seed_articles(shared_dir, gazetteer_loaded, tmp_path):
    corpus = shared_dir / "corpus" / "seeds"
    scorer = shared_dir / "tools" / "score_incidents.py"
    articles = tmp_path / "articles"
    subprocess.run([sys.executable, scorer, corpus, "--write-articles", articles], check=True, capture_output=True)
    files = sorted(str(p) for p in articles.glob("*.txt"))
    assert len(files) == 5

    call_command("ingest", *files)
    export = tmp_path / "statements.jsonl"
    call_command("export", "statements", "--format", "jsonl", "--output", str(export))

    result = subprocess.run([sys.executable, scorer, corpus, export], check=True, capture_output=True, text=True)
    match = re.search(r"incident-pairwise-F1 ([0-9.]+) P ([0-9.]+) R ([0-9.]+) paired (\d+)/(\d+)", result.stdout)
    assert match, result.stdout
    f1, paired = float(match[1]), int(match[4])
    print(result.stdout)
    assert paired > 0, "no exported statement could be paired with a gold statement"
    assert f1 >= BAR, result.stdout
