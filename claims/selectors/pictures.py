"""Pictures of incidents: the map (the places of the filtered incidents, with what happened there),
the timeline (one dot per dated incident), and the GeoJSON features of incidents for download.

- A place is on the map only with coordinates; an incident is drawn at each of its located places.
- How contested an incident is counts only statements the viewer may see (`contested_counts`), so the
  colour of a marker never hints at hidden work.
- Kinds and contest levels are named here once, with their labels, for the legend, the popups, the
  timeline and the exports.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import connection
from django.db.models import Count, QuerySet
from django.urls import reverse

from claims.models import Incident, IncidentKind, IncidentPlace, Place, Statement
from claims.selectors.lists import disputed, incident_stats

#: Incidents a place's popup lists (the newest; the place page lists them all).
POPUP_INCIDENTS = 15
#: (lowest count of denials and counterclaims, slug, label), from least to most contested.
CONTEST_LEVELS = (
    (0, "none", "Not contested"),
    (1, "some", "Contested (1–2 denials or counterclaims)"),
    (3, "many", "Heavily contested (3 or more)"),
)
_KIND_LABELS = dict(IncidentKind.choices)


def contest_level(contested: int) -> str:
    """The slug of the `CONTEST_LEVELS` band that `contested` denials and counterclaims fall in."""
    return [slug for lowest, slug, _label in CONTEST_LEVELS if contested >= lowest][-1]


def legend() -> dict[str, list[dict[str, str]]]:
    """What the colours mean, by kind and by how contested (the map's and the timeline's legend)."""
    return {
        "kinds": [{"value": value, "label": label} for value, label in IncidentKind.choices],
        "levels": [{"value": slug, "label": label} for _lowest, slug, label in CONTEST_LEVELS],
    }


def incident_url_pattern() -> str:
    """The incident page's path with `{}` for the id (one reverse() for thousands of links)."""
    return reverse("claims:incident", args=[0]).replace("/0/", "/{}/")


def map_data(incidents: QuerySet[Incident], *, user) -> list[dict[str, Any]]:
    """Places with coordinates and the (filtered) incidents there: each place with how many, its most
    frequent kind and its most contested incident's level (what its marker is coloured by), and its
    newest `POPUP_INCIDENTS` incidents, each with its kind and how contested it is (what its popup lists).

    Three queries whatever the number of incidents: the places counted by the database (one row per
    place, not one per incident at a place), then titles and places only for what the markers and
    popups show.
    """
    at = _places_counted(incidents, user)
    shown = {pk for _count, _most, ids, _contested, _kinds in at.values() for pk in ids}
    details = {
        row["id"]: row for row in Incident.objects.filter(pk__in=shown).values("id", "title", "start_date", "kind")
    }
    url = incident_url_pattern()
    result = []
    kind_order = IncidentKind.values
    for place_row in (
        Place.objects.filter(pk__in=at).order_by("name", "pk").values("id", "slug", "name", "latitude", "longitude")
    ):
        count, most_contested, ids, contested, place_kinds = at[place_row["id"]]
        result.append(
            {
                "slug": place_row["slug"],
                "name": place_row["name"],
                "lat": place_row["latitude"],
                "lon": place_row["longitude"],
                "url": reverse("claims:place", args=[place_row["slug"]]),
                "count": count,
                # The most frequent kind; on a tie, the one listed first in IncidentKind.
                "kind": max(kind_order, key=lambda kind: (place_kinds.get(kind, 0), -kind_order.index(kind))),
                "contested": most_contested,
                "level": contest_level(most_contested),
                "incidents": [_map_incident(details[pk], n, url) for pk, n in zip(ids, contested, strict=True)],
            }
        )
    return result


