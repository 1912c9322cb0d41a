"""Casualty figures in the words of a statement: who was killed, wounded, captured or missing.

Works on the tokens of a statement's content (never on the journalist's own narration, which the
caller leaves out). A figure is a quantity ("two", "12", "at least 23", "as many as 15", "a
third", "dozens") tied to a casualty word ("killed", "died", "deaths", "injuring", "captured",
"missing") and, usually, a person noun ("soldiers", "people", "civilians"), in one of a few
grammatical shapes:

- subject + verb:     "three of its soldiers were killed", "at least two people died"
- elliptical list:    "… killed and four wounded", "… killed—and a third injured", "11 were injured"
- verb + object:      "injuring one soldier", "killing two civilians"
- number + noun:      "23 military and civilian deaths", "15 dead"

Equipment ("12 anti-aircraft systems", "two combat positions") is never a casualty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from .gazetteer import PARTIES

Count = tuple[int, int]
CATEGORIES = ("killed", "wounded", "captured", "missing")

_KILLED = {
    "killed", "kill", "kills", "killing", "died", "die", "dies", "dying", "dead", "deaths",
    "death", "perished", "fatalities", "fatality", "slain", "martyred", "lives",
}  # fmt: skip
_WOUNDED = {"wounded", "wounding", "injured", "injuring", "injuries", "hurt", "wounds", "injures"}
_CAPTURED = {
    "captured", "capturing", "captives", "prisoners", "prisoner", "captive", "detained", "custody",
    "hostages", "pows",
}  # fmt: skip
# Verbs that count captives as their object: "will release 32 servicemen", "holding 55 Armenians".
_CAPTIVE_VERBS = {
    "release", "releases", "released", "releasing", "free", "frees", "freed", "freeing", "hold",
    "holds", "holding", "held", "repatriate", "repatriated", "repatriating",
}  # fmt: skip
_MISSING = {"missing", "unaccounted"}
_TRIGGERS = _KILLED | _WOUNDED | _CAPTURED | _MISSING | {"toll"}
_PEOPLE_OF = {
    "armenians", "azerbaijanis", "azeris", "russians", "iranians", "turks", "georgians",
}  # fmt: skip
# Forms that take their victims as an object on the right.
_ACTIVE = {
    "killing", "kill", "kills", "injuring", "wounding", "capturing", "injures", "lost", "losing",
} | _CAPTIVE_VERBS  # fmt: skip
# Nouns that are counted themselves ("23 deaths", "15 dead").
_NOUN_TRIGGERS = {"deaths", "fatalities", "dead", "injuries", "prisoners", "captives", "casualties", "loss", "losses"}
# "at least", "more than", "nearly" … before a number: skipped when looking for it.
_APPROXIMATORS = {
    "at", "least", "more", "than", "nearly", "almost", "about", "around", "some", "over", "up",
    "to", "as", "many", "roughly", "approximately", "estimated", "an", "fewer", "less",
}  # fmt: skip
# "the death toll rose to 49", "the number of people killed has risen to 68"
_TOLL_VERBS = {
    "rose", "risen", "rises", "reached", "reaches", "climbed", "climbs", "increased", "stands",
    "stood", "hit", "jumped", "grew", "grown", "is", "was", "has", "had",
}  # fmt: skip
# Words for the rest of a group already counted: "13 … were killed and 52 others wounded".
_ANAPHORIC = {"others", "more", "other"}

MILITARY = {
    "soldier", "soldiers", "servicemen", "serviceman", "servicemembers", "troops", "troop",
    "personnel", "officers", "officer", "conscripts", "conscript", "fighters", "fighter",
    "militants", "servicemember", "service", "military", "guards", "guardsmen", "border",
    "peacekeepers", "peacekeeper", "sappers", "pilots", "men", "contract",
}  # fmt: skip
CIVILIAN = {
    "civilians", "civilian", "people", "persons", "person", "residents", "resident", "children",
    "child", "women", "woman", "villagers", "inhabitants", "citizens", "journalists",
    "journalist", "refugees", "family", "families", "elderly", "farmers", "workers", "kids",
    "teenagers", "boys", "girls", "shepherd", "shepherds", "doctors", "medics", "volunteers",
    "man", "pensioners", "patients",
}  # fmt: skip
HUMAN = MILITARY | CIVILIAN | {"others", "more", "individuals"} | _PEOPLE_OF

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# Vague plurals are ranges: "dozens" is at least two dozen and fewer than a hundred.
_VAGUE = {
    "dozens": (24, 99), "scores": (40, 99), "tens": (20, 99), "hundreds": (200, 999),
    "thousands": (2000, 9999), "tens of thousands": (20000, 99999),
}  # fmt: skip
_ORDINALS = {"second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}
_SIDE_WORDS = {
    "armenian": "armenian", "armenians": "armenian", "armenia": "armenian", "yerevan": "armenian",
    "karabakh": "armenian", "artsakh": "armenian",
    "azerbaijani": "azerbaijani", "azerbaijanis": "azerbaijani", "azeri": "azerbaijani",
    "azeris": "azerbaijani", "azerbaijan": "azerbaijani", "baku": "azerbaijani",
    "russian": "russian", "russians": "russian", "russia": "russian", "moscow": "russian",
}  # fmt: skip
_OWN = {"its", "our", "their", "own", "we", "his", "her"}
_ENEMY = {"enemy", "opponent", "adversary", "enemy's"}
_NEGATORS = {"no", "none", "nobody", "neither", "zero"}


@dataclass
class CasualtyFigure:
    party: str  # a side slug or "unknown"
    civilian: bool = False
    killed: Count | None = None
    wounded: Count | None = None
    captured: Count | None = None
    missing: Count | None = None

    def to_json(self) -> dict:
        out: dict = {"party": self.party, "civilian": self.civilian}
        for cat in CATEGORIES:
            value = getattr(self, cat)
            if value is None:
                out[cat] = None
            elif value[0] == value[1]:
                out[cat] = value[0]
            else:
                out[cat] = {"low": value[0], "high": value[1]}
        return out


def category(token: Token) -> str | None:
    w = token.lower_
    doc = token.doc
    if w == "lives":  # "lost their lives"
        prev = doc[token.i - 1].lower_ if token.i >= 1 else ""
        prev2 = doc[token.i - 2].lower_ if token.i >= 2 else ""
        return "killed" if prev in ("their", "his", "her") and prev2 in ("lost", "lose") else None
    following = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
    if w in ("taken", "held") and following in ("prisoner", "prisoners", "captive", "hostage", "hostages"):
        return "captured"
    if w in _CAPTIVE_VERBS and token.tag_.startswith("VB"):
        objs = [c for c in token.children if c.dep_ == "dobj"]
        return "captured" if objs and objs[0].lower_ in HUMAN else None
    if w in ("loss", "losses") and following == "of":
        return "killed"  # "the loss of 12 servicemen" (equipment is filtered out by the caller)
    if w in ("lost", "losing"):
        # "lost 50 troops" (people), not "lost two combat positions"
        objs = [c for c in token.children if c.dep_ == "dobj"]
        return "killed" if objs and objs[0].lower_ in MILITARY | CIVILIAN else None
    if w not in _TRIGGERS:
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
    if w in _KILLED:
        return "killed"
    if w in _WOUNDED:
        return "wounded"
    if w in _CAPTURED:
        return "captured"
    return "missing"


def _number_word(w: str) -> int | None:
    w = w.lower().replace(",", "")
    if re.fullmatch(r"\d{1,7}", w):
        return int(w)
    if w in _UNITS:
        return _UNITS[w]
    parts = w.split("-")
    if len(parts) == 2 and parts[0] in _UNITS and parts[1] in _UNITS:
        return _UNITS[parts[0]] + _UNITS[parts[1]]
    return None


def quantity_at(tokens: list[Token], j: int) -> tuple[Count, int, int] | None:
    """A quantity starting at ``tokens[j]``: ((low, high), first index, index after it)."""
    tok = tokens[j]
    w = tok.lower_
    if w in _VAGUE:
        if j + 2 < len(tokens) and tokens[j + 1].lower_ == "of" and tokens[j + 2].lower_ == "thousands":
            return _VAGUE["tens of thousands"], j, j + 3
        return _VAGUE[w], j, j + 1
    if w in ("a", "an", "another") and j + 1 < len(tokens):
        nxt = tokens[j + 1].lower_
        if nxt in _ORDINALS or (w == "another" and nxt not in _UNITS and not nxt.isdigit()):
            return (1, 1), j, j + 2 if nxt in _ORDINALS else j + 1
        if nxt in ("dozen",):
            return (12, 12), j, j + 2
        if nxt in ("hundred", "thousand"):
            return (_SCALES[nxt],) * 2, j, j + 2
        # "an Azerbaijani soldier", "a civilian": one person
        for k in range(j + 1, min(len(tokens), j + 4)):
            t = tokens[k]
            if t.tag_ in ("NN", "NNP") and t.lower_ in HUMAN:
                return (1, 1), j, j + 1
            if t.tag_ not in ("JJ", "NNP", "NN", "HYPH", "VBN"):
                break
    value = _number_word(w)
    if value is None:
        return None
    k = j + 1
    # "two hundred", "3 thousand", "twenty - one"
    while k < len(tokens):
        nxt = tokens[k].lower_
        if nxt in _SCALES:
            value *= _SCALES[nxt]
            k += 1
        elif nxt == "-" and k + 1 < len(tokens) and _number_word(tokens[k + 1].lower_) is not None:
            value += _number_word(tokens[k + 1].lower_) or 0
            k += 2
        else:
            break
    low = high = value
    # "two or three", "10 to 15", "10-15"
    if k + 1 < len(tokens) and tokens[k].lower_ in ("or", "to", "-", "–", "—"):
        other = _number_word(tokens[k + 1].lower_)
        if other is not None and other > value:
            high = other
            k += 2
    # "between 10 and 15"
    if j > 0 and tokens[j - 1].lower_ == "between" and k + 1 < len(tokens) and tokens[k].lower_ == "and":
        other = _number_word(tokens[k + 1].lower_)
        if other is not None and other > value:
            high = other
            k += 2
    if tok.like_num and tok.ent_type_ in ("DATE", "TIME", "PERCENT", "MONEY", "ORDINAL"):
        return None
    return (low, high), j, k


@dataclass
class _Mention:
    category: str
    count: Count
    party: str | None  # None = unmarked
    civilian: bool | None  # None = unknown / mixed


def _np_features(tokens: list[Token], start: int, end: int, speaker_side: str | None):
    """Party and civilian-ness from the words of a noun phrase tokens[start:end]."""
    party = None
    civilian = None
    kinds = set()
    for tok in tokens[start:end]:
        w = tok.lower_
        if w in _SIDE_WORDS and party is None:
            party = _SIDE_WORDS[w]
        elif w in _OWN and party is None and speaker_side:
            party = speaker_side
        elif w in _ENEMY and party is None and speaker_side in PARTIES:
            party = PARTIES[1 - PARTIES.index(speaker_side)]
        if w in MILITARY or w in ("military",):
            kinds.add("military")
        if w in CIVILIAN:
            kinds.add("civilian")
    if kinds == {"civilian"}:
        civilian = True
    elif kinds == {"military"}:
        civilian = False
    elif kinds:
        civilian = None  # "military and civilian deaths"
    return party, civilian, bool(kinds)


def _is_human_np(tokens: list[Token], start: int, end: int) -> bool | None:
    """True when the phrase names people, False when it names things, None when it names nothing."""
    nouns = [t for t in tokens[start:end] if t.tag_ in ("NN", "NNS", "NNP", "NNPS", "PRP")]
    if not nouns:
        return None
    return any(t.lower_ in HUMAN for t in nouns)


def _barrier(tok: Token) -> bool:
    return tok.lower_ in (";", ":", "while", "whereas", "but", "although") or tok.tag_ in ("-LRB-",)


def find_mentions(tokens: list[Token], speaker_side: str | None) -> list[_Mention]:
    mentions: list[_Mention] = []
    last_party: str | None = None
    last_civilian: bool | None = None
    used: set[int] = set()
    for i, tok in enumerate(tokens):
        cat = category(tok)
        if cat is None:
            continue
        found = None
        w = tok.lower_
        looks_right = w in _ACTIVE or w == "toll" or (tok.tag_ == "VBD" and any(c.dep_ == "dobj" for c in tok.children))
        # "the deaths of two soldiers"
        looks_right = looks_right or (w in _NOUN_TRIGGERS and i + 1 < len(tokens) and tokens[i + 1].lower_ == "of")
        if found is None and _counted_group(tokens, i):
            # "the death toll among Armenian servicemen had reached 49", "the number of people
            # killed … has risen to 68": the count follows the verb
            found = _toll_count(tokens, i, speaker_side, used)
        if found is None and looks_right:
            # right: "injuring one soldier", "killed two civilians", "the deaths of more than 600"
            span = 4 + sum(1 for t in tokens[i + 1 : i + 6] if t.lower_ in _APPROXIMATORS)
            for j in range(i + 1, min(len(tokens), i + (6 if w == "toll" else span))):
                q = quantity_at(tokens, j)
                if q:
                    count, qs, qe = q
                    ne = qe
                    while ne < len(tokens) and ne < qe + 5 and tokens[ne].tag_ in (
                        "JJ", "NN", "NNS", "NNP", "NNPS", "HYPH", "CC", "PRP$", "IN", "DT", ",",
                    ) and category(tokens[ne]) is None:  # fmt: skip
                        ne += 1
                    human = _is_human_np(tokens, qe, ne)
                    if human is not False:
                        party, civilian, _ = _np_features(tokens, qe, ne, speaker_side)
                        found = (count, qs, party, civilian, human)
                        used.update(range(qs, qe))
                    break
        if found is None and w not in _ACTIVE:
            # the parse's own subject: "32 people, including seven children, had been killed"
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                position = {t.i: k for k, t in enumerate(tokens)}
                nums = [subj] if subj.like_num or subj.lower_ in _UNITS else []
                nums += [c for c in subj.children if c.dep_ == "nummod"]
                # a range's first number ("3 to 5 soldiers") hangs off the last one
                nums = sorted({g.i: g for n in nums for g in n.subtree if g.like_num or g.lower_ in _UNITS}.values(),
                              key=lambda t: t.i)[:1] or nums  # fmt: skip
                for num in nums:
                    k = position.get(num.i)
                    q = quantity_at(tokens, k) if k is not None and k not in used else None
                    if q:
                        count, qs, qe = q
                        np_ids = {t.i for t in subj.subtree if not any(a.lower_ == "including" for a in t.ancestors)}
                        np = [t for t in tokens if t.i in np_ids]
                        human = any(t.lower_ in HUMAN and t.tag_.startswith("NN") for t in np) or None
                        party, civilian, _ = _np_features(np, 0, len(np), speaker_side)
                        # "200 people, including 10 civilians": the part is its own figure, and
                        # the whole is then not all civilian
                        part = _included_part(subj, tokens, position, used, speaker_side, party)
                        if part is not None:
                            mentions.append(_Mention(cat, part[0], part[1], True))
                            civilian = False if civilian else civilian
                        found = (count, qs, party, civilian, human)
                        used.update(range(qs, qe))
                        break
        if found is None and (w in _NOUN_TRIGGERS or tok.tag_ in ("VBN", "VBD", "JJ", "NNS", "VBG")):
            # left: "three of its soldiers were killed", "23 military and civilian deaths"
            j = i - 1
            while j >= 0 and i - j <= 12:
                prev = tokens[j]
                if _barrier(prev) or prev.lower_ in _NEGATORS or (category(prev) and j < i - 1):
                    break
                q = quantity_at(tokens, j) if j not in used else None
                if q and j >= 2 and tokens[j - 1].lower_ in ("or", "to", "-", "–", "and"):
                    # the high end of a range: "two or three", "between 10 and 15"
                    wider = quantity_at(tokens, j - 2)
                    if wider and wider[2] > j:
                        q = wider
                if q:
                    count, qs, qe = q
                    human = _is_human_np(tokens, qe, i)
                    if human is not False:
                        party, civilian, _ = _np_features(tokens, max(0, qs - 1), i, speaker_side)
                        found = (count, qs, party, civilian, human)
                        used.update(range(qs, qe))
                    break
                j -= 1
        if found is None:
            continue
        count, qs, party, civilian, human = found
        if any(t.lower_ in _ANAPHORIC for t in tokens[qs : qs + 3]) and mentions:
            human = None  # "and 52 others were wounded": the same people as the last figure
            civilian = None if civilian is not True else civilian
        if human is None:  # "11 were injured": the people of the previous figure
            party = party or last_party
            civilian = last_civilian if civilian is None else civilian
        mentions.append(_Mention(cat, count, party, civilian))
        last_party, last_civilian = party, civilian
    return mentions


def _counted_group(tokens: list[Token], i: int) -> bool:
    """Whether the trigger at ``i`` belongs to "the (death) toll …" or "the number of … killed"."""
    w = tokens[i].lower_
    if w == "toll":
        return True
    return any(t.lower_ == "number" for t in tokens[max(0, i - 4) : i])


def _toll_count(tokens: list[Token], i: int, speaker_side: str | None, used: set[int]):
    for j in range(i + 1, min(len(tokens), i + 14)):
        if tokens[j].lower_ in _TOLL_VERBS and tokens[j].tag_.startswith("VB"):
            for k in range(j + 1, min(len(tokens), j + 6)):
                q = quantity_at(tokens, k) if k not in used else None
                if q:
                    count, qs, qe = q
                    group = tokens[max(0, i - 4) : j]
                    party, civilian, kinds = _np_features(group, 0, len(group), speaker_side)
                    used.update(range(qs, qe))
                    return count, qs, party, civilian, True if kinds else None
                if tokens[k].lower_ not in _APPROXIMATORS | {"to", "at", "risen", "reached", "now", "some"}:
                    break
    return None


def _included_part(subj: Token, tokens: list[Token], position: dict, used: set[int], speaker_side, party):
    """ "N people, including M civilians": (M, party) for the civilian part, or None."""
    for t in subj.subtree:
        if t.lower_ != "including":
            continue
        for g in t.subtree:
            k = position.get(g.i)
            if k is None or k in used or not (g.like_num or g.lower_ in _UNITS):
                continue
            q = quantity_at(tokens, k)
            if q is None:
                continue
            rest = [x for x in t.subtree if x.i > g.i]
            if any(x.lower_ in CIVILIAN for x in rest):
                used.update(range(q[1], q[2]))
                return q[0], party
    return None


def casualty_figures(tokens: list[Token], *, speaker_side: str | None, joint: bool = False) -> list[CasualtyFigure]:
    """The casualty figures stated in ``tokens`` (a statement's content, in text order).

    ``speaker_side`` is the side of whoever makes the statement: a party's unmarked "soldiers" or
    "its soldiers" are its own. ``joint`` means several sides share the statement, so an
    unmarked figure belongs to no one party ("unknown").
    """
    figures: dict[tuple[str, bool], CasualtyFigure] = {}
    for m in find_mentions(tokens, speaker_side):
        party = m.party
        if party is None:
            party = speaker_side if (speaker_side in PARTIES and not joint) else "unknown"
        if party not in PARTIES and party != "russian":
            party = "unknown"
        civilian = bool(m.civilian)
        figure = figures.setdefault((party, civilian), CasualtyFigure(party=party, civilian=civilian))
        if getattr(figure, m.category) is None:
            setattr(figure, m.category, m.count)
    return list(figures.values())
