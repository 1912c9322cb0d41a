"""Cues that are not reporting verbs: "according to X", "claims by X that …", "X's plea for …",
"in her view, …", "with the stated aim of …", and "…, a claim Moscow denied" with the verb
mis-tagged as a noun. Each returns a :class:`~sources.nlp.cues.Cue` or ``None``.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from . import lexicon as lx
from .cues import Cue, expand_conjuncts, is_verb, subtree_ids, verb_subjects

_RELATIVE_HEADS = {"claim", "charge", "accusation", "allegation", "assertion", "which", "that", "version"}


def relative_denial_cue(tok: Token, sent: Span) -> Cue | None:
    """ "…, a claim Moscow denied." with the verb mis-tagged as a noun: the words between the
    claim and the verb name who denies it."""
    lemma = lx.VERB_FORMS.get(tok.lower_)
    if lemma not in ("deny", "reject", "dismiss", "refute") or is_verb(tok):
        return None
    k = tok.i - 1
    names: list[Token] = []
    while k >= sent.start and tok.i - k <= 5 and sent.doc[k].tag_ in ("NNP", "NNPS", "DT", "POS", "NN", "NNS", "JJ"):
        if sent.doc[k].lower_ in _RELATIVE_HEADS:
            break
        names.insert(0, sent.doc[k])
        k -= 1
    if k < sent.start or sent.doc[k].lower_ not in _RELATIVE_HEADS or not names:
        return None
    if not any(t.tag_ in ("NNP", "NNPS") for t in names):
        return None
    claim = sent.doc[k]
    cue = Cue(tok, tok.text, lemma, lx.DENIAL, "verb")
    cue.speakers = [names[-1]]
    # What is denied is the claim the phrase hangs on; its words belong to whoever made it.
    cue.content = [claim]
    return cue


def according_cue(tok: Token, sent: Span) -> Cue | None:
    if tok.lower_ != "according":
        return None
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None and tok.i + 1 < sent.end and tok.nbor(1).lower_ == "to":
        to = tok.nbor(1)
    if to is None:
        return None
    objs = [c for c in to.children if c.dep_ == "pobj"]
    if not objs:
        return None
    objs = [_source_owner(o) or o for o in objs]
    cue = Cue(tok, f"{tok.text} {to.text}", "according to", None, "according")
    cue.speakers = expand_conjuncts(objs)
    phrase = subtree_ids(tok) | subtree_ids(to)
    cue.content = [t for t in sent if t.i not in phrase and not t.is_space and not t.is_punct]
    cue.clausal = True
    return cue


def _source_owner(obj: Token) -> Token | None:
    """Who gave the information "according to" cites: "the information provided by the ministry",
    "figures released by the two sides", "the ministry's data"."""
    if obj.lower_ not in lx.SOURCE_NOUNS:
        return None
    for c in obj.children:
        if c.dep_ == "poss" and c.lower_ not in ("its", "their", "his", "her"):
            return c
        if c.dep_ == "prep" and c.lower_ in ("from", "by", "of"):
            found = next((g for g in c.children if g.dep_ == "pobj"), None)
            if found is not None and found.lower_ not in lx.SOURCE_NOUNS:
                return found
        if c.dep_ == "acl":
            for g in c.children:
                if g.dep_ == "agent":
                    found = next((p for p in g.children if p.dep_ == "pobj"), None)
                    if found is not None:
                        return found
    return None


def view_cue(tok: Token, sent: Span) -> Cue | None:
    """ "In her view, …", "in its assessment, …": the owner's view is the rest of the sentence."""
    if tok.lower_ not in lx.VIEW_NOUNS or tok.dep_ != "pobj" or tok.head.lower_ != "in":
        return None
    owners = [c for c in tok.children if c.dep_ == "poss"]
    if not owners:
        return None
    prep = tok.head
    phrase = subtree_ids(prep)
    cue = Cue(tok, f"{prep.text} {owners[0].text} {tok.text}", "in the view of", None, "according")
    cue.speakers = owners
    cue.content = [t for t in sent if t.i not in phrase and not t.is_space and not t.is_punct]
    cue.clausal = True
    return cue


