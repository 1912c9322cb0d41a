"""Loading the gazetteer (actors and places from claims/gazetteer/*.yaml) into the database."""

from __future__ import annotations

from django.db import transaction

from claims.models import Actor, Place, Side


@transaction.atomic
def gazetteer_load(*, actors: list, places: list, update: bool = False) -> dict[str, int]:
    """Create the gazetteer's actors and places from entries; with update=True, overwrite edits too.

    Entries are `claims.gazetteer.ActorEntry` / `PlaceEntry`. Without `update`, rows that already
    exist are left alone so that what editors changed in the admin survives a re-run.
    """
    sides = {side.slug: side for side in Side.objects.all()}
    counts = {"actors_created": 0, "actors_updated": 0, "places_created": 0, "places_updated": 0}
    existing = {a.slug: a for a in Actor.objects.all()}
    for entry in actors:
        values = {
            "name": entry.name,
            "kind": entry.kind,
            "side": sides.get(entry.side) if entry.side else None,
            "role": entry.role or "",
            "country": entry.country or "",
            "aliases": list(entry.aliases),
        }
        actor = existing.get(entry.slug)
        if actor is None:
            existing[entry.slug] = Actor.objects.create(slug=entry.slug, **values)
            counts["actors_created"] += 1
        elif update:
            for key, value in values.items():
                setattr(actor, key, value)
            actor.save()
            counts["actors_updated"] += 1
    # Parents second, once every slug exists.
    for entry in actors:
        actor = existing[entry.slug]
        parent = existing.get(entry.parent) if entry.parent else None
        if (update or actor.parent_id is None) and parent is not None and actor.parent_id != parent.pk:
            actor.parent = parent
            actor.save(update_fields=["parent"])
    known_places = {p.slug: p for p in Place.objects.all()}
    for entry in places:
        values = {
            "name": entry.name,
            "kind": entry.kind,
            "country": entry.country or "",
            "region": entry.region or "",
            "latitude": entry.lat,
            "longitude": entry.lon,
            "aliases": list(entry.aliases),
        }
        place = known_places.get(entry.slug)
        if place is None:
            Place.objects.create(slug=entry.slug, **values)
            counts["places_created"] += 1
        elif update:
            for key, value in values.items():
                setattr(place, key, value)
            place.save()
            counts["places_updated"] += 1
    return counts
