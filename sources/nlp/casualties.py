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

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import casualty_words as cw
from .casualty_words import Count, category, quantity_at
from .gazetteer import PARTIES

if TYPE_CHECKING:  # spaCy stays out of the web processes, which read figures through `estimate`
    from spacy.tokens import Token


def estimate(low: int | None, high: int | None, bound: str | None = None) -> dict[str, int | None] | None:
    """A count (low, high and how the source qualified it) as UCDP-style {low, best, high}; None when
    there is no count. "at least 5" is a low of 5 (no high), "up to 20" a high of 20, "about 30" a
    best of 30, "10 to 15" a low of 10 and a high of 15, a plain "5" 5/5/5. Both the extractor's
    figures and the stored ones (claims.selectors.casualties) read through it."""
    if low is None:
        return None
    high = low if high is None else high
    if low != high:
        return {"low": low, "best": None, "high": high}
    if bound == "low":
        return {"low": low, "best": low, "high": None}
    if bound == "high":
        return {"low": None, "best": low, "high": low}
    if bound == "best":
        return {"low": None, "best": low, "high": None}
    return {"low": low, "best": low, "high": low}


@dataclass
class CasualtyFigure:
    party: str  # a side slug or "unknown"
    civilian: bool = False
    killed: Count | None = None
    wounded: Count | None = None
    captured: Count | None = None
    missing: Count | None = None
    # how the text qualified a measure's number: "low" ("at least 5"), "high" ("up to 20"),
    # "best" ("about 30"); a measure not listed was stated plainly
    bounds: dict[str, str] = field(default_factory=dict)

    def estimate(self, cat: str) -> dict[str, int | None] | None:
        """UCDP-style low/best/high for one measure (see `estimate`)."""
        value = getattr(self, cat)
        return None if value is None else estimate(*value, self.bounds.get(cat))

    def to_json(self) -> dict:
        """The figure as ``manage.py extract`` prints it: each measure's single number (the
        bound or the best estimate) or ``{"low", "high"}`` for a range, and, under
        ``estimates`` (when a number was qualified or a range), every measure as low/best/high."""
        out: dict = {"party": self.party, "civilian": self.civilian}
        for cat in cw.CATEGORIES:
            value = getattr(self, cat)
            if value is None:
                out[cat] = None
            elif value[0] == value[1]:
                out[cat] = value[0]
            else:
                out[cat] = {"low": value[0], "high": value[1]}
        if self.bounds or any(v is not None and v[0] != v[1] for v in (getattr(self, c) for c in cw.CATEGORIES)):
            # only where the text qualified a number: a plain count is its own low, best and high
            out["estimates"] = {cat: est for cat in cw.CATEGORIES if (est := self.estimate(cat)) is not None}
        return out


@dataclass
class _Mention:
    category: str
    count: Count
    party: str | None  # None = unmarked
    civilian: bool | None  # None = unknown / mixed
    qualifier: str | None = None  # "low" ("at least"), "high" ("up to"), "best" ("about")
    revises: str | None = None  # "add" or "replace" an earlier figure of the same measure


