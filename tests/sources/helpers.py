"""Helpers shared by the extraction tests: the annotated-corpus scorer run on ``manage.py extract``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def score_extraction(shared_dir: Path, corpus: Path) -> tuple[dict[str, float], str]:
    """Run ../shared/tools/score_extraction.py on ``corpus`` exactly as the issue specifies; return
    the figures of its last line and its whole report (for the failure message)."""
    scorer = shared_dir / "tools" / "score_extraction.py"
    proc = subprocess.run(
        [sys.executable, str(scorer), "-v", str(corpus), "--", sys.executable, "manage.py", "extract"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    last = proc.stdout.strip().splitlines()[-1]
    figures = {k: float(v) for k, v in re.findall(r"([a-z-]+(?:F1|acc)) ([0-9.]+)", last)}
    return figures, proc.stdout
