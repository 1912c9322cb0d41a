"""Reporting cues in a parsed Russian sentence and the words that name their speakers.

Four kinds, by lemma and syntax (natasha's UD parse): a reporting verb with its subject
("Минобороны Азербайджана заявило"); the same verb with no subject and an institution in "в"
("В Минобороны Армении заявили", "подчеркнули в ведомстве"); a document that speaks ("говорится
в сообщении", "сказано в заявлении МИД"); a source phrase ("по данным Минобороны", "по его
словам"). A headline's dash or colon ("… - МИД Азербайджана") is the fifth, found in extract.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import lexicon as lx
from .model import Sent, Tok

SPEAKER_SKIP = ("punct", "acl", "acl:relcl", "parataxis", "conj", "cc", "advcl", "ccomp", "case", "mark", "obl")


@dataclass
class RuCue:
    kind: str  # verb | impersonal | document | source | headline
    phrase: str  # the cue as written
    verb: Tok | None
    speaker: list[Tok]  # the naming words (empty: the document or the discourse speaks)
    head: Tok | None  # the speaker's head word
    document: Tok | None = None  # "сообщении" when the document speaks
    about_this: bool = False  # "Об этом сообщил X": the claim is the previous sentence
    conj: bool = False  # a predicate coordinated with an earlier cue's ("отвергает …, просит …")


def _negated(sent: Sent, verb: Tok) -> bool:
    return any(k.lower == "не" for k in sent.kids(verb))


def speaker_words(sent: Sent, head: Tok) -> list[Tok]:
    """The naming words under ``head``: its subtree without clauses, cut at commas (a role set
    off by commas is not part of the name) and without a trailing bracket."""
    words = sent.subtree(head, skip=SPEAKER_SKIP)
    lo = hi = words.index(head)
    while lo > 0 and words[lo - 1].i == words[lo].i - 1:
        lo -= 1
    while hi + 1 < len(words) and words[hi + 1].i == words[hi].i + 1:
        hi += 1
    return words[lo : hi + 1]


def _in_phrase(sent: Sent, verb: Tok, nouns: frozenset[str] | None) -> Tok | None:
    """An obl "в X" under ``verb``: X's lemma in ``nouns`` when given; when None, X is a name or an
    office ("в Минобороны", "в Баку", "в ведомстве"), not a time or a setting ("в то же время")."""
    for kid in sent.kids(verb):
        if kid.rel not in ("obl", "nmod", "obl:agent") or kid.pos not in ("NOUN", "PROPN"):
            continue
        if not any(c.rel == "case" and c.lower in ("в", "во") for c in sent.kids(kid)):
            continue
        if nouns is not None and kid.lemma in nouns:
            return kid
        if nouns is None and (kid.pos == "PROPN" or kid.ner in ("ORG", "LOC") or kid.lemma in lx.GENERIC_INSTITUTIONS):
            return kid
    return None


def _phrase(sent: Sent, a: int, b: int) -> str:
    return " ".join(t.text for t in sent.toks[a : b + 1])


def _about_this(sent: Sent, verb: Tok) -> bool:
    return any(k.lemma == "это" and any(c.lower in ("об", "о") for c in sent.kids(k)) for k in sent.kids(verb))


def _subject(sent: Sent, verb: Tok) -> Tok | None:
    subj = next((k for k in sent.kids(verb) if k.rel in ("nsubj", "nsubj:pass")), None)
    if subj is None and verb.rel == "conj" and verb.head >= 0:
        # "Баку отвергает …, просит …": a conjoined verb shares its subject
        first = sent.toks[verb.head]
        if first.lemma in lx.CUE_VERBS:
            subj = next((k for k in sent.kids(first) if k.rel in ("nsubj", "nsubj:pass")), None)
    return subj


def find_cues(sent: Sent) -> list[RuCue]:
    out: list[RuCue] = []
    for tok in sent.toks:
        if tok.lemma in lx.SOURCE_NOUNS and any(c.rel == "case" and c.lower == "по" for c in sent.kids(tok)):
            owner = next((k for k in sent.kids(tok) if k.rel in ("nmod", "det", "nmod:poss") and k.pos != "ADJ"), None)
            if owner is not None:
                first = min([c.i for c in sent.kids(tok) if c.rel in ("case", "amod", "det") and c.i < tok.i] + [tok.i])
                out.append(RuCue("source", _phrase(sent, first, max(tok.i, owner.i if owner.i < tok.i else tok.i)),
                                 None, speaker_words(sent, owner), owner))  # fmt: skip
            continue
        verb_like = tok.pos in ("VERB", "AUX") or (tok.pos == "ADJ" and tok.feats.get("Variant") == "Short")
        if not verb_like or tok.feats.get("VerbForm") in ("Inf", "Conv") or _negated(sent, tok):
            continue
        about = _about_this(sent, tok)
        if tok.lemma in lx.DOCUMENT_VERBS:
            doc = _in_phrase(sent, tok, lx.DOCUMENT_NOUNS)
            if doc is not None:
                owner = next((k for k in sent.kids(doc) if k.rel == "nmod"), None)
                words = speaker_words(sent, owner) if owner is not None else [doc]
                phrase = _phrase(sent, min(tok.i, doc.i), max(tok.i, doc.i))
                out.append(RuCue("document", phrase, tok, words, owner or doc, document=doc, about_this=about))
                continue
        if tok.lemma not in lx.CUE_VERBS and tok.lemma not in ("обеспокоенный", "убежденный"):
            continue
        if tok.feats.get("VerbForm") == "Part" and tok.feats.get("Variant") != "Short":
            continue
        subj = _subject(sent, tok)
        if subj is not None and subj.lemma in lx.MEDIA:
            # a dateline "INTERFAX - Министерство обороны … сообщило": the source set off after the agency
            subj = next((k for k in sent.kids(subj) if k.rel == "appos" and k.pos in ("NOUN", "PROPN")
                         and k.lemma not in lx.MEDIA), None)  # fmt: skip
            if subj is None:
                continue
        if subj is not None:
            if subj.lemma in ("это", "что", "который"):
                continue
            conj = tok.rel == "conj" and subj.i < sent.toks[tok.head].i
            out.append(RuCue("verb", tok.text, tok, speaker_words(sent, subj), subj, about_this=about, conj=conj))
            continue
        place = _in_phrase(sent, tok, None)
        if place is not None and place.lemma not in lx.MEDIA:
            prep = next(c for c in sent.kids(place) if c.rel == "case")
            phrase = f"{tok.text} {prep.text}" if prep.i == tok.i + 1 else tok.text
            words = [t for t in speaker_words(sent, place) if t is not prep]
            out.append(RuCue("impersonal", phrase, tok, words, place, about_this=about))
            continue
        shared = next((c for c in reversed(out) if c.kind == "verb" and c.verb is not None and c.verb.i < tok.i), None)
        if shared is not None and tok.feats.get("Person") != "1":
            # "Баку отвергает …, просит …": coordinated predicates share the subject, however parsed
            out.append(RuCue("verb", tok.text, tok, shared.speaker, shared.head, conj=True))
    return out
