"""Token-level reading of speaker phrases: where a phrase begins and ends, what is said about a
named person, who a statement is by, and which words mark media or a person's role. Used by
:class:`sources.nlp.resolve.Resolver`."""

from __future__ import annotations

import re

from spacy.tokens import Token

from . import lexicon as lx
from .cues import expand_conjuncts
from .discourse import Speaker
from .gazetteer import Actor


def phrase_tokens(head: Token) -> list[Token]:
    """The speaker phrase around ``head``: determiners, titles, compounds, possessives and
    prepositional modifiers, without appositives or clauses set off by commas."""
    keep: list[Token] = []

    def walk(tok: Token) -> None:
        for child in tok.children:
            if child.dep_ in ("appos", "relcl", "acl", "cc", "conj", "advmod", "preconj"):
                continue
            if child.dep_ == "punct" and child.tag_ != "HYPH":
                continue
            if child.dep_ == "prep" and child.lower_ not in ("of", "from", "in", "at", "for", "on"):
                continue
            if (
                child.dep_ == "prep"
                and child.lower_ == "on"
                and any(g.ent_type_ in ("DATE", "TIME") for g in child.subtree)
            ):
                continue  # "the ministry on Tuesday"; but "officials on both sides"
            walk(child)
            keep.append(child)

    walk(head)
    keep.append(head)
    keep.sort(key=lambda t: t.i)
    # keep one contiguous run around the head (a gap means a parenthetical we skipped)
    run = [head]
    for t in reversed([t for t in keep if t.i < head.i]):
        if t.i == run[0].i - 1:
            run.insert(0, t)
    for t in [t for t in keep if t.i > head.i]:
        if t.i == run[-1].i + 1:
            run.append(t)
    # the parser splits names at "and" ("Organization for Security and Co-operation in Europe"):
    # a gazetteer name around the head is one phrase, whatever the parse says
    doc = head.doc
    for span in doc.spans.get("gazetteer", []):
        if span.start <= head.i < span.end and (span.start < run[0].i or span.end > run[-1].i + 1):
            run = sorted({*run, *span}, key=lambda t: t.i)
            run = [doc[i] for i in range(run[0].i, run[-1].i + 1)]
    while run and (run[-1].is_punct or run[-1].is_space):
        run.pop()
    while run and (run[0].is_punct or run[0].lower_ in ("both",) and len(run) > 1 and run[1].lower_ == "the"):
        run.pop(0)
    return run


def appositive_tokens(head: Token) -> list[Token]:
    out: list[Token] = []
    for child in head.children:
        if child.dep_ == "appos":
            out.extend(child.subtree)
    # "Neil Melvin, director of …," parsed as a conj or a dangling npadvmod: the phrase after the comma
    if not out and head.i + 2 < len(head.doc) and head.nbor(1).text == ",":
        nxt = head.nbor(2)
        if nxt.head == head and nxt.dep_ in ("conj", "npadvmod", "dep"):
            out.extend(nxt.subtree)
    return out


def span_text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def names_media(tokens: list[Token]) -> bool:
    """ "state news agency APA", "Armenian media", "the newspaper" — but not "the U.S. Agency for
    International Development": an agency is a news agency only when the phrase says so."""
    words = {t.lower_ for t in tokens}
    if words & (lx.MEDIA_WORDS - {"agency", "agencies"}):
        return True
    agency = words & {"agency", "agencies"}
    if agency and len(tokens) <= 2 and not any(t.tag_.startswith("NNP") for t in tokens):
        return True  # "the agency", "agencies" with nothing else: in news copy, a news agency
    return bool(agency) and bool(words & {"news", "press", "information", "telegraph", "wire"})


def qualifies(tok: Token, root: Token) -> bool:
    """Whether ``tok`` is ``root`` or one of its own modifiers (through compounds)."""
    while tok.i != root.i:
        if tok.dep_ not in ("amod", "compound", "poss", "nmod", "case") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return True


def clause_antecedent(pronoun: Token) -> Token | None:
    """The subject of the clause that a free relative ("what it described as …", "which he
    called …") sits in, when the pronoun is that relative clause's subject."""
    verb = pronoun.head
    if pronoun.dep_ != "nsubj" or not verb.tag_.startswith("VB"):
        return None
    wh = [c for c in verb.children if c.lower_ in ("what", "which") and c.dep_ in ("dobj", "nsubj", "attr")]
    if verb.dep_ == "relcl" and verb.head.i < pronoun.i:
        holder = verb.head.head  # "a route …, which he calls …": the clause the noun is in
    elif wh and verb.dep_ in ("ccomp", "dobj", "pobj", "xcomp"):
        holder = verb.head
    else:
        return None
    subjects = [c for c in holder.children if c.dep_ in ("nsubj",) and c.i < pronoun.i]
    if not subjects or subjects[0].lower_ in lx.RELATIVE or subjects[0].tag_ == "PRP":
        return None
    return subjects[0]


