"""The editor's loop through Django's test client: "Save, accept and next", the queue's filters,
count and sort, undo of accept/reject/merge, the merge preview, new actors and spellings, and the
Edit link public cards show editors."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from claims.models import ReviewStatus
from tests import factories as f
from tests.factories import statement_form_data as _form

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def article_rows():
    """One article, four pending statements in reading order: three Armenian, one Azerbaijani."""
    article = f.ArticleFactory(text="One. Two. Three. Four. Five.", published=D(2023, 9, 2))
    rows = [
        f.StatementFactory(article=article, start=5 * i, end=5 * i + 4, side=f.side(side), confidence=0.9)
        for i, side in enumerate(["armenian", "azerbaijani", "armenian", "armenian"])
    ]
    return rows


# --- Save, accept and next --------------------------------------------------------------------


def test_save_accept_and_next_saves_accepts_and_opens_the_next_statement_of_the_filtered_queue(
    editor_client, article_rows
):
    first, other_side, second, _ = article_rows
    queue = reverse("editor:queue") + "?side=armenian&sort=article"
    response = editor_client.post(
        reverse("editor:statement", args=[first.pk]),
        _form(first, content="Two soldiers wounded.", then="accept-next", next=queue),
    )
    first.refresh_from_db()
    assert (first.content, first.review_status) == ("Two soldiers wounded.", ReviewStatus.ACCEPTED)
    location = urlsplit(response["Location"])
    assert location.path == reverse("editor:statement", args=[second.pk])  # skips the other side's
    assert parse_qs(location.query)["next"] == [queue]
    other_side.refresh_from_db()
    assert other_side.review_status == ReviewStatus.PENDING


def test_save_accept_and_next_on_the_last_pending_statement_returns_to_the_queue(editor_client, article_rows):
    last = article_rows[1]
    queue = reverse("editor:queue") + "?side=azerbaijani"
    response = editor_client.post(
        reverse("editor:statement", args=[last.pk]), _form(last, then="accept-next", next=queue), follow=True
    )
    assert response.redirect_chain[-1][0] == queue
    assert "last pending statement with these filters" in response.content.decode()


def test_a_plain_save_says_the_statement_is_still_pending(editor_client, article_rows):
    statement = article_rows[0]
    response = editor_client.post(
        reverse("editor:statement", args=[statement.pk]), _form(statement, cue="claimed"), follow=True
    )
    assert "It is still pending review." in response.content.decode()
    statement.refresh_from_db()
    assert (statement.cue, statement.review_status) == ("claimed", ReviewStatus.PENDING)


def test_the_statement_page_offers_save_accept_and_next_bound_to_ctrl_enter(editor_client, article_rows):
    page = editor_client.get(reverse("editor:statement", args=[article_rows[0].pk])).content.decode()
    assert 'name="then" value="accept-next"' in page and 'aria-keyshortcuts="Control+Enter"' in page


# --- The queue: filters, count, sort ------------------------------------------------------------


def test_the_queue_counts_what_its_filters_match_of_all_pending(editor_client, article_rows):
    page = editor_client.get(reverse("editor:queue"), {"side": "armenian"}).content.decode()
    assert "3 of 4 pending" in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"stance": "denial"}, {"denial"}),
        ({"confidence_min": "0.5", "confidence_max": "0.7"}, {"middling"}),
        ({"article": "ARTICLE"}, {"from the article"}),
    ],
)
def test_the_queue_filters_by_stance_confidence_range_and_article(editor_client, params, expected):
    article = f.ArticleFactory()
    rows = {
        "denial": f.StatementFactory(stance="denial", confidence=0.9),
        "middling": f.StatementFactory(stance="accusation", confidence=0.6),
        "from the article": f.StatementFactory(article=article, stance="accusation", confidence=0.95),
    }
    params = {k: (str(article.pk) if v == "ARTICLE" else v) for k, v in params.items()}
    page = editor_client.get(reverse("editor:queue"), params).content.decode()
    shown = {name for name, s in rows.items() if f'id="q-{s.pk}"' in page}
    assert shown == expected


def test_the_default_sort_reads_each_article_in_order_newest_article_first(editor_client):
    old = f.ArticleFactory(text="Aaaa. Bbbb.", published=D(2023, 1, 1))
    new = f.ArticleFactory(text="Cccc. Dddd.", published=D(2023, 6, 1))
    second_of_new = f.StatementFactory(article=new, start=6, end=11, confidence=0.9)
    first_of_old = f.StatementFactory(article=old, start=0, end=5, confidence=0.9)
    first_of_new = f.StatementFactory(article=new, start=0, end=5, confidence=0.9)
    page = editor_client.get(reverse("editor:queue")).content.decode()
    order = sorted([first_of_new, second_of_new, first_of_old], key=lambda s: page.index(f'id="q-{s.pk}"'))
    assert order == [first_of_new, second_of_new, first_of_old]


def test_a_bad_queue_filter_shows_its_error_and_no_rows(editor_client, article_rows):
    response = editor_client.get(reverse("editor:queue"), {"confidence_min": "lots"})
    assert response.status_code == 200
    assert "Enter a number." in response.content.decode()
    assert 'id="q-' not in response.content.decode()


# --- The Edit link on public cards --------------------------------------------------------------


def test_public_cards_show_editors_an_edit_link_and_nobody_else(client, editor_client):
    statement = f.StatementFactory(review_status="accepted", incident=f.IncidentFactory(status="confirmed"))
    url = reverse("claims:incident", args=[statement.incident_id])
    edit = reverse("editor:statement", args=[statement.pk])
    assert edit in editor_client.get(url).content.decode()
    client.logout()
    assert edit not in client.get(url).content.decode()
    client.force_login(f.UserFactory(role="researcher"))
    assert edit not in client.get(url).content.decode()


def test_the_queue_costs_as_many_queries_for_thirty_rows_as_for_three(editor_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def rows(n: int) -> None:
        for _ in range(n):
            statement = f.StatementFactory(actor=f.ActorFactory(), incident=f.IncidentFactory())
            f.CasualtyFigureFactory(statement=statement)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(reverse("editor:queue"), {"sort": "confidence"}).status_code == 200
        return len(captured)

    rows(3)
    few = queries()
    rows(27)
    assert queries() == few
