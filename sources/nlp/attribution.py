"""Reporting cues in a sentence and, for each, who speaks and what is said — from the parse.

A cue is a reporting verb ("said", "accused", "called for"), "according to", a nominal claim
("claims by X that …", "X's plea for …") or a stated purpose ("with the stated aim of …"). For
each cue this module finds the tokens naming the speaker(s) and the tokens of the content, and
records how it relates to other cues of the sentence (sharing a subject, nested in another
cue's content, inside a quotation). Verb cues are found here, the others in
:mod:`sources.nlp.nominal`. Resolving speakers to actors and sides is :mod:`sources.nlp.resolve`'s
job.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from . import lexicon as lx
from .casualty_words import category
from .cues import Cue, expand_conjuncts, infinitive, is_verb, negated, quote_mask, subtree_ids, verb_subjects
from .headlines import colon_cue, headline_cue
from .nominal import according_cue, nominal_cue, purpose_cue, read_cue, relative_denial_cue, view_cue

__all__ = ["Cue", "find_cues", "quote_mask"]

_CONTENT_DEPS = {
    "ccomp", "xcomp", "dobj", "dative", "prep", "advcl", "oprd", "attr", "acomp", "parataxis",
    "npadvmod", "obj", "prt", "conj", "pcomp",
}  # fmt: skip


def _framing_as(verb: Token) -> bool:
    """ "As the ministry reported earlier, …": the cue frames the main clause."""
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)


def _content_of_verb(verb: Token, speakers: list[Token], sent: Span) -> tuple[list[Token], bool]:
    exclude: set[int] = {verb.i}
    own = subtree_ids(verb)
    for s in speakers:
        # the speaker may be the verb's head ("Polyansky, …, called for": an acl)
        exclude |= subtree_ids(s) - own if verb.i in subtree_ids(s) else subtree_ids(s)
    ids: set[int] = set()
    clausal = False
    noun_verb = verb.tag_ in ("NN", "NNS")  # a headline verb the tagger read as a noun
    for child in verb.children:
        if (child.dep_ not in _CONTENT_DEPS and not (noun_verb and child.dep_ == "acl")) or child.i in exclude:
            continue
        if child.dep_ == "conj" and is_verb(child):
            own_subject = any(g.dep_ in ("nsubj", "nsubjpass") for g in child.children)
            if not own_subject and child.lower_ not in lx.VERB_FORMS and any(category(t) for t in child.subtree):
                # "said one soldier was wounded, but later revised the figures to two dead": the
                # speaker's own correction goes with what it said
                ids |= subtree_ids(child)
            continue  # a conjoined verb is its own cue or its own clause
        if child.dep_ == "advcl":
            if infinitive(child):
                ids |= subtree_ids(child)  # "called on Baku to observe …": what is asked for
            elif child.lower_ not in lx.VERB_FORMS and any(category(t) for t in child.subtree):
                # "accused X of firing …, because of which one serviceman was wounded", "…,
                # killing two": the toll the charge goes with is part of the claim
                ids |= subtree_ids(child)
            continue  # "…, saying …" is a cue of its own; "while …", "as …" frame, not content
        if child.dep_ in ("ccomp", "parataxis"):
            clausal = True  # a proposition of its own ("said that …"), not just an act ("offered to")
        elif child.dep_ in ("dobj", "dative") and _that_clause(child):
            clausal = True  # "told a briefing that …" with the clause hung on the audience
        if (
            child.dep_ == "prep"
            and child.lower_ in ("in", "on", "at", "during", "via")
            and not any(g.dep_ in ("pcomp",) for g in child.children)
        ):
            # "in a statement", "on Twitter": where it was said, not what — unless the parser
            # hung the that-clause inside the phrase ("said in a statement that …", "said on the
            # first day of the fighting that …")
            clause = next(
                (
                    c for c in child.subtree
                    if c.dep_ in ("acl", "relcl", "ccomp") and c.i > child.i
                    and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                ),
                None,
            )  # fmt: skip
            if clause is not None:
                first = min(t.i for t in clause.subtree)
                ids |= {i for i in subtree_ids(child) if i >= first}
                clausal = True
            continue
        ids |= subtree_ids(child)
    if any(c.dep_ == "auxpass" for c in verb.children):
        # "The attack was condemned by the EU": what is condemned is the passive subject
        for child in verb.children:
            if child.dep_ in ("nsubjpass", "csubjpass"):
                ids |= subtree_ids(child)
    ids -= exclude
    if not ids and _framing_as(verb):
        ids = subtree_ids(verb.head) - subtree_ids(verb) - exclude
        clausal = True
    if clausal and all(c.i < verb.i for c in verb.children if c.dep_ in ("ccomp", "parataxis")):
        # '"A. B," the spokesman told reporters': the parser took only the quote's last sentence
        # as the complement; the whole quotation before the verb is what was said
        ids |= {i for i in quote_mask(sent) if i < verb.i and i not in exclude}
    if not clausal:
        # Trailing attribution: "“…,” the ministry said." / "…, officials say." The content is
        # the rest of the sentence (the quote may even sit in a sentence the parser split off).
        quotes = quote_mask(sent)
        own = subtree_ids(verb)
        rest = {t.i for t in sent if t.i not in own and t.i not in exclude and not t.is_space and not t.is_punct}
        # "…," he told the Security Council: an audience is not what was said
        audience_only = lx.VERB_FORMS.get(verb.lower_) == "tell" and all(
            c.dep_ in ("dobj", "dative", "prep", "npadvmod") for c in verb.children if c.i in ids
        )
        quoted_before = (not ids or audience_only) and any(i in quotes and i < verb.i for i in rest)
        clause_before = not ids and verb.dep_ in ("ccomp", "parataxis") and verb.head.i < verb.i
        if (
            (quoted_before or clause_before)
            and not any(c.dep_ in ("ccomp", "xcomp") for c in verb.children)
            or not ids
            and verb.dep_ == "ROOT"
            and any(t.tag_.startswith("VB") for t in sent if t.i in rest)
        ):
            ids |= rest
            clausal = True
    doc = verb.doc
    return [doc[i] for i in sorted(ids) if not doc[i].is_space], clausal


# Verbs whose quoted object is itself the claim ("declared an 'anti-terrorist' campaign").
QUOTED_OBJECT_OK = {"declare", "announce", "add", "write", "tweet", "warn", "note", "stress", "state"}


def _that_clause(noun: Token) -> bool:
    """Whether a that-clause with its own subject hangs on ``noun`` (a misparse of "told a
    briefing that X was …" as a relative clause on "briefing")."""
    return any(
        c.dep_ in ("relcl", "acl", "ccomp")
        and any(m.lower_ == "that" and m.dep_ in ("mark", "nsubj") for m in c.children)
        and any(g.dep_ in ("nsubj", "nsubjpass") and g.lower_ != "that" for g in c.children)
        for c in noun.children
    )


def _reported_event(tok: Token) -> bool:
    """Whether ``tok`` names an event that "reported/confirmed X" makes a claim about: a toll or
    an attack ("confirmed the deaths", "reported an attack", "reported a shootout"), or an event
    nominal ("confirmed the downing of …", "reported the killing of …")."""
    w = tok.lower_
    if w in lx.REPORTED_NOUNS or w in lx.ATTACK_WORDS or w in lx.EVENT_NOUNS:
        return True
    return tok.tag_ in ("NN", "VBG") and w.endswith("ing") and any(c.lower_ == "of" for c in tok.children)


def _verb_cue(tok: Token, sent: Span) -> Cue | None:
    lemma = lx.VERB_FORMS.get(tok.lower_)
    if lemma is None or not is_verb(tok) and not (tok.tag_ in ("NN", "NNS") and tok.dep_ == "ROOT"):
        return None
    if tok.dep_ in ("amod", "compound") or negated(tok):
        return None
    if tok.dep_ in ("csubj", "csubjpass"):
        return None  # "what they dispute is who checks the lorries": a clause used as a noun
    if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in tok.children):
        return None  # "asked whether Yerevan would call on its allies": a question, not a claim
    if lemma == "ask" and (
        tok.tag_ == "VBN"
        and tok.dep_ in ("advcl", "acl")
        or any(g.dep_ == "mark" and g.lower_ in ("whether", "if") for c in tok.children for g in c.children)
    ):
        return None  # "Asked whether Yerevan would …, Grigoryan said": the speaker was asked
    stance = lx.VERB_STANCE.get(lemma)
    phrase = tok.text
    if lemma == "point":
        # "pointed out that …", "pointed to the violations as proof …"; not "pointed at the hills"
        out = next((c for c in tok.children if c.dep_ in ("prt", "prep") and c.lower_ in ("out", "to")), None)
        if out is None or not any(c.dep_ == "nsubj" for c in tok.children):
            return None
        phrase = f"{tok.text} {out.text}"
    if lemma == "read" and not (
        any(c.dep_ == "nsubj" and c.lower_ in lx.DOCUMENT_NOUNS for c in tok.children)
        and any(t.i in quote_mask(sent) for t in sent if t.i < tok.i)
    ):
        return None  # only '"…," the statement read'
    if lemma == "describe" and not any(c.dep_ == "prep" and c.lower_ == "as" for c in tok.children):
        return None  # "described the scene"; a cue only as "described X as Y"
    if lemma == "call":
        parts = [c for c in tok.children if c.dep_ in ("prep", "prt") and c.lower_ in lx.CALL_PARTICLES]
        naming = (
            [c for c in tok.children if c.dep_ in ("oprd", "xcomp")]
            or [c for c in tok.children if c.dep_ == "dobj" and c.lower_ == "what"]
            # "calling the exodus “a direct act of ethnic cleansing”" parsed as an appositive
            or [g for c in tok.children if c.dep_ == "dobj" for g in c.children if g.dep_ == "appos"]
        )
        if parts:
            stance = lx.CALL_PARTICLES[parts[0].lower_]
            phrase = f"{tok.text} {parts[0].text}"
        elif naming and (tok.dep_ not in ("acl", "amod") or any(c.dep_ == "nsubj" for c in tok.children)):
            # "a verdict Baku called politically motivated", not "a road called the Lachin corridor"
            stance = None  # "what Pashinyan called an attempt to 'besiege' …": the words decide
        else:
            return None  # "called him", "a village called Tegh"
    if lemma in ("back", "support", "endorse", "welcome"):
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        if not objs or objs[0].lower_ not in lx.POSITION_NOUNS:
            return None
    if lemma == "condemn":
        stance = None
    if lemma in ("deny", "reject", "dismiss") and tok.dep_ == "amod":
        return None
    if tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod") and not any(c.dep_ == "agent" for c in tok.children):
        return None  # "the claims made …", "an alleged attack"
    cue = Cue(tok, phrase, lemma, stance, "verb")
    subjects, inherited = verb_subjects(tok)
    cue.shares_subject = inherited
    cue.participial = inherited and tok.tag_ == "VBG" and tok.dep_ in ("advcl", "xcomp", "acl")
    cue.speakers = expand_conjuncts(subjects)
    if len(cue.speakers) == 1 and cue.speakers[0].dep_ == "nsubj":
        # "Both the Armenian and the Russian defence ministries": two subjects side by side
        extra = [c for c in tok.children if c.dep_ == "nsubj" and c not in cue.speakers]
        cue.speakers = expand_conjuncts(cue.speakers + extra)
    cue.content, cue.clausal = _content_of_verb(tok, cue.speakers, sent)
    if lemma == "call" and stance == lx.APPEAL:
        # "called on Russia, which has a base in the country …, to station troops": the request
        # lost inside the relative clause on the addressee
        for part in (c for c in tok.children if c.dep_ in ("prep", "prt") and c.lower_ in ("on", "upon")):
            lost = next((c for c in part.subtree if c.dep_ in ("advcl", "xcomp") and infinitive(c)), None)
            if lost is not None and not any(t.i == lost.i for t in cue.content):
                cue.content = sorted({*cue.content, *lost.subtree}, key=lambda t: t.i)
    if lemma in lx.NEEDS_CLAUSE and not cue.clausal:
        # "declared martial law", "added to the tension": no claim
        quoted = any(t.i in quote_mask(sent) for t in cue.content)
        casualty_obj = lemma in ("report", "confirm", "acknowledge", "admit", "announce") and any(
            _reported_event(t) for t in cue.content
        )
        # "threatened Azerbaijan with 'severe consequences'", "warned of retaliation", "pointed to"
        casualty_obj = (
            casualty_obj
            or phrase.endswith(" to")
            or (
                lemma in ("threaten", "warn")
                and any(c.dep_ == "prep" and c.lower_ in ("with", "of") for c in tok.children)
            )
        )
        if lemma in ("ask", "offer"):
            xcomps = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp")]
            xcomps += [g for c in tok.children for g in c.children if g.dep_ == "xcomp"]
            if not xcomps:
                return None
            if any(g.dep_ in ("neg", "auxpass") for x in xcomps for g in x.children):
                return None  # "who asked not to be named"
        elif not ((quoted and lemma in QUOTED_OBJECT_OK) or casualty_obj):
            return None
    if not cue.content and lemma not in ("deny", "reject", "dismiss"):
        return None
    if cue.content and all(t.lower_ == "what" for t in cue.content):
        return None  # "despite what the other side is trying to claim": a claim referred to, not made
    return cue


