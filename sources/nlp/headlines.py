"""Headline grammar: the attributions of a headline or deck line, which the small model parses
worst (title case, no full stop, a colon instead of a verb).

- "Yerevan: Azeri forces shell villages" / "Azeri forces launch offensive: Artsakh MoD" — a
  colon between a short name and the claim;
- "Armenia, Azerbaijan Trade Blame For Deadly Shooting" — subjects, then a reporting verb (or a
  light verb and a speech noun), read from the words when the parse found no cue.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from . import lexicon as lx
from .cues import Cue

_COLON_SPEAKER_WORDS = 5


def colon_cue(tok: Token, sent: Span) -> Cue | None:
    """A headline's colon attribution: "Yerevan: Azeri forces shell villages" or "Azeri forces
    launch offensive: Artsakh MoD". Only on a line of its own, and only when one side of the colon
    is a short name (proper nouns), which the resolver then has to know."""
    if tok.text != ":" or not _whole_line(sent):
        return None
    left = [t for t in sent.doc[sent.start : tok.i] if not t.is_space and not t.is_punct]
    right = [t for t in sent.doc[tok.i + 1 : sent.end] if not t.is_space and not t.is_punct]
    if not left or not right:
        return None
    for name, said in ((left, right), (right, left)):
        if len(name) <= _COLON_SPEAKER_WORDS and len(said) > len(name) and _names(name):
            head = next((t for t in reversed(name) if t.tag_ in ("NNP", "NNPS", "NN", "NNS")), name[-1])
            cue = Cue(tok, ":", "say", None, "verb")
            cue.speakers = [head]
            cue.content = said
            cue.clausal = True
            return cue
    return None


def _names(tokens: list[Token]) -> bool:
    """A name, not a clause or a topic: proper nouns, demonyms and institution words only
    ("Azerbaijani Defense Ministry", "Artsakh MoD", "Yerevan"), not "Nagorno-Karabakh conflict"
    or "Armenia-Azerbaijan relations"."""
    named = [t for t in tokens if t.tag_ in ("NNP", "NNPS") or t.ent_type_ in ("GPE", "ORG", "NORP", "PERSON")]
    if not named or any(t.text == "-" for t in tokens):
        return False
    return all(
        t.tag_ in ("NNP", "NNPS", "POS") or t.lower_ in lx.INSTITUTION_HEADS or t.lower_ in lx.INSTITUTION_KEYWORDS
        or t.ent_type_ in ("NORP", "GPE", "ORG")
        for t in tokens
    ) and not any(t.lower_ in lx.TOPIC_WORDS for t in tokens)  # fmt: skip


def _whole_line(sent: Span) -> bool:
    doc = sent.doc
    first = next((t for t in sent if not t.is_space), None)
    if first is None:
        return False
    starts = first.i == 0 or "\n" in doc[first.i - 1].text_with_ws
    ends = sent.end == len(doc) or "\n" in sent[-1].text_with_ws or sent[-1].is_space or "\n" in doc[sent.end].text
    return starts and ends


def headline_cue(sent: Span) -> Cue | None:
    """A reporting verb in a title-case headline line, with the names before it as subjects:
    "Armenia, Azerbaijan Trade Blame For Deadly Shooting Along Border"."""
    words = [t for t in sent if not t.is_space and not t.is_punct]
    if not words or not _whole_line(sent) or sent.text.rstrip()[-1:] in '.!?"”':
        return None
    if sum(1 for t in words if t.text[:1].isupper()) < 0.7 * len(words):
        return None  # sentence case: the parser reads it well enough
    for k, tok in enumerate(words):
        low = tok.lower_
        light = low in lx.LIGHT_VERBS and k + 1 < len(words) and words[k + 1].lower_ in lx.NOMINAL_CUES
        if low not in lx.VERB_FORMS and not light:
            continue
        names = _subject_names([t for t in sent.doc[sent.start : tok.i] if not t.is_space])
        if not names:
            return None
        lemma = lx.VERB_FORMS.get(low) or words[k + 1].lower_
        stance = lx.VERB_STANCE.get(lemma) if not light else lx.NOMINAL_CUES.get(words[k + 1].lower_)
        cue = Cue(tok, tok.text if not light else f"{tok.text} {words[k + 1].text}", lemma, stance, "verb")
        cue.speakers = names
        cue.content = words[k + (2 if light else 1) :]
        cue.clausal = True
        return cue if cue.content else None
    return None


def _subject_names(tokens: list[Token]) -> list[Token]:
    """The heads of a headline's subjects: proper names separated by commas or "and"."""
    if not tokens or not all(
        t.tag_ in ("NNP", "NNPS", "CC", "JJ") or t.text == "," or t.ent_type_ in ("GPE", "NORP", "ORG") for t in tokens
    ):
        return []
    groups: list[list[Token]] = [[]]
    for t in tokens:
        if t.lower_ == "and" or t.text == ",":
            groups.append([])
        else:
            groups[-1].append(t)
    return [g[-1] for g in groups if g]
