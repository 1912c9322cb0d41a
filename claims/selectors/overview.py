"""The home page's overview: what there is, how recent, what is most disputed.

Like every read here it takes the viewer: an anonymous visitor's counts are of what they may see.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Max, Q

from claims.models import ReviewStatus, Side, Statement
from claims.selectors.lists import incidents_for_list
from claims.selectors.pictures import map_data

LATEST = 6


def overview(user) -> dict[str, Any]:
    """Headline counts, the four sides with their share of statements, the latest and the most
    contested incidents, and the map's places — each of them limited to what `user` may see."""
    statements = Statement.objects.visible_to(user).exclude(review_status=ReviewStatus.REJECTED)
    totals = statements.aggregate(
        statements=Count("pk"),
        reviewed=Count("pk", filter=Q(review_status=ReviewStatus.ACCEPTED)),
        articles=Count("article", distinct=True),
        outlets=Count("article__outlet", distinct=True),
        last_update=Max("updated_at"),
    )
    per_side = dict(statements.order_by().values_list("side__slug").annotate(n=Count("pk")))
    incidents = incidents_for_list(user).filter(statement_count__gt=0)
    return {
        "counts": totals | {"incidents": incidents.count()},
        "sides": [
            {
                "slug": side.slug,
                "name": side.name,
                "description": side.description,
                "statements": per_side.get(side.slug, 0),
            }
            for side in Side.objects.order_by("display_order")
        ],
        "latest": list(incidents.order_by(F("start_date").desc(nulls_last=True), "-id")[:LATEST]),
        "contested": list(
            incidents.filter(contested__gt=0).order_by("-contested", F("start_date").desc(nulls_last=True), "-id")[
                :LATEST
            ]
        ),
        "places": map_data(incidents, user=user),
    }
