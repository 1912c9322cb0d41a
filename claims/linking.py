"""Incident linking: put each new statement on the incident it is about, or propose a draft incident.

The evidence, weighed per candidate incident:

- **kind**: words of the claim name what happened (a blockade, a ceasefire agreed, shelling, an
  offensive…). Kinds fall into families; a statement never joins an incident of another family.
- **date**: the statement's own event date must fall within a window of the incident's dates that
  depends on the kind (days for a clash, most of a year for a blockade). Without an own date the
  article's publication date stands in, as an upper bound: reports follow events.
- **places**: gazetteer places (ids, not strings). A shared village or corridor is strong evidence;
  places close on the map are some; two sets of specific places far apart count against. Countries
  and regions are too broad to say much.
- **the article**: statements of one article are mostly about its events, and a statement with no
  evidence of its own continues the account of its neighbours.
- **the other side's account** and **shared actors** support a match other evidence already makes.

Across articles a link needs a firm signal (an own date within the window, a shared or nearby
specific place, or a long-running kind such as a blockade); otherwise a draft incident is proposed.
Each link stores its confidence and a readable reason. Editors' work is never touched: statements an
editor reviewed or edited (review_status != pending or version > 1) are left alone, and the system
only ever updates incidents it proposed itself (status draft, never edited).
"""

from __future__ import annotations

import datetime
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pghistory
from django.contrib.postgres.aggregates import ArrayAgg
from django.db import connection, transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.models import Count, Max, Min, Q

from claims.models import (
    INCIDENT_SPAN,
    DatePrecision,
    Incident,
    IncidentKind,
    IncidentPlace,
    IncidentStatus,
    Place,
    PlaceKind,
    ReviewStatus,
    Stance,
    Statement,
    StatementPlace,
)

__all__ = [
    "LINK_THRESHOLD",
    "DuplicatePair",
    "incident_duplicate_candidates",
    "incident_link_statements",
    "kind_from_text",
]

# A candidate needs at least this much evidence; below it a draft incident is proposed instead.
LINK_THRESHOLD = 0.4
# Serialises linking so two workers handling articles about the same new event cannot both
# propose a draft for it (the second one sees the first one's draft).
_ADVISORY_LOCK_KEY = 0x6C696E6B  # "link"

VIOLENCE = "violence"
FAMILY = {
    IncidentKind.BORDER_CLASH: VIOLENCE,
    IncidentKind.SHELLING: VIOLENCE,
    IncidentKind.DRONE_STRIKE: VIOLENCE,
    IncidentKind.OFFENSIVE: VIOLENCE,
    IncidentKind.BLOCKADE: "blockade",
    IncidentKind.CEASEFIRE: "ceasefire",
    IncidentKind.DIPLOMATIC: "diplomatic",
    IncidentKind.OTHER: None,  # an editor's catch-all: compatible with anything
}
# How far (days) a dated statement may lie from an incident's dates and still be about it.
WINDOW_DAYS = {
    IncidentKind.BORDER_CLASH: 3,
    IncidentKind.SHELLING: 3,
    IncidentKind.DRONE_STRIKE: 3,
    IncidentKind.OFFENSIVE: 7,
    IncidentKind.CEASEFIRE: 2,
    IncidentKind.BLOCKADE: 300,
    IncidentKind.DIPLOMATIC: 10,
    IncidentKind.OTHER: 7,
}
# How long after an incident's last date an article may still report it without naming the day.
REPORT_LAG_DAYS = {
    IncidentKind.BORDER_CLASH: 4,
    IncidentKind.SHELLING: 4,
    IncidentKind.DRONE_STRIKE: 4,
    IncidentKind.OFFENSIVE: 10,
    IncidentKind.CEASEFIRE: 3,
    IncidentKind.BLOCKADE: 300,
    IncidentKind.DIPLOMATIC: 14,
    IncidentKind.OTHER: 14,
}
# Kinds that last for months: one such incident at a time is the norm, so the kind alone is a firm
# signal across articles.
LONG_RUNNING = {IncidentKind.BLOCKADE}
# Kinds rare enough that the kind plus a publication date in range is a firm signal: there is seldom
# more than one ceasefire agreed or one offensive launched in the same few days.
FIRM_KINDS = LONG_RUNNING | {IncidentKind.CEASEFIRE, IncidentKind.OFFENSIVE}
# The longest an incident of a kind can last: stops day-by-day reports of a war chaining into one.
MAX_SPAN_DAYS = {
    IncidentKind.BORDER_CLASH: 4,
    IncidentKind.SHELLING: 4,
    IncidentKind.DRONE_STRIKE: 4,
    IncidentKind.OFFENSIVE: 10,
    IncidentKind.CEASEFIRE: 3,
    IncidentKind.BLOCKADE: 400,
    IncidentKind.DIPLOMATIC: 10,
    IncidentKind.OTHER: 14,
}
# What an exact kind match is worth: the rarer the kind, the more it says.
KIND_WEIGHT = {
    IncidentKind.BLOCKADE: 0.4,
    IncidentKind.OFFENSIVE: 0.35,
    IncidentKind.CEASEFIRE: 0.3,
    IncidentKind.DRONE_STRIKE: 0.25,
    IncidentKind.SHELLING: 0.25,
    IncidentKind.BORDER_CLASH: 0.25,
    IncidentKind.DIPLOMATIC: 0.2,
    IncidentKind.OTHER: 0.1,
}
SAME_FAMILY_WEIGHT = 0.2
# Talks, summits, treaties and agreements are mostly where an event is discussed or what a side
# invokes about it ("the issue was raised at the Security Council", "Armenia invoked the CSTO
# treaty"), not an event of their own: such words nudge, they do not decide. A diplomatic event
# dated apart from the article's main event still gets its own incident through its date.
SOFT_KINDS = {IncidentKind.DIPLOMATIC}
# Places this broad (a country, a region) do not tell one incident from another.
BROAD_PLACE_KINDS = {PlaceKind.COUNTRY, PlaceKind.REGION, PlaceKind.PROVINCE, PlaceKind.BORDER}
NEAR_KM = 30.0

