"""Places as linking weighs them: which are too broad to tell events apart, how far apart two are, which
one names an incident, and the gazetteer rows a run has fetched.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from claims.models import IncidentKind, Place, PlaceKind

# Places this broad (a country, a region) do not tell one incident from another.
BROAD_PLACE_KINDS = {PlaceKind.COUNTRY, PlaceKind.REGION, PlaceKind.PROVINCE, PlaceKind.BORDER}
# Specific places at most this far apart may be about the same event.
NEAR_KM = 30.0
# Broad places that are areas the gazetteer files specific places under (a place's `region`): a
# village is in Syunik or not. Countries and borders are too coarse or too long to say.
AREA_KINDS = {PlaceKind.REGION, PlaceKind.PROVINCE}


def km(a: Place, b: Place) -> float | None:
    """The great-circle distance between two places, or None when one has no coordinates."""
    if a.latitude is None or b.latitude is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def outside(specific: Iterable[Place], broad: Iterable[Place]) -> bool:
    """Whether specific places lie outside every area among these broad places (a town in Gegharkunik
    is outside Nagorno-Karabakh); False when no area is named or a place's area is not known."""
    areas = {p.name.casefold() for p in broad if p.kind in AREA_KINDS}
    specific = list(specific)
    if not areas or not specific or any(not p.region for p in specific):
        return False
    return not any(p.region.casefold() in areas for p in specific)


def apart(a: dict[int, Place], b: dict[int, Place]) -> bool:
    """Whether two sets of places say different locations: none in common, and either specific places
    on both sides with none within NEAR_KM, or a specific place on one side outside the areas of the
    other."""
    if a.keys() & b.keys():
        return False
    a_specific = [p for p in a.values() if p.kind not in BROAD_PLACE_KINDS]
    b_specific = [p for p in b.values() if p.kind not in BROAD_PLACE_KINDS]
    if a_specific and b_specific:
        return not any((d := km(x, y)) is not None and d <= NEAR_KM for x in a_specific for y in b_specific)
    return outside(a_specific, b.values()) or outside(b_specific, a.values())


def places_by_id(ids: Iterable[int], cache: dict[int, Place] | None = None) -> dict[int, Place]:
    """Place rows by id, fetching only those the cache lacks."""
    cache = {} if cache is None else cache
    missing = [pk for pk in ids if pk not in cache]
    if missing:
        cache.update(Place.objects.in_bulk(missing))
    return cache


def title_place(places: list[Place], kind: str | None = None) -> Place | None:
    """The place a title should name: the most often mentioned specific place, else a broad one.

    A blockade is named after the road it closes.
    """
    counts = Counter(p.pk for p in places)
    by_pk = {p.pk: p for p in places}
    # Ties go to the longer name: "Lachin corridor" says more than "Lachin".
    ranked = sorted(
        counts,
        key=lambda pk: (
            not (kind == IncidentKind.BLOCKADE and by_pk[pk].kind == PlaceKind.CORRIDOR),
            by_pk[pk].kind in BROAD_PLACE_KINDS,
            -counts[pk],
            -len(by_pk[pk].name),
            by_pk[pk].name,
        ),
    )
    return by_pk[ranked[0]] if ranked else None


def where(place: Place | None, kind: str) -> str:
    """How a title says where: " near Norabak", " in Syunik", " on the Line of contact", " of the Lachin corridor"."""
    if place is None:
        return ""
    if place.kind in (PlaceKind.BORDER, PlaceKind.CORRIDOR, PlaceKind.RIVER):
        return f" {'of' if kind == IncidentKind.BLOCKADE else 'on'} the {place.name}"
    if place.kind in BROAD_PLACE_KINDS:
        return f" in {place.name}"
    return f" near {place.name}"
