"""The home page's overview: what there is, how recent, what is most disputed.

Like every read here it takes the viewer: an anonymous visitor's counts are of what they may see.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q

from claims.models import Incident, ReviewStatus, Side, Statement
from claims.selectors.lists import disputed, incidents_for_list
from claims.selectors.pictures import map_data
from claims.versions import audience, cached_until_changed, tracked_models
from sources.models import Article

LATEST = 6


#: How long an overview is reused at most when nothing tracked has changed: what is not tracked (an
#: article's outlet, a place's coordinates, a side's description) shows within this long.
OVERVIEW_SECONDS = 60


def overview(user) -> dict[str, Any]:
    """Headline counts, the four sides with their share of statements, the latest and the most
    contested incidents, and the map's places — each of them limited to what `user` may see.

    What a viewer may see depends only on whether they are signed in, so there are two overviews,
    each computed again after the next write to any tracked model (`claims.versions`), like the map's
    and the timeline's pictures: a visitor never sees a count behind the pages it sums."""
    return cached_until_changed(
        f"overview:{audience(user)}", tracked_models(), lambda: _overview(user), seconds=OVERVIEW_SECONDS
    )


def _overview(user) -> dict[str, Any]:
    statements = Statement.objects.visible_to(user).exclude(review_status=ReviewStatus.REJECTED)
    # Three narrow reads rather than one pass joining every visible statement's wide row to its
    # article: the counts from the statements' covering index, the articles and outlets from the
    # articles those statements name, the last update read backwards from the newest statement.
    totals = statements.aggregate(
        statements=Count("pk"), reviewed=Count("pk", filter=Q(review_status=ReviewStatus.ACCEPTED))
    )
    totals |= Article.objects.filter(pk__in=statements.values("article_id")).aggregate(
        articles=Count("pk"), outlets=Count("outlet", distinct=True)
    )
    totals["last_update"] = statements.order_by("-updated_at").values_list("updated_at", flat=True).first()
    # Grouped by the side's id (in the covering index), not joined to the sides for their slugs.
    per_side = dict(statements.order_by().values_list("side_id").annotate(n=Count("pk")))
    # "Has a statement" as an Exists, not `statement_count > 0`: the count would be computed for every
    # incident before the first six could be picked.
    incidents = incidents_for_list(user, few=True).filter(Exists(statements.filter(incident=OuterRef("pk"))))
    return {
        "counts": totals | {"incidents": _incident_count(statements)},
        "sides": [
            {
                "slug": side.slug,
                "name": side.name,
                "description": side.description,
                "statements": per_side.get(side.pk, 0),
            }
            for side in Side.objects.order_by("display_order")
        ],
        "latest": _latest(incidents),
        "contested": most_contested(user),
        "places": map_data(incidents, user=user),
    }


def most_contested(user, limit: int = LATEST) -> list[Incident]:
    """The incidents with the most disputed statements (see `disputed`), latest first among equals:
    counted in one grouped query over the statements rather than one count per incident."""
    counts = (
        Statement.objects.visible_to(user)
        # A statement `user` may see makes its incident visible to `user` unless it was merged away:
        # a test on the incident's row rather than a second pass over every visible statement.
        .filter(disputed(user), incident__isnull=False, incident__merged_into__isnull=True)
        .order_by()
        .values("incident_id")
        .annotate(n=Count("pk"))
        .order_by("-n", F("incident__start_date").desc(nulls_last=True), "-incident_id")
        .values_list("incident_id", flat=True)[:limit]
    )
    ids = list(counts)
    found = incidents_for_list(user, few=True).in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _incident_count(statements) -> int:
    """How many live incidents hold one of these statements (which `user` may see, so their
    incidents are visible too): counted from the statements' covering index, not incident by
    incident with a look for a statement in each."""
    live = statements.filter(incident__isnull=False, incident__merged_into__isnull=True)
    return live.order_by().values("incident_id").distinct().count()


def _latest(incidents) -> list[Incident]:
    """The `LATEST` newest incidents: their ids picked first, then only those rows counted."""
    ids = list(incidents.order_by(F("start_date").desc(nulls_last=True), "-id").values_list("pk", flat=True)[:LATEST])
    found = incidents.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