# Words that name what happened. Ordered by precedence: when a claim names several kinds, the
# more specific, longer-lasting one usually frames it ("the attack follows nine months of blockade").
_KIND_CUES: list[tuple[str, re.Pattern]] = [
    (IncidentKind.BLOCKADE, re.compile(r"\b(?:un)?blockad\w*|\b(?:un)?block(?:ed|ing)\b|\bclosure\b|\bsiege\b", re.I)),
    (
        IncidentKind.CEASEFIRE,
        re.compile(
            r"\b(?:cease-?fire|truce|armistice|cessation of (?:hostilities|fire))\b[^.;]{0,80}?"
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
            r"|\battack\w*|\bprovocation\w*|\bhostilities\b|\baggression\b|\bviolence\b|\b(?:de-?)?escalat\w*"
            r"|\bfiring\b|\bexplosions?\b|\bstrikes?\b|\bstruck\b|\bbombard\w*|\bair-?raid\w*"
            r"|\bkill(?:ed|ing)\b|\bsnipers?\b"
            r"|\bceasefire violations?\b|\bviolat\w+ (?:the )?cease-?fire",
            re.I,
        ),
    ),
    (
        IncidentKind.DIPLOMATIC,
        re.compile(r"\bagreement\b|\bsummits?\b|\btalks\b|\bnegotiat\w+|\btreaty\b|\bpeace deal\b|\bsigned\b", re.I),
    ),
]
_CEASEFIRE_WORD = re.compile(r"\bcease-?fire\b|\btruce\b|\bcessation of (?:hostilities|fire)\b", re.I)
# People hurt or dead: usually fighting, but not always (a death from malnutrition under blockade).
_HARM_WORDS = re.compile(r"\bwounded\b|\binjur(?:ed|ies|ing)\b|\bcasualt\w*|\bdeaths?\b|\bdied\b|\bdead\b", re.I)


def kind_from_text(text: str, *, stance: str | None = None) -> str | None:
    """The incident kind a claim's words point to, or None when they name no event.

    Appeals call for something (a ceasefire, talks); what they call for is not the event they are
    about, so a call for a ceasefire counts as being about fighting, and talks count for nothing.
    """
    return _kind_reading(text, stance=stance)[0]


def _kind_reading(text: str, *, stance: str | None = None) -> tuple[str | None, bool]:
    """(kind, soft): soft when the words only hint at the kind (see kind_from_text, SOFT_KINDS)."""
    kind = _kind_of(text, stance=stance)
    if kind is None and text and _HARM_WORDS.search(text):
        return IncidentKind.BORDER_CLASH, True
    return kind, stance == Stance.APPEAL or kind in SOFT_KINDS


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
        violent = [k for k in found if FAMILY.get(k) == VIOLENCE]
        if violent and IncidentKind.BLOCKADE not in found:
            return min(violent, key=_precedence)
    if len(found) > 1 and stance == Stance.ASSERTION and IncidentKind.CEASEFIRE in found:
        return IncidentKind.CEASEFIRE
    # Precedence first; among the violent kinds the most specific wins.
    return min(found, key=_precedence)


def _precedence(kind: str) -> int:
    return [k for k, _ in _KIND_CUES].index(kind)


def _family(kind: str | None) -> str | None:
    return FAMILY.get(kind) if kind else None


# --- Evidence ------------------------------------------------------------------------------------


@dataclass
class Evidence:
    """What one statement says about which event it concerns."""

    statement: Statement | None
    kind: str | None
    date: datetime.date | None
    own_date: bool
    places: dict[int, Place]
    side: str | None = None
    blamed: str | None = None
    actor_id: int | None = None
    article_id: int | None = None
    position: int = 0
    # An appeal's words name what it calls for ("a ceasefire", "an end to the blockade") rather than
    # the event it reacts to: its kind may nudge, never decide.
    kind_soft: bool = False

    @property
    def specific_places(self) -> dict[int, Place]:
        return {pk: p for pk, p in self.places.items() if p.kind not in BROAD_PLACE_KINDS}

    @property
    def has_own_evidence(self) -> bool:
        """Enough to place the statement by itself; otherwise it follows its neighbours."""
        return bool((self.kind and not self.kind_soft) or self.own_date or self.specific_places)


def statement_evidence(statement: Statement) -> Evidence:
    article = statement.article
    # The paraphrase says what this statement claims; the sentence may hold other speakers' claims.
    kind, soft = _kind_reading(statement.content, stance=statement.stance)
    if kind is None or soft:
        kind, soft = min(
            (kind, soft), _kind_reading(statement.sentence, stance=statement.stance), key=lambda r: (r[0] is None, r[1])
        )
    published = article.published if article is not None else None
    return Evidence(
        statement=statement,
        kind=kind,
        date=statement.event_date or published,
        own_date=statement.event_date is not None,
        places={p.pk: p for p in statement.places.all()},
        side=statement.side.slug if statement.side_id else None,
        blamed=statement.blamed_side.slug if statement.blamed_side_id else None,
        actor_id=statement.actor_id,
        article_id=statement.article_id,
        position=statement.start if statement.start is not None else 0,
        kind_soft=soft,
    )


# --- Incident profiles ---------------------------------------------------------------------------


