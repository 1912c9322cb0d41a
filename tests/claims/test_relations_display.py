"""Counterclaim links where statements are shown: suggestions for editors only, marked as such, on
every page that lists statements (the search page too), and no empty list when nothing is shown."""

from __future__ import annotations

import re

import pytest

from claims.models import RelationStatus, ReviewStatus, StatementRelation
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggested_pair():
    """A claim and a denial the machine suggested (not confirmed) as its counterclaim."""
    incident = f.IncidentFactory()
    claim = f.StatementFactory(
        incident=incident,
        speaker="Armenian Ministry of Defence",
        content="mortar fire hit the outskirts of Zangakatun",
        sentence="Armenian Ministry of Defence said mortar fire hit the outskirts of Zangakatun.",
        review_status=ReviewStatus.ACCEPTED,
    )
    denial = f.StatementFactory(
        incident=incident,
        side=f.side("azerbaijani"),
        speaker="Azerbaijani Ministry of Defence",
        content="no shots were fired near Zangakatun",
        sentence="Azerbaijani Ministry of Defence said no shots were fired near Zangakatun.",
        review_status=ReviewStatus.ACCEPTED,
    )
    StatementRelation.objects.create(source=denial, target=claim, kind="denies", status=RelationStatus.SUGGESTED)
    return claim, denial


def _card(html: str, pk: int) -> str:
    card = html[html.index(f'id="statement-{pk}"') :]
    return card[: card.index("</article>")]


@pytest.mark.parametrize("role", ["anonymous", "researcher"])
def test_a_card_whose_only_links_are_suggestions_shows_no_link_list_to_non_editors(client, suggested_pair, role):
    claim, _denial = suggested_pair
    if role == "researcher":
        client.force_login(f.UserFactory())
    card = _card(client.get(f"/statements/{claim.pk}/").content.decode(), claim.pk)
    assert 'class="relations"' not in card
    assert "Suggestion" not in card


def test_editors_see_the_suggestion_on_the_card_marked_as_such(client, suggested_pair):
    claim, denial = suggested_pair
    client.force_login(f.UserFactory(role="editor"))
    card = _card(client.get(f"/statements/{claim.pk}/").content.decode(), claim.pk)
    links = card[card.index('class="relations"') :]
    assert "Suggestion" in links and "not confirmed" in links and f"#statement-{denial.pk}" in links


def _search_hits(client) -> str:
    html = client.get("/search/", {"q": "Zangakatun"}).content.decode()
    return re.search(r'<ul class="hits">.*?</ul>\s*</section>', html, re.S).group(0)


def test_the_search_page_shows_editors_the_suggested_counterclaims(client, suggested_pair):
    claim, denial = suggested_pair
    client.force_login(f.UserFactory(role="editor"))
    hits = _search_hits(client)
    assert "Suggestion" in hits and "not confirmed" in hits
    assert f"#statement-{denial.pk}" in hits and f"#statement-{claim.pk}" in hits


def test_the_search_page_hides_suggestions_from_researchers(client, suggested_pair):
    client.force_login(f.UserFactory())
    hits = _search_hits(client)
    assert "Zangakatun" in hits
    assert "Suggestion" not in hits and 'class="relations"' not in hits


def test_the_search_page_shows_everyone_a_confirmed_counterclaim(client, suggested_pair):
    claim, denial = suggested_pair
    StatementRelation.objects.filter(source=denial, target=claim).update(status=RelationStatus.CONFIRMED)
    hits = _search_hits(client)
    assert 'class="relations"' in hits and "Suggestion" not in hits
    assert "Denied by" in hits or "denied by" in hits.lower()
