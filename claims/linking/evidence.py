"""The evidence linking weighs: what a statement says about its event, and what an incident holds.

`Evidence` is read from one statement (its kind, date, places, side, speaker and place in the
article); `Profile` is an incident as linking sees it, built from its own fields plus aggregates of
its statements. Places are gazetteer rows by id, fetched once per linking run into a shared cache.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, Max, Min, Q

from claims.linking.kinds import kind_from_text, kind_reading
from claims.linking.places import BROAD_PLACE_KINDS, places_by_id
from claims.models import (
    Actor,
    ActorKind,
    DatePrecision,
    Incident,
    IncidentKind,
    IncidentPlace,
    IncidentStatus,
    Place,
    ReviewStatus,
    Stance,
    Statement,
    StatementPlace,
)
from sources.models import Article

# Statements whose event date names a day (stored without a precision: from before precisions were kept).
DAY_DATED = Q(event_date__isnull=False) & (Q(event_date_precision=DatePrecision.DAY) | Q(event_date_precision=""))

# Words that set a claim in a time other than the account's: the background of the conflict, or a
# habit ("earlier this year", "since the 1990s", "repeatedly").
_HABITUAL = r"repeatedly|frequently|regularly|occasionally|from time to time|time and again|ever since"
_BACKGROUND_TIME = re.compile(
    r"\b(?:earlier this (?:year|month)|last (?:year|month)|in recent (?:months|years)|(?:prior to|before) the war"
    r"|since the (?:early |late )?(?:19|20)\d\ds|since the end of the war|for (?:years|decades)"
    rf"|{_HABITUAL}|(?:has|have) long)\b",
    re.I,
)
# A habit rather than an event ("they occasionally report exchanges of fire"), even where a kind is named.
_HABIT = re.compile(rf"\b(?:{_HABITUAL})\b", re.I)
# Words that move an account to another day: "a day later", "the next day", "two days earlier".
_OTHER_DAY = re.compile(
    r"\b(?:a|one|two|three|\d) days? (?:later|earlier|after|before|prior)\b"
    r"|\bthe (?:next|following|previous|preceding) (?:day|morning|night)\b|\bthe day (?:before|after)\b",
    re.I,
)
# Who comments rather than reports: analysts and scholars, by their role or the speaker's words.
_COMMENTATOR_ROLE = re.compile(
    r"\b(?:analysts?|experts?|fellow|professor|researcher|scholar|commentator|political scientist|think[- ]tank)\b",
    re.I,
)


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
    # How precisely `date` is known: day (an own date), week (the week of the report, or "last week"),
    # month or year ("in March", "in 2020": a period the event lies in, not a day).
    precision: str | None = None
    # An appeal's words name what it calls for ("a ceasefire", "an end to the blockade") rather than
    # the event it reacts to: its kind may nudge, never decide.
    kind_soft: bool = False
    # Said by an analyst or scholar: a remark on the conflict, about an event only when it names one.
    commentary: bool = False
    # Set in another time than the account around it ("earlier this year", "repeatedly").
    background: bool = False
    # Tells of a habit, not an event ("occasionally", "time and again").
    habitual: bool = False
    # Set a day or more from the account it follows ("a day later", "the previous day").
    other_day: bool = False

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
    kind, soft = kind_reading(statement.content, stance=statement.stance)
    if kind is None or soft:
        kind, soft = min(
            (kind, soft), kind_reading(statement.sentence, stance=statement.stance), key=lambda r: (r[0] is None, r[1])
        )
    published = article.published if article is not None else None
    date, precision = statement_date(statement.event_date, statement.event_date_precision, published)
    return Evidence(
        statement=statement,
        kind=kind,
        date=date,
        own_date=precision == DatePrecision.DAY,
        precision=precision,
        places={p.pk: p for p in statement.places.all()},
        side=statement.side.slug if statement.side_id else None,
        blamed=statement.blamed_side.slug if statement.blamed_side_id else None,
        actor_id=statement.actor_id,
        article_id=statement.article_id,
        position=statement.start if statement.start is not None else 0,
        kind_soft=soft,
        commentary=is_commentator(statement.actor, statement.speaker),
        background=bool(_BACKGROUND_TIME.search(statement.content or statement.sentence)),
        habitual=bool(_HABIT.search(statement.sentence or statement.content)),
        other_day=bool(_OTHER_DAY.search(statement.sentence or "")),
    )


def is_commentator(actor: Actor | None, speaker: str = "") -> bool:
    """Whether the speaker comments on the conflict rather than takes part in it or reports it: a think
    tank, one of its people, or anyone whose role (or the words naming them) says analyst or scholar."""
    if actor is None:
        return bool(_COMMENTATOR_ROLE.search(speaker or ""))
    parent = actor.parent if actor.parent_id else None
    return (
        actor.kind == ActorKind.THINK_TANK
        or (parent is not None and parent.kind == ActorKind.THINK_TANK)
        or bool(_COMMENTATOR_ROLE.search(actor.role or ""))
    )


def statement_date(
    event_date: datetime.date | None, precision: str | None, published: datetime.date | None
) -> tuple[datetime.date | None, str | None]:
    """(date, precision) linking reads for a statement: its own event date at its precision (a date
    stored without one names a day), else its article's publication date at week precision (reports
    follow events), else (None, None)."""
    if event_date is not None:
        return event_date, precision or DatePrecision.DAY
    if published is not None:
        return published, DatePrecision.WEEK
    return None, None


def period(day: datetime.date, precision: str | None) -> tuple[datetime.date, datetime.date]:
    """The days a month- or year-precise date stands for; a day for any other precision."""
    if precision == DatePrecision.YEAR:
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        first = day.replace(day=1)
        return first, (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return day, day


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
    # Where each side's own account (not its denials of the other's) of this run's statements puts it.
    side_places: dict[str, dict[int, Place]] = field(default_factory=dict)

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
    def dated(self) -> bool:
        """Whether anything dates the incident: its own dates, or its statements' dates or reports."""
        return self.start is not None or bool(self.own_dates or self.fallback_dates)

    @property
    def system_owned(self) -> bool:
        return self.incident.status == IncidentStatus.DRAFT and self.incident.version == 1

    def add(self, ev: Evidence) -> None:
        self.places.update(ev.places)
        if ev.side:
            self.sides.add(ev.side)
            if ev.places and not (ev.statement is not None and ev.statement.stance == Stance.DENIAL):
                self.side_places.setdefault(ev.side, {}).update(ev.places)
        if ev.actor_id:
            self.actors.add(ev.actor_id)
        if ev.article_id:
            self.articles.add(ev.article_id)
        if ev.date and ev.precision in (DatePrecision.DAY, DatePrecision.WEEK):
            (self.own_dates if ev.own_date else self.fallback_dates).append(ev.date)


