"""Actors and places named in Russian, matched by lemma so that every case form resolves.

The gazetteer's Cyrillic names and aliases ("Минобороны Азербайджана", "Пашинян") are folded
word by word to their dictionary forms (:func:`.model.word_lemma`) and the text's words the same
way: "Министерства обороны Азербайджана", "Пашиняна" and "Пашиняну" all find their actor. The
sides and governments of countries come from the gazetteer too: a country's government actor's
Russian aliases ("Армения", "Ереван", "армянская сторона") name its side.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from ..gazetteer import Actor, Gazetteer
from .model import Tok, word_lemma

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_WORD = re.compile(r"[\w-]+")
MAX_WORDS = 8

# Adjectives of the countries of this conflict: "армянская сторона", "азербайджанских военных".
# (Country names themselves come from the gazetteer's government aliases.)
DEMONYMS = {
    "армянский": "AM", "азербайджанский": "AZ", "российский": "RU", "русский": "RU",
    "карабахский": "NK", "нагорно-карабахский": "NK", "турецкий": "TR", "иранский": "IR",
    "американский": "US", "французский": "FR",
}  # fmt: skip


def lemma_key(text: str) -> tuple[str, ...]:
    return tuple(word_lemma(w) for w in _WORD.findall(text))


@dataclass
class Match:
    slug: str
    start: int  # token positions in the list given
    end: int


class RuNames:
    """The lemma index of one gazetteer's Cyrillic names."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.actors: dict[tuple[str, ...], list[str]] = {}
        self.places: dict[tuple[str, ...], list[str]] = {}
        self.country_of_key: dict[tuple[str, ...], str] = {}
        for index, entries in ((self.actors, gazetteer.actors.values()), (self.places, gazetteer.places.values())):
            for entry in entries:
                for alias in (entry.name, *entry.aliases):
                    if _CYRILLIC.search(alias):
                        key = lemma_key(alias)
                        if key and entry.slug not in index.setdefault(key, []):
                            index[key].append(entry.slug)
        self.governments: dict[str, str] = dict(gazetteer.governments)
        # the Nagorno-Karabakh authorities stand for "NK" in DEMONYMS
        if "nagorno-karabakh-authorities" in gazetteer.actors:
            self.governments["NK"] = "nagorno-karabakh-authorities"

    def _find(self, index: dict, toks: list[Tok]) -> list[Match]:
        keys = [word_lemma(t.text) for t in toks]
        out: list[Match] = []
        i = 0
        while i < len(toks):
            for n in range(min(MAX_WORDS, len(toks) - i), 0, -1):
                slugs = index.get(tuple(keys[i : i + n]))
                if not slugs and toks[i + n - 1].cut:
                    slugs = self._cut_match(index, keys[i : i + n - 1], toks[i + n - 1].text.lower())
                if slugs:
                    out.append(Match(slugs[0], i, i + n))
                    i += n
                    break
            else:
                i += 1
        return out

    @staticmethod
    def _cut_match(index: dict, head: list[str], stem: str) -> list[str]:
        """A name whose last word the text cut off: the rest in full, the last word a prefix (of
        three letters or more) of exactly one name's last word."""
        if len(stem) < 3:
            return []
        found = {
            slug
            for key, slugs in index.items()
            if len(key) == len(head) + 1 and list(key[:-1]) == head and key[-1].startswith(stem)
            for slug in slugs
        }
        return list(found) if len(found) == 1 else []

    def actors_in(self, toks: list[Tok]) -> list[Match]:
        return self._find(self.actors, toks)

    def places_in(self, toks: list[Tok]) -> list[str]:
        return list(dict.fromkeys(m.slug for m in self._find(self.places, toks)))

    def actor(self, slug: str) -> Actor:
        return self.gazetteer.actors[slug]

    def countries(self, toks: list[Tok]) -> list[Actor]:
        """Every country's government the words name, by alias or demonym, in order."""
        out: list[Actor] = []
        for m in self.actors_in(toks):
            actor = self.actor(m.slug)
            if not (actor.kind == "government" and actor.parent is None):
                # "МИД Армении": the country of a ministry or official
                slug = self.governments.get(actor.country or "")
                actor = self.actor(slug) if slug else actor
            if actor.kind == "government" and actor.parent is None and actor not in out:
                out.append(actor)
        for t in toks:
            slug = self.governments.get(DEMONYMS.get(word_lemma(t.text)) or "")
            if slug and self.actor(slug) not in out:
                out.append(self.actor(slug))
        return out

    def country_side(self, toks: list[Tok]) -> tuple[str | None, Actor | None]:
        """The first country the words name (a government alias or a demonym): its side and government."""
        for m in self.actors_in(toks):
            actor = self.actor(m.slug)
            if actor.kind == "government" and actor.parent is None:
                return actor.side, actor
        for t in toks:
            country = DEMONYMS.get(word_lemma(t.text))
            slug = self.governments.get(country or "")
            if slug:
                actor = self.actor(slug)
                return actor.side, actor
        return None, None


_lock = threading.Lock()
_cache: dict[str, RuNames] = {}


def names_for(gazetteer: Gazetteer) -> RuNames:
    names = _cache.get(gazetteer.fingerprint)
    if names is None:
        with _lock:
            names = _cache.get(gazetteer.fingerprint) or RuNames(gazetteer)
            _cache[gazetteer.fingerprint] = names
    return names
