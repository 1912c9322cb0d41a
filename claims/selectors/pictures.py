"""Pictures of incidents: the map (the places of the filtered incidents, with what happened there),
the timeline (one dot per dated incident), and the GeoJSON features of incidents for download.

- A place is on the map only with coordinates; an incident is drawn at each of its located places.
- How contested an incident is counts only statements the viewer may see (`incident_stats`), so the
  colour of a marker never hints at hidden work.
- Kinds and contest levels are named here once, with their labels, for the legend, the popups, the
  timeline and the exports.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import F, QuerySet
from django.urls import reverse

from claims.models import Incident, IncidentKind, IncidentPlace
from claims.selectors.lists import incident_stats

#: Most incident-place pairs a map shows (the newest first within each place).
MAP_LIMIT = 5000
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
    """Places with coordinates and the (filtered) incidents there, newest first: each incident with
    its kind and how contested it is; each place with its most frequent kind and its most contested
    incident's level (what its marker is coloured by)."""
    links = list(
        IncidentPlace.objects.filter(incident__in=incidents.order_by().values("pk"), place__latitude__isnull=False)
        .order_by("place__name", "place_id", F("incident__start_date").desc(nulls_last=True), "-incident_id")
        .values(
            "place_id",
            "place__slug",
            "place__name",
            "place__latitude",
            "place__longitude",
            "incident_id",
            "incident__title",
            "incident__kind",
            "incident__start_date",
        )[:MAP_LIMIT]
    )
    stats = incident_stats(list({link["incident_id"] for link in links}), user)
    url = incident_url_pattern()
    places: dict[int, dict[str, Any]] = {}
    for link in links:
        place = places.setdefault(
            link["place_id"],
            {
                "slug": link["place__slug"],
                "name": link["place__name"],
                "lat": link["place__latitude"],
                "lon": link["place__longitude"],
                "url": reverse("claims:place", args=[link["place__slug"]]),
                "incidents": [],
            },
        )
        contested = stats.get(link["incident_id"], {}).get("contested", 0)
        start = link["incident__start_date"]
        place["incidents"].append(
            {
                "id": link["incident_id"],
                "title": link["incident__title"],
                "url": url.format(link["incident_id"]),
                "date": start.isoformat() if start else None,
                "kind": link["incident__kind"],
                "kind_label": _KIND_LABELS.get(link["incident__kind"], link["incident__kind"]),
                "contested": contested,
                "level": contest_level(contested),
            }
        )
    for place in places.values():
        kinds = Counter(incident["kind"] for incident in place["incidents"])
        # The most frequent kind; on a tie, the one listed first in IncidentKind.
        place["kind"] = max(IncidentKind.values, key=lambda kind: (kinds[kind], -IncidentKind.values.index(kind)))
        place["contested"] = max(incident["contested"] for incident in place["incidents"])
        place["level"] = contest_level(place["contested"])
    return list(places.values())


def timeline_data(incidents: QuerySet[Incident], *, user, limit: int = 2000) -> list[dict[str, Any]]:
    """One point per dated incident (the latest `limit`, oldest first): when, what kind, how contested,
    how many statements."""
    rows = list(
        incidents.filter(start_date__isnull=False)
        .order_by("-start_date", "-id")
        .values("id", "title", "start_date", "status", "kind")[:limit]
    )
    stats = incident_stats([r["id"] for r in rows], user)
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
