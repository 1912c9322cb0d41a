"""Test cases kept as data: a parametrize table in the YAML file beside the test module.

``test_x.py`` reads its tables from ``test_x.yaml``: each table a list of rows, a row a mapping of
the test's argument names (in the order the test names them) and, optionally, an ``id``. A row
without an ``id`` gets pytest's own id, as a tuple row in the test module would.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml


@cache
def _tables(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def cases(test_file: str, table: str, argnames: tuple[str, ...]) -> pytest.MarkDecorator:
    """``pytest.mark.parametrize(argnames, …)`` over the rows of `table` in the test's YAML file."""
    rows = _tables(Path(test_file).with_suffix(".yaml"))[table]
    params = []
    for row in rows:
        values = {k: v for k, v in row.items() if k != "id"}
        if list(values) != list(argnames):
            raise ValueError(f"{table}: a row gives {list(values)}, the test takes {list(argnames)}")
        params.append(pytest.param(*values.values(), id=row.get("id")))
    return pytest.mark.parametrize(argnames, params)