def nominal_cue(tok: Token, sent: Span) -> Cue | None:
    stance = lx.NOMINAL_CUES.get(tok.lower_, "absent")
    if stance == "absent" or tok.tag_ not in ("NN", "NNS"):
        return None
    owners: list[Token] = []
    by_prep = None
    for c in tok.children:
        if c.dep_ == "poss" and c.lower_ not in ("its", "their", "his", "her", "our"):
            owners.append(c)
        elif c.dep_ == "prep" and c.lower_ in ("by", "from"):
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs:
                owners.extend(objs)
                by_prep = c
        elif c.dep_ == "acl" and c.lower_ == "made":
            for g in c.children:
                if g.dep_ == "agent":
                    objs = [p for p in g.children if p.dep_ == "pobj"]
                    owners.extend(objs)
                    by_prep = c
    light = tok.dep_ == "dobj" and tok.head.lower_ in lx.LIGHT_VERBS
    if tok.lower_ in lx.LIGHT_ONLY_NOUNS and not light:
        return None
    if not owners and light:
        # "Borrell made a similar appeal", "both ministries issued statements saying …"
        owners, _ = verb_subjects(tok.head)
    if not owners:
        return None
    if any(d.lower_ in lx.INDEFINITE_DETS for o in owners for d in o.children if d.dep_ == "det"):
        return None
    if tok.dep_ in ("dobj",) and tok.head.lower_ in lx.VERB_FORMS:
        # "rejected Armenia's claims": the claim is only referred to; the verb is the statement
        return None
    content_ids: set[int] = set()
    for c in tok.children:
        if (by_prep is not None and c.i == by_prep.i) or c in owners:
            continue
        if c.dep_ in ("acl", "relcl", "ccomp") or (
            c.dep_ == "prep" and c.lower_ in ("for", "to", "that", "of", "against")
        ):
            if c.dep_ == "relcl" and any(g.dep_ in ("nsubj", "dobj") and g.lower_ in lx.RELATIVE for g in c.children):
                continue  # "the claims which X denied": another cue
            content_ids |= subtree_ids(c)
    if light and tok.lower_ in lx.LIGHT_ONLY_NOUNS:
        # "voiced concern over the escalation", "took note of the statement": what the concern or
        # the note is about hangs on the noun or, as often, on the light verb
        verb = tok.head
        content_ids |= {t.i for c in tok.children if c.dep_ == "prep" for t in c.subtree}
        content_ids |= {
            t.i for c in verb.children if c.dep_ in ("prep", "ccomp", "advcl", "xcomp") and c.i > tok.i for t in c.subtree
        }  # fmt: skip
    if not content_ids and light and (stance is not None or tok.lower_ in lx.LIGHT_ONLY_NOUNS):
        # "made a similar appeal", "expressed concern": the act itself is the statement
        content_ids = {t.i for t in tok.subtree if t.dep_ != "det"}
    if not content_ids:
        return None
    doc = tok.doc
    cue = Cue(tok, tok.text if by_prep is None else f"{tok.text} {by_prep.text}", tok.lower_, stance, "nominal")
    cue.speakers = expand_conjuncts(owners)
    cue.content = [doc[i] for i in sorted(content_ids) if not doc[i].is_space]
    cue.clausal = True
    return cue


def purpose_cue(tok: Token, sent: Span) -> Cue | None:
    if tok.lower_ not in lx.STATED_PURPOSE:
        return None
    adj = next((c for c in tok.children if c.dep_ == "amod" and c.lower_ in lx.STATED_ADJ), None)
    if adj is None:
        return None
    clause = tok.head
    while clause.dep_ not in ("ROOT",) and not is_verb(clause):
        clause = clause.head
    subjects, _ = verb_subjects(clause) if is_verb(clause) else ([], False)
    if not subjects:
        return None
    cue = Cue(tok, f"{adj.text} {tok.text}", "stated aim", None, "purpose")
    cue.speakers = expand_conjuncts(subjects)
    doc = tok.doc
    ids = subtree_ids(tok) - {tok.i, adj.i}
    cue.content = [doc[i] for i in sorted(ids) if not doc[i].is_space and doc[i].dep_ != "det"]
    cue.clausal = True
    return cue


def read_cue(tok: Token, sent: Span) -> Cue | None:
    """'"…," a statement from the military read.' — however the tagger read "read" (often as
    a noun): the last word of a sentence that closes a quote, after a document noun."""
    if tok.lower_ not in ("read", "reads") or any(
        not t.is_punct and not t.is_space for t in sent.doc[tok.i + 1 : sent.end]
    ):
        return None
    closing = next((t for t in reversed(sent.doc[sent.start : tok.i]) if t.text in ("”", '"', "''", "»")), None)
    if closing is None or tok.i - closing.i > 9:
        return None
    document = next((t for t in sent.doc[closing.i + 1 : tok.i] if t.lower_ in lx.DOCUMENT_NOUNS), None)
    if document is None:
        return None
    cue = Cue(tok, tok.text, "read", None, "verb")
    cue.speakers = [document]
    cue.content = [t for t in sent.doc[sent.start : closing.i] if not t.is_space and not t.is_punct]
    cue.clausal = True
    return cue
