"""A statement's language, shown where statements are: by name on its card when it is not English,
and as a code in the API (read-only, documented)."""

from __future__ import annotations

import pytest
import yaml

from claims.models import ReviewStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

# Our own sentence, not from any article.
RU_TEXT = "Министерство обороны Армении заявило, что позиции у села подверглись обстрелу."


def _accepted(**values):
    return f.StatementFactory(review_status=ReviewStatus.ACCEPTED, **values)


def test_the_api_gives_the_statements_own_language_else_its_articles(client):
    russian_article = f.ArticleFactory(language="ru", text=RU_TEXT)
    takes_article = _accepted(article=russian_article, sentence=RU_TEXT, content="", end=len(RU_TEXT))
    quoted = _accepted(sentence=RU_TEXT, content="", language="ru")  # a Russian quotation, English article
    english = _accepted(article=f.ArticleFactory(language="en"))
    for statement, language in ((takes_article, "ru"), (quoted, "ru"), (english, "en")):
        body = client.get(f"/api/v1/statements/{statement.pk}/").json()
        assert body["language"] == language, statement
        assert body["language_name"] == {"ru": "Russian", "en": "English"}[language]


def test_the_language_is_read_only_and_documented(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    fields = schema["components"]["schemas"]["Statement"]["properties"]
    assert fields["language"]["readOnly"] is True and fields["language"]["description"]
    update = schema["components"]["schemas"].get("PatchedStatementUpdate", {}).get("properties", {})
    assert "language" not in update


def test_a_card_names_a_language_other_than_english(client):
    quoted = _accepted(sentence=RU_TEXT, content="", language="ru")
    english = _accepted()
    html = client.get(f"/statements/{quoted.pk}/").content.decode()
    assert '<span class="tag language" lang="en">In Russian</span>' in html
    html = client.get(f"/statements/{english.pk}/").content.decode()
    assert 'class="tag language"' not in html
