"""The environment `make install` builds carries no package with a known vulnerability that issue 16
named: setuptools 65.5 (CVE-2022-40897, CVE-2024-6345, CVE-2025-47273), and no unmaintained
langdetect (lingua identifies languages)."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The first setuptools release with all three fixes (the path traversal in PackageIndex: 78.1.1).
SETUPTOOLS_FIXED = (78, 1, 1)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def test_the_virtualenvs_setuptools_has_the_security_fixes():
    installed = importlib.metadata.version("setuptools")
    assert _version(installed) >= SETUPTOOLS_FIXED, f"setuptools {installed}: run `make install` to upgrade it"


def test_make_install_upgrades_setuptools_to_a_fixed_release():
    pinned = re.search(r'"setuptools==([\d.]+)"', (ROOT / "Makefile").read_text())
    assert pinned and _version(pinned.group(1)) >= SETUPTOOLS_FIXED


def test_langdetect_is_neither_required_nor_imported():
    requirements = "".join(path.read_text() for path in ROOT.glob("requirements*.txt"))
    assert "langdetect" not in requirements.lower()
    assert "lingua-language-detector" in requirements
    importing = [
        str(path.relative_to(ROOT))
        for app in ("config", "sources", "claims", "ingest", "accounts", "api")
        for path in (ROOT / app).rglob("*.py")
        if re.search(r"^\s*(import|from)\s+langdetect\b", path.read_text(), flags=re.M)
    ]
    assert importing == []
    assert importlib.util.find_spec("lingua") is not None