def _np_features(tokens: list[Token], start: int, end: int, speaker_side: str | None):
    """Party and civilian-ness from the words of a noun phrase tokens[start:end]."""
    party = None
    civilian = None
    kinds = set()
    for tok in tokens[start:end]:
        w = tok.lower_
        if w in cw.SIDE_WORDS and party is None:
            party = cw.SIDE_WORDS[w]
        elif w in cw.OWN and party is None and speaker_side:
            party = speaker_side
        elif w in cw.ENEMY and party is None and speaker_side in PARTIES:
            party = PARTIES[1 - PARTIES.index(speaker_side)]
        if w in cw.MILITARY or w in ("military",):
            kinds.add("military")
        if w in cw.CIVILIAN:
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
    return any(t.lower_ in cw.HUMAN for t in nouns)


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
        extra: list[_Mention] = []
        w = tok.lower_
        looks_right = (
            w in cw.ACTIVE or w == "toll" or (tok.tag_ == "VBD" and any(c.dep_ == "dobj" for c in tok.children))
        )
        # "the deaths of two soldiers"; "shot dead an Armenian serviceman"
        looks_right = looks_right or (w in cw.NOUN_TRIGGERS and i + 1 < len(tokens) and tokens[i + 1].lower_ == "of")
        looks_right = looks_right or (w == "dead" and i > 0 and tokens[i - 1].lower_ == "shot")
        if found is None and _counted_group(tokens, i):
            # "the death toll among Armenian servicemen had reached 49", "the number of people
            # killed … has risen to 68": the count follows the verb
            found = _toll_count(tokens, i, speaker_side, used)
        if found is None and looks_right:
            # right: "injuring one soldier", "killed two civilians", "the deaths of more than 600"
            span = 4 + sum(1 for t in tokens[i + 1 : i + 6] if t.lower_ in cw.APPROXIMATORS)
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
                        if party is None and w in ("lost", "losing"):
                            # "the enemy lost up to 20 servicemen": the losers are the subject's
                            owner = [t for s in _subjects(tok) for t in s.subtree]
                            party = _np_features(owner, 0, len(owner), speaker_side)[0]
                        found = (count, qs, party, civilian, human)
                        used.update(range(qs, qe))
                    break
        if found is None and w not in cw.ACTIVE:
            # the parse's own subject: "32 people, including seven children, had been killed",
            # "an Azerbaijani soldier and two Armenian soldiers were killed", "two of its
            # servicemen became martyrs", "Private Aram Petrosyan was killed"
            for subj in _subjects(tok):
                got = _subject_count(subj, tokens, used, speaker_side, mentions, cat)
                if got is None:
                    continue
                if found is None:
                    found = got
                else:
                    count, qs, party, civilian, _ = got
                    # conjoined subjects are different people: their counts add up
                    extra.append(_Mention(cat, count, party, civilian, _qualifier(tokens, qs), "add"))
        if found is None and tok.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in tok.children):
            # "the soldier A B and ensign C D were killed", however the parser linked the names
            found = _named_people_before(tokens, i, used, speaker_side)
        if found is None and (w in cw.NOUN_TRIGGERS or tok.tag_ in ("VBN", "VBD", "JJ", "NNS", "VBG")):
            # left: "three of its soldiers were killed", "23 military and civilian deaths"
            j = i - 1
            while j >= 0 and i - j <= 12:
                prev = tokens[j]
                if _barrier(prev) or prev.lower_ in cw.NEGATORS or (category(prev) and j < i - 1):
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
        if any(t.lower_ in cw.ANAPHORIC for t in tokens[qs : qs + 3]) and mentions:
            human = None  # "and 52 others were wounded": the same people as the last figure
            civilian = None if civilian is not True else civilian
        if human is None:  # "11 were injured": the people of the previous figure
            party = party or last_party
            civilian = last_civilian if civilian is None else civilian
        mentions.append(_Mention(cat, count, party, civilian, _qualifier(tokens, qs), _revises(tokens, qs, mentions)))
        mentions.extend(extra)
        last_party, last_civilian = (extra[-1].party, extra[-1].civilian) if extra else (party, civilian)
    return mentions + _zero_mentions(tokens, speaker_side)


