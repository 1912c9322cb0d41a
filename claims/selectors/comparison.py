"""The incident comparison: each side's account of one incident, their casualty figures side by
side, and whom each side blames.

Built from statement cards (`claims.selectors.cards`), so the incident page and the API's
`?expand=statements` show the same data; it is plain data the API serialises as it is.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db.models import F

from claims.models import CASUALTY_MEASURES, Incident, IncidentKind, IncidentStatus, Side, Statement
from claims.selectors.cards import statement_cards, statement_rows
from claims.selectors.casualties import casualty_table
from claims.selectors.review import ReviewScope
from claims.templatetags.claims_display import dates_display

#: The group of statements whose side is not known (its colour is also the CSS `.side-unattributed`).
UNATTRIBUTED = {"slug": "unattributed", "name": "Side not identified", "colour": "#52606d"}

#: The order of an incident's statements in each side's column: as events and reports happened.
INCIDENT_STATEMENT_ORDER = (
    F("event_date").asc(nulls_last=True),
    F("article__published").asc(nulls_last=True),
    "article_id",
    "start",
    "id",
)


def sides_in_order() -> list[Side]:
    return list(Side.objects.order_by("display_order", "slug"))


def incident_cards(incident: Incident, *, user, scope: ReviewScope | None = None) -> list[dict[str, Any]]:
    """The cards of the incident's statements `user` may see (narrowed to `scope`, if given), in
    `INCIDENT_STATEMENT_ORDER`."""
    visible = Statement.objects.visible_to(user).filter(incident=incident)
    if scope is not None:
        visible = scope.apply(visible)
    return statement_cards(statement_rows(visible.order_by(*INCIDENT_STATEMENT_ORDER)), user=user)


def blame_summary(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each side, whom its statements blame, most often first."""
    summary = []
    for group in groups:
        counts = Counter(s["blamed_side"]["slug"] for s in group["statements"] if s["blamed_side"])
        names = {s["blamed_side"]["slug"]: s["blamed_side"] for s in group["statements"] if s["blamed_side"]}
        summary.append(
            {
                "side": group["side"],
                "blames": [{"side": names[slug], "count": n} for slug, n in counts.most_common()],
            }
        )
    return summary


def incident_sides(cards: list[dict[str, Any]]) -> dict[str, Any]:
    """`sides` (the cards grouped by side, in the sides' display order, then the `UNATTRIBUTED`
    group if it has any), `casualties` (`casualty_table`) and `blame` (`blame_summary`)."""
    by_side: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for card in cards:
        by_side[card["side"]["slug"] if card["side"] else None].append(card)
    groups = [
        {
            "side": {"slug": side.slug, "name": side.name, "colour": side.colour},
            "statements": by_side.get(side.slug, []),
            "count": len(by_side.get(side.slug, [])),
        }
        for side in sides_in_order()
    ]
    if by_side.get(None):
        groups.append({"side": dict(UNATTRIBUTED), "statements": by_side[None], "count": len(by_side[None])})
    casualties = casualty_table(groups, unattributed=UNATTRIBUTED["slug"])
    return {"sides": groups, "casualties": casualties, "blame": blame_summary(groups)}


def incident_data(incident: Incident) -> dict[str, Any]:
    return {
        "id": incident.pk,
        "title": incident.title,
        "kind": incident.kind,
        "kind_label": IncidentKind(incident.kind).label if incident.kind in IncidentKind.values else incident.kind,
        "status": incident.status,
        "status_label": IncidentStatus(incident.status).label
        if incident.status in IncidentStatus.values
        else incident.status,
        "start_date": incident.start_date,
        "end_date": incident.end_date,
        "date_precision": incident.date_precision,
        "dates": dates_display(incident.start_date, incident.end_date, incident.date_precision),
        "summary": incident.summary,
        "places": [
            {"slug": p.slug, "name": p.name, "latitude": p.latitude, "longitude": p.longitude}
            for p in incident.places.all()
        ],
    }


def incident_comparison(incident: Incident, *, user=None, scope: ReviewScope | None = None) -> dict[str, Any]:
    """Statements grouped by side (in the sides' display order), the casualty comparison table and
    the blame summary of one incident, as the viewer `user` may see them (None: anonymous), narrowed
    to the review `scope` the page asks for (None: all the viewer may see, as the API shows).

    Costs a fixed number of queries whatever the number of statements.
    """
    cards = incident_cards(incident, user=user, scope=scope)
    return {"incident": incident_data(incident), **incident_sides(cards), "statement_count": len(cards)}


def casualty_chart_data(comparison: dict[str, Any]) -> dict[str, Any]:
    """Grouped bars for the chart: one category per (party, count), one dataset per side; the bar is
    the upper figure of the side's range, the label keeps the range."""
    table = comparison["casualties"]
    categories = []
    index_of = {}
    for row in table["rows"]:
        for measure in CASUALTY_MEASURES:
            if any(cell["figures"][measure] for cell in row["cells"]):
                index_of[(row["party"]["label"], measure)] = len(categories)
                categories.append(f"{row['party']['label']} – {measure}")
    datasets = []
    for col, side in enumerate(table["columns"]):
        values: list[int | None] = [None] * len(categories)
        labels: list[str] = [""] * len(categories)
        for row in table["rows"]:
            cell = row["cells"][col]
            for measure in CASUALTY_MEASURES:
                figure = cell["figures"][measure]
                if figure:
                    at = index_of[(row["party"]["label"], measure)]
                    values[at], labels[at] = figure[1], cell["display"][measure]
        if any(v is not None for v in values):
            datasets.append(
                {"label": f"{side['name']} account", "colour": side["colour"], "data": values, "ranges": labels}
            )
    return {"categories": categories, "datasets": datasets}
