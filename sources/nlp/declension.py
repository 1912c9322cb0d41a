"""Russian case forms of a place name, so a gazetteer alias in the nominative also matches
"в Степанакерте", "из Шуши", "по Лачинскому коридору".

A small declension grammar for names, not a dictionary: nouns by their ending (hard and soft
consonant, -а/-я, -ия, -ь both genders, neuter -о/-е), adjectives by theirs (-ский, -ый, -ий,
-ой, -ая, -ое). Capitalised words ending in another vowel (Баку, Ханкенди, Ходжалы, Сочи) are
foreign and indeclinable. Agreement in a phrase: an adjective and its noun decline together
("Лачинский коридор" → "Лачинского коридора"); a common noun before a name declines alone
("река Аракс" → "реки Аракс"); a compound name declines its last word ("Вайоц Дзор" → "Вайоц
Дзоре"). Forms that do not exist may be produced (a name's gender is guessed from its ending);
they are harmless, since they only ever match text that is not there.
"""

from __future__ import annotations

import re

_CYRILLIC = re.compile(r"[а-яё]", re.I)
_SIBILANT = "жшчщц"
_VELAR_SIBILANT = "гкхжшчщ"
_ADJECTIVE = re.compile(r"(?:ый|ий|ой|ая|яя|ое|ее)$")
_STOP = frozenset({"на", "в", "во", "у", "о", "и", "к", "с", "по", "между", "—", "-", "–"})
CASES = 4  # genitive, dative, instrumental, prepositional (accusative equals one of these or the nominative)


def _adjective(word: str) -> set[str]:
    stem, end = word[:-2], word[-2:]
    soft = end in ("ий", "яя", "ее") and not (stem.endswith(tuple(_VELAR_SIBILANT)))
    if end in ("ая", "яя"):
        return {stem + e for e in (("ей", "юю") if soft else ("ой", "ую"))}
    vowel = "е" if soft or stem.endswith(tuple(_VELAR_SIBILANT)) and end == "ий" else "о"
    inst = "им" if soft or stem.endswith(tuple(_VELAR_SIBILANT)) else "ым"
    forms = {stem + vowel + "го", stem + vowel + "му", stem + inst, stem + ("ем" if soft else "ом")}
    return forms


def _noun(word: str) -> set[str]:
    low = word.lower()
    last = low[-1]
    if low.endswith("ия"):
        return {word[:-1] + e for e in ("и", "ю", "ей")}
    if last == "а":
        stem = word[:-1]
        genitive = "и" if stem[-1:].lower() in _VELAR_SIBILANT else "ы"
        return {stem + genitive, stem + "е", stem + "у", stem + "ой", stem + "ей"}
    if last == "я":
        stem = word[:-1]
        return {stem + "и", stem + "е", stem + "ю", stem + "ей"}
    if last == "ь":
        stem = word[:-1]
        return {stem + e for e in ("я", "ю", "ем", "е", "и", "ью")}
    if last == "й":
        stem = word[:-1]
        return {stem + e for e in ("я", "ю", "ем", "е")}
    if last in "ое" and word[0].islower():  # озеро, водохранилище (capitalised: foreign, indeclinable)
        stem = word[:-1]
        soft = last == "е" and stem[-1:].lower() not in _SIBILANT
        return {stem + e for e in (("я", "ю", "ем", "и") if low.endswith("ие") else ("а", "у", "ом", "е"))} | (
            {stem + "ем"} if soft else set()
        )
    if last in "аеёиоуыэюя":
        return set()  # Баку, Ханкенди, Шуши, Ходжалы: indeclinable
    instrumental = "ем" if last in _SIBILANT else "ом"
    return {word + "а", word + "у", word + instrumental, word + "е"}


def _word_forms(word: str) -> set[str]:
    if "-" in word:  # Алма-Ата: the last part declines
        head, _, tail = word.rpartition("-")
        return {f"{head}-{form}" for form in _word_forms(tail)}
    if len(word) < 3 or not _CYRILLIC.search(word) or word.isupper():
        return set()  # abbreviations (НКАО, КПП, РФ) and short words stay as they are
    if _ADJECTIVE.search(word.lower()):
        return _adjective(word)
    return _noun(word)