def _subjects(tok: Token) -> list[Token]:
    """The subjects a casualty word is said of, conjuncts included; for "became martyrs", "were
    among the dead", the copular verb's subject."""
    holder = tok
    if tok.dep_ in ("attr", "acomp", "oprd") and tok.head.i != tok.i:
        holder = tok.head
    elif tok.dep_ == "dobj" and (tok.head.lower_ in cw.SUSTAINING or tok.head.lower_ in ("lost", "lose")):
        holder = tok.head  # "a serviceman sustained a wound", "one soldier lost his life"
    subj = next((c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return []
    return [subj, *(c for c in subj.conjuncts if c.i > subj.i)]


def _subject_count(subj: Token, tokens: list[Token], used: set[int], speaker_side, mentions, cat):
    """(count, start, party, civilian, human) for one subject of a casualty word, or None."""
    position = {t.i: k for k, t in enumerate(tokens)}
    own = [subj, *(c for c in subj.children if c.dep_ not in ("conj", "cc"))]
    nums = [subj] if subj.like_num or subj.lower_ in cw.UNITS else []
    nums += [c for c in subj.children if c.dep_ == "nummod"]
    # a range's first number ("3 to 5 soldiers") hangs off the last one
    nums = sorted({g.i: g for n in nums for g in n.subtree if g.like_num or g.lower_ in cw.UNITS}.values(),
                  key=lambda t: t.i)[:1] or nums  # fmt: skip
    np_ids = {t.i for o in own for t in (o.subtree if o is not subj else [o])}
    np_ids = {i for i in np_ids if not any(a.lower_ == "including" for a in subj.doc[i].ancestors)}
    np = [t for t in tokens if t.i in np_ids]
    party, civilian, _ = _np_features(np, 0, len(np), speaker_side)
    for num in nums:
        k = position.get(num.i)
        q = quantity_at(tokens, k) if k is not None and k not in used else None
        if q:
            count, qs, qe = q
            human = any(t.lower_ in cw.HUMAN and t.tag_.startswith("NN") for t in np) or None
            # "200 people, including 10 civilians": the part is its own figure, and the whole is
            # then not all civilian
            part = _included_part(subj, tokens, position, used, speaker_side, party)
            if part is not None:
                mentions.append(_Mention(cat, part[0], part[1], True))
                civilian = False if civilian else civilian
            used.update(range(qs, qe))
            return count, qs, party, civilian, human
    k = position.get(subj.i)
    if k is None or k in used or any(t.lower_ in cw.NEGATORS or t.lower_ == "any" for t in np):
        return None
    count = _count_without_numeral(subj, np)
    if count is None:
        return None
    used.add(k)
    return (count, count), min(position.get(t.i, k) for t in np), party, civilian, True


def _named_people_before(tokens: list[Token], i: int, used: set[int], speaker_side):
    """People named (a rank or person noun, then a name) in the words before a passive casualty
    verb, back to the clause's start: each is one person."""
    j = i - 1
    while (
        j >= 0
        and tokens[j].tag_ in ("VBD", "VBZ", "VBP", "VBN", "RB")
        and tokens[j].dep_ in ("auxpass", "aux", "advmod")
    ):
        j -= 1
    names, k = [], j
    while k >= 0 and j - k < 16 and k not in used:
        t = tokens[k]
        if t.tag_ in ("VBD", "VBZ", "VBP", "MD", "WDT") or t.lower_ in ("that", ":", ";") or cw.counting_numeral(t):
            break
        if t.tag_ == "NNP" and (k == 0 or tokens[k - 1].tag_ != "NNP"):
            run_start = k
            run = tokens[run_start : next((m for m in range(k, j + 1) if tokens[m].tag_ != "NNP"), j + 1)]
            titled = k > 0 and tokens[k - 1].lower_ in cw.MILITARY | cw.CIVILIAN
            if titled or (len(run) >= 2 and all(x.ent_type_ == "PERSON" for x in run)):
                names.append(run_start)
        k -= 1
    if not names:
        return None
    first = min(names) - 1
    party, civilian, _ = _np_features(tokens, max(0, k + 1), i, speaker_side)
    used.update(range(first, j + 1))
    return (len(names), len(names)), first, party, civilian, True


def _count_without_numeral(subj: Token, np: list[Token]) -> int | None:
    """A count written without a numeral: a named person ("Private Aram Petrosyan") or one
    singular person noun ("a soldier", "its serviceman") is 1; "both soldiers" is 2."""
    words = {t.lower_ for t in np}
    if subj.ent_type_ == "PERSON" or subj.tag_ == "NNP" and (words & cw.MILITARY or words & cw.CIVILIAN):
        return 1  # "Private Aram Petrosyan was killed": a named person, whatever the model tagged

    if subj.lower_ not in cw.HUMAN or subj.lower_ in ("others", "more", "members"):
        return None
    if "both" in words and subj.tag_ == "NNS":
        return 2
    if subj.tag_ == "NN" and subj.lower_ not in ("military", "service", "border", "personnel", "crew", "police"):
        return 1
    return None


def _qualifier(tokens: list[Token], qs: int) -> str | None:
    """ "low", "high" or "best" for "at least N", "up to N", "about N"; None for a plain N."""
    before = tuple(t.lower_ for t in tokens[max(0, qs - 3) : qs])
    for kind, phrases in (("low", cw.LOW_BOUND), ("high", cw.HIGH_BOUND), ("best", cw.BEST_GUESS)):
        if any(before[-len(p) :] == p for p in phrases):
            return kind
    return None


def _revises(tokens: list[Token], qs: int, mentions: list[_Mention]) -> str | None:
    """How a figure relates to earlier ones of the statement: "add" ("two other women", "a
    fourth"), "replace" ("later revised its figures to two dead"), or None."""
    if not mentions:
        return None
    near = {t.lower_ for t in tokens[qs : qs + 3]}
    if near & cw.ADDITIVE or near & cw.ORDINALS:
        return "add"
    if any(t.lower_ in cw.REVISING for t in tokens[max(0, qs - 8) : qs]):
        return "replace"
    return None


def _zero_mentions(tokens: list[Token], speaker_side: str | None) -> list[_Mention]:
    """Explicit zeros: "no casualties", "we haven't had any losses", "nobody was hurt",
    "denied any of its servicemen were killed" — 0 for each measure the words name."""
    out: list[_Mention] = []
    for k, tok in enumerate(tokens):
        w = tok.lower_
        measures: tuple[str, ...] = ()
        if w in cw.ZERO_NOUNS and tok.tag_.startswith("NN") or w in ("killed", "wounded", "injured", "hurt"):
            dets = [t.lower_ for t in tokens[max(0, k - 3) : k]]
            negated_any = "any" in dets and _negated_clause(tok)
            if w in cw.ZERO_NOUNS and tok.tag_.startswith("NN") and ("no" in dets or "without" in dets or negated_any):
                measures = cw.ZERO_NOUNS[w]
            elif tok.tag_ in ("VBN", "VBD", "JJ") and w in ("killed", "wounded", "injured", "hurt"):
                subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is not None and (
                    subj.lower_ in cw.NOBODY | {"no"}
                    or any(c.lower_ == "no" for c in subj.children)
                    or (subj.lower_ == "any" or any(c.lower_ == "any" for c in subj.children))
                    and _negated_clause(tok)
                ):
                    measures = (category(tok) or "",)
        if not measures or not all(measures):
            continue
        phrase = tokens[max(0, k - 4) : k + 4]
        party, civilian, _ = _np_features(phrase, 0, len(phrase), speaker_side)
        for measure in measures:
            out.append(_Mention(measure, (0, 0), party, civilian))
    return out


def _negated_clause(tok: Token) -> bool:
    """Whether ``tok``'s clause is negated or denied ("haven't had any losses", "nor have any
    losses", "denied any of its servicemen were killed")."""
    for node in (tok, *tok.ancestors):
        if any(c.dep_ == "neg" or c.lower_ in ("nor", "neither") for c in node.children):
            return True
        if node.lower_ in cw.NEGATING_VERBS or node.i > 0 and node.nbor(-1).lower_ in ("nor", "neither", "never"):
            return True
        if node.tag_.startswith("VB") and node.dep_ not in ("ccomp", "xcomp", "aux", "relcl", "conj"):
            return False
    return False


def _counted_group(tokens: list[Token], i: int) -> bool:
    """Whether the trigger at ``i`` belongs to "the (death) toll …" or "the number of … killed"."""
    w = tokens[i].lower_
    if w == "toll":
        return True
    return any(t.lower_ == "number" for t in tokens[max(0, i - 4) : i])


def _toll_count(tokens: list[Token], i: int, speaker_side: str | None, used: set[int]):
    for j in range(i + 1, min(len(tokens), i + 14)):
        if tokens[j].lower_ in cw.TOLL_VERBS and tokens[j].tag_.startswith("VB"):
            for k in range(j + 1, min(len(tokens), j + 6)):
                q = quantity_at(tokens, k) if k not in used else None
                if q:
                    count, qs, qe = q
                    group = tokens[max(0, i - 4) : j]
                    party, civilian, kinds = _np_features(group, 0, len(group), speaker_side)
                    used.update(range(qs, qe))
                    return count, qs, party, civilian, True if kinds else None
                if tokens[k].lower_ not in cw.APPROXIMATORS | {"to", "at", "risen", "reached", "now", "some"}:
                    break
    return None


def _included_part(subj: Token, tokens: list[Token], position: dict, used: set[int], speaker_side, party):
    """ "N people, including M civilians": (M, party) for the civilian part, or None."""
    for t in subj.subtree:
        if t.lower_ != "including":
            continue
        for g in t.subtree:
            k = position.get(g.i)
            if k is None or k in used or not (g.like_num or g.lower_ in cw.UNITS):
                continue
            q = quantity_at(tokens, k)
            if q is None:
                continue
            rest = [x for x in t.subtree if x.i > g.i]
            if any(x.lower_ in cw.CIVILIAN for x in rest):
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
            # a party's (or Russia's, for its peacekeepers and crews) unmarked dead are its own
            party = speaker_side if (speaker_side in (*PARTIES, "russian") and not joint) else "unknown"
        if party not in PARTIES and party != "russian":
            party = "unknown"
        civilian = bool(m.civilian)
        figure = figures.setdefault((party, civilian), CasualtyFigure(party=party, civilian=civilian))
        earlier = getattr(figure, m.category)
        if earlier is not None and m.revises == "add":
            setattr(figure, m.category, (earlier[0] + m.count[0], earlier[1] + m.count[1]))
            continue
        if earlier is not None and m.revises == "replace":
            earlier = None  # the speaker's later, revised figure is the one that stands
        if m.qualifier and earlier is None:
            figure.bounds[m.category] = m.qualifier
        if earlier is None:
            setattr(figure, m.category, m.count)
    return list(figures.values())


def merge_figures(earlier: list[CasualtyFigure], later: list[CasualtyFigure]) -> list[CasualtyFigure]:
    """A statement's figures with those of a quoted sentence that continues it: a measure the
    statement has not given yet is added; one it gave stays as first stated."""
    out = list(earlier)
    for fig in later:
        same = next((f for f in out if (f.party, f.civilian) == (fig.party, fig.civilian)), None)
        if same is None:
            out.append(fig)
            continue
        for cat in cw.CATEGORIES:
            if getattr(same, cat) is None and getattr(fig, cat) is not None:
                setattr(same, cat, getattr(fig, cat))
                if cat in fig.bounds:
                    same.bounds[cat] = fig.bounds[cat]
    return out
