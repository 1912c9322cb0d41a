"""Disputes grouped by the statement that denies: one denial of several claims is quoted once,
with each claim it denies under it (on the incident page and in `incident_disputes`)."""

from __future__ import annotations

import datetime
import re

import pytest

from claims import selectors
from claims.models import RelationStatus, ReviewStatus, StatementRelation
from tests import factories as f

pytestmark = pytest.mark.django_db

CLAIMS = [
    "artillery struck a school in Sotk",
    "two drones hit the water station at Jermuk",
    "snipers fired on farmers near Norabak",
]
DENIAL = "our units opened no fire anywhere along the border that day"


@pytest.fixture
def one_denial_of_three_claims():
    incident = f.IncidentFactory()
    claims = [
        f.StatementFactory(
            incident=incident,
            speaker="Armenian Ministry of Defence",
            content=content,
            sentence=f"Armenian Ministry of Defence said {content}.",
            event_date=datetime.date(2023, 9, 1 + n),
            review_status=ReviewStatus.ACCEPTED,
        )
        for n, content in enumerate(CLAIMS)
    ]
    denial = f.StatementFactory(
        incident=incident,
        side=f.side("azerbaijani"),
        speaker="Azerbaijani Ministry of Defence",
        content=DENIAL,
        sentence=f"Azerbaijani Ministry of Defence said {DENIAL}.",
        event_date=datetime.date(2023, 9, 4),
        review_status=ReviewStatus.ACCEPTED,
    )
    for claim in claims:
        StatementRelation.objects.create(source=denial, target=claim, kind="denies", status=RelationStatus.CONFIRMED)
    return incident, claims, denial


def test_one_denial_of_several_claims_is_one_dispute_with_its_claims(one_denial_of_three_claims):
    incident, claims, denial = one_denial_of_three_claims
    cards = selectors.incident_cards(incident, user=None)
    disputes = selectors.incident_disputes(
        incident.pk, cards, user=None, scope=selectors.ReviewScope(), suggestions=False
    )
    [group] = disputes["confirmed"]
    assert group["counter"]["id"] == denial.pk
    assert [c["id"] for c in group["claims"]] == [c.pk for c in claims]
    assert {c["label"] for c in group["claims"]} == {"denies"}


def test_the_incident_page_quotes_the_denial_once_above_nothing_repeated(client, one_denial_of_three_claims):
    incident, claims, _denial = one_denial_of_three_claims
    html = client.get(f"/incidents/{incident.pk}/").content.decode()
    start = html.index('id="disputes-heading"')
    section = html[start : html.index("</section>", start)]
    assert section.count('<li class="dispute') == 1
    assert section.count(f"“{DENIAL}”") == 1
    for content in CLAIMS:
        assert section.count(f"“{content}”") == 1
    assert re.search(r'<strong class="dispute-verb">denies</strong> them', section)
