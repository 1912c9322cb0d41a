"""Statement exports: the formats other tools read, the command's filters, permissions and errors."""

from __future__ import annotations

import csv
import datetime
import io
import json
import types

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.exports import EXPORT_FIELDS, statements_export
from claims.models import Statement
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    incident = f.IncidentFactory(title="Norabak clash")
    outlet = f.OutletFactory(slug="armenpress", name="Armenpress")
    article = f.ArticleFactory(
        outlet=outlet, url="https://news.example.invalid/norabak", published=datetime.date(2023, 9, 1)
    )
    accepted = f.StatementFactory(
        article=article, incident=incident, side=f.side("armenian"), review_status="accepted", speaker="The ministry"
    )
    f.CasualtyFigureFactory(
        statement=accepted,
        party_side=f.side("armenian"),
        killed_low=2,
        killed_high=2,
        wounded_low=None,
        wounded_high=None,
    )
    pending = f.StatementFactory(
        incident=incident,
        side=f.side("azerbaijani"),
        review_status="pending",
        stance="denial",
        sentence='=HYPERLINK("http://evil.invalid") Baku denied it.',
        end=50,
        article=f.ArticleFactory(text="x" * 60),
    )
    return types.SimpleNamespace(incident=incident, accepted=accepted, pending=pending)


def _jsonl(lines) -> list[dict]:
    return [json.loads(line) for line in lines]


def test_jsonl_rows_carry_the_keys_other_tools_read(rows):
    exported = {r["id"]: r for r in _jsonl(statements_export(queryset=Statement.objects.all(), fmt="jsonl"))}
    row = exported[rows.accepted.pk]
    assert row["incident"] == rows.incident.pk
    assert row["article_url"] == "https://news.example.invalid/norabak"
    assert row["sentence"] == rows.accepted.sentence
    assert row["side"] == "armenian"
    assert row["outlet"] == "Armenpress"
    assert row["review_status"] == "accepted"
    assert row["casualties"] == [
        {"party": "armenian", "civilian": False, "killed": 2, "wounded": None, "captured": None, "missing": None}
    ]
    assert set(row) == set(EXPORT_FIELDS)


def test_export_streams_lines_rather_than_building_a_list(rows):
    lines = statements_export(queryset=Statement.objects.all(), fmt="jsonl")
    assert not isinstance(lines, list)
    assert next(iter(lines)).endswith("\n")


def test_csv_has_a_header_and_defuses_spreadsheet_formulas(rows):
    text = "".join(statements_export(queryset=Statement.objects.order_by("pk"), fmt="csv"))
    table = list(csv.DictReader(io.StringIO(text)))
    assert list(table[0]) == EXPORT_FIELDS
    by_id = {int(r["id"]): r for r in table}
    assert by_id[rows.pending.pk]["sentence"].startswith("'=HYPERLINK")
    assert json.loads(by_id[rows.accepted.pk]["casualties"])[0]["killed"] == 2


def test_export_reads_no_article_bodies(rows):
    with CaptureQueriesContext(connection) as queries:
        lines = list(statements_export(queryset=Statement.objects.all(), fmt="jsonl"))
    assert len(lines) == 2
    selected = " ".join(q["sql"].split(" FROM ")[0] for q in queries)
    assert '"sources_article"."title"' in selected
    for body in ("text", "raw", "analysis"):
        assert f'"sources_article"."{body}"' not in selected


def test_export_costs_a_fixed_number_of_queries_per_chunk(rows):
    for _ in range(5):
        f.CasualtyFigureFactory(statement=f.StatementFactory(incident=rows.incident))
    with CaptureQueriesContext(connection) as few:
        list(statements_export(queryset=Statement.objects.filter(pk=rows.accepted.pk), fmt="csv"))
    with CaptureQueriesContext(connection) as many:
        list(statements_export(queryset=Statement.objects.all(), fmt="csv"))
    assert len(few) == len(many)


def test_unknown_format_is_refused(rows):
    with pytest.raises(ValueError):
        list(statements_export(queryset=Statement.objects.all(), fmt="xml"))


def test_command_writes_a_file_honouring_filters(rows, tmp_path):
    out = tmp_path / "az.jsonl"
    call_command("export", "statements", "--format", "jsonl", "--side", "azerbaijani", "--output", str(out))
    assert [r["id"] for r in _jsonl(out.read_text().splitlines())] == [rows.pending.pk]


def test_command_csv_to_stdout(rows, capsys):
    call_command("export", "statements", "--format", "csv", "--incident", str(rows.incident.pk))
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {int(r["id"]) for r in table} == {rows.accepted.pk, rows.pending.pk}


def test_command_since_and_until_are_the_event_date_range(rows, tmp_path):
    Statement.objects.filter(pk=rows.accepted.pk).update(event_date=datetime.date(2023, 9, 13))
    Statement.objects.filter(pk=rows.pending.pk).update(event_date=datetime.date(2023, 10, 1))
    out = tmp_path / "september.jsonl"
    call_command("export", "statements", "--since", "2023-09-01", "--until", "2023-09-30", "--output", str(out))
    assert [r["id"] for r in _jsonl(out.read_text().splitlines())] == [rows.accepted.pk]


def test_command_refuses_a_range_that_ends_before_it_starts(rows):
    with pytest.raises(CommandError, match="--until"):
        call_command("export", "statements", "--since", "2023-09-30", "--until", "2023-09-01")


def test_command_public_export_shows_accepted_statements_only(rows, tmp_path):
    out = tmp_path / "public.jsonl"
    call_command("export", "statements", "--public", "--output", str(out))
    assert [r["id"] for r in _jsonl(out.read_text().splitlines())] == [rows.accepted.pk]


def test_command_as_a_researcher_exports_everything(rows, tmp_path):
    f.UserFactory(username="rita")
    out = tmp_path / "all.jsonl"
    call_command("export", "statements", "--as-user", "rita", "--output", str(out))
    assert {r["id"] for r in _jsonl(out.read_text().splitlines())} == {rows.accepted.pk, rows.pending.pk}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "yesterday"], "--since"),
        (["--status", "maybe"], "--status"),
        (["--as-user", "nobody"], "no active user"),
        (["--output", "/nonexistent-dir/x.jsonl"], "does not exist"),
    ],
)
def test_command_bad_input_fails_with_one_line(rows, args, message):
    with pytest.raises(CommandError) as caught:
        call_command("export", "statements", *args)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
