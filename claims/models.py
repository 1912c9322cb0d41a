"""Sides, actors, places, incidents, statements, casualty figures and the links between them.

A choice names its label only where Django's own (the member's name in title case) would not do."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex, OpClass
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper

from claims.expressions import INCIDENT_SPAN, STATEMENT_INDEXES, STATEMENT_TSVECTOR
from claims.querysets import IncidentQuerySet, StatementQuerySet
from sources.models import TriggerSearchVectorField, before_write


class Side(models.Model):
    """A party whose account the product shows in its own column (seeded with four)."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80, unique=True)
    display_order = models.PositiveSmallIntegerField(default=0)
    colour = models.CharField(
        max_length=7,
        help_text="Hex colour used for this side's column and highlights, e.g. #c0392b.",
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["display_order", "slug"]
        constraints = [
            models.CheckConstraint(condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="side_colour_hex"),
        ]

    def __str__(self) -> str:
        return self.name


class Named(models.Model):
    """Something a text names (actor, place), found by its name or other spellings, both indexed."""

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=200)
    aliases = ArrayField(models.CharField(max_length=200), default=list, blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["aliases"], name="%(class)s_aliases_gin"),
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="%(class)s_name_trgm"),
        ]

    def __str__(self) -> str:
        return self.name


class ActorKind(models.TextChoices):
    PERSON = "person"
    GOVERNMENT = "government"
    MINISTRY = "ministry"
    MILITARY = "military"
    PRESIDENCY = "presidency"
    PARLIAMENT = "parliament"
    ORGANISATION = "organisation", "International organisation"
    PEACEKEEPERS = "peacekeepers"
    THINK_TANK = "think-tank", "Think tank"
    NGO = "ngo", "NGO"
    DE_FACTO = "de-facto-authority", "De facto authority"
    OTHER = "other"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Actor(Named):
    """Who speaks: a ministry, an official, a government, an organisation."""

    kind = models.CharField(max_length=24, choices=ActorKind.choices, default=ActorKind.OTHER)
    side = models.ForeignKey(Side, null=True, blank=True, on_delete=models.PROTECT, related_name="actors")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    role = models.CharField(max_length=200, blank=True)
    country = models.CharField(max_length=2, blank=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(Named.Meta):
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="actor_not_own_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


class PlaceKind(models.TextChoices):
    VILLAGE = "village"
    TOWN = "town"
    CITY = "city"
    DISTRICT = "district"
    PROVINCE = "province"
    REGION = "region"
    CORRIDOR = "corridor", "Corridor / road"
    PASS = "pass", "Mountain pass"
    CHECKPOINT = "checkpoint"
    BORDER = "border", "Border / line of contact"
    COUNTRY = "country"
    RIVER = "river"
    LAKE = "lake"
    MOUNTAIN = "mountain"


class Place(Named):
    """A gazetteer entry with its spellings and coordinates."""

    kind = models.CharField(max_length=16, choices=PlaceKind.choices)
    country = models.CharField(max_length=2, blank=True)
    region = models.CharField(max_length=120, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta(Named.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="place_coordinates_pair",
            ),
        ]


class PlaceLink(models.Model):
    """A place an incident or a statement names, a row of its own so that history records it."""

    place = models.ForeignKey(Place, on_delete=models.PROTECT)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        [named_by] = [f for f in self._meta.concrete_fields if f.many_to_one and f.name != "place"]
        return f"{getattr(self, named_by.attname)} @ {self.place_id}"


class IncidentKind(models.TextChoices):
    BORDER_CLASH = "border-clash", "Border clash"
    SHELLING = "shelling"
    DRONE_STRIKE = "drone-strike", "Drone strike"
    BLOCKADE = "blockade"
    OFFENSIVE = "offensive"
    CEASEFIRE = "ceasefire", "Ceasefire / violation"
    DIPLOMATIC = "diplomatic"
    OTHER = "other"


class DatePrecision(models.TextChoices):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


class IncidentStatus(models.TextChoices):
    DRAFT = "draft", "Draft (proposed by the system)"
    DEVELOPING = "developing"
    CONTESTED = "contested"
    SETTLED = "settled"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Incident(models.Model):
    """What happened: one event that several statements describe."""

    title = models.CharField(max_length=240)
    kind = models.CharField(max_length=16, choices=IncidentKind.choices, default=IncidentKind.OTHER)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY)
    places = models.ManyToManyField(Place, blank=True, related_name="incidents", through="IncidentPlace")
    summary = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=IncidentStatus.choices, default=IncidentStatus.DRAFT)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every edit (optimistic locking).")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        # Undated incidents (no start date) come last, never first: PostgreSQL puts NULLs first in DESC.
        ordering = [F("start_date").desc(nulls_last=True), "-id"]
        indexes = [
            models.Index(fields=["start_date", "end_date"], name="incident_dates"),
            # The lists' and the home page's order (newest first, undated last): the first rows of
            # a page are read in order, each checked for a visible statement, not every incident sorted.
            models.Index(F("start_date").desc(nulls_last=True), F("id").desc(), name="incident_latest"),
            models.Index(fields=["status"], name="incident_status"),
            models.Index(fields=["kind"], name="incident_kind"),
            GistIndex(INCIDENT_SPAN, name="incident_span"),
            GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="incident_title_trgm"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="incident_end_after_start",
            ),
            models.CheckConstraint(condition=~Q(merged_into=F("pk")), name="incident_not_merged_into_self"),
        ]

    def __str__(self) -> str:
        return self.title


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent())
class IncidentPlace(PlaceLink):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "place"], name="incident_place_unique")]