def document_owners(head: Token) -> list[Token]:
    """Who a statement, report or release is by: "the ministry's statement", "a statement from
    Baku", "the statement released by X and Y", "X issued a statement"."""
    owners = [c for c in head.children if c.dep_ in ("poss", "compound")]
    owners += [g for c in head.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of") for g in c.children]
    for acl in (c for c in head.children if c.dep_ == "acl" and c.tag_ == "VBN"):
        owners += [p for a in acl.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
    if not owners and head.dep_ == "dobj" and head.head.lower_ in lx.LIGHT_VERBS:
        owners = [c for c in head.head.children if c.dep_ == "nsubj"]
    out: list[Token] = []
    for o in expand_conjuncts(owners):  # conjuncts included, and institutions hung inside an of-phrase
        if o not in out and o.lower_ not in lx.DOCUMENT_NOUNS and o.dep_ != "cc":
            out.append(o)
    return out


def names_a_role(tokens: list[Token]) -> bool:
    return any(t.lower_ in lx.PERSON_ROLES and t.tag_ in ("NN", "NNS", "NNP") for t in tokens)


def person_context(root: Token) -> list[Token]:
    """What the text says about a named person right after the name: appositive, relative clause."""
    out = list(appositive_tokens(root))
    for child in root.children:
        if child.dep_ in ("relcl", "acl") and child.i > root.i:
            out.extend(child.subtree)
    return sorted(set(out), key=lambda t: t.i)


def describes(speaker: Speaker, noun: str, keywords: tuple[str, ...]) -> bool:
    """Whether ``speaker`` (an institution) could be called "the <noun>" — the ministry, the service."""
    if speaker.person or speaker.document:
        return False
    name = (speaker.actor.name if speaker.actor else speaker.name or "").lower()
    if keywords and not all(k in name for k in keywords):
        return False
    said = f"{speaker.text} {name}".lower()
    return re.search(rf"\b{re.escape(noun.rstrip('s'))}", said) is not None


def institution_of(actor: Actor | None) -> str | None:
    if actor is None:
        return None
    name = actor.name.lower()
    if "ministry" in name:
        return "ministry"
    if "armed forces" in name or actor.kind == "military":
        return "military"
    if actor.kind == "government":
        return "government"
    return actor.kind


def institution_words(words: set[str]) -> tuple[str, ...]:
    if words & {"ministry", "ministries"}:
        if words & {"defence", "defense"}:
            return ("defence",)
        if "foreign" in words:
            return ("foreign affairs",)
        return ()
    if words & {"military", "army", "forces", "troops"}:
        return ("armed forces",)
    return ()


def conjoined_modifiers(head: Token) -> list[Token]:
    """The coordinated modifiers of a speaker noun, one speaker each: "the Armenian and the Russian
    ministries", "the foreign ministries of Armenia and Azerbaijan", "officials in Baku and Yerevan"."""
    for child in head.children:
        if child.dep_ in ("amod", "compound") and child.conjuncts:
            return sorted([child, *child.conjuncts], key=lambda t: t.i)
    # the small model often hangs both adjectives on the noun with a loose "and" between them
    # ("Azerbaijani and Armenian forces" as amod cc amod): the coordination is still there
    mods = [c for c in head.children if c.dep_ in ("amod", "compound", "nmod") and c.i < head.i]
    for a, b in zip(mods, mods[1:], strict=False):
        between = head.doc[a.i + 1 : b.i]
        if len(between) and all(t.tag_ == "CC" or t.text == "," for t in between):
            return [a, b]
    if head.tag_ in ("NNS", "NNPS"):
        # "the foreign ministries of Armenia and Azerbaijan", "officials in Baku and Yerevan"
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "in", "from"):
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj.conjuncts:
                        return sorted([obj, *obj.conjuncts], key=lambda t: t.i)
    return []


def candidate_texts(tokens: list[Token], head: Token) -> list[str]:
    """The texts a speaker phrase may be listed under in the gazetteer, longest first."""
    texts = [span_text(tokens)]
    trimmed = [t for t in tokens if t.dep_ not in ("det", "predet") and t.lower_ not in ("local", "both")]
    if trimmed:
        texts.append(span_text(trimmed))
        texts.append(" ".join(t.text for t in trimmed))
    # the compound chain up to the head ("Armenia's defence ministry" inside a longer phrase)
    chain = [t for t in tokens if t.i <= head.i and t.dep_ in ("compound", "poss", "amod", "case") or t.i == head.i]
    if chain:
        texts.append(" ".join(t.text for t in chain))
    return texts
