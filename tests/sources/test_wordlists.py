"""The word lists read from sources/nlp/data are the lists the engine was written with.

The fingerprints in wordlist_fingerprints.json were taken from the Python literals before the lists
moved to data files: a list that loses or gains a word, or a word read as another type (YAML's
unquoted ``no`` or ``on``), changes its fingerprint. Extend a list on purpose, then take its new fingerprint with ``fingerprint``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from sources.nlp import casualty_words as cw
from sources.nlp import lexicon as lx
from sources.nlp import wordlists


def _canonical(value):
    if isinstance(value, (set, frozenset)):
        return sorted((_canonical(x) for x in value), key=repr)
    if isinstance(value, dict):
        return sorted(([_canonical(k), _canonical(v)] for k, v in value.items()), key=repr)
    if isinstance(value, (list, tuple)):
        return [_canonical(x) for x in value]
    return value


def fingerprint(value) -> tuple[str, str]:
    """The container type and a digest of the contents, order-free for sets and dicts."""
    digest = hashlib.sha256(json.dumps(_canonical(value)).encode()).hexdigest()[:16]
    return type(value).__name__, digest


# module -> list name -> [container type, digest], taken before the move.
PINNED = json.loads((Path(__file__).parent / "wordlist_fingerprints.json").read_text(encoding="utf-8"))
MODULES = {"lexicon": lx, "casualty_words": cw}


@pytest.mark.parametrize(
    ("module", "name"), [(m, n) for m in PINNED for n in PINNED[m]], ids=[f"{m}.{n}" for m in PINNED for n in PINNED[m]]
)
def test_a_word_list_holds_the_words_it_was_written_with(module, name):
    assert list(fingerprint(getattr(MODULES[module], name))) == PINNED[module][name]


@pytest.mark.parametrize("module", list(MODULES))
def test_no_word_list_is_lost_or_added_unpinned(module):
    pinned = PINNED[module]
    module = MODULES[module]
    lists = {
        n
        for n in dir(module)
        if n.isupper() and n[0] != "_" and isinstance(getattr(module, n), (set, dict, tuple, str))
    }
    assert lists == set(pinned)


def test_a_word_yaml_reads_as_a_boolean_is_refused_with_the_list_named(tmp_path, monkeypatch):
    (tmp_path / "words.yaml").write_text("NEGATORS: [none, no]\n", encoding="utf-8")
    monkeypatch.setattr(wordlists, "DATA_DIR", tmp_path)
    with pytest.raises(ValueError, match=r"words\.NEGATORS: False is not a word \(quote it"):
        wordlists.load("words")


def test_the_loader_reads_each_form_of_list():
    assert list(fingerprint(wordlists.load("casualty_words")["LOW_BOUND"])) == PINNED["casualty_words"]["LOW_BOUND"]
    assert cw.VAGUE["dozens"] == (24, 99)
    assert lx.CALL_PARTICLES["on"] == "appeal"  # a quoted key YAML would read as True
    assert "tens of thousands" in cw.VAGUE and "associated press" in lx.MEDIA_NAMES
