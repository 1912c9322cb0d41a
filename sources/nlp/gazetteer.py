"""The gazetteer as the extractor sees it: actors and places with their aliases, indexed.

The engine holds plain :class:`Actor` and :class:`Place` values and reads no app's data itself:
``claims`` turns its YAML (``claims.gazetteer.extractor``) or its database rows
(``claims.services.gazetteer``) into a :class:`Gazetteer`, and names the YAML one as the
default when Django starts (``claims.apps``). The model gets its ruler patterns from here and
the resolver looks speakers up here.
"""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .declension import russian_case_forms

SIDES = ("armenian", "azerbaijani", "russian", "international")
# The two parties to the conflict: unmarked soldiers in a party's casualty report are its own.
PARTIES = ("armenian", "azerbaijani")

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u02bc\u0060\u00b4"), "'")
_POSSESSIVE = re.compile(r"(?<=\w)\s*'s?\b", re.I)
# "Armenian government" -> the demonym "Armenian" names that country's side.
_DEMONYM_ALIAS = re.compile(r"^([A-Z][a-z]+(?:an|ian|ese|ish|i|ch|ic))\s+(?:government|authorities|officials)$")


def normalize(text: str) -> str:
    """Fold a name for lookup: NFKC, casefold, straight quotes and hyphens, no possessive 's,
    no leading "the". Same folding as ``claims.gazetteer.normalize_alias`` plus the possessive."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_QUOTES)
    text = _POSSESSIVE.sub("", text)
    text = re.sub(r"\s*-\s*", "-", text)
    text = " ".join(text.split()).casefold()
    return text.removeprefix("the ")


# Letters with no decomposition that a person types as their plain Latin look-alike (Azerbaijani ə, ı).
_PLAIN_LATIN = str.maketrans({"ə": "e", "Ə": "E", "ı": "i"})


def fold_accents(text: str) -> str:
    """Without diacritics, and Azerbaijani ə/ı as e/i: "Xankəndi" → "Xankendi", "Şuşa" → "Susa"."""
    text = text.translate(_PLAIN_LATIN)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class Actor:
    slug: str
    name: str
    kind: str
    side: str | None
    country: str | None
    role: str = ""
    parent: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def is_person(self) -> bool:
        return self.kind == "person"

    @property
    def surname(self) -> str:
        return self.name.split()[-1] if self.is_person else ""

    @property
    def label(self) -> str:
        """The canonical actor name used in output: people as ``Name (role)``."""
        return f"{self.name} ({self.role})" if self.is_person and self.role else self.name


@dataclass(frozen=True, slots=True)
class Place:
    slug: str
    name: str
    kind: str
    country: str | None
    aliases: tuple[str, ...] = ()


def spellings(entry: Actor | Place) -> list[str]:
    """The name and aliases of an entry; for a place, also the Russian case forms of its Cyrillic
    aliases ("Степанакерте", "Лачинского коридора"), so it is found whatever case the text uses."""
    names = [entry.name, *entry.aliases]
    if isinstance(entry, Place):
        names += sorted({form for alias in entry.aliases for form in russian_case_forms(alias)} - set(names))
    return names


def _alias_index(entries: Iterable[Actor | Place]) -> dict[str, tuple[str, ...]]:
    """Each normalised spelling (with and without accents) of a name or alias -> the slugs it names."""
    index: dict[str, list[str]] = {}
    for entry in entries:
        for alias in spellings(entry):
            for key in {normalize(alias), normalize(fold_accents(alias))}:
                slugs = index.setdefault(key, [])
                if entry.slug not in slugs:
                    slugs.append(entry.slug)
    return {key: tuple(slugs) for key, slugs in index.items()}


@dataclass
class Gazetteer:
    actors: dict[str, Actor]
    places: dict[str, Place]
    actor_index: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    place_index: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    surnames: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    demonyms: dict[str, str] = field(default_factory=dict, repr=False)
    governments: dict[str, str] = field(default_factory=dict, repr=False)
    fingerprint: str = ""

    @classmethod
    def build(cls, actors: Iterable[Actor], places: Iterable[Place]) -> Gazetteer:
        gaz = cls({a.slug: a for a in actors}, {p.slug: p for p in places})
        gaz._index()
        return gaz

    def _index(self) -> None:
        self.actor_index = _alias_index(self.actors.values())
        self.place_index = _alias_index(self.places.values())
        for actor in self.actors.values():
            if actor.is_person:
                surname = normalize(fold_accents(actor.name.split()[-1]))
                self.surnames[surname] = (*self.surnames.get(surname, ()), actor.slug)
            if actor.kind == "government" and actor.country and actor.name.startswith("Government of"):
                self.governments.setdefault(actor.country, actor.slug)
            for alias in actor.aliases:
                m = _DEMONYM_ALIAS.match(alias)
                if m and actor.side and actor.parent is None:
                    self.demonyms.setdefault(m.group(1).lower(), actor.slug)
        digest = hashlib.sha256()
        for actor in sorted(self.actors.values(), key=lambda a: a.slug):
            digest.update(repr(actor).encode())
        for place in sorted(self.places.values(), key=lambda p: p.slug):
            digest.update(repr(place).encode())
        self.fingerprint = digest.hexdigest()[:16]

    # --- lookups -------------------------------------------------------------------------------

    def actors_named(self, text: str) -> list[Actor]:
        """Actors with this exact name or alias (several when the alias is shared)."""
        key = normalize(text)
        slugs = self.actor_index.get(key) or self.actor_index.get(normalize(fold_accents(text)), ())
        return [self.actors[s] for s in slugs]

    def actor_named(self, text: str) -> Actor | None:
        found = self.actors_named(text)
        return found[0] if found else None

    def places_named(self, text: str) -> list[Place]:
        slugs = self.place_index.get(normalize(text)) or self.place_index.get(normalize(fold_accents(text)), ())
        return [self.places[s] for s in slugs]

    def people_with_surname(self, surname: str) -> list[Actor]:
        return [self.actors[s] for s in self.surnames.get(normalize(fold_accents(surname)), ())]

    def demonym_actor(self, word: str) -> Actor | None:
        slug = self.demonyms.get(word.lower())
        return self.actors[slug] if slug else None

    def government_of(self, country: str | None) -> Actor | None:
        slug = self.governments.get(country or "")
        return self.actors[slug] if slug else None

    def institution(self, keywords: tuple[str, ...], country: str | None, side: str | None) -> Actor | None:
        """An institution of ``country`` whose canonical name holds all ``keywords`` (e.g. a
        country-less "the Ministry of Defence" once we know which country is meant)."""
        best = None
        for actor in self.actors.values():
            if actor.is_person or (country and actor.country != country):
                continue
            if not country and (side is None or actor.side != side):
                continue
            name = actor.name.lower()
            if all(k in name for k in keywords) and (best is None or len(actor.name) < len(best.name)):
                best = actor
        return best

    def ruler_patterns(self) -> list[dict]:
        """SpanRuler phrase patterns: actors and places with ``id`` = slug.

        Labels follow spaCy's NER scheme so the statistical model keeps working around them: people
        are PERSON, states and capitals GPE, other actors ORG, places GPE/LOC/FAC.
        """
        patterns: list[dict] = []
        seen: set[tuple[str, str]] = set()

        def add(label: str, alias: str, slug: str) -> None:
            for variant in {alias, fold_accents(alias)}:
                variant = " ".join(variant.translate(_QUOTES).split())
                key = (variant.lower(), label)
                if key not in seen and len(variant) > 1:
                    seen.add(key)
                    patterns.append({"label": label, "pattern": variant, "id": slug})

        for actor in self.actors.values():
            label = {"person": "PERSON", "government": "GPE"}.get(actor.kind, "ORG")
            for alias in (actor.name, *actor.aliases):
                alias_label = label
                if label == "GPE" and len(alias.split()) > 1 and not alias[0].isupper():
                    alias_label = "ORG"
                add(alias_label, alias, actor.slug)
        for place in self.places.values():
            label = {"checkpoint": "FAC"}.get(place.kind)
            if label is None:
                label = "GPE" if place.kind in ("country", "city", "town", "village") else "LOC"
            for alias in spellings(place):
                add(label, alias, place.slug)
        return patterns


_default: Gazetteer | None = None
_default_source: Callable[[], Gazetteer] | None = None
_default_lock = threading.Lock()


def default_gazetteer_set(source: Callable[[], Gazetteer]) -> None:
    """Name where :func:`default_gazetteer` comes from (``claims`` names its YAML when Django starts)."""
    global _default, _default_source
    with _default_lock:
        _default, _default_source = None, source


def default_gazetteer() -> Gazetteer:
    """The gazetteer used when a caller passes none, built once per process from its source."""
    global _default
    if _default is None:
        with _default_lock:
            if _default_source is None:
                raise LookupError(
                    "no default gazetteer: pass one, or call default_gazetteer_set() first "
                    "(the claims app does so when Django starts)"
                )
            if _default is None:
                _default = _default_source()
    return _default
