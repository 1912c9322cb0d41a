"""Who a speaker phrase refers to, without a coreference model.

Names go to the gazetteer ("Azerbaijan's Defense Ministry", "Ararat Mirzoyan", "Moscow");
pronouns and short forms ("it", "he", "the ministry", "Mr. Aliyev", "Broers") to the most recent
compatible speaker or named person of the article; unknown speakers get a side from their own
words ("Armenian officials", "an associate fellow of Chatham House"). "Both sides" and "each
side" stand for the two parties. When nothing supports a side it stays ``None``.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

from spacy.tokens import Doc, Token

from . import lexicon as lx
from .coref import both_parties, organisation_title, remember_titled_name, role_antecedent
from .discourse import Discourse, Speaker
from .gazetteer import PARTIES, Actor, Gazetteer, normalize
from .phrases import (
    appositive_tokens,
    candidate_texts,
    clause_antecedent,
    conjoined_modifiers,
    describes,
    document_owners,
    institution_of,
    institution_words,
    names_a_role,
    names_media,
    person_context,
    phrase_tokens,
    qualifies,
    span_text,
)

__all__ = ["Discourse", "Resolver", "Speaker"]

_TITLES = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "gen", "gen.", "col", "col."}
_PARTY_COUNTRY = {"armenian": "AM", "azerbaijani": "AZ", "russian": "RU"}
_PARTY_DEMONYM = {"armenian": "Armenian", "azerbaijani": "Azerbaijani", "russian": "Russian"}


class Resolver:
    def __init__(self, gazetteer: Gazetteer, *, home: str | None = None) -> None:
        self.gaz = gazetteer
        self._doc_matches: tuple[Doc | None, list[tuple[int, int, str]]] = (None, [])
        # The dateline's place ("BAKU (Reuters) -"): an unqualified "the defence ministry" in a
        # story filed from a capital is that country's, as wire copy writes it.
        self.home = self._place_party(home) if home else None

    def _place_party(self, name: str) -> Actor | None:
        """The government a capital or a place of a party's country stands for (Baku, Yerevan)."""
        for actor in self.gaz.actors_named(name):
            if actor.side in PARTIES + ("russian",) and not actor.is_person:
                return actor
        for place in self.gaz.places_named(name):
            gov = self.gaz.government_of(place.country)
            if gov is not None and gov.side in PARTIES + ("russian",):
                return gov
        return None

    def _matches(self, doc: Doc) -> list[tuple[int, int, str]]:
        """The gazetteer ruler's matches in ``doc`` as sorted (start, end, slug), built once."""
        if self._doc_matches[0] is not doc:
            spans = sorted((s.start, s.end, s.id_) for s in doc.spans.get("gazetteer", []))
            self._doc_matches = (doc, spans)
        return self._doc_matches[1]

    # --- side clues ------------------------------------------------------------------------------

    def side_from_words(self, tokens: list[Token]) -> tuple[str | None, Actor | None, float]:
        """A side from the words of a phrase: gazetteer names inside it, demonyms, foreign states."""
        if not tokens:
            return None, None, 0.0
        # a title and a name set off by commas ("Georgia's Foreign Minister, X,") come as two
        # runs, in any order: look them up in text order
        tokens = sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
        doc = tokens[0].doc
        lo, hi = tokens[0].i, tokens[-1].i + 1
        ids = {t.i for t in tokens}
        words = {t.lower_ for t in tokens}
        best: tuple[int, Actor] | None = None
        matches = self._matches(doc)
        for start, end, slug in matches[bisect_left(matches, (lo,)) :]:
            if start >= hi:
                break
            if end > hi or not all(i in ids for i in range(start, end)):
                continue
            actor = self.gaz.actors.get(slug)
            if actor is None or actor.side is None:
                continue
            rank = {"think-tank": 0, "ngo": 0, "organisation": 1}.get(actor.kind, 2)
            if best is None or rank < best[0]:
                best = (rank, actor)
        if words & lx.ANALYST_WORDS:
            return "international", best[1] if best else None, 0.7
        if best is not None:
            return best[1].side, best[1], 0.8
        for t in tokens:
            actor = self.gaz.demonym_actor(t.text)
            if actor is not None and actor.side:
                return actor.side, None, 0.75
        # A state the gazetteer does not list ("Kazakh officials", "Georgia's foreign ministry") is
        # international — but only when it qualifies the phrase's own noun, not "maps from the
        # Soviet period".
        root = next((t for t in tokens if t.head.i not in ids or t.head.i == t.i), tokens[-1])
        for t in tokens:
            if t.ent_type_ in ("GPE", "NORP") and not t.ent_id_ and qualifies(t, root):
                return "international", None, 0.55
        if organisation_title([t.lower_ for t in tokens]):
            return "international", None, 0.5  # "Secretary-General X", "the co-chair"
        return None, None, 0.0

    # --- the main entry ----------------------------------------------------------------------------

    def resolve(self, head: Token, discourse: Discourse, *, outer: Speaker | None = None) -> list[Speaker]:
        """The speaker(s) the phrase headed by ``head`` names; [] when it names no one we track."""
        low = head.lower_
        # pronouns
        if low in lx.PRONOUNS_FIRST:
            return [outer] if outer else []
        if low in lx.PRONOUNS_PERSON | lx.PRONOUNS_THING and outer is None:
            # "Baku launched what it described as …": the subject of the clause around the
            # relative one is what the pronoun refers to
            antecedent = clause_antecedent(head)
            if antecedent is not None:
                found = self.resolve(antecedent, discourse)
                if len(found) == 1 and found[0].person == (low in lx.PRONOUNS_PERSON):
                    return [replace(found[0], text=head.text)]
        if low in lx.PRONOUNS_PERSON:
            sp = (outer if outer and outer.person else None) or discourse.recent_person()
            return [replace(sp, text=head.text, confidence=min(sp.confidence, 0.8))] if sp else []
        if low in lx.PRONOUNS_THING:
            sp = (outer if outer and not outer.person and not outer.plural else None) or discourse.recent(
                lambda s: not s.person and not s.plural, window=3
            )
            return [replace(sp, text=head.text, confidence=min(sp.confidence, 0.75))] if sp else []
        if low in lx.PRONOUNS_PLURAL:
            sp = discourse.recent(lambda s: not s.person, window=2)
            return [replace(sp, text=head.text, confidence=min(sp.confidence, 0.6))] if sp else []
        tokens = phrase_tokens(head)
        text = span_text(tokens)
        words = [t.lower_ for t in tokens]
        # "both sides", "each side", "officials from both sides"
        pairs = set(zip(words, words[1:], strict=False))
        counted = {c.lower_ for c in head.children if c.dep_ in ("det", "predet", "nummod", "preconj")}
        if (
            pairs & lx.TWO_SIDES
            or (counted & {"both", "two", "each"} and head.lower_ in lx.PARTY_GROUP_NOUNS)
            or both_parties(head, tokens)
        ):
            return [self._party_speaker(text, head, side) for side in PARTIES]
        if any(d.lower_ in lx.INDEFINITE_DETS for d in head.children if d.dep_ in ("det", "amod")):
            return []  # "some officials", "several Azerbaijani nationals": nobody identified
        # "Both the Armenian and the Russian defence ministries": one speaker per conjoined adjective
        conj_adjs = conjoined_modifiers(head)
        if len(conj_adjs) > 1:
            out = []
            for adj in conj_adjs:
                side, _, _ = self.side_from_words([adj])
                if side:
                    out.append(self._party_speaker(text, head, side))
            if len(out) > 1:
                return out
        # "the spokesperson", "the top diplomat": the person last introduced in that role
        holder = role_antecedent(head, tokens, discourse)
        if holder is not None:
            return [replace(holder, text=text, confidence=min(holder.confidence, 0.75))]
        if normalize(text) in lx.MEDIA_NAMES or normalize(head.text) in lx.MEDIA_NAMES:
            return []
        if not self.gaz.actors_named(text) and (head.lower_ in lx.NON_SPEAKERS or names_media(tokens)):
            return []
        # a text: its owner speaks ("the ministry's statement", "a Russian foreign ministry statement")
        if head.lower_ in lx.DOCUMENT_NOUNS:
            owners = document_owners(head)
            if len(owners) > 1:
                # "The joint statement, released by the office of Armenia's prime minister and the
                # administration of Azerbaijan's president": each publisher makes it
                found = [replace(sp, document=True) for o in owners for sp in self.resolve(o, discourse)]
                if found:
                    return found
            if not owners:
                # "The statement added …": the last institution that spoke — or, after a joint
                # statement, every publisher of it
                if any(d.lower_ == "the" for d in head.children):
                    found = discourse.last_statement_makers(window=2)
                    return [replace(sp, text=text, confidence=min(sp.confidence, 0.7)) for sp in found]
                return []
            owner_tokens = [t for o in owners for t in o.subtree]
            owner_tokens.sort(key=lambda t: t.i)
            sp = self._resolve_phrase(owner_tokens, owner_tokens[-1], discourse, [])
            if sp is None:
                return []
            sp = replace(sp, text=text, document=True)
            return [sp]
        if head.lower_ in lx.PERSON_ROLES and head.tag_.startswith("NN") and head.ent_type_ != "PERSON":
            # "Assistant to the President Hikmet Hajiyev" parsed with the name inside a phrase on
            # the title: the name speaks, the title stays in the speaker's words
            name = next(
                (t for t in head.subtree if t.ent_type_ == "PERSON" and t.i > head.i and t.i - head.i <= 8), None
            )
            if name is not None:
                end = name.i
                while (
                    end + 1 < len(head.doc)
                    and head.doc[end + 1].ent_type_ == "PERSON"
                    and head.doc[end + 1].ent_iob_ == "I"
                ):
                    end += 1
                name_head = head.doc[end]
                sp = self._resolve_phrase(phrase_tokens(name_head), name_head, discourse, tokens)
                if sp is not None:
                    return [replace(sp, text=head.doc[min(t.i for t in tokens) : end + 1].text)]
        # what the text says about a named person: appositive and relative clause ("Shahin
        # Mustafayev, who leads the Azerbaijani commission"); about anything else, the appositive
        appos = person_context(head) if head.tag_ == "NNP" or head.ent_type_ == "PERSON" else appositive_tokens(head)
        # "the head of parliament's foreign relations committee, Eduard Aghajanyan": the name speaks
        if appos and not any(t.ent_type_ == "PERSON" for t in tokens):
            names = [t for t in appos if t.ent_type_ == "PERSON"]
            if names and names[-1].head.i == appos[0].head.i or (names and names[-1].dep_ == "appos"):
                name_head = names[-1]
                name_tokens = phrase_tokens(name_head)
                sp = self._resolve_phrase(name_tokens, name_head, discourse, tokens)
                if sp is not None:
                    return [sp]
        sp = self._resolve_phrase(tokens, head, discourse, appos)
        if sp is not None and not sp.person:
            remember_titled_name(tokens, sp, discourse)
        return [sp] if sp is not None else []

    # --- helpers -----------------------------------------------------------------------------------

    def _possessive_place(self, tokens: list[Token], discourse: Discourse) -> Speaker | None:
        """ "The country's State Commission …", "the region's authorities": the country the
        article has just been quoting, or the authorities of the region it last named."""
        poss = next((t for t in tokens if t.dep_ == "poss" and t.lower_ in ("country", "region")), None)
        if poss is None or not any(c.lower_ in ("the", "that", "this") for c in poss.children):
            return None
        if poss.lower_ == "country":
            # "Azeri authorities have not commented on Armenia's claims, but that country's
            # defence ministry …": the party of the last subject before it in the sentence (the
            # topic, not any country named in passing), else the country last quoted
            sent = poss.sent
            for tok in reversed(sent.doc[sent.start : poss.i]):
                subject = tok.dep_ in ("nsubj", "nsubjpass") or tok.head.dep_ in ("nsubj", "nsubjpass")
                if subject and (tok.ent_type_ in ("GPE", "NORP") or self.gaz.demonym_actor(tok.text) is not None):
                    party = self._place_party(tok.text) or self.gaz.demonym_actor(tok.text)
                    if party is not None and party.side in PARTIES + ("russian",):
                        keywords = institution_words({t.lower_ for t in tokens})
                        return self._institution_speaker(
                            span_text(tokens), keywords, self.gaz.government_of(party.country) or party, tokens[-1], 0.6
                        )
            return discourse.recent(lambda s: s.country is not None and not s.person, window=2)
        spans = [s for s in poss.doc.spans.get("gazetteer", []) if s.end <= poss.i and s.id_ in self.gaz.places]
        for span in reversed(spans):
            place = self.gaz.places[span.id_]
            if place.kind != "region":
                continue
            actor = self.gaz.actor_named(f"{place.name} authorities")
            if actor is not None and actor.side:
                return Speaker(poss.text, actor.side, actor, country=actor.country, confidence=0.6,
                               key=actor.slug, institution=institution_of(actor))  # fmt: skip
            return None
        return None

    def _local_party(self, head: Token) -> Actor | None:
        """The party whose capital the clause of ``head`` is set in ("In Baku, the ministry said")."""
        verb = head.head
        while verb.head.i != verb.i and not verb.tag_.startswith("VB"):
            verb = verb.head
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ != "in" or prep.i > head.i:
                continue
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.tag_ == "NNP":
                    actor = self._place_party(span_text(phrase_tokens(obj)))
                    if actor is not None and actor.kind == "government":
                        return actor
        return None

    def _institution_speaker(self, text: str, keywords: tuple[str, ...], party: Actor, head: Token, conf: float):
        actor = self.gaz.institution(keywords, party.country, party.side) if keywords else None
        if actor is None and not keywords and head.lower_ in ("government", "authorities", "leadership"):
            actor = party
        return Speaker(
            text,
            party.side,
            actor,
            name=actor.label if actor else None,
            plural=head.tag_ in ("NNS", "NNPS"),
            country=party.country,
            confidence=conf,
            key=actor.slug if actor else f"{party.side}:{head.lower_}",
            institution=institution_of(actor) if actor else head.lower_,
        )

    def _party_speaker(self, text: str, head: Token, side: str) -> Speaker:
        demonym = _PARTY_DEMONYM[side]
        actor = None
        noun = head.lower_
        if noun not in ("side", "sides", "party", "parties", "countries", "nations"):
            actor = self.gaz.actor_named(f"{demonym} {noun}") or self.gaz.actor_named(f"{demonym} {noun.rstrip('s')}")
            if actor is None and noun in ("ministries", "ministry"):
                mods = {c.lower_ for c in head.children}
                keywords = ("defence",) if mods & {"defence", "defense"} else ("foreign affairs",)
                actor = self.gaz.institution(keywords, _PARTY_COUNTRY[side], side)
        if actor is None:
            actor = self.gaz.government_of(_PARTY_COUNTRY[side])
        return Speaker(
            text=text,
            side=side,
            actor=actor,
            plural=True,
            country=_PARTY_COUNTRY[side],
            confidence=0.8,
            key=f"{actor.slug if actor else side}",
        )

    def _person(self, name_tokens: list[Token], discourse: Discourse) -> Speaker | None:
        words = [t for t in name_tokens if t.lower_ not in _TITLES]
        if not words:
            return None
        full = span_text(words)
        surname = words[-1].text
        candidates = self.gaz.actors_named(full)
        people = [a for a in candidates if a.is_person]
        if len(words) == 1 or (len(name_tokens) > len(words) and len(words) == 1):
            # a bare surname or "Mr. Aliyev": the last person of that name in this article first
            seen = discourse.person_named(surname)
            if seen is not None:
                return replace(seen, text=span_text(name_tokens))
        if people:
            actor = people[0]
            return Speaker(
                text=span_text(name_tokens),
                side=actor.side,
                actor=actor,
                person=True,
                surname=actor.surname,
                country=actor.country,
                confidence=0.9,
                key=actor.slug,
            )
        if len(words) == 1:
            return None
        return Speaker(
            text=span_text(name_tokens), side=None, name=full, person=True, surname=surname, key=normalize(full)
        )

    def _resolve_phrase(
        self, tokens: list[Token], head: Token, discourse: Discourse, context: list[Token]
    ) -> Speaker | None:
        text = span_text(tokens)
        if not tokens:
            return None
        # 1. a person's name in the phrase ("Armenian Foreign Minister Ararat Mirzoyan")
        person_tokens = [t for t in tokens if t.ent_type_ == "PERSON" and t.i <= head.i]
        # a name the model mistook for a place or an organisation, set off by a person's role
        # ("Marina Ohanyan, a researcher at …")
        untagged_name = head.tag_ == "NNP" and not head.ent_id_ and names_a_role(context)
        if head.ent_type_ == "PERSON" or (person_tokens and person_tokens[-1].i == head.i) or untagged_name:
            start = head.i
            if head.ent_type_ == "PERSON":
                while (
                    start - 1 >= tokens[0].i
                    and head.doc[start].ent_iob_ != "B"
                    and head.doc[start - 1].ent_type_ == "PERSON"
                ):
                    start -= 1
            else:
                while start - 1 >= tokens[0].i and head.doc[start - 1].tag_ == "NNP" and start > head.i - 3:
                    start -= 1
            name_tokens = [t for t in tokens if start <= t.i <= head.i]
            titled = [t for t in tokens if t.i < start and t.lower_ in _TITLES]
            sp = self._person(titled + name_tokens, discourse)
            if sp is not None:
                if sp.side is None:
                    # only what the text says about them gives a side; a surname is no evidence
                    side, via, conf = self.side_from_words(tokens[: len(tokens)] + context)
                    if side is None and {t.lower_ for t in tokens} & lx.STATE_TITLE_WORDS:
                        # "Foreign ministry spokesman Saeed Khatibzadeh" right after Iran spoke:
                        # the ministry is that state's
                        state = discourse.recent(lambda s: s.country is not None and not s.person, window=2)
                        if state is not None:
                            side, conf = state.side, 0.6
                    sp = replace(sp, side=side, confidence=conf * 0.9)
                return replace(sp, text=text)
        if head.tag_ in ("NNP",) and len(tokens) <= 3:
            # a bare surname ("Tsereteli said", "Grigoryan said"), whatever the model tagged it
            seen = discourse.person_named(head.text)
            if seen is not None:
                return replace(seen, text=text)
        if head.tag_ in ("NNP",) and len(tokens) <= 3 and head.ent_type_ not in ("ORG", "GPE", "NORP", "LOC", "FAC"):
            people = [a for a in self.gaz.actors_named(head.text) if a.is_person]
            if people:
                actor = people[0]
                return Speaker(text, actor.side, actor, person=True, surname=actor.surname,
                               country=actor.country, confidence=0.8, key=actor.slug)  # fmt: skip
        # 2. the whole phrase is a gazetteer name ("Azerbaijan's Defense Ministry", "Moscow")
        for cand in candidate_texts(tokens, head):
            actors = self.gaz.actors_named(cand)
            if actors:
                actor = actors[0]
                if actor.is_person and len(actors) > 1:
                    seen = discourse.person_named(actor.surname)
                    if seen is not None:
                        return replace(seen, text=text)
                return Speaker(
                    text=text,
                    side=actor.side,
                    actor=actor,
                    person=actor.is_person,
                    plural=head.tag_ in ("NNS", "NNPS"),
                    surname=actor.surname or None,
                    country=actor.country,
                    confidence=0.9,
                    key=actor.slug,
                    institution=institution_of(actor),
                )
        # 3. a bare description: "the ministry", "the Ministry of Defence", "the Foreign Ministry"
        words = {t.lower_ for t in tokens}
        side, via, conf = self.side_from_words(tokens)
        if side is None:
            owner = self._possessive_place(tokens, discourse)
            if owner is not None:
                return replace(owner, text=text, confidence=min(owner.confidence, 0.6))
        if side is None and head.lower_ in lx.INSTITUTION_HEADS | set(lx.INSTITUTION_KEYWORDS):
            keywords = tuple(k for w in sorted(words) for k in lx.INSTITUTION_KEYWORDS.get(w, ()))
            # "In Baku, the defence ministry said …": the place the clause is set in decides
            local = self._local_party(head)
            if local is not None:
                return self._institution_speaker(text, keywords, local, head, 0.75)
            # "the ministry", "the service", "the press service": the speaker last described so —
            # the nearest one, even when an earlier speaker was called by these very words
            same = discourse.recent(lambda s: describes(s, head.lower_, keywords), window=6)
            if same is not None:
                return replace(same, text=text, confidence=min(same.confidence, 0.75))
            # the same words as an earlier speaker, however far back ("the ministry's press service")
            key = normalize(text)
            same = discourse.recent(lambda s: not s.person and normalize(s.text) == key, window=10_000)
            if same is not None:
                return replace(same, text=text)
            if head.lower_ in ("ministry",) and not keywords:
                prev = discourse.recent(lambda s: s.institution == "ministry" and s.country is not None, window=4)
                if prev is not None:
                    return replace(prev, text=text, confidence=min(prev.confidence, 0.75))
            prev_ministry = discourse.recent(
                lambda s: s.country is not None and s.institution is not None
                and all(k in (s.actor.name.lower() if s.actor else "") for k in keywords),
                window=6,
            ) if keywords else None  # fmt: skip
            if prev_ministry is not None:
                return replace(prev_ministry, text=text, confidence=min(prev_ministry.confidence, 0.75))
            prev = discourse.recent(lambda s: s.country is not None, window=4)
            if prev is not None and keywords:
                actor = self.gaz.institution(keywords, prev.country, prev.side)
                if actor is not None:
                    return Speaker(text, actor.side, actor, country=actor.country, confidence=0.7,
                                   key=actor.slug, institution=institution_of(actor))  # fmt: skip
            if self.home is not None and not discourse.speakers:
                # nothing said yet: the story's own country speaks, as its dateline shows
                return self._institution_speaker(text, keywords, self.home, head, 0.6)
            return None
        if side is None:
            side, via, conf = self.side_from_words(context) if context else (None, None, 0.0)
            if side is None:
                # An organisation the gazetteer does not know could be on any side (or a
                # newspaper): no side rather than a guess.
                if head.ent_type_ in ("ORG",) and head.tag_.startswith("NNP"):
                    return Speaker(text, None, None, name=text, confidence=0.3, key=normalize(text))
                return None
        actor = via if via is not None and normalize(via.name) == normalize(text) else None
        country = _PARTY_COUNTRY.get(side)
        if actor is None and side in _PARTY_COUNTRY:
            # "Azerbaijan's military", "Armenian forces": the party's matching institution
            inst = institution_words(words)
            if inst:
                actor = self.gaz.institution(inst, country, side)
        return Speaker(
            text=text,
            side=side,
            actor=actor,
            name=actor.label if actor else None,
            plural=head.tag_ in ("NNS", "NNPS"),
            country=country,
            confidence=conf,
            key=actor.slug if actor else f"{side}:{normalize(text)}",
            institution=institution_of(actor) if actor else None,
        )
