"""The incident page: disputes first, each sentence once with its claim marked, how much is reviewed,
the reviewed-only / with-pending and rejected switches, unresolved speakers, a fixed query count."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.selectors import ReviewScope, review_scope
from claims.selectors.review import BadReviewScope
from tests import factories as f
from tests.claims import busy_incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy():
    return busy_incident.build(30)


def _page(client, busy, **params) -> str:
    response = client.get(f"/incidents/{busy.incident.pk}/", params)
    assert response.status_code == 200
    return response.content.decode()


def _card_ids(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'<article class="statement-card[^"]*" id="statement-(\d+)"', html)}


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def _card(html: str, pk: int) -> str:
    card = html[html.index(f'id="statement-{pk}"') :]
    return card[: card.index("</article>")]


def _login(client, role: str):
    client.force_login(f.UserFactory(role=role) if role != "researcher" else f.UserFactory())


def test_the_disputes_come_first_and_say_who_denies_what_in_whose_words_and_when(client, busy):
    html = _page(client, busy)
    assert (
        html.index('id="disputes-heading"')
        < html.index('id="casualties-heading"')
        < html.index('id="accounts-heading"')
    )
    disputes = _section(html, "disputes-heading")
    relation = busy.confirmed[0]
    claim, counter = relation.target, relation.source
    assert f'href="/incidents/{busy.incident.pk}/#statement-{claim.pk}"' in disputes
    assert f'href="/incidents/{busy.incident.pk}/#statement-{counter.pk}"' in disputes
    assert "Armenian Ministry of Defence</a> (Armenian) claimed" in disputes
    assert '<strong class="dispute-verb">denies</strong> it' in disputes
    assert f"“{claim.content}”" in disputes
    assert f'<time datetime="{claim.article.published:%Y-%m-%d}">' in disputes


def test_suggested_counterclaims_are_for_editors_only_and_marked_as_suggestions(client, busy):
    suggestion = busy.suggested[0]
    for role in ("anonymous", "researcher"):
        if role != "anonymous":
            _login(client, role)
        html = _page(client, busy)
        assert "Suggestion" not in html, role
        assert "suggested by the system" not in html, role
    _login(client, "editor")
    html = _page(client, busy)
    disputes = _section(html, "disputes-heading")
    folded = disputes[disputes.index('class="dispute-suggestions"') :]
    assert "1 suggested by the system, not confirmed" in folded
    assert "Suggestion, not confirmed" in folded and f"#statement-{suggestion.source_id}" in folded


def test_each_card_prints_its_sentence_once_with_the_claim_marked(client, busy):
    html = _page(client, busy)
    statement = busy.statements[0]
    card = _card(html, statement.pk)
    text = re.sub(r"<[^>]+>", "", card)
    assert text.count(statement.sentence) == 1
    assert text.count(statement.content) == 1  # inside the sentence, not printed again
    assert f'<mark class="claim">{statement.content}</mark>' in card


def test_a_bare_pronoun_speaker_shows_as_unresolved_never_as_fact(client, busy):
    card = _card(_page(client, busy), busy.pronoun.pk)
    assert '<span class="unresolved">Unresolved speaker</span>' in card
    assert "written as “It”" in card
    assert not re.search(r'class="speaker">\s*It\s*<', card)


def test_the_meter_says_how_many_statements_an_editor_has_reviewed(client, busy):
    total = len(busy.statements)
    reviewed = total - len(busy.pending)
    _login(client, "researcher")
    html = _page(client, busy)
    assert f"<strong>{reviewed} of {total}</strong> statements" in html
    assert f'<meter id="review-meter" min="0" max="{total}" value="{reviewed}">' in html


def test_anonymous_visitors_meter_counts_only_what_they_may_see(client, busy):
    accepted = len(busy.statements) - len(busy.pending) - len(busy.rejected)
    html = _page(client, busy)
    assert f"<strong>{accepted} of {accepted}</strong> statements" in html
    assert "pending" not in _section(html, "accounts-heading")


def test_reviewed_only_hides_pending_statements_from_the_columns_the_figures_and_the_export(client, busy):
    _login(client, "researcher")
    with_pending = _page(client, busy)
    pending_ids = {s.pk for s in busy.pending}
    assert pending_ids <= _card_ids(with_pending)
    assert 'href="?reviewed=only"' in with_pending

    only = _page(client, busy, reviewed="only")
    assert not pending_ids & _card_ids(only)
    casualties = _section(only, "casualties-heading")
    assert not any(f"/statements/{pk}/" in casualties for pk in pending_ids)
    export_link = re.search(r'href="(/statements/export\.csv\?[^"]+)"', only).group(1).replace("&amp;", "&")
    assert "reviewed=only" in export_link
    rows = list(csv.DictReader(io.StringIO(b"".join(client.get(export_link).streaming_content).decode())))
    exported = {int(r["id"]) for r in rows}
    assert exported and not exported & pending_ids
    assert exported == _card_ids(only)


def test_rejected_statements_are_hidden_unless_a_signed_in_reader_asks(client, busy):
    rejected_ids = {s.pk for s in busy.rejected}
    assert rejected_ids
    # Anonymous visitors never see rejected work, even when they ask.
    assert not rejected_ids & _card_ids(_page(client, busy, rejected="show"))
    _login(client, "researcher")
    hidden = _page(client, busy)
    assert not rejected_ids & _card_ids(hidden)
    assert f"{len(rejected_ids)} rejected statement" in hidden and 'href="?rejected=show"' in hidden
    shown = _page(client, busy, rejected="show")
    assert rejected_ids <= _card_ids(shown)
    assert "review-rejected-card" in shown


def test_a_bad_switch_value_is_a_400_that_names_the_choices(client, busy):
    response = client.get(f"/incidents/{busy.incident.pk}/", {"reviewed": "yes"})
    assert response.status_code == 400
    assert "reviewed must be “only” or “all”" in response.content.decode()
    assert client.get("/statements/export.csv", {"rejected": "1"}).status_code == 400


def test_review_scope_is_one_parse_for_every_page():
    anonymous = None
    assert review_scope({}, user=anonymous) == ReviewScope()
    assert review_scope({"reviewed": "only"}, user=anonymous).statuses == ("accepted",)
    assert review_scope({"reviewed": "all"}, user=anonymous).statuses == ("accepted", "pending")
    assert review_scope({"rejected": "show"}, user=anonymous).show_rejected is False
    user = f.UserFactory()
    assert review_scope({"rejected": "show"}, user=user).statuses == ("accepted", "pending", "rejected")
    assert ReviewScope(reviewed_only=True, show_rejected=True).params() == {"reviewed": "only", "rejected": "show"}
    with pytest.raises(BadReviewScope):
        review_scope({"reviewed": ""}, user=user)


def test_a_long_side_folds_after_its_first_statements_and_links_open_the_fold(client, busy):
    html = _page(client, busy)
    armenian = html[html.index('id="side-armenian-heading"') :]
    armenian = armenian[: armenian.index("</section>")]
    assert re.search(r"<summary>\d+ more Armenian statements</summary>", armenian)
    assert 'src="/static/js/incident.js"' in html


@pytest.mark.parametrize("role", ["anonymous", "editor"])
def test_the_page_costs_the_same_queries_for_12_and_40_statements(client, role):
    if role != "anonymous":
        _login(client, role)
    counts = []
    for n in (12, 40):
        busy = busy_incident.build(n)
        client.get(f"/incidents/{busy.incident.pk}/")  # warm caches (sides.css, sessions)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/incidents/{busy.incident.pk}/").status_code == 200
        counts.append(len(queries))
        # the next build reuses the slugs: start it from an empty table
        for model in (f.cm.StatementRelation, f.cm.Statement, f.cm.Incident, f.cm.Actor, f.cm.Place):
            model.objects.all().delete()
    assert counts[0] == counts[1], counts
