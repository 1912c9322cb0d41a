"""What happened: the incident kinds as linking weighs them, and the words that name them.

Every per-kind number linking uses lives in one row of `POLICY`, so adding a kind means adding one
row (and its cue regex below). `scoring` reads the windows and weights, `candidates` the long-running
kinds, `evidence` the reading of a claim's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.models import IncidentKind, Stance

VIOLENCE = "violence"


@dataclass(frozen=True)
class KindPolicy:
    """How linking treats incidents of one kind."""

    # Kinds fall into families; a statement never joins an incident of another family. None is an
    # editor's catch-all, compatible with anything.
    family: str | None
    # How far (days) a dated statement may lie from an incident's dates and still be about it.
    window_days: int
    # How long after an incident's last date an article may still report it without naming the day.
    report_lag_days: int
    # The longest an incident of the kind can last: stops day-by-day reports of a war chaining into one.
    max_span_days: int
    # What an exact kind match is worth: the rarer the kind, the more it says.
    weight: float
    # Lasts for months: one such incident at a time is the norm, so the kind alone is a firm signal
    # across articles.
    long_running: bool = False
    # Rare enough that the kind plus a publication date in range is a firm signal: there is seldom
    # more than one ceasefire agreed or one offensive launched in the same few days.
    firm: bool = False
    # Talks, summits, treaties and agreements are mostly where an event is discussed or what a side
    # invokes about it ("the issue was raised at the Security Council", "Armenia invoked the CSTO
    # treaty"), not an event of their own: such words nudge, they do not decide. A diplomatic event
    # dated apart from the article's main event still gets its own incident through its date.
    soft: bool = False


# fmt: off
POLICY: dict[str, KindPolicy] = {
    #                                     family        window  lag  max span  weight
    IncidentKind.BORDER_CLASH: KindPolicy(VIOLENCE,     3,      4,   4,        0.25),
    IncidentKind.SHELLING:     KindPolicy(VIOLENCE,     3,      4,   4,        0.25),
    IncidentKind.DRONE_STRIKE: KindPolicy(VIOLENCE,     3,      4,   4,        0.25),
    IncidentKind.OFFENSIVE:    KindPolicy(VIOLENCE,     7,      10,  10,       0.35, firm=True),
    IncidentKind.BLOCKADE:     KindPolicy("blockade",   300,    300, 400,      0.4,  long_running=True, firm=True),
    IncidentKind.CEASEFIRE:    KindPolicy("ceasefire",  2,      3,   3,        0.3,  firm=True),
    IncidentKind.DIPLOMATIC:   KindPolicy("diplomatic", 10,     14,  10,       0.2,  soft=True),
    IncidentKind.OTHER:        KindPolicy(None,         7,      14,  14,       0.1),
}
# fmt: on
LONG_RUNNING = frozenset(kind for kind, policy in POLICY.items() if policy.long_running)


def family(kind: str | None) -> str | None:
    policy = POLICY.get(kind) if kind else None
    return policy.family if policy else None


# "The unblocking of regional communications": the opening of transport links that peace talks
# negotiate, not a road closed.
_OF_LINKS = r"\s+of\s+(?:all\s+)?(?:the\s+)?(?:regional|economic|transport)\b"

# Words that name what happened. Ordered by precedence: when a claim names several kinds, the
# more specific, longer-lasting one usually frames it ("the attack follows nine months of blockade").
_KIND_CUES: list[tuple[str, re.Pattern]] = [
    (
        IncidentKind.BLOCKADE,
        re.compile(rf"\b(?:un)?blockad\w*|\b(?:un)?block(?:ed|ing)\b(?!{_OF_LINKS})|\bclosure\b|\bsiege\b", re.I),
    ),
    (
        IncidentKind.CEASEFIRE,
        re.compile(
            r"(?:announc|declar)\w*\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}(?:cease-?fire|truce)\b"
            r"|\b(?:cease-?fire|truce)\s+(?:was|were|has been|had been)\s+(?:announc|declar)\w*"
            r"|\b(?:cease-?fire|truce|armistice|cessation of (?:hostilities|fire))\b[^.;]{0,80}?"
            r"\b(?:agree\w*|accept\w*|brokered|reached|signed|took effect|in force)\b"
            r"|\b(?:agree\w*|accept\w*|brokered|reached|signed)\b[^.;]{0,80}?"
            r"\b(?:cease-?fire|truce|armistice|cessation of (?:hostilities|fire))\b",
            re.I,
        ),
    ),
    (
        IncidentKind.OFFENSIVE,
        re.compile(r"\boffensive\b|\banti-?terror\w*|\bmilitary operation\b|\bcounter-?attack\w*", re.I),
    ),
    (IncidentKind.DRONE_STRIKE, re.compile(r"\bdrones?\b|\bUAVs?\b", re.I)),
    (
        IncidentKind.SHELLING,
        re.compile(r"\bshell(?:s|ed|ing)\b|\bartillery\b|\bmortars?\b|\brockets?\b|\bmissiles?\b", re.I),
    ),
    (
        IncidentKind.BORDER_CLASH,
        re.compile(
            r"\bopen(?:ed|ing)? fire\b|\bfired\b|\bgunfire\b|\bclash\w*|\bfighting\b|\bskirmish\w*|\bfire-?fight\w*"
            r"|\battack\w*|\bhostilities\b|\baggression\b|\bviolence\b|\b(?:de-?)?escalat\w*"
            r"|\bfiring\b|\bexplosions?\b|\bstrikes?\b|\bstruck\b|\bbombard\w*|\bair-?raid\w*"
            r"|\bexchanges? of (?:fire|gunfire)\b|\bkill(?:ed|ing)\b|\bsnipers?\b|\bshoot(?:ing|ings|out|outs)?\b|\bshot (?:at|dead|down)\b"
            r"|\bceasefire violations?\b|\bviolat\w+ (?:the )?cease-?fire",
            re.I,
        ),
    ),
    # Events of their own that fit no kind above: a checkpoint set up, prisoners handed over. Named,
    # they keep a statement off the incidents of other kinds around it (a checkpoint on a road is not
    # the road's blockade, though it may lead to one).
    (
        IncidentKind.OTHER,
        re.compile(
            r"\bcheck-?points?\b"
            r"|\b(?:prisoners?|POWs?|detainees|captives)\b[^.;]{0,40}?\b(?:exchang|swap|hand\w* over|repatriat|return|releas)\w*"
            r"|\b(?:exchang|swap|hand\w* over|repatriat|return|releas)\w*[^.;]{0,40}?\b(?:prisoners?|POWs?|detainees|captives)\b",
            re.I,
        ),
    ),
    (
        IncidentKind.DIPLOMATIC,
        re.compile(
            rf"\bagreement\b|\bsummits?\b|\btalks\b|\bnegotiat\w+|\btreaty\b|\bpeace deal\b|\bsigned\b"
            rf"|\bunblock\w*{_OF_LINKS}",
            re.I,
        ),
    ),
]
_CEASEFIRE_WORD = re.compile(r"\bcease-?fire\b|\btruce\b|\bcessation of (?:hostilities|fire)\b", re.I)
# People hurt or dead: usually fighting, but not always (a death from malnutrition under blockade).
# And "provocation", which each side calls whatever the other did: firing, a protest on a road, a speech.
_HARM_WORDS = re.compile(
    r"\bwounded\b|\binjur(?:ed|ies|ing)\b|\bcasualt\w*|\bdeaths?\b|\bdied\b|\bdead\b|\bprovocat\w*", re.I
)


def kind_from_text(text: str, *, stance: str | None = None) -> str | None:
    """The incident kind a claim's words point to, or None when they name no event.

    Appeals call for something (a ceasefire, talks); what they call for is not the event they are
    about, so a call for a ceasefire counts as being about fighting, and talks count for nothing.
    """
    return kind_reading(text, stance=stance)[0]


def kind_reading(text: str, *, stance: str | None = None) -> tuple[str | None, bool]:
    """(kind, soft): soft when the words only hint at the kind (see kind_from_text, KindPolicy.soft)."""
    kind = _kind_of(text, stance=stance)
    if kind is None and text and _HARM_WORDS.search(text):
        return IncidentKind.BORDER_CLASH, True
    return kind, stance == Stance.APPEAL or (kind is not None and POLICY[kind].soft)


def _kind_of(text: str, *, stance: str | None = None) -> str | None:
    if not text:
        return None
    found = {kind: len(pattern.findall(text)) for kind, pattern in _KIND_CUES}
    found = {kind: n for kind, n in found.items() if n}
    if stance == Stance.APPEAL:
        found.pop(IncidentKind.DIPLOMATIC, None)
        if IncidentKind.CEASEFIRE in found or _CEASEFIRE_WORD.search(text):
            found.pop(IncidentKind.CEASEFIRE, None)
            found[IncidentKind.BORDER_CLASH] = found.get(IncidentKind.BORDER_CLASH, 0) + 1
    if not found:
        return None
    if len(found) > 1 and stance in (Stance.ACCUSATION, Stance.CASUALTY_REPORT, Stance.DENIAL):
        # Blame and casualty figures are about fighting when fighting is named at all; "blamed the
        # other for the violence but said they agreed to a ceasefire" is two statements, two events.
        violent = [k for k in found if family(k) == VIOLENCE]
        if violent and IncidentKind.BLOCKADE not in found:
            return min(violent, key=_precedence)
    if len(found) > 1 and stance == Stance.ASSERTION and IncidentKind.CEASEFIRE in found:
        return IncidentKind.CEASEFIRE
    # Precedence first; among the violent kinds the most specific wins.
    return min(found, key=_precedence)


def _precedence(kind: str) -> int:
    return [k for k, _ in _KIND_CUES].index(kind)
