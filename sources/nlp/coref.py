"""Mentions that point back or out: people remembered with the titles of their first mention,
role nouns ("the spokesperson", "the top diplomat") resolved to the person who holds the role,
and group nouns that stand for both parties ("the parties to the conflict", "the countries
accused each other", a bare "officials said" about a clash between the two).

Used by :class:`sources.nlp.resolve.Resolver`; none of it needs a coreference model, only what
the article has said so far (:class:`~sources.nlp.discourse.Discourse`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from . import lexicon as lx
from .discourse import Discourse, Speaker
from .gazetteer import normalize
from .phrases import person_context, phrase_tokens

if TYPE_CHECKING:  # the resolver calls in here; only its type is needed
    from .resolve import Resolver

# Role nouns and the words a person's first mention must hold for the role noun to mean them.
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "spokesperson": ("spokesperson", "spokesman", "spokeswoman", "press secretary"),
    "spokesman": ("spokesperson", "spokesman", "spokeswoman", "press secretary"),
    "spokeswoman": ("spokesperson", "spokesman", "spokeswoman", "press secretary"),
    "minister": ("minister",),
    "diplomat": ("foreign minister", "minister of foreign", "ambassador", "envoy", "diplomat"),
    "envoy": ("envoy", "ambassador", "representative"),
    "ambassador": ("ambassador", "envoy"),
    "president": ("president",),
    "official": ("official", "minister", "spokes", "secretary", "head", "chief", "director"),
    "premier": ("prime minister", "premier"),
    "chief": ("chief", "head", "secretary"),
}
_POINTING = {"the", "this", "that"}


def role_antecedent(head: Token, tokens: list[Token], discourse: Discourse) -> Speaker | None:
    """ "the spokesperson stressed", "the top diplomat said": the person the article last
    introduced with that role (their first mention's words), within a few sentences."""
    role = ROLE_WORDS.get(head.lower_)
    if role is None or not any(c.lower_ in _POINTING for c in head.children if c.dep_ == "det"):
        return None
    if any(t.ent_type_ in ("GPE", "NORP", "ORG", "PERSON") for t in tokens):
        return None  # "the Armenian minister": a description of its own, not a pointer back

    def holds(sp: Speaker) -> bool:
        said = f"{sp.title} {sp.text}".lower()
        return sp.person and sp.side is not None and any(r in said for r in role)

    found = [(no, sp) for no, sp in (*discourse.people, *discourse.speakers) if holds(sp)]
    found = [(no, sp) for no, sp in found if discourse.sentence_no - no <= 8]
    if not found:
        return None
    return max(found, key=lambda item: item[0])[1]


def both_parties(head: Token, tokens: list[Token]) -> bool:
    """Whether the phrase stands for the two parties: "the parties (to the conflict)", "the
    sides", a plural group that "accused each other", or a bare "officials" in a sentence about
    a clash between Armenia and Azerbaijan."""
    low = head.lower_
    dets = {c.lower_ for c in head.children if c.dep_ == "det"}
    if low in ("parties", "sides") and "the" in dets:
        return True
    verb = head.head
    reciprocal = any(
        c.dep_ in ("dobj", "pobj", "npadvmod") and c.lower_ in ("other", "another") for c in verb.subtree
    ) and head.dep_ in ("nsubj", "nsubjpass")  # fmt: skip
    if reciprocal and low in lx.PARTY_GROUP_NOUNS and not any(c.dep_ in ("amod", "poss") for c in head.children):
        return True
    if low in ("officials", "authorities") and len(tokens) == 1 and head.dep_ == "nsubj":
        words = {normalize(t.text) for t in head.sent}
        return bool(words & {"armenia", "armenian", "yerevan"}) and bool(words & {"azerbaijan", "azerbaijani", "baku"})
    return False


def organisation_title(words: list[str]) -> bool:
    """A title that only an international organisation gives ("Secretary-General", "Chairman-in-
    Office", "co-chair", "High Representative", "Special Rapporteur"): its holder is international
    even where the text names no organisation next to it."""
    joined = " ".join(w for w in words if w != "-")
    return any(f" {title} " in f" {joined} " for title in lx.ORGANISATION_TITLES)


def sentence_people(ents: list[Span], resolver: Resolver, discourse: Discourse) -> None:
    """Remember the people (PERSON entities of two words or more) a sentence names, with the side
    their first mention gives them — the title before the name ("US Secretary of State X",
    "Georgia's Foreign Minister, X,") or what follows it ("X, an analyst in Baku") — so that a
    later "Mr. X", "X" or "he" speaks for the same side."""
    for ent in ents:
        actors = [a for a in resolver.gaz.actors_named(ent.text) if a.is_person]
        actor = actors[0] if actors else None
        title = _title_tokens(ent)
        side = actor.side if actor else None
        if actor is None:
            side, _, _ = resolver.side_from_words(sorted({*title, *person_context(ent.root)}, key=lambda t: t.i))
            if side is None and organisation_title([t.lower_ for t in title]):
                side = "international"
        sp = Speaker(
            text=ent.text,
            side=side,
            actor=actor,
            name=None if actor else ent.text,
            person=True,
            surname=actor.surname if actor else ent[-1].text,
            country=actor.country if actor else None,
            confidence=0.85 if actor else 0.5,
            key=actor.slug if actor else normalize(ent.text),
            title=" ".join(t.text for t in title),
        )
        known = discourse.person_named(sp.surname)
        if known is not None and known.side is not None and sp.side is None:
            continue  # a second mention keeps what the first one said
        discourse.people.append((discourse.sentence_no, sp))


def remember_titled_name(tokens: list[Token], speaker: Speaker, discourse: Discourse) -> None:
    """ "CSTO Secretary General Imangali Tasmagambetov" resolved through the organisation: the
    name at the end of the phrase is a person of that side, whom a later "Tasmagambetov" or "he"
    means, even where the model tagged no PERSON."""
    names = []
    for tok in reversed(tokens):
        # (the model often tags such a name ORG; a gazetteer name or a place is no person's name)
        if (
            tok.tag_ not in ("NNP", "NNPS")
            or tok.ent_id_
            or tok.ent_type_ in ("GPE", "NORP")
            or tok.lower_ in lx.PERSON_ROLES
        ):
            break
        names.insert(0, tok)
    before = tokens[len(tokens) - len(names) - 1] if len(tokens) > len(names) else None
    if len(names) < 2 or before is None or before.lower_.strip("-") not in lx.PERSON_ROLES | {"general"}:
        return
    text = " ".join(t.text for t in names)
    person = Speaker(
        text=text, side=speaker.side, name=text, person=True, surname=names[-1].text,
        country=speaker.country, confidence=min(speaker.confidence, 0.7), key=normalize(text),
        title=" ".join(t.text for t in tokens[: len(tokens) - len(names)]),
    )  # fmt: skip
    discourse.people.append((discourse.sentence_no, person))


def _title_tokens(ent: Span) -> list[Token]:
    """The title words of a person's mention: the phrase around the name ("U.S. Secretary of
    State X", "X of the State Department"), or the phrase the name is set off from by commas
    ("Georgia's Foreign Minister, X,")."""
    root = ent.root
    words = [t for t in phrase_tokens(root) if not ent.start <= t.i < ent.end]  # "X of the State Department"
    if root.dep_ == "appos" and root.head.i < ent.start:
        words += [t for t in phrase_tokens(root.head) if t.i < ent.start]
    return sorted({t.i: t for t in words}.values(), key=lambda t: t.i)
