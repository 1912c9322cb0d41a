"""The words of casualty reports: casualty verbs and nouns, people, parties, quantities.

:mod:`sources.nlp.casualties` reads figures from a statement's grammar with these; kept apart so
the lists can be read and extended without touching the grammar. Surface forms are listed (no
lemmatizer runs in the pipeline).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy stays out of the web processes, which read figures through `estimate`
    from spacy.tokens import Token


Count = tuple[int, int]
CATEGORIES = ("killed", "wounded", "captured", "missing")

KILLED = {
    "killed", "kill", "kills", "killing", "died", "die", "dies", "dying", "dead", "deaths",
    "death", "perished", "fatalities", "fatality", "slain", "martyred", "lives", "martyrs",
    "martyr", "killings", "eliminated", "neutralised", "neutralized",
}  # fmt: skip
WOUNDED = {"wounded", "wounding", "injured", "injuring", "injuries", "hurt", "wounds", "injures"}
# Verbs whose object is a wound their subject received: "sustained a gunshot wound".
SUSTAINING = {"sustained", "sustains", "sustain", "received", "receives", "suffered", "suffers", "got"}
CAPTURED = {
    "captured", "capturing", "captives", "prisoners", "prisoner", "captive", "detained", "custody",
    "hostages", "pows",
}  # fmt: skip
# Verbs that count captives as their object: "will release 32 servicemen", "holding 55 Armenians".
CAPTIVE_VERBS = {
    "release", "releases", "released", "releasing", "free", "frees", "freed", "freeing", "hold",
    "holds", "holding", "held", "repatriate", "repatriated", "repatriating",
}  # fmt: skip
MISSING = {"missing", "unaccounted"}
TRIGGERS = KILLED | WOUNDED | CAPTURED | MISSING | {"toll"}
PEOPLE_OF = {
    "armenians", "azerbaijanis", "azeris", "russians", "iranians", "turks", "georgians",
}  # fmt: skip
# Forms that take their victims as an object on the right.
ACTIVE = {
    "killing", "kill", "kills", "injuring", "wounding", "capturing", "injures", "lost", "losing",
} | CAPTIVE_VERBS  # fmt: skip
# Nouns that are counted themselves ("23 deaths", "15 dead").
NOUN_TRIGGERS = {
    "deaths", "death", "fatalities", "dead", "injuries", "prisoners", "captives", "casualties", "loss",
    "losses", "killing", "killings", "martyrs",
}  # fmt: skip
# "at least", "more than", "nearly" … before a number: skipped when looking for it.
APPROXIMATORS = {
    "at", "least", "more", "than", "nearly", "almost", "about", "around", "some", "over", "up",
    "to", "as", "many", "roughly", "approximately", "estimated", "an", "fewer", "less",
}  # fmt: skip
# "the death toll rose to 49", "the number of people killed has risen to 68"
TOLL_VERBS = {
    "rose", "risen", "rises", "reached", "reaches", "climbed", "climbs", "increased", "stands",
    "stood", "hit", "jumped", "grew", "grown", "is", "was", "has", "had",
}  # fmt: skip
# Words for the rest of a group already counted: "13 … were killed and 52 others wounded".
ANAPHORIC = {"others", "more", "other"}

MILITARY = {
    "soldier", "soldiers", "servicemen", "serviceman", "servicemembers", "troops", "troop",
    "personnel", "officers", "officer", "conscripts", "conscript", "fighters", "fighter",
    "militants", "servicemember", "service", "military", "guards", "guardsmen", "border",
    "peacekeepers", "peacekeeper", "sappers", "pilots", "men", "contract", "police", "policemen",
    "policeman", "crew", "crewmen", "private", "sergeant", "ensign", "lieutenant", "corporal",
    "captain", "major", "saboteurs", "commandos", "gunner", "sniper", "snipers",
}  # fmt: skip
CIVILIAN = {
    "civilians", "civilian", "people", "persons", "person", "residents", "resident", "children",
    "child", "women", "woman", "villagers", "inhabitants", "citizens", "journalists",
    "journalist", "refugees", "family", "families", "elderly", "farmers", "workers", "kids",
    "teenagers", "boys", "girls", "shepherd", "shepherds", "doctors", "medics", "volunteers",
    "man", "pensioners", "patients",
}  # fmt: skip
HUMAN = MILITARY | CIVILIAN | {"others", "more", "individuals", "members"} | PEOPLE_OF

# Explicit zeros: "no casualties", "haven't had any losses", "without deaths" -> the measures named.
ZERO_NOUNS = {
    "casualties": ("killed", "wounded"), "casualty": ("killed", "wounded"), "losses": ("killed", "wounded"),
    "loss": ("killed", "wounded"), "victims": ("killed", "wounded"), "deaths": ("killed",),
    "fatalities": ("killed",), "dead": ("killed",), "death": ("killed",), "injuries": ("wounded",),
    "injured": ("wounded",), "wounded": ("wounded",),
}  # fmt: skip
# Pronouns that say nobody: "no one was killed", "nobody was hurt".
NOBODY = {"nobody", "none", "no-one"}
# Verbs whose clause or object they negate: "denied any of its servicemen were killed".
NEGATING_VERBS = {"denied", "denies", "deny", "denying", "ruled", "rejected", "refuted"}
# A later figure adds to the earlier ones: "two other women", "another", "a fourth".
ADDITIVE = {"other", "another", "more", "further", "additional"}
# A later figure replaces the earlier one: "revised its figures to two dead", "later rose to".
REVISING = {"revised", "revising", "updated", "corrected", "later", "rose", "risen", "now"}
# Qualifiers as UCDP keeps them: a low bound, a high bound, or a best estimate.
LOW_BOUND = {("at", "least"), ("more", "than"), ("over",), ("no", "fewer", "than"), ("upwards", "of")}
HIGH_BOUND = {("up", "to"), ("as", "many", "as"), ("no", "more", "than"), ("fewer", "than"), ("less", "than")}
BEST_GUESS = {
    ("about",), ("around",), ("some",), ("approximately",), ("roughly",), ("nearly",), ("almost",),
    ("an", "estimated"), ("estimated",),
}  # fmt: skip

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# Vague plurals are ranges: "dozens" is at least two dozen and fewer than a hundred.
VAGUE = {
    "dozens": (24, 99), "scores": (40, 99), "tens": (20, 99), "hundreds": (200, 999),
    "thousands": (2000, 9999), "tens of thousands": (20000, 99999),
}  # fmt: skip
ORDINALS = {"second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}
SIDE_WORDS = {
    "armenian": "armenian", "armenians": "armenian", "armenia": "armenian", "yerevan": "armenian",
    "karabakh": "armenian", "artsakh": "armenian",
    "azerbaijani": "azerbaijani", "azerbaijanis": "azerbaijani", "azeri": "azerbaijani",
    "azeris": "azerbaijani", "azerbaijan": "azerbaijani", "baku": "azerbaijani",
    "russian": "russian", "russians": "russian", "russia": "russian", "moscow": "russian",
}  # fmt: skip
OWN = {"its", "our", "their", "own", "we", "his", "her"}
ENEMY = {"enemy", "opponent", "adversary", "enemy's"}
NEGATORS = {"no", "none", "nobody", "neither", "zero"}


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