class Stance(models.TextChoices):
    ASSERTION = "assertion"
    ACCUSATION = "accusation"
    DENIAL = "denial"
    CASUALTY_REPORT = "casualty-report", "Casualty report"
    APPEAL = "appeal"


class Origin(models.TextChoices):
    EXTRACTED = "extracted", "Extracted by the pipeline"
    MANUAL = "manual", "Entered by an editor"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "Pending review"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


# The search vector is derived from tracked fields: not history of its own.
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), exclude=["search_vector"])
class Statement(models.Model):
    """One attributed claim, traced to the sentence of the article it came from."""

    article = models.ForeignKey(
        "sources.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="statements"
    )
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements")
    incident_confidence = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    incident_reason = models.CharField(max_length=400, blank=True)
    actor = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements")
    speaker = models.CharField(max_length=300, help_text="The speaker as the article writes it.")
    side = models.ForeignKey(Side, null=True, blank=True, on_delete=models.PROTECT, related_name="statements")
    cue = models.CharField(max_length=60, blank=True, help_text="Reporting verb or phrase: said, denied, according to…")
    stance = models.CharField(max_length=16, choices=Stance.choices, default=Stance.ASSERTION)
    content = models.TextField(blank=True)
    sentence = models.TextField(blank=True)
    start = models.PositiveIntegerField(null=True, blank=True, help_text="Offset of the sentence in the article text.")
    end = models.PositiveIntegerField(null=True, blank=True)
    places = models.ManyToManyField(Place, blank=True, related_name="statements", through="StatementPlace")
    event_date = models.DateField(null=True, blank=True)
    # How precisely event_date is known: a named day, a week ("last week", or only the week the article
    # was published), a month ("in March"), a year ("in 2020"). Blank for statements stored before.
    event_date_precision = models.CharField(
        max_length=8,
        choices=[c for c in DatePrecision.choices if c[0] != DatePrecision.UNKNOWN],
        blank=True,
        help_text="How precisely the event date is known: day, week, month or year.",
    )
    blamed_side = models.ForeignKey(Side, null=True, blank=True, on_delete=models.PROTECT, related_name="blamed_in")
    confidence = models.FloatField(default=0.5, validators=[MinValueValidator(0), MaxValueValidator(1)])
    language = models.CharField(
        max_length=12,
        blank=True,
        help_text="ISO 639-1 code of the language of the sentence (a quotation may differ from its article); "
        "blank: the article's.",
    )
    # Kept by the trigger "statement_search_vector"; claims.selectors.search.STATEMENT_VECTOR reads it.
    search_vector = TriggerSearchVectorField(null=True, editable=False)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.EXTRACTED)
    review_status = models.CharField(max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Identifies an extracted statement within its article, so re-running extraction updates or
    # skips it instead of adding a copy.
    fingerprint = models.CharField(max_length=64, blank=True)
    pipeline_version = models.CharField(max_length=40, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every edit (optimistic locking).")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "start", "id"]
        triggers = [
            # A CHECK constraint cannot look at another table; this trigger keeps offsets inside
            # the article's text. Only writes of the offsets or the article run it: linking a
            # statement to an incident need not measure the article's text again.
            before_write(
                "statement_offsets_in_article",
                ("start", "end", "article_id"),
                """
                IF NEW.article_id IS NOT NULL AND NEW."end" IS NOT NULL AND NEW."end" > (
                    SELECT char_length(a.text) FROM sources_article a WHERE a.id = NEW.article_id
                ) THEN
                    RAISE EXCEPTION 'statement offsets %..% fall outside the text of article %',
                        NEW.start, NEW."end", NEW.article_id USING ERRCODE = 'check_violation';
                END IF;
                RETURN NEW;
                """,
            ),
            # Each statement stemmed in its own language (its sentence's, else its article's), as
            # articles are: "заявил" finds "заявила", "killed" finds "kill". The Russian
            # configuration stems Latin words as English, so a Russian row loses no English word.
            before_write(
                "statement_search_vector",
                ("speaker", "content", "sentence", "language", "article_id"),
                f"""
                NEW.search_vector := {STATEMENT_TSVECTOR.format(row="NEW")};
                RETURN NEW;
                """,
            ),
        ]
        indexes = STATEMENT_INDEXES
        constraints = [
            models.UniqueConstraint(
                fields=["article", "fingerprint"],
                condition=~Q(fingerprint=""),
                name="statement_unique_fingerprint",
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True, end__isnull=True)
                | Q(start__isnull=False, end__isnull=False, end__gt=F("start")),
                name="statement_offsets_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(origin="extracted") | Q(article__isnull=False),
                name="statement_extracted_has_article",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0, confidence__lte=1), name="statement_confidence_range"
            ),
            models.CheckConstraint(
                condition=Q(incident_confidence__isnull=True)
                | Q(incident_confidence__gte=0, incident_confidence__lte=1),
                name="statement_incident_confidence_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.speaker}: {self.content[:60]}"


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent())
class StatementPlace(PlaceLink):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["statement", "place"], name="statement_place_unique")]


