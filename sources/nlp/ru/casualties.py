"""Casualty figures in Russian: numerals by lemma (digits, "двое", "трое", "1,8 тыс.", "1 815"),
casualty words by lemma ("погибли", "раненых", "получили ранения"), the party from the words
around them or the speaker, into the shared :class:`~sources.nlp.casualties.CasualtyFigure`."""

from __future__ import annotations

import re

from ..casualties import CasualtyFigure
from ..gazetteer import PARTIES
from . import lexicon as lx
from .model import Sent, Tok
from .names import RuNames

_DIGITS = re.compile(r"^\d+(?:[.,]\d+)?$")
WINDOW = 6


def _number(toks: list[Tok], i: int) -> tuple[int, int] | None:
    """(value, last token index) of a number starting at ``i``, or None."""
    t = toks[i]
    value: float | None = None
    end = i
    if _DIGITS.match(t.text):
        value = float(t.text.replace(",", "."))
        # "1 815": a thousands group written with a space
        while (
            end + 1 < len(toks)
            and re.fullmatch(r"\d{3}", toks[end + 1].text)
            and toks[end + 1].start == toks[end].end + 1
        ):
            value = value * 1000 + int(toks[end + 1].text)
            end += 1
    elif t.lemma in lx.NUMERALS:
        value = lx.NUMERALS[t.lemma]
        # "двадцать пять"
        if (
            end + 1 < len(toks)
            and toks[end + 1].lemma in lx.NUMERALS
            and value >= 20
            and lx.NUMERALS[toks[end + 1].lemma] < 10
        ):
            value += lx.NUMERALS[toks[end + 1].lemma]
            end += 1
    if value is None:
        return None
    if end + 1 < len(toks) and toks[end + 1].lemma.rstrip(".") in lx.MULTIPLIERS:
        value *= lx.MULTIPLIERS[toks[end + 1].lemma.rstrip(".")]
        end += 1
        if end + 1 < len(toks) and toks[end + 1].text == ".":
            end += 1
    if value != int(value):
        return None
    return int(value), end


def _category(tok: Tok) -> str | None:
    for cat, words in lx.CATEGORY_WORDS.items():
        if tok.lemma in words:
            return cat
    return None


def _party(words: list[Tok], names: RuNames, speaker_side: str | None, subject: list[Tok]) -> str:
    for group in (words, subject):
        side, _ = names.country_side(group)
        if side in PARTIES:
            return side
        if any(t.lemma in lx.ENEMY_WORDS for t in group) and speaker_side in PARTIES:
            return PARTIES[1 - PARTIES.index(speaker_side)]
    return speaker_side if speaker_side in PARTIES else "unknown"


def casualty_figures(sent: Sent, toks: list[Tok], names: RuNames, speaker_side: str | None) -> list[CasualtyFigure]:
    """Figures in ``toks`` (a sentence or the part of it a statement holds)."""
    cats = [(k, _category(t)) for k, t in enumerate(toks)]
    found: list[tuple[str, str, bool, int, bool]] = []  # party, category, civilian, count, low bound
    used: set[int] = set()
    k = 0
    while k < len(toks):
        num = _number(toks, k)
        if (
            num is None
            or (k > 0 and toks[k - 1].lemma in ("год", "в"))
            or (k + 1 < len(toks) and toks[k + 1].lemma in lx.MONTHS)
        ):
            k += 1
            continue
        value, end = num
        # the counted words after the number, then the nearest casualty word either side
        phrase = toks[end + 1 : end + 4]
        counted_human = any(t.lemma in lx.HUMAN or _category(t) for t in phrase[:2])
        near = [(abs(j - k), j, c) for j, c in cats if c and j not in used and abs(j - k) <= WINDOW]
        if not near or not (counted_human or any(j > end for _, j, _ in near) or any(j < k for _, j, _ in near)):
            k = end + 1
            continue
        human_near = any(t.lemma in lx.HUMAN for t in toks[max(0, k - 3) : end + 4])
        if not counted_human and not human_near and not any(j == end + 1 for _, j, _ in near):
            k = end + 1
            continue
        near.sort()
        _, j, cat = near[0]
        used.add(j)
        lo = max(0, min(k, j) - 3)
        words = toks[lo : max(end, j) + 3]
        head = toks[j]
        own = any(t is head for t in sent.toks)  # toks may run over a quotation's sentences
        subject = (
            [t for t in sent.toks if t.head == head.i and t.rel.startswith("nsubj")]
            if own and head.pos == "VERB"
            else []
        )
        party = _party(words, names, speaker_side, subject)
        civilian = any(t.lemma in lx.CIVILIAN for t in words)
        low = k > 0 and toks[k - 1].lemma in lx.LOW_BOUND
        found.append((party, cat, civilian, value, low))
        k = end + 1
    # "погибших и раненых нет": explicit zeros
    if any(t.lemma == "нет" for t in toks):
        for j, cat in cats:
            if cat and j not in used and toks[j].feats.get("Case") == "Gen":
                found.append((_party(toks[max(0, j - 4) : j + 5], names, speaker_side, []), cat, False, 0, False))
    return _merge(found)


def _merge(found: list[tuple[str, str, bool, int, bool]]) -> list[CasualtyFigure]:
    figures: dict[tuple[str, bool], CasualtyFigure] = {}
    for party, cat, civilian, value, low in found:
        fig = figures.setdefault((party, civilian), CasualtyFigure(party=party, civilian=civilian))
        if getattr(fig, cat) is None:
            setattr(fig, cat, (value, value))
            if low:
                fig.bounds[cat] = "low"
    return list(figures.values())


def has_casualty_words(toks: list[Tok]) -> bool:
    return any(_category(t) in ("killed", "wounded") and t.lemma not in ("потеря", "жертва") for t in toks)