def find_cues(sent: Span) -> list[Cue]:
    """Every reporting cue in ``sent`` with speakers and content, in text order."""
    cues: list[Cue] = []
    quotes = quote_mask(sent)
    for tok in sent:
        low = tok.lower_
        cue = None
        if low in lx.VERB_FORMS:
            cue = _verb_cue(tok, sent)
            if cue is None and low in lx.NOMINAL_CUES:
                cue = nominal_cue(tok, sent)
            if cue is None:
                cue = relative_denial_cue(tok, sent)
            if cue is None:
                cue = read_cue(tok, sent)
        elif low == "according":
            cue = according_cue(tok, sent)
        elif low in lx.VIEW_NOUNS:
            cue = view_cue(tok, sent)
        elif low in lx.NOMINAL_CUES:
            cue = nominal_cue(tok, sent)
        elif low in lx.STATED_PURPOSE:
            cue = purpose_cue(tok, sent)
        elif low == ":":
            cue = colon_cue(tok, sent)
        if cue is not None:
            cue.in_quote = tok.i in quotes
            cues.append(cue)
    if not cues:
        cue = headline_cue(sent)  # "Armenia, Azerbaijan Trade Blame For …": title case the parse missed
        cues = [cue] if cue is not None else []
    _extend_over_cut(sent, cues)
    # "According to the State Department, he urged …": the department's readout of its
    # principal's words is the principal's statement, so the "according to" gives way
    cues = [
        c for c in cues
        if not (c.kind == "according" and any(
            o.kind == "verb" and o.speakers and not o.in_quote and o.token in c.content and c.token in o.content
            for o in cues
        ))
    ]  # fmt: skip
    # Nesting: a cue inside another cue's content speaks inside that statement.
    for cue in cues:
        holders = [c for c in cues if c is not cue and cue.token in c.content and c.token not in cue.content]
        if holders:
            # the closest holder: the one with the smallest content
            cue.parent = min(holders, key=lambda c: len(c.content))
    return cues


