"""What a reporting cue is, and the grammar the cue finders share: quotation marks, verbs and
their subjects, subtrees.

:mod:`sources.nlp.attribution` finds verb cues ("said", "accused", "called for") and
:mod:`sources.nlp.nominal` the others ("according to", "claims by X", "in her view", "with the
stated aim of"); both build :class:`Cue` objects with these helpers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from . import lexicon as lx

_QUOTING = {"quoted", "quoting", "quote", "quotes", "cited", "citing", "cite", "cites"}
_OPEN_QUOTES = {"“", "«", "„"}
_CLOSE_QUOTES = {"”", "»"}


@dataclass
class Cue:
    token: Token
    phrase: str
    lemma: str
    stance: str | None  # the stance the cue word carries; None when the content decides
    kind: str  # verb | according | nominal | purpose
    speakers: list[Token] = field(default_factory=list)  # heads of the speaker phrases
    content: list[Token] = field(default_factory=list)  # in text order
    shares_subject: bool = False  # a conjoined verb or participle without its own subject
    participial: bool = False  # "…, saying/adding/stating that …"
    clausal: bool = False  # has a clause (not only a noun phrase) as content
    in_quote: bool = False
    document: bool = False  # the speaker phrase names a text ("the ministry's statement")
    parent: Cue | None = None  # the cue whose content holds this one

    @property
    def start(self) -> int:
        return self.token.i


def quote_mask(sent: Span) -> set[int]:
    """Token indexes inside quotation marks (curly or straight) in ``sent``."""
    inside: set[int] = set()
    depth = 0
    straight_open = False
    for tok in sent:
        t = tok.text
        if t in _OPEN_QUOTES or (t == "``"):
            depth += 1
            continue
        if t in _CLOSE_QUOTES or t == "''":
            depth = max(0, depth - 1)
            continue
        if t == '"':
            straight_open = not straight_open
            continue
        if depth > 0 or straight_open:
            inside.add(tok.i)
    return inside


def is_verb(tok: Token) -> bool:
    return tok.tag_.startswith("VB") or tok.tag_ == "MD"


def negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    head = tok.head
    # "declined to say", "refused to confirm", "did not want to comment"
    if tok.dep_ == "xcomp" and head.lower_ in {
        "declined", "refused", "failed", "decline", "refuse", "refrained", "expected", "likely",
        "unable",
    }:  # fmt: skip
        return True
    return any(c.dep_ == "advmod" and c.lower_ in ("reportedly", "allegedly") for c in tok.children)


def subtree_ids(tok: Token) -> set[int]:
    return {t.i for t in tok.subtree}


def verb_subjects(verb: Token) -> tuple[list[Token], bool]:
    """The subject heads of ``verb`` and whether they were inherited from another verb."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj",)]
    if not subjects and verb.tag_ in ("NN", "NNS") and verb.dep_ == "ROOT":
        # a headline's verb read as a noun ("Azerbaijan and Armenia report shelling …"): the
        # names in front of it are its subjects
        subjects = [c for c in verb.children if c.dep_ in ("nmod", "compound") and c.i < verb.i and c.tag_ == "NNP"]
    if subjects:
        if subjects[0].lower_ in lx.RELATIVE and verb.dep_ == "relcl":
            return [verb.head], False
        return subjects, False
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    if passive:
        for c in verb.children:
            if c.dep_ == "agent":
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if objs:
                    return objs, False
        return [], False
    head = verb.head
    if verb.dep_ in ("conj", "xcomp") and head.i != verb.i and is_verb(head):
        subjects, _ = verb_subjects(head)
        return subjects, True
    if verb.dep_ in ("advcl", "xcomp") and verb.tag_ == "VBG" and head.i != verb.i:
        if head.lower_ in _QUOTING:
            objs = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
            return objs, True
        if is_verb(head):
            subjects, _ = verb_subjects(head)
            if (
                not subjects or all(s.dep_ == "expl" or s.lower_ == "there" for s in subjects)
            ) and head.dep_ == "ccomp":
                # "said that there would be no Armenians left …, calling the exodus …": the
                # participle hangs on the reported clause but goes with the one who said it
                subjects, _ = verb_subjects(head.head)
            return subjects, True
    if (
        verb.dep_ == "advcl"
        and verb.tag_ in ("VBD", "VBZ", "VBP")
        and not any(c.dep_ in ("mark", "aux") for c in verb.children)
        and is_verb(head)
        and head.tag_ in ("VBD", "VBN")
    ):
        # "The contingent temporarily deployed in … reported no violations": the participle
        # phrase on the subject was parsed as the main verb
        subjects, _ = verb_subjects(head)
        return subjects, False
    finite = verb.tag_ in ("VBD", "VBZ", "VBP", "VBG")
    if verb.dep_ in ("acl", "relcl") and head.tag_ in ("NN", "NNS", "NNP", "NNPS") and finite:
        # "Polyansky, Moscow's deputy envoy, called for …" parsed as a clause on the name
        return [head], verb.tag_ == "VBG"
    if verb.dep_ == "pcomp" and head.lower_ == "as" and head.head.lower_ in _QUOTING:
        # "Peskov was cited by Interfax as saying …", "Interfax quoted Peskov as saying …"
        quoting = head.head
        return [c for c in quoting.children if c.dep_ in ("nsubjpass", "dobj")], True
    if verb.dep_ == "pcomp" and head.lower_ == "with":
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "npadvmod")]
        return subj, False
    return [], False


