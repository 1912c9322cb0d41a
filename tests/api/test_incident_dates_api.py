"""Dates in the API: undated incidents sort last, statement date filters fall back to the article's
publication date and say so per row, and an article lists the incidents its statements belong to."""

from __future__ import annotations

import datetime

import pytest

from claims.models import DatePrecision, IncidentStatus, ReviewStatus
from tests.factories import ArticleFactory, IncidentFactory, StatementFactory, public_incident

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize("ordering", [None, "-start_date", "start_date"])
def test_undated_incidents_sort_last(anon, ordering):
    undated = public_incident(start_date=None, date_precision=DatePrecision.UNKNOWN)
    old = public_incident(start_date=D(2020, 9, 27))
    new = public_incident(start_date=D(2023, 9, 19))
    params = {"ordering": ordering} if ordering else {}
    ids = [row["id"] for row in anon.get("/api/v1/incidents/", params).json()["results"]]
    assert ids[-1] == undated.pk and set(ids[:2]) == {old.pk, new.pk}


def test_statement_date_filters_use_the_publication_date_when_no_event_date(anon):
    incident = IncidentFactory(status=IncidentStatus.DEVELOPING)
    kw = {"incident": incident, "review_status": ReviewStatus.ACCEPTED}
    undated = StatementFactory(event_date=None, article__published=D(2021, 7, 28), **kw)
    dated = StatementFactory(event_date=D(2021, 7, 27), event_date_precision="day", **kw)
    StatementFactory(event_date=None, article__published=D(2023, 9, 1), **kw)
    # Its own date is outside the range: its article's publication date inside it does not count.
    StatementFactory(event_date=D(2020, 6, 1), event_date_precision="day", article__published=D(2021, 7, 2), **kw)
    rows = anon.get("/api/v1/statements/", {"date_from": "2021-07-01", "date_to": "2021-07-31"}).json()["results"]
    by_id = {row["id"]: row for row in rows}
    assert set(by_id) == {undated.pk, dated.pk}
    assert (by_id[undated.pk]["date_used"], by_id[undated.pk]["date_basis"]) == ("2021-07-28", "published")
    assert (by_id[dated.pk]["date_used"], by_id[dated.pk]["date_basis"]) == ("2021-07-27", "event")
    assert by_id[dated.pk]["event_date_precision"] == "day"


def test_an_article_lists_the_incidents_its_statements_belong_to(researcher_client):
    article = ArticleFactory(published=D(2021, 11, 16))
    clash = IncidentFactory(title="Clash", start_date=D(2021, 11, 16))
    ceasefire = IncidentFactory(title="Ceasefire", start_date=None, date_precision=DatePrecision.UNKNOWN)
    StatementFactory(article=article, incident=clash)
    StatementFactory(article=article, incident=clash)
    StatementFactory(article=article, incident=ceasefire)
    StatementFactory(incident=IncidentFactory(title="Elsewhere"))
    body = researcher_client.get(f"/api/v1/articles/{article.pk}/").json()
    assert [(i["title"], i["article_statements"]) for i in body["incidents"]] == [("Clash", 2), ("Ceasefire", 1)]


def test_the_article_page_hides_incidents_of_statements_anonymous_visitors_may_not_see(client):
    article = ArticleFactory()
    seen = IncidentFactory(title="Accepted clash", status=IncidentStatus.DEVELOPING)
    hidden = IncidentFactory(title="Pending draft", status=IncidentStatus.DRAFT)
    StatementFactory(article=article, incident=seen, review_status=ReviewStatus.ACCEPTED)
    StatementFactory(article=article, incident=hidden, review_status=ReviewStatus.PENDING)
    page = client.get(f"/articles/{article.pk}/").content.decode()
    assert "Accepted clash" in page and "Pending draft" not in page