def _extend_over_cut(sent: Span, cues: list[Cue]) -> None:
    """The parser sometimes cuts a sentence in two ("… were killed and | four wounded in …");
    a cue whose content runs to the cut carries on into the piece after it."""
    starts = [t.i for t in sent if t.is_sent_start and t.i != sent.start]
    if not starts:
        return
    bounds = [sent.start, *starts, sent.end]
    pieces = [(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1)]
    cue_pieces = {next(k for k, (a, b) in enumerate(pieces) if a <= c.token.i < b) for c in cues}
    doc = sent.doc
    for cue in cues:
        if not cue.content or cue.kind != "verb":
            continue
        k = next(k for k, (a, b) in enumerate(pieces) if a <= cue.token.i < b)
        a, b = pieces[k]
        words = [t for t in doc[a:b] if not t.is_punct and not t.is_space]
        if not words or cue.content[-1].i < words[-1].i or k + 1 >= len(pieces) or k + 1 in cue_pieces:
            continue
        nxt = next((t for t in doc[pieces[k + 1][0] : pieces[k + 1][1]] if not t.is_space), None)
        if nxt is None or not (nxt.is_lower or nxt.like_num or words[-1].tag_ == "CC"):
            continue
        extra = [t for t in doc[pieces[k + 1][0] : pieces[k + 1][1]] if not t.is_space]
        cue.content = sorted({*cue.content, *extra}, key=lambda t: t.i)