@dataclass
class Profile:
    """An incident as linking sees it: its own fields plus what its statements say."""

    incident: Incident
    places: dict[int, Place] = field(default_factory=dict)
    sides: set[str] = field(default_factory=set)
    actors: set[int] = field(default_factory=set)
    articles: set[int] = field(default_factory=set)
    own_dates: list[datetime.date] = field(default_factory=list)
    fallback_dates: list[datetime.date] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.incident.kind

    @property
    def start(self) -> datetime.date | None:
        return self.incident.start_date

    @property
    def end(self) -> datetime.date | None:
        return self.incident.end_date or self.incident.start_date

    @property
    def system_owned(self) -> bool:
        return self.incident.status == IncidentStatus.DRAFT and self.incident.version == 1

    def add(self, ev: Evidence) -> None:
        self.places.update(ev.places)
        if ev.side:
            self.sides.add(ev.side)
        if ev.actor_id:
            self.actors.add(ev.actor_id)
        if ev.article_id:
            self.articles.add(ev.article_id)
        if ev.date:
            (self.own_dates if ev.own_date else self.fallback_dates).append(ev.date)


def _profiles_for(
    incidents: Iterable[Incident], *, excluding: Iterable[int] = (), places: dict[int, Place] | None = None
) -> dict[int, Profile]:
    """Profiles of these incidents, leaving out the statements being (re)linked right now.

    Built from three aggregate queries rather than by loading every statement: linking looks at
    dozens of candidate incidents per article, and an incident may hold hundreds of statements.
    `places` is a cache of Place rows shared by one linking run.
    """
    profiles = {i.pk: Profile(incident=i) for i in incidents}
    if not profiles:
        return profiles
    ids = list(profiles)
    statements = Statement.objects.filter(incident_id__in=ids).exclude(review_status=ReviewStatus.REJECTED)
    excluding = list(excluding)
    if excluding:
        statements = statements.exclude(pk__in=excluding)
    rows = (
        statements.order_by()
        .values("incident_id")
        .annotate(
            sides=ArrayAgg("side__slug", distinct=True, filter=Q(side__isnull=False)),
            actors=ArrayAgg("actor_id", distinct=True, filter=Q(actor__isnull=False)),
            articles=ArrayAgg("article_id", distinct=True, filter=Q(article__isnull=False)),
            own_dates=ArrayAgg("event_date", filter=Q(event_date__isnull=False)),
            fallback_dates=ArrayAgg(
                "article__published", filter=Q(event_date__isnull=True, article__published__isnull=False)
            ),
        )
    )
    for row in rows:
        prof = profiles[row["incident_id"]]
        prof.sides.update(row["sides"] or ())
        prof.actors.update(row["actors"] or ())
        prof.articles.update(row["articles"] or ())
        prof.own_dates.extend(row["own_dates"] or ())
        prof.fallback_dates.extend(row["fallback_dates"] or ())
    # The incident's own places first, then those its statements name.
    pairs = list(
        IncidentPlace.objects.filter(incident_id__in=ids).order_by("pk").values_list("incident_id", "place_id")
    )
    pairs += StatementPlace.objects.filter(statement__in=statements).values_list("statement__incident_id", "place_id")
    places = _places({place_id for _, place_id in pairs}, places)
    for incident_id, place_id in pairs:
        profiles[incident_id].places.setdefault(place_id, places[place_id])
    return profiles


def _places(ids: Iterable[int], cache: dict[int, Place] | None = None) -> dict[int, Place]:
    """Place rows by id, fetching only those the cache lacks."""
    cache = {} if cache is None else cache
    missing = [pk for pk in ids if pk not in cache]
    if missing:
        cache.update(Place.objects.in_bulk(missing))
    return cache


def _days_between(day: datetime.date, start: datetime.date, end: datetime.date) -> int:
    if day < start:
        return (start - day).days
    if day > end:
        return (day - end).days
    return 0


def _km(a: Place, b: Place) -> float | None:
    if a.latitude is None or b.latitude is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


@dataclass
class Match:
    profile: Profile
    score: float
    reasons: list[str]


