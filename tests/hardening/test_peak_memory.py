"""A 10,000-row statement export and a 1,000-statement editor page stay within a memory bound and read
no article bodies, however large the articles are."""

from __future__ import annotations

import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.exports import statements_export
from claims.models import Statement
from tests.factories import ArticleFactory, IncidentFactory, StatementFactory, UserFactory

pytestmark = pytest.mark.django_db

#: Each article carries a 200 KB body: loading it once per row would cost gigabytes at these sizes.
BODY = "The ministry said two soldiers were wounded near Norabak. " * 3500
EXPORT_BOUND = 60 * 1024 * 1024
PAGE_BOUND = 120 * 1024 * 1024


def _statements(count: int, incident) -> None:
    articles = [ArticleFactory(text=BODY, raw=BODY) for _ in range(20)]
    template = StatementFactory.build(incident=incident, article=articles[0])
    fields = {f.attname: getattr(template, f.attname) for f in Statement._meta.concrete_fields if not f.primary_key}
    rows = [Statement(**(fields | {"article_id": articles[i % 20].pk})) for i in range(count)]
    Statement.objects.bulk_create(rows, batch_size=2000)


def _peak(call) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        tracemalloc.start()
        try:
            call()
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    return peak, [q["sql"].split(" FROM ")[0] for q in queries]


def test_a_10000_row_csv_export_stays_under_the_bound_without_article_bodies():
    _statements(10_000, IncidentFactory())
    lines = 0

    def export():
        nonlocal lines
        for _line in statements_export(queryset=Statement.objects.order_by("pk"), fmt="csv"):
            lines += 1

    peak, selects = _peak(export)
    assert lines == 10_001
    assert peak < EXPORT_BOUND, f"peak {peak / 1e6:.1f} MB"
    assert not any('"sources_article"."text"' in s or '"sources_article"."raw"' in s for s in selects)


def test_the_editor_page_of_a_1000_statement_incident_stays_under_the_bound(client):
    incident = IncidentFactory()
    _statements(1_000, incident)
    client.force_login(UserFactory(role="editor"))
    responses = []
    peak, selects = _peak(lambda: responses.append(client.get(f"/editor/incidents/{incident.pk}/")))
    assert responses[0].status_code == 200
    assert peak < PAGE_BOUND, f"peak {peak / 1e6:.1f} MB"
    assert not any('"sources_article"."raw"' in s or '"sources_article"."analysis"' in s for s in selects)


def test_the_editor_excerpt_cut_in_the_database_matches_the_article_text():
    from claims.editor.common import CONTEXT_CHARS, article_context
    from claims.editor.common import statements as _statements

    sentence = "The ministry said two soldiers were wounded."
    text = "A" * (CONTEXT_CHARS + 10) + sentence + "B" * 5
    start = CONTEXT_CHARS + 10
    statement = StatementFactory(
        article=ArticleFactory(text=text), sentence=sentence, start=start, end=start + len(sentence)
    )
    context = article_context(_statements(Statement.objects.all()).get(pk=statement.pk))
    assert context == {"before": "…" + "A" * CONTEXT_CHARS, "sentence": sentence, "after": "B" * 5}
