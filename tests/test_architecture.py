"""The layout the README's "Where things live" describes, as far as a test can hold it.

`make lint` checks the layering contracts in pyproject.toml (import-linter); this module checks
what those contracts cannot say: no import cycle between any two of the project's modules, the
extraction engine free of the ORM, and no module grown past the size at which STYLE.md splits it.
"""

from __future__ import annotations

from pathlib import Path

import grimp

from tests.conftest import ROOT

APPS = ("config", "accounts", "api", "sources", "claims", "ingest")
MAX_LINES = 500


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph(*APPS, include_external_packages=True, exclude_type_checking_imports=True, cache_dir=None)


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iteratively)."""
    modules = {m for m in graph.modules if m.split(".")[0] in APPS}
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & modules) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in sorted(modules):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            if i < len(edges[node]):
                work.append((node, i + 1))
                nxt = edges[node][i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return groups


def test_no_two_modules_import_each_other_even_through_others():
    assert _cycles(_graph()) == []


def test_the_cycle_check_finds_a_cycle():
    graph = grimp.ImportGraph()
    for a, b in [
        ("claims.a", "claims.b"),
        ("claims.b", "claims.c"),
        ("claims.c", "claims.a"),
        ("claims.c", "claims.d"),
    ]:
        graph.add_import(importer=a, imported=b)
    assert _cycles(graph) == [["claims.a", "claims.b", "claims.c"]]


def test_the_extraction_engine_imports_neither_the_orm_nor_an_app():
    """It may read settings (django.conf), never models: a worker passes it plain values."""
    graph = _graph()
    engine = {m for m in graph.modules if m == "sources.nlp" or m.startswith("sources.nlp.")}
    imported = set().union(*(graph.find_modules_directly_imported_by(m) for m in engine))
    assert sorted(m for m in imported - engine if m.split(".")[0] in APPS) == []
    django_lines = [
        detail["line_contents"]
        for module in sorted(engine)
        for detail in graph.get_import_details(importer=module, imported="django")
    ]
    assert [line for line in django_lines if not line.startswith("from django.conf import")] == []


def test_no_module_outside_migrations_and_tests_passes_the_split_size():
    big = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES:
                big.append(f"{Path(path).relative_to(ROOT)}: {lines}")
    assert big == []