def expand_conjuncts(heads: list[Token]) -> list[Token]:
    out: list[Token] = []
    # "co - chair" tokenised apart and each piece made a subject: the last piece is the noun
    heads = [
        h
        for h in heads
        if h.text != "-" and not (h.i + 1 < len(h.doc) and h.nbor(1).text == "-" and h.nbor(1) in heads)
    ]
    # "United Nations (UN) Secretary-General Antonio Guterres and … George Tsereteli": a list of
    # names the parser hung on the first noun as appositives
    named = [a for h in heads for a in h.children if a.dep_ == "appos" and a.ent_type_ == "PERSON"]
    if len(heads) == 1 and len(named) >= 2:
        return sorted(named, key=lambda t: t.i)
    for h in heads:
        # "The United Nations, the OSCE and the United States": a list the parser read as the
        # first name with an appositive that has the rest as its conjuncts
        listed = [
            g for a in h.children
            if a.dep_ == "appos" and a.i > h.i and a.tag_ in ("NNP", "NNPS") and a.conjuncts
            and a.doc[a.i - 1].text == "," and a.ent_type_ != "PERSON"
            for g in (a, *a.conjuncts)
        ]  # fmt: skip
        # "the office of Armenia's prime minister and the Azerbaijani government": the second
        # institution hung as a conjunct inside the first one's of-phrase is a speaker of its own
        listed += [
            c for p in h.children if p.dep_ == "prep" and p.lower_ == "of"
            for o in p.children if o.dep_ == "pobj"
            for c in o.conjuncts
            if c.i > h.i and c.lower_ in lx.INSTITUTION_HEADS and any(d.lower_ == "the" for d in c.children)
        ]  # fmt: skip
        names = [sp for sp in h.doc.spans.get("gazetteer", []) if sp.start <= h.i < sp.end]
        for t in (h, *h.conjuncts, *listed):
            if any(sp.start <= t.i < sp.end for sp in names) and t is not h:
                continue  # "Bosnia and Herzegovina": one name the parser split at "and"
            if t not in out and t.tag_ not in ("CC", ","):
                out.append(t)
    out.sort(key=lambda t: t.i)
    return out


def infinitive(verb: Token) -> bool:
    """A bare to-infinitive clause ("… to observe the ceasefire"), not "in order to" or "as"."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and not any(
        c.dep_ == "mark" for c in verb.children
    )