#: The counts a casualty figure gives, each as a `<measure>_low`/`<measure>_high` pair of fields.
CASUALTY_MEASURES = ("killed", "wounded", "captured", "missing")


def _range_fields(name: str) -> tuple[models.PositiveIntegerField, models.PositiveIntegerField]:
    return (
        models.PositiveIntegerField(null=True, blank=True, verbose_name=f"{name} (low)"),
        models.PositiveIntegerField(null=True, blank=True, verbose_name=f"{name} (high)"),
    )


def _range_constraints(field: str) -> list[models.CheckConstraint]:
    low, high = f"{field}_low", f"{field}_high"
    return [
        models.CheckConstraint(
            condition=Q(**{f"{low}__gte": 0}) | Q(**{f"{low}__isnull": True}), name=f"casualty_{field}_low_nonnegative"
        ),
        models.CheckConstraint(
            condition=Q(**{f"{low}__isnull": True}, **{f"{high}__isnull": True})
            | Q(**{f"{low}__isnull": False}, **{f"{high}__isnull": False}, **{f"{high}__gte": F(low)}),
            name=f"casualty_{field}_range_ordered",
        ),
    ]


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class CasualtyFigure(models.Model):
    """The figures one statement gives for one party; each count may be a low–high range."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="casualties")
    party_side = models.ForeignKey(
        Side, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="Empty: party unknown."
    )
    civilian = models.BooleanField(default=False)
    killed_low, killed_high = _range_fields("killed")
    wounded_low, wounded_high = _range_fields("wounded")
    captured_low, captured_high = _range_fields("captured")
    missing_low, missing_high = _range_fields("missing")
    bounds = models.JSONField(
        default=dict,
        blank=True,
        help_text='How the source qualified a count: {"killed": "low"} for "at least", "high" for "up to", '
        '"best" for "about"; a count not listed was stated plainly (or as the low–high range it gives).',
    )

    class Meta:
        constraints = [
            *_range_constraints("killed"),
            *_range_constraints("wounded"),
            *_range_constraints("captured"),
            *_range_constraints("missing"),
            models.UniqueConstraint(
                fields=["statement", "party_side", "civilian"],
                nulls_distinct=False,
                name="casualty_one_row_per_party",
            ),
        ]

    def __str__(self) -> str:
        party = self.party_side.name if self.party_side_id else "unknown"
        return f"{party}{' civilians' if self.civilian else ' military'}"


class RelationKind(models.TextChoices):
    """How one statement bears on another, as the verb between them: "A denies B"."""

    DENIES = "denies", "denies"
    CONTRADICTS = "contradicts", "contradicts"
    CORROBORATES = "corroborates", "corroborates"
    REPEATS = "repeats", "repeats"

    @property
    def passive(self) -> str:
        """The verb read from the other statement, "B is denied by A": each kind is a regular verb."""
        stem = self.label.removesuffix("s")
        return f"{stem}{'d' if stem.endswith('e') else 'ed'} by"


class RelationStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested by the system"
    CONFIRMED = "confirmed", "Confirmed by an editor"
    DISMISSED = "dismissed", "Dismissed by an editor"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class StatementRelation(models.Model):
    """`source` denies / contradicts / corroborates / repeats `target`."""

    source = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(max_length=12, choices=RelationKind.choices)
    status = models.CharField(max_length=10, choices=RelationStatus.choices, default=RelationStatus.CONFIRMED)
    reason = models.CharField(max_length=400, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="relation_unique"),
            models.CheckConstraint(condition=~Q(source=F("target")), name="relation_not_self"),
        ]

    def __str__(self) -> str:
        return f"#{self.source_id} {self.kind} #{self.target_id}"
