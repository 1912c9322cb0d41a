"""The engine's word lists, read once from ``sources/nlp/data/<name>.yaml`` when the module naming
them is imported (:mod:`sources.nlp.lexicon`, :mod:`sources.nlp.casualty_words`).

In a file each list's NAME maps to
- a string: the set of the words in it, split at white space (``MISSING: missing unaccounted``);
- a list: the set of its items, an item that is a list being a tuple (``[at, least]``);
- a mapping: a dict, a value that is a list being a tuple (``casualties: [killed, wounded]``).
Words and keys must be strings: YAML reads an unquoted ``no`` or ``on`` as a boolean, and a file
holding one is refused with the list's name rather than matched against text it can never equal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


def load(name: str) -> dict[str, Any]:
    """NAME -> set, or dict, of the lists in ``data/<name>.yaml``; ValueError naming a bad entry."""
    with (DATA_DIR / f"{name}.yaml").open(encoding="utf-8") as fh:
        lists = yaml.safe_load(fh)
    return {key: _list(f"{name}.{key}", value) for key, value in lists.items()}


def pick(lists: dict[str, Any], names: str) -> tuple[Any, ...]:
    """The lists named (separated by white space), in that order: for a module's own rules."""
    return tuple(lists[n] for n in names.split())


def _list(where: str, value: Any) -> set | dict:
    if isinstance(value, str):
        return set(value.split())
    if isinstance(value, list):
        return {_item(where, x) for x in value}
    if isinstance(value, dict):
        return {_word(where, k): _value(where, v) for k, v in value.items()}
    raise ValueError(f"{where}: a word list is a string of words, a list or a mapping, not {value!r}")


def _item(where: str, value: Any) -> str | tuple[str, ...]:
    return tuple(_word(where, w) for w in value) if isinstance(value, list) else _word(where, value)


def _value(where: str, value: Any) -> Any:
    if isinstance(value, list):
        return tuple(value)
    if value is None or isinstance(value, (str, int)) and not isinstance(value, bool):
        return value
    raise ValueError(f"{where}: {value!r} is neither a word, a number, null nor a list (quote it)")


def _word(where: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{where}: {value!r} is not a word (quote it: YAML reads no/on/yes as booleans)")
    return value
