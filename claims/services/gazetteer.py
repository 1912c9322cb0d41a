"""The gazetteer in the database: loading it from claims/gazetteer/*.yaml, and reading it back
as the extractor's plain values (the NLP engine never queries the database itself)."""

from __future__ import annotations

from django.db import transaction

from claims.models import Actor, Place, Side
from sources.nlp import gazetteer as nlp


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
        _put(Actor, existing, entry.slug, values, update=update, counts=counts, noun="actors")
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
        _put(Place, known_places, entry.slug, values, update=update, counts=counts, noun="places")
    return counts


def _put(model, known: dict, slug: str, values: dict, *, update: bool, counts: dict[str, int], noun: str) -> None:
    """Create the row `slug` of `model` if it is not `known`; overwrite a known one only on `update`."""
    row = known.get(slug)
    if row is None:
        known[slug] = model.objects.create(slug=slug, **values)
        counts[f"{noun}_created"] += 1
    elif update:
        for key, value in values.items():
            setattr(row, key, value)
        row.save()
        counts[f"{noun}_updated"] += 1


def gazetteer_from_database() -> nlp.Gazetteer:
    """The actors and places as editors keep them in the database, as the extractor's Gazetteer."""
    actors = [
        nlp.Actor(
            slug=row.slug,
            name=row.name,
            kind=row.kind,
            side=row.side.slug if row.side_id else None,
            country=row.country or None,
            role=row.role,
            parent=row.parent.slug if row.parent_id else None,
            aliases=tuple(row.aliases or ()),
        )
        for row in Actor.objects.select_related("side", "parent")
    ]
    places = [
        nlp.Place(row.slug, row.name, row.kind, row.country or None, tuple(row.aliases or ()))
        for row in Place.objects.all()
    ]
    return nlp.Gazetteer.build(actors, places)