def profiles_for(
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
            own_dates=ArrayAgg("event_date", filter=DAY_DATED),
            fallback_dates=ArrayAgg(
                "article__published", filter=Q(event_date__isnull=True, article__published__isnull=False)
            ),
            report_dates=ArrayAgg("event_date", filter=Q(event_date_precision=DatePrecision.WEEK)),
        )
    )
    for row in rows:
        prof = profiles[row["incident_id"]]
        prof.sides.update(row["sides"] or ())
        prof.actors.update(row["actors"] or ())
        prof.articles.update(row["articles"] or ())
        prof.own_dates.extend(row["own_dates"] or ())
        prof.fallback_dates.extend(row["fallback_dates"] or ())
        prof.fallback_dates.extend(row["report_dates"] or ())
    # The incident's own places first, then those its statements name.
    pairs = list(
        IncidentPlace.objects.filter(incident_id__in=ids).order_by("pk").values_list("incident_id", "place_id")
    )
    pairs += StatementPlace.objects.filter(statement__in=statements).values_list("statement__incident_id", "place_id")
    places = places_by_id({place_id for _, place_id in pairs}, places)
    for incident_id, place_id in pairs:
        profiles[incident_id].places.setdefault(place_id, places[place_id])
    return profiles


def statement_spans(incident_ids: Iterable[int]) -> dict[int, dict]:
    """Per incident, the first and last date its statements give at each precision (day, week, month,
    year) and the first and last publication date of those without one: `drafts.incident_dates` reads
    an incident's dates from such a row. One aggregate query; every statement counts, rejected too."""
    return {
        row["incident_id"]: row
        for row in Statement.objects.filter(incident_id__in=list(incident_ids))
        .order_by()
        .values("incident_id")
        .annotate(
            day_start=Min("event_date", filter=DAY_DATED),
            day_end=Max("event_date", filter=DAY_DATED),
            week_start=Min("event_date", filter=Q(event_date_precision=DatePrecision.WEEK)),
            week_end=Max("event_date", filter=Q(event_date_precision=DatePrecision.WEEK)),
            published_start=Min("article__published", filter=Q(event_date__isnull=True)),
            published_end=Max("article__published", filter=Q(event_date__isnull=True)),
            month_start=Min("event_date", filter=Q(event_date_precision=DatePrecision.MONTH)),
            month_end=Max("event_date", filter=Q(event_date_precision=DatePrecision.MONTH)),
            year_start=Min("event_date", filter=Q(event_date_precision=DatePrecision.YEAR)),
            year_end=Max("event_date", filter=Q(event_date_precision=DatePrecision.YEAR)),
        )
    }


