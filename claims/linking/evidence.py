"""The evidence linking weighs: what a statement says about its event, and what an incident holds.

`Evidence` is read from one statement (its kind, date, places, side, speaker and place in the
article); `Profile` is an incident as linking sees it, built from its own fields plus aggregates of
its statements. Places are gazetteer rows by id, fetched once per linking run into a shared cache.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Q

from claims.linking.kinds import kind_from_text, kind_reading
from claims.models import (
    Incident,
    IncidentKind,
    IncidentPlace,
    IncidentStatus,
    Place,
    PlaceKind,
    ReviewStatus,
    Statement,
    StatementPlace,
)
from sources.models import Article

# Places this broad (a country, a region) do not tell one incident from another.
BROAD_PLACE_KINDS = {PlaceKind.COUNTRY, PlaceKind.REGION, PlaceKind.PROVINCE, PlaceKind.BORDER}


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
    kind, soft = kind_reading(statement.content, stance=statement.stance)
    if kind is None or soft:
        kind, soft = min(
            (kind, soft), kind_reading(statement.sentence, stance=statement.stance), key=lambda r: (r[0] is None, r[1])
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
    places = places_by_id({place_id for _, place_id in pairs}, places)
    for incident_id, place_id in pairs:
        profiles[incident_id].places.setdefault(place_id, places[place_id])
    return profiles


def places_by_id(ids: Iterable[int], cache: dict[int, Place] | None = None) -> dict[int, Place]:
    """Place rows by id, fetching only those the cache lacks."""
    cache = {} if cache is None else cache
    missing = [pk for pk in ids if pk not in cache]
    if missing:
        cache.update(Place.objects.in_bulk(missing))
    return cache


def headline_evidence(article: Article, places: dict[int, Place]) -> Evidence | None:
    """What an article's headline says its event is, at the places given; None when it names no event."""
    kind = kind_from_text(article.title)
    if kind is None:
        return None
    return Evidence(
        statement=None, kind=kind, date=article.published, own_date=False, places=places, article_id=article.pk
    )


def profile_evidence(prof: Profile) -> Evidence:
    """A whole incident read as one statement: its kind, earliest own date (else latest report), places."""
    own = sorted(prof.own_dates)
    date = own[0] if own else (max(prof.fallback_dates) if prof.fallback_dates else prof.start)
    return Evidence(
        statement=None,
        kind=prof.kind if prof.kind != IncidentKind.OTHER else None,
        date=date,
        own_date=bool(own),
        places=prof.places,
    )


def describe(ev: Evidence) -> str:
    """The evidence in words, for the reason stored with a new draft ("shelling, dated 2022-09-13, at Jermuk")."""
    parts = []
    if ev.kind:
        parts.append(IncidentKind(ev.kind).label.lower())
    if ev.date:
        parts.append(f"{'dated' if ev.own_date else 'published'} {ev.date.isoformat()}")
    if ev.places:
        parts.append("at " + ", ".join(sorted(p.name for p in ev.places.values())))
    return ", ".join(parts) or "no evidence"
