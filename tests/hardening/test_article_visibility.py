"""/articles/<id>/: anonymous visitors see only articles that carry a statement they may see."""

from __future__ import annotations

import pytest

from sources.models import ArticleStatus
from tests.factories import ArticleFactory, StatementFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_article_with_an_accepted_statement_is_public(client):
    statement = StatementFactory(review_status="accepted")
    assert client.get(f"/articles/{statement.article_id}/").status_code == 200


@pytest.mark.parametrize("review_status", ["pending", "rejected"])
def test_an_article_whose_statements_are_not_public_is_404_to_anonymous(client, review_status):
    statement = StatementFactory(review_status=review_status)
    assert client.get(f"/articles/{statement.article_id}/").status_code == 404


def test_a_failed_article_without_statements_is_404_to_anonymous_but_shown_to_users(client):
    article = ArticleFactory(status=ArticleStatus.FAILED, text="")
    assert client.get(f"/articles/{article.pk}/").status_code == 404
    client.force_login(UserFactory())
    assert client.get(f"/articles/{article.pk}/").status_code == 200
