"""The incident list's pages: read ids first, then the rows, yet in the list's order and with its counts."""

from __future__ import annotations

import datetime

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_pages_follow_the_list_order_with_their_counts(client):
    # Signed in: an incident with no statement is listed too (anonymous visitors would not see it).
    client.force_login(f.UserFactory(role="researcher"))
    day = datetime.date(2023, 1, 1)
    incidents = [f.IncidentFactory(start_date=day + datetime.timedelta(days=n)) for n in range(30)]
    for n, incident in enumerate(incidents):
        for _ in range(n % 3):
            f.StatementFactory(incident=incident, review_status="accepted")
    newest_first = sorted(incidents, key=lambda i: i.start_date, reverse=True)
    first = list(client.get("/incidents/").context["page"])
    second = list(client.get("/incidents/", {"page": 2}).context["page"])
    assert [i.pk for i in first + second] == [i.pk for i in newest_first]
    assert [i.statement_count for i in second] == [incidents.index(i) % 3 for i in newest_first[25:]]

    by_count = list(client.get("/incidents/", {"ordering": "-statements", "page": 2}).context["page"])
    assert [i.statement_count for i in by_count] == [0] * 5
