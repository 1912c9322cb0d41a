"""Statements are searched in their own language: Russian ones are stemmed as Russian."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import selectors
from claims.models import Statement
from claims.storing import statements_store
from sources.models import ArticleStatus
from tests import factories as f

# Our own sentences, not from any article.
RU_TEXT = "Министерство обороны Армении заявило, что позиции у села подверглись обстрелу."
RU_SPEAKER = "Министерство обороны Армении"


def _found(text: str) -> set[int]:
    return {s.pk for s in selectors.statements_matching(Statement.objects.all(), text)}


@pytest.mark.django_db
def test_a_russian_statement_is_found_by_another_form_of_its_words():
    article = f.ArticleFactory(language="ru", text=RU_TEXT)
    st = f.StatementFactory(article=article, speaker=RU_SPEAKER, sentence=RU_TEXT, content="", end=len(RU_TEXT))
    assert _found("заявил") == {st.pk}  # "заявило" in the sentence
    assert _found("обстрел министерства") == {st.pk}  # "обстрелу", "Министерство"


@pytest.mark.django_db
def test_english_statements_keep_english_stemming():
    st = f.StatementFactory(sentence="The ministry said two soldiers were killed near Norabak.")
    assert _found("killing") == {st.pk}
    assert _found("заявил") == set()


@pytest.mark.django_db
def test_a_russian_quotation_in_an_english_article_is_stemmed_by_its_own_language():
    article = f.ArticleFactory(language="en", text="The ministry said something. " + RU_TEXT)
    quoted = f.StatementFactory(article=article, sentence=RU_TEXT, content="", language="ru")
    # The same Russian sentence without a language of its own takes its English article's, which
    # keeps Cyrillic words whole: only the exact form is found.
    unmarked = f.StatementFactory(article=article, sentence=RU_TEXT, content="")
    assert _found("заявил") == {quoted.pk}
    assert _found("заявило") == {quoted.pk, unmarked.pk}


@pytest.mark.django_db
def test_storing_keeps_the_engine_language_and_the_search_finds_it():
    article = f.ArticleFactory(language="ru", text=RU_TEXT, status=ArticleStatus.STORING, step="store")
    extracted = f.extracted_statement(RU_TEXT, speaker=RU_SPEAKER, language="ru").to_json()
    (stored,) = statements_store(article=article, extracted=[extracted])
    assert stored.language == "ru"
    assert _found("заявила") == {stored.pk}


@pytest.mark.django_db
def test_changing_the_language_restems_the_statement():
    st = f.StatementFactory(sentence=RU_TEXT, content="")
    assert _found("заявил") == set()
    st.language = "ru"
    st.save(update_fields=["language"])
    assert _found("заявил") == {st.pk}


@pytest.mark.django_db
def test_the_excerpt_marks_the_russian_form_that_matched():
    article = f.ArticleFactory(language="ru", text=RU_TEXT)
    f.StatementFactory(article=article, speaker=RU_SPEAKER, sentence=RU_TEXT, content="", end=len(RU_TEXT))
    (hit,) = selectors.with_headline(
        selectors.statements_matching(Statement.objects.all(), "заявил"), "sentence", "заявил"
    )
    assert "<mark>заявило</mark>" in selectors.headline_html(hit.headline)


@pytest.mark.django_db
def test_changing_an_articles_language_restems_the_statements_that_take_it():
    """An editor (admin) or a re-run of the main-text step corrects the article's language: its
    statements without a language of their own are stemmed in the new one; a quotation marked
    with its own language keeps it, and no history entry is written for what is not an edit."""
    article = f.ArticleFactory(language="en", text=RU_TEXT)
    unmarked = f.StatementFactory(article=article, sentence=RU_TEXT, content="", end=len(RU_TEXT))
    english = f.StatementFactory(article=article, sentence="Troops were killed.", content="", language="en")
    assert _found("заявил") == set()
    events = apps.get_model("claims", "StatementEvent").objects.count()
    article.language = "ru"
    article.save(update_fields=["language"])
    assert _found("заявил") == {unmarked.pk}
    assert _found("killing") == {english.pk}
    assert apps.get_model("claims", "StatementEvent").objects.count() == events


@pytest.mark.django_db
def test_a_batch_of_statements_is_one_array_insert_and_each_is_still_searchable():
    # Storing sends the batch's columns as arrays (one parameter a column, not one a value: building
    # and parsing those doubled the time to store an article); the trigger still stems every row.
    article = f.ArticleFactory(language="en", text="x" * 400, status=ArticleStatus.STORING, step="store")
    sentences = [f"The ministry said {n} drones were downed near Tegh." for n in ("two", "three", "four")]
    extracted = [f.extracted_statement(s, speaker="The ministry").to_json() for s in sentences]
    with CaptureQueriesContext(connection) as queries:
        stored = statements_store(article=article, extracted=extracted)
    inserts = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "claims_statement"')]
    assert len(inserts) == 1 and "UNNEST" in inserts[0]
    assert _found("downing") == {st.pk for st in stored} and len(stored) == 3
