"""The SQL expressions the models index or keep up to date by trigger, and queries reuse; the statement
table's indexes."""

from __future__ import annotations

from django.contrib.postgres.fields import DateRangeField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import F, Func, Value
from django.db.models.functions import Coalesce, Upper

# An incident's days as a range (a one-day incident has no end date; undated ones span everything):
# indexed so that incident linking finds the incidents near a date without scanning them all.
INCIDENT_SPAN = Func(
    F("start_date"),
    Coalesce(F("end_date"), F("start_date")),
    Value("[]"),
    function="daterange",
    output_field=DateRangeField(),
)

# A statement's text search vector, kept by the trigger on `Statement`.
STATEMENT_TSVECTOR = """to_tsvector(
    (CASE WHEN COALESCE(
        NULLIF({row}.language, ''),
        (SELECT a.language FROM sources_article a WHERE a.id = {row}.article_id)
    ) = 'ru' THEN 'russian' ELSE 'english' END)::regconfig,
    COALESCE({row}.speaker, '') || ' ' || COALESCE({row}.content, '') || ' ' || COALESCE({row}.sentence, '')
)"""


# The statement table's indexes, each with the reads it serves (`Statement.Meta.indexes`).
STATEMENT_INDEXES = [
    models.Index(fields=["review_status", "-confidence"], name="statement_review_queue"),
    models.Index(fields=["side", "event_date"], name="statement_side_date"),
    models.Index(fields=["incident", "side"], name="statement_incident_side"),
    # An incident's visible statements counted, by side and stance, from the index alone
    # (lists, the home page and the timeline count them for thousands of incidents).
    models.Index(fields=["incident", "review_status"], include=["side", "stance"], name="statement_incident_review"),
    # Every visible statement's incident, stance, article and id from the index alone, without reading
    # the wide rows: the whole-table counts (how contested each incident is, the headline
    # counts, which incidents are public) scan this instead of the table.
    models.Index(
        fields=["review_status", "incident"],
        include=["stance", "side", "article", "id"],
        name="statement_review_incident",
    ),
    # The latest change to a visible statement (the home page's "last updated"): read backwards
    # from the newest until one is visible, not the maximum over every row.
    models.Index(fields=["updated_at"], name="statement_updated"),
    models.Index(fields=["event_date"], name="statement_event_date"),
    # The statement lists' order (latest event first, undated last): a page is read from the
    # index instead of sorting every visible statement.
    models.Index(F("event_date").desc(nulls_last=True), F("id").desc(), name="statement_latest_event"),
    GinIndex(OpClass(Upper("speaker"), name="gin_trgm_ops"), name="statement_speaker_trgm"),
    GinIndex(fields=["search_vector"], name="statement_search_vector"),
]
