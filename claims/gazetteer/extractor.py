"""The YAML gazetteer as the extractor gets it: entries turned into the engine's plain values.

No Django import, like the loader beside it, so ``manage.py extract`` and the extraction
benchmark can build it without a database; ``claims.apps`` names it as the engine's default.
The database's version is ``claims.services.gazetteer.gazetteer_from_database``.
"""

from __future__ import annotations

from sources.nlp.gazetteer import Actor, Gazetteer, Place

from . import load_actors, load_places


def gazetteer_from_yaml() -> Gazetteer:
    """The actors and places of claims/gazetteer/*.yaml as a :class:`Gazetteer`."""
    actors = (
        Actor(
            slug=e.slug,
            name=e.name,
            kind=e.kind,
            side=e.side,
            country=e.country,
            role=e.role or "",
            parent=e.parent,
            aliases=tuple(e.aliases),
        )
        for e in load_actors()
    )
    places = (Place(e.slug, e.name, e.kind, e.country, tuple(e.aliases)) for e in load_places())
    return Gazetteer.build(actors, places)