def _score(ev: Evidence, prof: Profile, *, same_article: bool, continuity: str | None = None) -> Match | None:
    """How well the evidence fits the incident; None when something rules it out."""
    reasons: list[str] = []
    score = 0.0
    firm = False  # a signal strong enough to link across articles

    # Kind: never across families.
    if ev.kind and ev.kind_soft and _family(prof.kind) is not None:
        if _family(ev.kind) == _family(prof.kind):
            score += 0.05
            reasons.append(f"mentions {IncidentKind(ev.kind).label.lower()}")
        else:
            score -= 0.1
    elif ev.kind and _family(prof.kind) is not None:
        if _family(ev.kind) != _family(prof.kind):
            return None
        if ev.kind == prof.kind:
            score += KIND_WEIGHT[ev.kind]
            firm = firm or ev.kind in FIRM_KINDS
            reasons.append(f"same kind ({IncidentKind(ev.kind).label.lower()})")
        else:
            score += SAME_FAMILY_WEIGHT
            reasons.append(f"compatible kind ({IncidentKind(ev.kind).label.lower()})")

    # Date.
    if ev.date is None and prof.start is not None and not same_article:
        # Nothing says when: another article's dated incident cannot be told from a later one.
        return None
    kinds = [k for k in (ev.kind, prof.kind) if k]
    window = max(WINDOW_DAYS[k] for k in kinds)
    lag = max(REPORT_LAG_DAYS[k] for k in kinds)
    if ev.date and prof.start:
        gap = _days_between(ev.date, prof.start, prof.end)
        if ev.own_date:
            span = max(ev.date, prof.end) - min(ev.date, prof.start)
            if gap > window or span.days > max(MAX_SPAN_DAYS[k] for k in kinds):
                return None
            score += 0.3 * (1 - gap / (window + 1))
            firm = True
            reasons.append("same date" if gap == 0 else f"event date {gap} day{'s' * (gap != 1)} from the incident's")
        else:
            # Only the publication date: the event happened on or before it.
            if ev.date < prof.start - datetime.timedelta(days=1) or (ev.date - prof.end).days > lag:
                return None
            score += 0.1 if gap <= 1 else 0.05
            reasons.append("published while the incident was current")
            if prof.incident.date_precision == DatePrecision.DAY and 0 <= (ev.date - prof.end).days <= 1:
                # Published on the day of an incident whose day is known: as firm as an own date.
                firm = True

    # Places.
    ev_specific, prof_specific = (
        ev.specific_places,
        {pk: p for pk, p in prof.places.items() if p.kind not in BROAD_PLACE_KINDS},
    )
    shared = ev_specific.keys() & prof_specific.keys()
    # A long-running incident gathers many places over months; a shared place alone does not tie a
    # statement that names no event to it.
    places_firm = not (prof.kind in LONG_RUNNING and (ev.kind is None or ev.kind_soft))
    if shared:
        score += 0.3
        firm = firm or places_firm
        reasons.append("shares " + ", ".join(sorted(prof_specific[pk].name for pk in shared)))
    elif ev_specific and prof_specific:
        near = [
            (d, a, b)
            for a in ev_specific.values()
            for b in prof_specific.values()
            if (d := _km(a, b)) is not None and d <= NEAR_KM
        ]
        if near:
            d, a, b = min(near, key=lambda t: t[0])
            score += 0.15
            firm = firm or places_firm
            reasons.append(f"{a.name} is {d:.0f} km from {b.name}")
        else:
            # One article's account of an event may range over several places; across articles,
            # places far apart speak against it being the same event.
            score -= 0.1 if same_article else 0.25
            reasons.append("different places")
    else:
        broad = (ev.places.keys() - ev_specific.keys()) & prof.places.keys()
        if broad:
            score += 0.05
            reasons.append("same region (" + ", ".join(sorted(prof.places[pk].name for pk in broad)) + ")")

    if same_article:
        score += 0.3
        reasons.append("same article")
        if continuity:
            score += 0.15
            reasons.append(continuity)
    elif not firm:
        return None

    # Supporting evidence: only counts on top of a match already made.
    if score > 0:
        others = prof.sides - {ev.side} - {None}
        if ev.side and others and not same_article:
            score += 0.1
            reasons.append(f"adds to accounts from other sides ({', '.join(sorted(others))})")
        if ev.actor_id and ev.actor_id in prof.actors and not same_article:
            score += 0.05
            reasons.append("same speaker")
    return Match(profile=prof, score=score, reasons=reasons)


# --- Linking -------------------------------------------------------------------------------------

# Article columns linking never reads (the page, the text and the analysis are the big ones).
_ARTICLE_BULK = ("raw", "text", "analysis", "minhash_bands")


# At most this many incidents are weighed for one statement.
MAX_CANDIDATES = 200
# How far (days) around a statement's date candidates are looked for; a long-running kind reaches
# further. Both cover every window and report lag `_score` allows.
CANDIDATE_REACH = 21
LONG_RUNNING_REACH = 600
# The furthest a dated statement can lie from a long-running incident and still fit it (see _score).
_LONG_RUNNING_FIT = max(max(WINDOW_DAYS[k], REPORT_LAG_DAYS[k]) for k in LONG_RUNNING)


def _span_overlaps(lo: datetime.date, hi: datetime.date) -> Q:
    """Dated incidents whose days touch [lo, hi]: one scan of the incident_span GiST index."""
    return Q(start_date__isnull=False, span__overlap=DateRange(lo, hi, "[]"))


@dataclass
class _Stored:
    """An incident as the candidate search sees it; `places` only for undated and long-running ones."""

    pk: int
    start: datetime.date | None
    last: datetime.date | None  # the end date, or the start date for a one-day incident
    kind: str
    places: set[int] = field(default_factory=set)

    def overlaps(self, lo: datetime.date, hi: datetime.date) -> bool:
        return self.start is not None and self.start <= hi and self.last >= lo


