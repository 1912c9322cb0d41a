"""The SQL expressions the models index or keep up to date by trigger, and queries reuse."""

from __future__ import annotations

from django.contrib.postgres.fields import DateRangeField
from django.db.models import F, Func, Value
from django.db.models.functions import Coalesce

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
