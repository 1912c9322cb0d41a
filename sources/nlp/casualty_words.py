"""The words of casualty reports: casualty verbs and nouns, people, parties, quantities.

:mod:`sources.nlp.casualties` reads figures from a statement's grammar with these. The lists are
data, in ``data/casualty_words.yaml`` (each with what it is for), so they can be read and extended
without touching the grammar. Surface forms are listed (no lemmatizer runs in the pipeline).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy stays out of the web processes, which read figures through `estimate`
    from spacy.tokens import Token

from . import wordlists

Count = tuple[int, int]
CATEGORIES = ("killed", "wounded", "captured", "missing")

_LISTS = wordlists.load("casualty_words")
globals().update(_LISTS)  # every list as a name of this module: cw.MILITARY, cw.APPROXIMATORS, …
# The lists the rules below read, bound by name (for readers and linters: globals() hides them).
KILLED, WOUNDED, CAPTURED, MISSING, SUSTAINING, CAPTIVE_VERBS, MILITARY, CIVILIAN, PEOPLE_OF = wordlists.pick(
    _LISTS, "KILLED WOUNDED CAPTURED MISSING SUSTAINING CAPTIVE_VERBS MILITARY CIVILIAN PEOPLE_OF"
)
UNITS, SCALES, VAGUE, ORDINALS = wordlists.pick(_LISTS, "UNITS SCALES VAGUE ORDINALS")

TRIGGERS = KILLED | WOUNDED | CAPTURED | MISSING | {"toll"}
# Forms that take their victims as an object on the right.
ACTIVE = {
    "killing", "kill", "kills", "injuring", "wounding", "capturing", "injures", "lost", "losing",
} | CAPTIVE_VERBS  # fmt: skip

HUMAN = MILITARY | CIVILIAN | {"others", "more", "individuals", "members"} | PEOPLE_OF


def category(token: Token) -> str | None:
    w = token.lower_
    doc = token.doc
    if w in ("lives", "life"):  # "lost their lives", "lost his life"
        prev = doc[token.i - 1].lower_ if token.i >= 1 else ""
        prev2 = doc[token.i - 2].lower_ if token.i >= 2 else ""
        return "killed" if prev in ("their", "his", "her") and prev2 in ("lost", "lose") else None
    if w in ("wound", "wounds", "injury", "injuries") and token.head.lower_ in SUSTAINING:
        return "wounded"  # "sustained a gunshot wound", "received shrapnel wounds"
    if w in ("wounded", "injured") and any(c.lower_ in ("fatally", "mortally") for c in token.children):
        return "killed"  # "was fatally wounded"
    following = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
    if w in ("taken", "held") and following in ("prisoner", "prisoners", "captive", "hostage", "hostages"):
        return "captured"
    if w in CAPTIVE_VERBS and token.tag_.startswith("VB"):
        objs = [c for c in token.children if c.dep_ == "dobj"]
        return "captured" if objs and objs[0].lower_ in HUMAN else None
    if w in ("loss", "losses") and following == "of":
        return "killed"  # "the loss of 12 servicemen" (equipment is filtered out by the caller)
    if w in ("lost", "losing"):
        # "lost 50 troops" (people), not "lost two combat positions"
        objs = [c for c in token.children if c.dep_ == "dobj"]
        return "killed" if objs and objs[0].lower_ in MILITARY | CIVILIAN else None
    if w not in TRIGGERS:
        return None
    if w in ("dead", "death") and following == "toll":
        return None
    if w == "toll":  # "the death toll rose to 200"
        return "killed" if token.i >= 1 and doc[token.i - 1].lower_ in ("death", "casualty") else None
    if w in ("kill", "die", "dies", "kills", "dying", "injures") and token.tag_ in ("VB", "VBZ", "VBP"):
        return None  # threats and generalities, not reports
    if w == "hurt" and token.tag_ not in ("VBN", "VBD"):
        return None
    if (
        w in ("missing",)
        and token.dep_ not in ("acomp", "amod", "ROOT", "conj", "oprd", "advcl", "ccomp")
        and not (
            token.dep_ == "pobj" and token.head.lower_ == "as"  # "listed as missing"
        )
    ):
        return None
    if w in KILLED:
        return "killed"
    if w in WOUNDED:
        return "wounded"
    if w in CAPTURED:
        return "captured"
    return "missing"


def number_word(w: str) -> int | None:
    w = w.lower().replace(",", "")
    if re.fullmatch(r"\d{1,7}", w):
        return int(w)
    if w in UNITS:
        return UNITS[w]
    parts = w.split("-")
    if len(parts) == 2 and parts[0] in UNITS and parts[1] in UNITS:
        return UNITS[parts[0]] + UNITS[parts[1]]
    return None


def quantity_at(tokens: list[Token], j: int) -> tuple[Count, int, int] | None:
    """A quantity starting at ``tokens[j]``: ((low, high), first index, index after it)."""
    tok = tokens[j]
    w = tok.lower_
    if w in VAGUE:
        if j + 2 < len(tokens) and tokens[j + 1].lower_ == "of" and tokens[j + 2].lower_ == "thousands":
            return VAGUE["tens of thousands"], j, j + 3
        return VAGUE[w], j, j + 1
    if w in ("a", "an", "another") and j + 1 < len(tokens):
        nxt = tokens[j + 1].lower_
        if nxt in ORDINALS or (w == "another" and nxt not in UNITS and not nxt.isdigit()):
            return (1, 1), j, j + 2 if nxt in ORDINALS else j + 1
        if nxt in ("dozen",):
            return (12, 12), j, j + 2
        if nxt in ("hundred", "thousand"):
            return (SCALES[nxt],) * 2, j, j + 2
        # "an Azerbaijani soldier", "a civilian": one person
        for k in range(j + 1, min(len(tokens), j + 4)):
            t = tokens[k]
            if t.tag_ in ("NN", "NNP") and t.lower_ in HUMAN:
                return (1, 1), j, j + 1
            if t.tag_ not in ("JJ", "NNP", "NN", "HYPH", "VBN"):
                break
    value = number_word(w)
    if value is None:
        return None
    k = j + 1
    # "two hundred", "3 thousand", "twenty - one"
    while k < len(tokens):
        nxt = tokens[k].lower_
        if nxt in SCALES:
            value *= SCALES[nxt]
            k += 1
        elif nxt == "-" and k + 1 < len(tokens) and number_word(tokens[k + 1].lower_) is not None:
            value += number_word(tokens[k + 1].lower_) or 0
            k += 2
        else:
            break
    low = high = value
    # "two or three", "10 to 15", "10-15"
    if k + 1 < len(tokens) and tokens[k].lower_ in ("or", "to", "-", "–", "—"):
        other = number_word(tokens[k + 1].lower_)
        if other is not None and other > value:
            high = other
            k += 2
    # "between 10 and 15"
    if j > 0 and tokens[j - 1].lower_ == "between" and k + 1 < len(tokens) and tokens[k].lower_ == "and":
        other = number_word(tokens[k + 1].lower_)
        if other is not None and other > value:
            high = other
            k += 2
    if tok.like_num and tok.ent_type_ in ("DATE", "TIME", "PERCENT", "MONEY", "ORDINAL"):
        return None
    return (low, high), j, k


def counting_numeral(token: Token) -> bool:
    """A numeral that counts (not an age or a date): a name list holding one has its own count."""
    return token.tag_ == "CD" and token.ent_type_ not in ("DATE", "TIME") and token.head.lower_ not in ("year", "years")
