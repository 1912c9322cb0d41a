"""A mixed page through the whole pipeline, with the real engines: each quotation is stored with its
own language and found by a search in that language. The text is written for this test."""

from __future__ import annotations

import pytest

from claims import selectors
from claims.models import Statement
from sources.models import ArticleSource, ArticleStatus
from tests.ingest.helpers import run, submit
from tests.sources.test_mixed_pages import RU_WITH_EN

pytestmark = pytest.mark.django_db


def test_a_russian_article_quoting_english_is_stored_in_both_languages(gazetteer_loaded):
    article = run(submit(text=RU_WITH_EN, source=ArticleSource.TEXT))
    assert article.status == ArticleStatus.DONE, article.error
    assert article.language == "ru"
    stored = list(article.statements.order_by("start").values_list("language", "actor__slug", "side__slug"))
    assert stored == [
        ("ru", "mod-armenia", "armenian"),
        ("en", "mod-azerbaijan", "azerbaijani"),
        ("ru", "government-armenia", "armenian"),
    ]
    every = Statement.objects.all()
    # "заявил" finds "заявило" (stemmed as Russian); "opening" finds "opened" (as English)
    assert [s.actor.slug for s in selectors.statements_matching(every, "заявил")] == ["mod-armenia"]
    assert [s.actor.slug for s in selectors.statements_matching(every, "opening")] == ["mod-azerbaijan"]
