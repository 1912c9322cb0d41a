"""Pictures of incidents: the map (the places of the filtered incidents, with what happened there),
the timeline (one dot per dated incident), and the GeoJSON features of incidents for download.

- A place is on the map only with coordinates; an incident is drawn at each of its located places.
- How contested an incident is counts only statements the viewer may see (`contested_counts`), so the
  colour of a marker never hints at hidden work.
- Kinds and contest levels are named here once, with their labels, for the legend, the popups, the
  timeline and the exports.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import F, QuerySet
from django.urls import reverse

from claims.models import Incident, IncidentKind, IncidentPlace, Place
from claims.selectors.lists import contested_counts, incident_stats

#: Most incident-place pairs a map counts (the newest first within each place).
MAP_LIMIT = 20000
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

    Four queries whatever the number of incidents: the (place, incident, kind) pairs, the contested
    counts, then titles and places only for what the markers and popups show.
    """
    ids = incidents.order_by().values("pk")
    pairs = (
        IncidentPlace.objects.filter(incident__in=ids, place__latitude__isnull=False)
        .order_by("place_id", F("incident__start_date").desc(nulls_last=True), "-incident_id")
        .values_list("place_id", "incident_id", "incident__kind")[:MAP_LIMIT]
    )
    # Looked up only for the incidents of `pairs`, which `incidents` already limits to visible ones.
    contested = contested_counts(None, user)
    at: dict[int, dict[str, Any]] = {}
    for place_id, incident_id, kind in pairs:
        place = at.setdefault(place_id, {"count": 0, "kinds": Counter(), "contested": 0, "shown": []})
        place["count"] += 1
        place["kinds"][kind] += 1
        place["contested"] = max(place["contested"], contested.get(incident_id, 0))
        if len(place["shown"]) < POPUP_INCIDENTS:
            place["shown"].append(incident_id)
    shown = {pk for place in at.values() for pk in place["shown"]}
    details = {
        row["id"]: row for row in Incident.objects.filter(pk__in=shown).values("id", "title", "start_date", "kind")
    }
    url = incident_url_pattern()
    result = []
    kind_order = IncidentKind.values
    for place_row in (
        Place.objects.filter(pk__in=at).order_by("name", "pk").values("id", "slug", "name", "latitude", "longitude")
    ):
        place = at[place_row["id"]]
        kinds = place["kinds"]
        result.append(
            {
                "slug": place_row["slug"],
                "name": place_row["name"],
                "lat": place_row["latitude"],
                "lon": place_row["longitude"],
                "url": reverse("claims:place", args=[place_row["slug"]]),
                "count": place["count"],
                # The most frequent kind; on a tie, the one listed first in IncidentKind.
                "kind": max(kind_order, key=lambda kind: (kinds[kind], -kind_order.index(kind))),
                "contested": place["contested"],
                "level": contest_level(place["contested"]),
                "incidents": [_map_incident(details[pk], contested.get(pk, 0), url) for pk in place["shown"]],
            }
        )
    return result


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