class _Candidates:
    """The incidents another article's statements could be about, fetched for a whole article at once.

    A statement's candidates are every live incident `_score` could accept for it: those whose dates
    lie within reach of its date, long-running ones that started up to LONG_RUNNING_REACH days
    before, undated ones sharing one of its places (or its long-running kind), and long-running
    ones within their longest window that share a place. Rather than a query per statement, one
    query fetches the incidents within reach of all the dates of an article (an index scan per date
    on incident_span; undated ones once per run), another the places of those the place rule applies
    to, and each statement's list is picked from them here — so the cost follows the number of
    incidents near those dates, not the number stored. This run's new drafts are added as they are
    made, so the picture stays the database's.
    """

    def __init__(self) -> None:
        self.rows: dict[int, _Stored] = {}
        self._reach: dict[datetime.date, int] = {}  # dates fetched, and how far around them
        self._undated = False
        self._picked: dict[tuple, list[int]] = {}

    @staticmethod
    def key(ev: Evidence) -> tuple:
        return (ev.date, ev.kind if ev.kind in LONG_RUNNING else None, frozenset(ev.specific_places))

    def fetch(self, keys: Iterable[tuple]) -> None:
        """Fetch what the statements with these keys need that is not here yet."""
        wanted: dict[datetime.date, int] = {}
        for date, long_running, _ in keys:
            reach = LONG_RUNNING_REACH if long_running else CANDIDATE_REACH
            if date and self._reach.get(date, 0) < reach:
                wanted[date] = max(reach, wanted.get(date, 0))
        if not wanted and self._undated:
            return
        query = Q(pk__in=[]) if self._undated else Q(start_date__isnull=True)
        for date, reach in wanted.items():
            query |= _span_overlaps(date - datetime.timedelta(days=reach), date + datetime.timedelta(days=reach))
            far = datetime.timedelta(days=LONG_RUNNING_REACH)
            query |= Q(kind__in=LONG_RUNNING) & _span_overlaps(date - far, date + far)
        found = [
            _Stored(pk, start, end or start, kind)
            for pk, start, end, kind in Incident.objects.live()
            .alias(span=INCIDENT_SPAN)
            .filter(query)
            .order_by()
            .values_list("pk", "start_date", "end_date", "kind")
            if pk not in self.rows
        ]
        # Only undated and long-running incidents can match by a shared place alone.
        by_place = {row.pk: row for row in found if row.start is None or row.kind in LONG_RUNNING}
        if by_place:
            ids = list(by_place)
            pairs = IncidentPlace.objects.filter(incident_id__in=ids).values_list("incident_id", "place_id")
            named = (
                StatementPlace.objects.filter(statement__incident_id__in=ids)
                .values_list("statement__incident_id", "place_id")
                .distinct()
            )
            for incident_id, place_id in [*pairs, *named]:
                by_place[incident_id].places.add(place_id)
        self.rows.update((row.pk, row) for row in found)
        self._reach.update(wanted)
        self._undated = True
        self._picked.clear()

    def add(self, incident: Incident, places: Iterable[int]) -> None:
        """A draft this run just created."""
        start, end = incident.start_date, incident.end_date
        self.rows[incident.pk] = _Stored(incident.pk, start, end or start, incident.kind, set(places))
        self._picked.clear()

    def ids(self, key: tuple) -> list[int]:
        """The candidates for a statement with this key, in the order the database would give them."""
        picked = self._picked.get(key)
        if picked is None:
            self.fetch([key])
            picked = self._picked[key] = self._pick(*key)
        return picked

    def _pick(self, date: datetime.date | None, long_running: str | None, places: frozenset[int]) -> list[int]:
        found = []
        for row in self.rows.values():
            shares = bool(places & row.places)
            if date:
                reach = datetime.timedelta(days=LONG_RUNNING_REACH if long_running else CANDIDATE_REACH)
                far = datetime.timedelta(days=_LONG_RUNNING_FIT)
                ok = (
                    row.overlaps(date - reach, date + reach)
                    or (
                        row.kind in LONG_RUNNING
                        and row.start is not None
                        and date - datetime.timedelta(days=LONG_RUNNING_REACH) <= row.start <= date + reach
                    )
                    or (
                        shares
                        and (row.start is None or (row.kind in LONG_RUNNING and row.overlaps(date - far, date + far)))
                    )
                )
            else:
                # Nothing says when: only an undated incident can match (see _score).
                ok = shares and row.start is None
            if ok or (long_running and row.kind == long_running and row.start is None):
                found.append(row)
        # Newest first, undated before all: ORDER BY start_date DESC, id DESC.
        found.sort(key=lambda r: (r.start is not None, -(r.start.toordinal() if r.start else 0), -r.pk))
        return [row.pk for row in found[:MAX_CANDIDATES]]


class _Run:
    """One linking pass: the profiles it has loaded and the drafts it proposed or changed."""

    def __init__(self, *, relinking: Iterable[int] = ()) -> None:
        self.profiles: dict[int, Profile] = {}
        self.touched_drafts: set[int] = set()
        self.relinking = set(relinking)
        self.places: dict[int, Place] = {}
        self.candidates = _Candidates()

    def load(self, ids: Iterable[int]) -> None:
        missing = [pk for pk in ids if pk not in self.profiles]
        if missing:
            self.profiles.update(
                _profiles_for(Incident.objects.filter(pk__in=missing), excluding=self.relinking, places=self.places)
            )

    def profile(self, incident_id: int) -> Profile:
        self.load([incident_id])
        return self.profiles[incident_id]

    def prefetch(self, evidence: Iterable[Evidence]) -> None:
        """Fetch the candidates of a whole article's statements, and their profiles, in a few queries."""
        keys = {_Candidates.key(ev) for ev in evidence}
        self.candidates.fetch(keys)
        self.load({pk for key in keys for pk in self.candidates.ids(key)})

    def db_candidates(self, ev: Evidence) -> list[Profile]:
        ids = self.candidates.ids(_Candidates.key(ev))
        self.load(ids)
        return [self.profiles[pk] for pk in ids]

    def draft(self, ev: Evidence) -> Profile:
        """Propose a new incident from one statement's evidence."""
        kind = ev.kind or IncidentKind.OTHER
        places = sorted(ev.specific_places.values() or ev.places.values(), key=lambda p: p.name)
        incident = Incident.objects.create(
            title=_draft_title(kind, _title_place(places, kind), ev.date, None, own_date=ev.own_date),
            kind=kind,
            start_date=ev.date,
            date_precision=DatePrecision.DAY if ev.own_date else DatePrecision.WEEK,
            status=IncidentStatus.DRAFT,
            summary="Proposed by the linker from the statements below; check the title, dates and places.",
        )
        IncidentPlace.objects.bulk_create([IncidentPlace(incident=incident, place=p) for p in places])
        prof = Profile(incident=incident, places={p.pk: p for p in places})
        self.profiles[incident.pk] = prof
        self.candidates.add(incident, prof.places)
        self.touched_drafts.add(incident.pk)
        return prof


def _draft_title(
    kind: str, place: Place | None, start: datetime.date | None, end: datetime.date | None, *, own_date: bool
) -> str:
    """A plain title for a proposed incident: kind, where, when ("Shelling near Jermuk, 13 September 2022")."""
    label = {IncidentKind.OTHER: "Incident", IncidentKind.CEASEFIRE: "Ceasefire"}.get(kind, IncidentKind(kind).label)
    where = ""
    if place is not None:
        if place.kind in (PlaceKind.BORDER, PlaceKind.CORRIDOR, PlaceKind.RIVER):
            where = f" {'of' if kind == IncidentKind.BLOCKADE else 'on'} the {place.name}"
        elif place.kind in BROAD_PLACE_KINDS:
            where = f" in {place.name}"
        else:
            where = f" near {place.name}"
    when = ""
    if start:
        if not own_date:
            when = f", reported {start:%B %Y}"
        elif end and end != start:
            when = f", {start:%-d %B %Y} – {end:%-d %B %Y}"
        else:
            when = f", {start:%-d %B %Y}"
    return f"{label}{where}{when}"[:240]


