"""Speakers that name no one: a pronoun ("He", "It") the extraction could not resolve to an actor.
Pages show them as unresolved; the demo editor rejects such statements."""

from __future__ import annotations

from sources.nlp import lexicon

#: Speakers that name no one: a pronoun the extraction could not resolve to an actor ("He", "It").
BARE_PRONOUNS = frozenset(
    lexicon.PRONOUNS_PERSON | lexicon.PRONOUNS_THING | lexicon.PRONOUNS_PLURAL | lexicon.PRONOUNS_FIRST
)


def is_bare_pronoun(speaker: str | None) -> bool:
    return (speaker or "").strip(" .,:;\"'“”").lower() in BARE_PRONOUNS