def _places_counted(incidents: QuerySet[Incident], user) -> dict[int, tuple]:
    """For each located place of `incidents`: (how many incidents, the most contested one's count,
    the newest `POPUP_INCIDENTS` ids, their contested counts, {kind: how many}), in one query. How
    contested counts only statements `user` may see (`disputed`), grouped once over the statements
    and joined, rather than counted again for each incident at each place."""
    visible_sql, visible_params = incidents.order_by().values("pk").query.sql_with_params()
    contested_sql, contested_params = (
        Statement.objects.visible_to(user)
        .filter(disputed(user), incident__isnull=False)
        .order_by()
        .values("incident_id")
        .annotate(n=Count("pk"))
        .query.sql_with_params()
    )
    links, incident, place = (model._meta.db_table for model in (IncidentPlace, Incident, Place))
    # Wrapped in a SELECT: pghistory sets its context for any statement that does not start with one,
    # and a transaction-wide context left by a read would be stamped on the next write.
    sql = f"""
        SELECT * FROM (WITH contested AS ({contested_sql}),
        pairs AS MATERIALIZED (
            SELECT link.place_id, link.incident_id, incident.kind, coalesce(contested.n, 0) AS contested,
                   row_number() OVER (
                       PARTITION BY link.place_id
                       ORDER BY incident.start_date DESC NULLS LAST, link.incident_id DESC
                   ) AS rn
            FROM {links} link
            JOIN {incident} incident ON incident.id = link.incident_id
            JOIN {place} place ON place.id = link.place_id
            LEFT JOIN contested ON contested.incident_id = link.incident_id
            WHERE place.latitude IS NOT NULL AND link.incident_id IN ({visible_sql})
        ),
        kinds AS (
            SELECT place_id, jsonb_object_agg(kind, n) AS kinds
            FROM (SELECT place_id, kind, count(*) AS n FROM pairs GROUP BY 1, 2) AS per_kind
            GROUP BY place_id
        ),
        counted AS (
            SELECT place_id, count(*) AS n, max(contested) AS most,
                   array_agg(incident_id ORDER BY rn) FILTER (WHERE rn <= %s) AS shown,
                   array_agg(contested ORDER BY rn) FILTER (WHERE rn <= %s) AS shown_contested
            FROM pairs GROUP BY place_id
        )
        SELECT place_id, n, most, shown, shown_contested, kinds FROM counted JOIN kinds USING (place_id)
        ) AS places
    """  # noqa: S608 - table names from the models, subqueries compiled by the ORM, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [*contested_params, *visible_params, POPUP_INCIDENTS, POPUP_INCIDENTS])
        # Django's PostgreSQL backend leaves json undecoded (its fields decode their own).
        return {row[0]: (*row[1:5], json.loads(row[5])) for row in cursor.fetchall()}


def _map_incident(row: dict[str, Any], contested: int, url: str) -> dict[str, Any]:
    return {
        "id": row["id"],
        "title": row["title"],
        "url": url.format(row["id"]),
        "date": row["start_date"].isoformat() if row["start_date"] else None,
        "kind": row["kind"],
        "kind_label": _KIND_LABELS.get(row["kind"], row["kind"]),
        "contested": contested,
        "level": contest_level(contested),
    }


def timeline_data(incidents: QuerySet[Incident], *, user, limit: int = 2000) -> list[dict[str, Any]]:
    """One point per dated incident (the latest `limit`, oldest first): when, what kind, how contested,
    how many statements."""
    latest = incidents.filter(start_date__isnull=False).order_by("-start_date", "-id")
    rows = list(latest.values("id", "title", "start_date", "status", "kind")[:limit])
    stats = incident_stats(latest.values("pk")[:limit], user)
    empty = {"statements": 0, "sides": 0, "contested": 0}
    points = []
    for r in reversed(rows):
        counts = stats.get(r["id"], empty)
        points.append(
            {
                "id": r["id"],
                "title": r["title"],
                "date": r["start_date"].isoformat(),
                "status": r["status"],
                "kind": r["kind"],
                "kind_label": _KIND_LABELS.get(r["kind"], r["kind"]),
                "level": contest_level(counts["contested"]),
                **counts,
            }
        )
    return points


def incident_feature(row: dict[str, Any], coordinates: list[tuple[float, float]]) -> dict[str, Any]:
    """One incident as a GeoJSON feature: a Point at its one located place, a MultiPoint when it has
    several, and no geometry when none of its places has coordinates (RFC 7946 §3.2)."""
    if not coordinates:
        geometry = None
    elif len(coordinates) == 1:
        geometry = {"type": "Point", "coordinates": list(coordinates[0])}
    else:
        geometry = {"type": "MultiPoint", "coordinates": [list(pair) for pair in coordinates]}
    return {"type": "Feature", "id": row["id"], "geometry": geometry, "properties": row}