def _title_place(places: list[Place], kind: str | None = None) -> Place | None:
    """The place a title should name: the most often mentioned specific place, else a broad one.

    A blockade is named after the road it closes.
    """
    counts = Counter(p.pk for p in places)
    by_pk = {p.pk: p for p in places}
    # Ties go to the longer name: "Lachin corridor" says more than "Lachin".
    ranked = sorted(
        counts,
        key=lambda pk: (
            not (kind == IncidentKind.BLOCKADE and by_pk[pk].kind == PlaceKind.CORRIDOR),
            by_pk[pk].kind in BROAD_PLACE_KINDS,
            -counts[pk],
            -len(by_pk[pk].name),
            by_pk[pk].name,
        ),
    )
    return by_pk[ranked[0]] if ranked else None


def _assign(st: Statement, match: Match, run: _Run) -> None:
    confidence = max(0.05, min(0.99, match.score))
    st.incident = match.profile.incident
    st.incident_confidence = round(confidence, 3)
    st.incident_reason = ("; ".join(match.reasons) or "no evidence")[:400]
    if match.profile.system_owned:
        run.touched_drafts.add(match.profile.incident.pk)


def _link_group(
    statements: list[Statement], context: list[Statement], run: _Run, *, earlier: Iterable[int] = ()
) -> list[Statement]:
    """Link one article's statements, in text order.

    `context` holds the article's other statements that already sit on an incident; `earlier` the
    incidents these statements were on before (a re-run weighs them as this article's own).
    """
    evidence = {st.pk: statement_evidence(st) for st in statements}
    run.prefetch(evidence.values())
    placed: list[tuple[int, int]] = sorted(
        (st.start or 0, st.incident_id) for st in context if st.incident_id is not None
    )
    own_ids = {pk for _, pk in placed} | set(earlier)
    run.load(own_ids)
    article_incidents: dict[int, Profile] = {
        pk: run.profiles[pk]
        for pk in own_ids
        if pk in run.profiles and run.profiles[pk].incident.merged_into_id is None
    }
    changed: list[Statement] = []

    def neighbours(position: int) -> tuple[int | None, int | None]:
        before = [pk for pos, pk in placed if pos <= position]
        after = [pk for pos, pk in placed if pos > position]
        return (before[-1] if before else None, after[0] if after else None)

    def best(ev: Evidence, *, cross_article: bool) -> Match | None:
        prev_pk, next_pk = neighbours(ev.position)
        matches = []
        for pk, prof in article_incidents.items():
            cont = None
            if pk == prev_pk:
                cont = "continues the account before it"
            elif pk == next_pk and prev_pk is None:
                cont = "introduces the account after it"
            m = _score(ev, prof, same_article=True, continuity=cont)
            if m:
                matches.append(m)
        # A statement whose words name no event of their own belongs with its neighbours; only a
        # statement that names one may be pulled to another article's incident.
        if cross_article and not (matches and (ev.kind is None or ev.kind_soft)):
            for prof in run.db_candidates(ev):
                if prof.incident.pk in article_incidents:
                    continue
                m = _score(ev, prof, same_article=False)
                if m and m.score >= LINK_THRESHOLD:
                    matches.append(m)
        if not matches:
            return None
        # Ties go to the older incident.
        return max(matches, key=lambda m: (round(m.score, 6), -m.profile.incident.pk))

    def place(st: Statement, m: Match) -> None:
        _assign(st, m, run)
        m.profile.add(evidence[st.pk])
        article_incidents.setdefault(m.profile.incident.pk, m.profile)
        placed.append((st.start or 0, m.profile.incident.pk))
        placed.sort()
        changed.append(st)

    created: list[Profile] = []
    # Pass 1: statements that carry their own evidence, in text order.
    for st in statements:
        ev = evidence[st.pk]
        if not ev.has_own_evidence:
            continue
        m = best(ev, cross_article=True)
        if m is None:
            prof = run.draft(ev)
            created.append(prof)
            place(st, Match(profile=prof, score=0.5, reasons=["new draft incident: " + _describe(ev)]))
        else:
            place(st, m)

    # Pass 2: statements with nothing of their own follow the account around them.
    for st in statements:
        ev = evidence[st.pk]
        if ev.has_own_evidence:
            continue
        m = best(ev, cross_article=False)
        if m is None:
            m = _from_headline(st, ev, run)
            if m is not None and m.profile.system_owned and m.profile.incident.pk not in article_incidents:
                created.append(m.profile)
        if m is None:
            continue
        place(st, m)

    # Pass 3: a draft this article proposed may, taken whole, be about an incident the article
    # already uses, or one another article reported: its statements together carry more evidence
    # than the first one alone did.
    for prof in created:
        if prof.incident.pk not in article_incidents:
            continue
        ev = _profile_evidence(prof)
        options = [
            m
            for pk, other in article_incidents.items()
            if pk != prof.incident.pk and (m := _score(ev, other, same_article=True))
        ]
        if cross := _existing_match(prof, run, exclude=set(article_incidents)):
            options.append(cross)
        if not options:
            continue
        target = max(options, key=lambda m: (round(m.score, 6), -m.profile.incident.pk))
        reasons = ["with the rest of its article"] + [r for r in target.reasons if r != "same article"]
        for st in changed:
            if st.incident_id == prof.incident.pk:
                _assign(st, Match(profile=target.profile, score=target.score, reasons=reasons), run)
                target.profile.add(evidence[st.pk])
        article_incidents.pop(prof.incident.pk)
        article_incidents.setdefault(target.profile.incident.pk, target.profile)
        run.touched_drafts.add(prof.incident.pk)
    return changed