def place_mentions(incident_ids: Iterable[int]) -> dict[int, list[tuple[int, int]]]:
    """Per incident, each place its statements name and how many of them name it."""
    mentions: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for incident_id, place_id, n in (
        StatementPlace.objects.filter(statement__incident_id__in=list(incident_ids))
        .values("statement__incident_id", "place_id")
        .annotate(n=Count("pk"))
        .values_list("statement__incident_id", "place_id", "n")
        .order_by()
    ):
        mentions[incident_id].append((place_id, n))
    return mentions


def headline_evidence(article: Article, places: dict[int, Place]) -> Evidence | None:
    """What an article's headline says its event is, at the places given; None when it names no event."""
    kind = kind_from_text(article.title)
    if kind is None:
        return None
    return Evidence(
        statement=None,
        kind=kind,
        date=article.published,
        own_date=False,
        places=places,
        article_id=article.pk,
        precision=DatePrecision.WEEK if article.published else None,
    )


def profile_evidence(prof: Profile) -> Evidence:
    """A whole incident read as one statement: its kind, earliest own date (else latest report), places."""
    own = sorted(prof.own_dates)
    date = own[0] if own else (max(prof.fallback_dates) if prof.fallback_dates else prof.start)
    if own:
        precision = DatePrecision.DAY
    elif prof.fallback_dates:
        precision = DatePrecision.WEEK
    else:
        precision = prof.incident.date_precision if prof.start else None
    return Evidence(
        statement=None,
        kind=prof.kind if prof.kind != IncidentKind.OTHER else None,
        date=date,
        own_date=bool(own),
        places=prof.places,
        precision=precision,
    )


def describe(ev: Evidence) -> str:
    """The evidence in words, for the reason stored with a new draft ("shelling, dated 2022-09-13, at Jermuk")."""
    parts = []
    if ev.kind:
        parts.append(IncidentKind(ev.kind).label.lower())
    if ev.date:
        if ev.precision in (DatePrecision.MONTH, DatePrecision.YEAR):
            parts.append(f"dated {ev.date:%B %Y}" if ev.precision == DatePrecision.MONTH else f"dated {ev.date:%Y}")
        else:
            parts.append(f"{'dated' if ev.own_date else 'published'} {ev.date.isoformat()}")
    if ev.places:
        parts.append("at " + ", ".join(sorted(p.name for p in ev.places.values())))
    return ", ".join(parts) or "no evidence"