def _aligned(word: str) -> list[str]:
    """The word's forms in case order where they can be aligned (for agreement), else sorted."""
    return sorted(_word_forms(word))


def russian_case_forms(name: str) -> set[str]:
    """The oblique case forms of a Russian place name (the name itself not included); empty for
    a name with no Cyrillic letter or one with a preposition in it."""
    words = name.split()
    if not words or not _CYRILLIC.search(name) or any(w.lower() in _STOP or not w[0].isalpha() for w in words):
        return set()
    if len(words) == 1:
        return _word_forms(words[0])
    first = words[0]
    if _ADJECTIVE.search(first.lower()) and not first.isupper():
        # adjective + noun: decline together, case by case.
        return _agreeing(words)
    if first[0].islower():
        return {" ".join([form, *words[1:]]) for form in _word_forms(first)}  # река Аракс → реки Аракс
    return {" ".join([*words[:-1], form]) for form in _word_forms(words[-1])}  # Вайоц Дзор → Вайоц Дзоре


# Endings by case (genitive, dative, instrumental, prepositional) for agreement in a phrase.
_ADJ_CASE = {
    "masc": (("ого", "его"), ("ому", "ему"), ("ым", "им"), ("ом", "ем")),
    "fem": (("ой", "ей"), ("ой", "ей"), ("ой", "ей"), ("ой", "ей")),
}


def _agreeing(words: list[str]) -> set[str]:
    """Adjective(s) + noun in the same case: each case's adjective forms with the noun's forms of
    that case (the noun's gender from the adjective's ending)."""
    *adjectives, noun = words
    feminine = adjectives[0].lower().endswith(("ая", "яя"))
    neuter = adjectives[0].lower().endswith(("ое", "ее"))
    noun_forms = _noun_by_case(noun, feminine=feminine, neuter=neuter)
    results = set()
    for case in range(CASES):
        adjective_forms = [_adjective_in_case(a, case, feminine) for a in adjectives]
        for noun_form in noun_forms[case]:
            results.add(" ".join([*adjective_forms, noun_form]))
    return results


def _adjective_in_case(word: str, case: int, feminine: bool) -> str:
    stem = word[:-2]
    soft = word.lower().endswith(("ий", "яя", "ее")) and not stem.lower().endswith(tuple(_VELAR_SIBILANT))
    velar = stem.lower().endswith(tuple(_VELAR_SIBILANT))
    hard, softer = _ADJ_CASE["fem" if feminine else "masc"][case]
    if not feminine and case == 2:  # instrumental: -им after velars and sibilants too
        return stem + (softer if soft or velar else hard)
    return stem + (softer if soft else hard)


def _noun_by_case(noun: str, *, feminine: bool, neuter: bool) -> list[set[str]]:
    low = noun.lower()
    stem = noun[:-1]
    if feminine and low.endswith("ь"):  # область: области, области, областью, области
        return [{stem + "и"}, {stem + "и"}, {stem + "ью"}, {stem + "и"}]
    if feminine and low.endswith("а"):
        genitive = "и" if stem[-1:].lower() in _VELAR_SIBILANT else "ы"
        return [{stem + genitive}, {stem + "е"}, {stem + "ой", stem + "ей"}, {stem + "е"}]
    if neuter and low.endswith("ие"):
        return [{stem + "я"}, {stem + "ю"}, {stem + "ем"}, {stem + "и"}]
    if neuter and low[-1:] in "ое":
        return [{stem + "а"}, {stem + "у"}, {stem + "ом", stem + "ем"}, {stem + "е"}]
    if low.endswith(("й", "ь")):
        return [{stem + "я"}, {stem + "ю"}, {stem + "ем"}, {stem + "е"}]
    if low[-1:] in "аеёиоуыэюя":
        return [{noun}] * CASES
    instrumental = "ем" if low[-1] in _SIBILANT else "ом"
    return [{noun + "а"}, {noun + "у"}, {noun + instrumental}, {noun + "е"}]
