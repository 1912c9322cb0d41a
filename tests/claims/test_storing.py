"""Storing takes one shape of extracted statement: ExtractedStatement.to_json()."""

from __future__ import annotations

import dataclasses

import pytest

from claims.storing import EXTRACTED_KEYS, statements_store
from sources.models import Article, ArticleStatus
from sources.nlp.casualties import CasualtyFigure
from sources.nlp.extract import ExtractedStatement
from tests.factories import extracted_statement

TEXT = "Armenia's Defence Ministry said two soldiers were killed near Sotk."


def _statement() -> ExtractedStatement:
    return extracted_statement(
        TEXT, content="two soldiers were killed near Sotk", casualties=[CasualtyFigure(party="armenian", killed=(2, 2))]
    )


def test_the_stored_shape_is_what_to_json_gives():
    assert set(_statement().to_json()) == EXTRACTED_KEYS


@pytest.mark.django_db
def test_an_extracted_statement_object_is_refused_with_a_clear_error():
    article = Article.objects.create(text=TEXT, status=ArticleStatus.STORING, step="store")
    with pytest.raises(TypeError, match=r"ExtractedStatement\.to_json\(\) dicts, not ExtractedStatement"):
        statements_store(article=article, extracted=[_statement()])
    assert article.statements.count() == 0


@pytest.mark.django_db
def test_a_dict_of_another_shape_is_refused_naming_its_keys():
    article = Article.objects.create(text=TEXT, status=ArticleStatus.STORING, step="store")
    other = {**dataclasses.asdict(_statement()), "speaker_text": "x"}
    del other["confidence"]
    with pytest.raises(ValueError, match=r"missing: confidence; unexpected: speaker_text"):
        statements_store(article=article, extracted=[other])
    assert article.statements.count() == 0


@pytest.mark.django_db
def test_to_json_is_stored_with_its_casualty_figures():
    article = Article.objects.create(text=TEXT, status=ArticleStatus.STORING, step="store")
    (statement,) = statements_store(article=article, extracted=[_statement().to_json()])
    (figure,) = statement.casualties.all()
    assert (figure.killed_low, figure.killed_high) == (2, 2)
