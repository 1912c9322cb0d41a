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


# lemma -> stance the verb itself carries (None: the content decides)
VERB_STANCE: dict[str, str | None] = {
    "say": None, "state": None, "claim": None, "assert": None, "tell": None, "add": None,
    "declare": None, "announce": None, "report": None, "note": None, "stress": None,
    "emphasise": None, "insist": None, "argue": None, "write": None, "tweet": None,
    "explain": None, "maintain": None, "confirm": None, "reveal": None, "acknowledge": None,
    "admit": None, "warn": None, "threaten": None, "vow": None, "pledge": None, "promise": None,
    "respond": None, "reply": None, "allege": None, "accuse": ACCUSATION,
    "blame": ACCUSATION, "charge": ACCUSATION, "criticise": ACCUSATION, "denounce": ACCUSATION,
    "condemn": None, "deny": DENIAL, "reject": DENIAL, "dismiss": DENIAL, "refute": DENIAL,
    "rebuff": DENIAL, "urge": APPEAL, "call": APPEAL, "appeal": APPEAL, "ask": APPEAL,
    "demand": APPEAL, "request": APPEAL, "implore": APPEAL, "plead": APPEAL, "offer": APPEAL,
    "back": None, "support": None, "endorse": None, "welcome": None, "quote": None,
    "specify": None, "clarify": None, "point": None, "describe": None, "believe": None,
    "fear": None, "think": None, "assure": None, "reiterate": None, "underline": None,
    "underscore": None, "highlight": None, "recall": None, "remark": None, "contend": None,
    "predict": None, "estimate": None, "concede": None, "affirm": None, "reaffirm": None,
    "inform": None, "disclose": None, "indicate": None, "observe": None, "comment": None,
    "slam": ACCUSATION, "decry": ACCUSATION, "lambast": ACCUSATION, "dispute": DENIAL,
    "read": None, "question": None,
}  # fmt: skip

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
