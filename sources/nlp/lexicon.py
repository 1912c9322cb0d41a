"""Word lists for attribution: reporting verbs and nouns, stance words, non-speakers.

Kept apart from the rules so they can be read and extended without touching the grammar: the
reporting verbs and their forms here, every other list in ``data/lexicon.yaml`` (each with what it
is for), read once at import. Surface forms are listed (no lemmatizer runs in the pipeline).
"""

from __future__ import annotations

import re

from . import wordlists

ASSERTION = "assertion"
ACCUSATION = "accusation"
DENIAL = "denial"
CASUALTY = "casualty-report"
APPEAL = "appeal"
STANCES = (ASSERTION, ACCUSATION, DENIAL, CASUALTY, APPEAL)


def _forms(lemma: str, *forms: str) -> dict[str, str]:
    return {f: lemma for f in (lemma, *forms)}


def by_stance(table: str) -> dict[str, str | None]:
    """lemma -> the stance a reporting verb carries on its own, from a table of lemmas: a line
    "denial: deny reject …" gives its words that stance, other lines' words carry none (their
    content decides). Both engines' verb lists are written this way."""
    out: dict[str, str | None] = {}
    for line in table.splitlines():
        label, sep, words = line.partition(":")
        stance = label.strip() if sep else None
        if stance is not None and stance not in STANCES:
            raise ValueError(f"unknown stance {stance!r} in a verb table")
        out.update(dict.fromkeys((words if sep else line).split(), stance))
    return out


# lemma -> stance the verb itself carries (None: the content decides)
VERB_STANCE: dict[str, str | None] = by_stance("""
    say state claim assert tell add declare announce report note stress emphasise insist argue write
    tweet explain maintain confirm reveal acknowledge admit warn threaten vow pledge promise respond
    reply allege condemn back support endorse welcome quote specify clarify point describe believe
    fear think assure reiterate underline underscore highlight recall remark contend predict
    estimate concede affirm reaffirm inform disclose indicate observe comment read question
    accusation: accuse blame charge criticise denounce slam decry lambast
    denial: deny reject dismiss refute rebuff dispute
    appeal: urge call appeal ask demand request implore plead offer
""")

# Forms English spelling rules do not give (see `_inflections`): irregular pasts and participles, and
# "read", whose past is spelt like the lemma and whose "reading" is a noun far more often than a cue.
_IRREGULAR_PAST = {"say": "said", "tell": "told", "write": "wrote written", "think": "thought", "plead": "pleaded pled"}
_GIVEN_FORMS = {"read": ("reads",)}  # '"…," the statement read'
# Verbs that double their final consonant though it is not a one-syllable word's ("admitted").
_DOUBLES_FINAL = {"admit"}
# Verbs spelt -ise in British English and -ize in American (not every -ise: "promise" is not).
_ISE_IZE = {"emphasise", "criticise"}


def _inflections(lemma: str) -> tuple[str, ...]:
    """The -s, past and -ing forms of a verb by the English spelling rules (an -ise verb's -ize
    spellings too, lemma included), but for the exceptions above."""
    if lemma in _GIVEN_FORMS:
        return _GIVEN_FORMS[lemma]
    if lemma in _ISE_IZE:
        american = lemma[:-3] + "ize"
        return *_inflections_of(lemma), american, *_inflections_of(american)
    return _inflections_of(lemma)


def _inflections_of(lemma: str) -> tuple[str, ...]:
    consonant_y = lemma.endswith("y") and lemma[-2] not in "aeiou"
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        third = lemma + "es"
    else:
        third = lemma[:-1] + "ies" if consonant_y else lemma + "s"
    if lemma.endswith("e"):
        past, gerund = lemma + "d", lemma[:-1] + "ing"
    elif consonant_y:
        past, gerund = lemma[:-1] + "ied", lemma + "ing"
    # one vowel between consonants in a one-syllable word doubles the last: "slam", "slammed"
    elif lemma in _DOUBLES_FINAL or re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", lemma):
        past, gerund = lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"
    else:
        past, gerund = lemma + "ed", lemma + "ing"
    pasts = _IRREGULAR_PAST.get(lemma, past).split()
    return third, *pasts, gerund


# Every form of each reporting verb -> its lemma.
VERB_FORMS: dict[str, str] = {}
for _lemma in VERB_STANCE:
    VERB_FORMS.update(_forms(_lemma, *_inflections(_lemma)))

# Every other list (NEEDS_CLAUSE, NON_SPEAKERS, MEDIA_NAMES, …) as a name of this module: lx.NON_SPEAKERS.
globals().update(wordlists.load("lexicon"))