def _profile_evidence(prof: Profile) -> Evidence:
    own = sorted(prof.own_dates)
    date = own[0] if own else (max(prof.fallback_dates) if prof.fallback_dates else prof.start)
    return Evidence(
        statement=None,
        kind=prof.kind if prof.kind != IncidentKind.OTHER else None,
        date=date,
        own_date=bool(own),
        places=prof.places,
    )


def _existing_match(prof: Profile, run: _Run, *, exclude: set[int]) -> Match | None:
    """The incident of another article that a whole draft is about, if the evidence is firm."""
    ev = _profile_evidence(prof)
    matches = []
    for other in run.db_candidates(ev):
        if other.incident.pk in exclude or other.incident.pk == prof.incident.pk:
            continue
        m = _score(ev, other, same_article=False)
        if m is None:
            continue
        if prof.sides - other.sides and other.sides:
            m.score += 0.1
            m.reasons.append("adds the other side's account")
        if m.score >= LINK_THRESHOLD:
            matches.append(m)
    return max(matches, key=lambda m: (round(m.score, 6), -m.profile.incident.pk), default=None)


def _from_headline(st: Statement, ev: Evidence, run: _Run) -> Match | None:
    """An article with no statement that says which event it is about: use its headline."""
    article = st.article
    if article is None:
        return None
    kind = kind_from_text(article.title)
    if kind is None:
        return None
    headline = Evidence(
        statement=None, kind=kind, date=article.published, own_date=False, places=ev.places, article_id=article.pk
    )
    candidates = [m for prof in run.db_candidates(headline) if (m := _score(headline, prof, same_article=False))]
    m = max(candidates, key=lambda m: m.score, default=None)
    if m is not None and m.score >= LINK_THRESHOLD:
        m.reasons.insert(0, "from the headline")
        return m
    prof = run.draft(headline)
    return Match(profile=prof, score=0.3, reasons=["new draft incident from the headline: " + _describe(headline)])


def _describe(ev: Evidence) -> str:
    parts = []
    if ev.kind:
        parts.append(IncidentKind(ev.kind).label.lower())
    if ev.date:
        parts.append(f"{'dated' if ev.own_date else 'published'} {ev.date.isoformat()}")
    if ev.places:
        parts.append("at " + ", ".join(sorted(p.name for p in ev.places.values())))
    return ", ".join(parts) or "no evidence"


def _refresh_drafts(run: _Run) -> None:
    """Keep system-proposed incidents in step with their statements; drop drafts left empty.

    A few aggregate queries for all the drafts a run touched, not one load per draft.
    """
    drafts = {
        i.pk: i
        for i in Incident.objects.filter(pk__in=run.touched_drafts, status=IncidentStatus.DRAFT, version=1).order_by()
    }
    if not drafts:
        return
    # Every statement counts here, rejected ones too: the draft is what the linker put together.
    statements = Statement.objects.filter(incident_id__in=list(drafts))
    spans = {
        row["incident_id"]: row
        for row in statements.order_by()
        .values("incident_id")
        .annotate(
            own_start=Min("event_date"),
            own_end=Max("event_date"),
            published_start=Min("article__published"),
            published_end=Max("article__published"),
        )
    }
    mentions: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for incident_id, place_id, n in (
        StatementPlace.objects.filter(statement__incident_id__in=list(drafts))
        .values("statement__incident_id", "place_id")
        .annotate(n=Count("pk"))
        .values_list("statement__incident_id", "place_id", "n")
        .order_by()
    ):
        mentions[incident_id].append((place_id, n))
    places = _places({place_id for found in mentions.values() for place_id, _ in found}, run.places)
    existing: dict[int, set[int]] = defaultdict(set)
    for incident_id, place_id in IncidentPlace.objects.filter(incident_id__in=list(drafts)).values_list(
        "incident_id", "place_id"
    ):
        existing[incident_id].add(place_id)
    empty = [pk for pk in drafts if pk not in spans]
    if empty:
        Incident.objects.filter(pk__in=empty).delete()
    new_places = []
    for pk, incident in drafts.items():
        span = spans.get(pk)
        if span is None:
            continue
        own = span["own_start"] is not None
        start, end = (span["own_start"], span["own_end"]) if own else (span["published_start"], span["published_end"])
        precision = DatePrecision.DAY if own else DatePrecision.WEEK
        fields = {"start_date": start, "end_date": end if end != start else None, "date_precision": precision}
        # One entry per statement naming the place: the title names the most mentioned one.
        named = [places[place_id] for place_id, n in mentions[pk] for _ in range(n)]
        fields["title"] = _draft_title(incident.kind, _title_place(named, incident.kind), start, end, own_date=own)
        if any(getattr(incident, k) != v for k, v in fields.items()):
            Incident.objects.filter(pk=pk, version=1).update(**fields)
        new_places += [
            IncidentPlace(incident_id=pk, place_id=place_id)
            for place_id, _ in mentions[pk]
            if place_id not in existing[pk]
        ]
    IncidentPlace.objects.bulk_create(new_places, ignore_conflicts=True)


def incident_link_statements(*, statement_ids: list[int]) -> None:
    """Link each statement to the incident its evidence supports, or to a new draft incident.

    Sets incident, incident_confidence and incident_reason. Statements an editor has reviewed or
    edited are skipped; safe to run twice (a re-run weighs the incidents of the first run first).
    """
    if not statement_ids:
        return
    with transaction.atomic(), pghistory.context(action="link"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
        todo = list(
            Statement.objects.filter(pk__in=statement_ids, review_status=ReviewStatus.PENDING, version=1)
            .select_related("article", "side", "blamed_side")
            # Linking reads an article's date and headline; its text, HTML and analysis stay behind.
            .defer(*(f"article__{name}" for name in _ARTICLE_BULK))
            .prefetch_related("places")
            .order_by("article_id", "start", "pk")
        )
        if not todo:
            return
        todo_ids = [st.pk for st in todo]
        run = _Run(relinking=todo_ids)
        run.load({st.incident_id for st in todo if st.incident_id})
        # Drafts these statements leave behind are refreshed, or removed when left empty.
        run.touched_drafts |= {pk for pk, prof in run.profiles.items() if prof.system_owned}
        by_article: dict[int | None, list[Statement]] = defaultdict(list)
        for st in todo:
            by_article[st.article_id].append(st)
        changed: list[Statement] = []
        for article_id, group in by_article.items():
            earlier = {st.incident_id for st in group if st.incident_id}
            if article_id is None:
                for st in group:  # manual statements share no article with anything
                    changed += _link_group([st], [], run, earlier=[st.incident_id] if st.incident_id else [])
                continue
            context = list(
                Statement.objects.filter(article_id=article_id, incident__isnull=False)
                .exclude(pk__in=todo_ids)
                .exclude(review_status=ReviewStatus.REJECTED)
                .only("pk", "start", "incident_id")
            )
            changed += _link_group(group, context, run, earlier=earlier)
        _save_links(changed)
        _refresh_drafts(run)
    # New accounts on an incident may answer what is there: propose counterclaims for editors, only
    # for pairs with a newly linked statement, so the work grows with the incident, not its square.
    from claims.services import relation_suggest

    linked: dict[int, list[int]] = defaultdict(list)
    for st in changed:
        if st.incident_id:
            linked[st.incident_id].append(st.pk)
    for incident_id in sorted(Incident.objects.filter(pk__in=linked).values_list("pk", flat=True)):
        relation_suggest(incident_id=incident_id, statement_ids=linked[incident_id])


def _save_links(changed: list[Statement]) -> None:
    """Write the links in one UPDATE.

    Guarded so that an editor's save in the meantime wins. No version bump: the machine's link is
    not an editorial change, and storing must still treat the row as untouched.
    """
    rows = {st.pk: st for st in changed}
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {Statement._meta.db_table} AS s
            SET incident_id = v.incident_id, incident_confidence = v.confidence, incident_reason = v.reason
            FROM unnest(%s::bigint[], %s::bigint[], %s::float8[], %s::text[]) AS v(id, incident_id, confidence, reason)
            WHERE s.id = v.id AND s.version = 1 AND s.review_status = %s
            """,  # noqa: S608 - the table name is ours; every value is a parameter
            [
                list(rows),
                [st.incident_id for st in rows.values()],
                [st.incident_confidence for st in rows.values()],
                [st.incident_reason for st in rows.values()],
                ReviewStatus.PENDING.value,
            ],
        )


# --- Near-duplicate incidents --------------------------------------------------------------------


@dataclass
class DuplicatePair:
    first: Incident
    second: Incident
    score: float
    reasons: list[str]


def incident_duplicate_candidates(*, limit: int = 50, min_score: float = 0.45) -> list[DuplicatePair]:
    """Pairs of live incidents that look like the same event: for editors to merge in one click.

    Similar dates (within the kinds' window), compatible kinds, shared or nearby places and similar
    titles; a pair whose dates or kinds rule each other out is never offered.
    """
    sql = """
        SELECT a.id, b.id, similarity(upper(a.title), upper(b.title)) AS title_similarity
        FROM claims_incident a
        JOIN claims_incident b ON a.id < b.id
        WHERE a.merged_into_id IS NULL AND b.merged_into_id IS NULL
          AND (
            (a.start_date IS NOT NULL AND b.start_date IS NOT NULL
             AND b.start_date <= COALESCE(a.end_date, a.start_date) + %(reach)s
             AND a.start_date <= COALESCE(b.end_date, b.start_date) + %(reach)s)
            OR (a.kind = b.kind AND a.kind = ANY(%(long_running)s))
            OR similarity(upper(a.title), upper(b.title)) > 0.5
          )
        ORDER BY title_similarity DESC
        LIMIT 2000
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"reach": 14, "long_running": list(LONG_RUNNING)})
        rows = cursor.fetchall()
    if not rows:
        return []
    profiles = _profiles_for(Incident.objects.filter(pk__in={r[0] for r in rows} | {r[1] for r in rows}))
    pairs = []
    for a_id, b_id, title_similarity in rows:
        a, b = profiles[a_id], profiles[b_id]
        match = _incident_similarity(a, b)
        if match is None:
            continue
        score, reasons = match
        if title_similarity >= 0.4:
            score += 0.2 * title_similarity
            reasons.append(f"similar titles ({title_similarity:.0%})")
        if score >= min_score:
            pairs.append(DuplicatePair(first=a.incident, second=b.incident, score=round(score, 3), reasons=reasons))
    pairs.sort(key=lambda p: -p.score)
    return pairs[:limit]


def _incident_similarity(a: Profile, b: Profile) -> tuple[float, list[str]] | None:
    """Score incident b as if it were one statement about incident a."""
    own = bool(b.start and b.incident.date_precision == DatePrecision.DAY)
    ev = Evidence(
        statement=None,
        kind=b.kind if b.kind != IncidentKind.OTHER else None,
        date=b.start,
        own_date=own,
        places=b.places,
    )
    m = _score(ev, a, same_article=bool(a.articles & b.articles))
    if m is None:
        return None
    if b.sides - a.sides:
        m.score += 0.05
        m.reasons.append("accounts from different sides")
    return m.score, [r for r in m.reasons if r != "same article"] + (
        ["share an article"] if a.articles & b.articles else []
    )
