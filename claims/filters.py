"""django-filter FilterSets for statements, incidents, actors, places, sides and relations.

Shared by the REST API (`claims/api.py`) and the researchers' HTML lists: they take plain query
parameters, validate them (a bad date or an unknown slug is a form error, not an empty result), and
never look at the user — visibility is applied before filtering, by `visible_to(user)`.
"""

from __future__ import annotations

import datetime

import django_filters as filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django_filters.fields import BaseCSVField
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from claims.models import (
    Actor,
    ActorKind,
    Incident,
    IncidentKind,
    IncidentPlace,
    IncidentStatus,
    Origin,
    Place,
    PlaceKind,
    RelationKind,
    RelationStatus,
    ReviewStatus,
    Side,
    Stance,
    Statement,
    StatementPlace,
    StatementRelation,
)
from sources.models import Outlet

MAX_QUERY_LENGTH = 200
#: Full-text search over what a statement says and who said it (PostgreSQL, English stemming).
STATEMENT_SEARCH_VECTOR = SearchVector("speaker", "content", "sentence", config="english")
UNDATED = datetime.date(1, 1, 1)

#: `?ordering=` values for statements → order_by fields. The first field of each is never null,
#: because cursor pagination compares rows by it; `event_day` is event_date with undated rows first.
STATEMENT_ORDERINGS: dict[str, tuple[str, ...]] = {
    "-id": ("-id",),
    "id": ("id",),
    "-event_date": ("-event_day", "-id"),
    "event_date": ("event_day", "id"),
    "-confidence": ("-confidence", "-id"),
    "confidence": ("confidence", "id"),
    "-created_at": ("-created_at", "-id"),
    "created_at": ("created_at", "id"),
}
STATEMENT_ORDERING_LABELS = {
    "-id": "Newest first (default)",
    "id": "Oldest first",
    "-event_date": "Event date, latest first",
    "event_date": "Event date, earliest first",
    "-confidence": "Most confident first",
    "confidence": "Least confident first",
    "-created_at": "Most recently added first",
    "created_at": "Least recently added first",
}


@extend_schema_field(OpenApiTypes.STR)
class SlugFilter(filters.ModelChoiceFilter):
    """A row chosen by its slug, for filters applied by a method (the schema shows a string)."""


@extend_schema_field(OpenApiTypes.STR)
class SlugsFilter(filters.ModelMultipleChoiceFilter):
    """Rows chosen by slug, the parameter repeatable (the schema shows an array of strings)."""


@extend_schema_field({"type": "integer", "minimum": 1})
class IdFilter(filters.NumberFilter):
    """A row id: a whole number (NumberFilter alone would take 1.5)."""

    field_class = forms.IntegerField


def with_event_day(queryset):
    return queryset.annotate(event_day=Coalesce("event_date", Value(UNDATED)))


class DateRangeMixin:
    """Refuse a range whose start is after its end (a typo, not a request for nothing)."""

    date_range = ("date_from", "date_to")

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if valid:
            start, end = (self.form.cleaned_data.get(name) for name in self.date_range)
            if start and end and start > end:
                self.form.add_error(self.date_range[1], ValidationError(f"Must not be before {self.date_range[0]}."))
                return False
        return valid


class StatementFilterSet(DateRangeMixin, filters.FilterSet):
    incident = IdFilter(field_name="incident_id", min_value=1, help_text="Incident id.")
    side = SlugsFilter(
        field_name="side__slug",
        to_field_name="slug",
        distinct=False,  # a statement has one side: no duplicates to remove, and DISTINCT is slow
        queryset=Side.objects.all(),
        help_text="Side slug of the speaker (repeat for several: ?side=armenian&side=russian).",
    )
    blamed_side = filters.ModelChoiceFilter(
        field_name="blamed_side", to_field_name="slug", queryset=Side.objects.all(), help_text="Side blamed, by slug."
    )
    actor = filters.ModelChoiceFilter(
        field_name="actor", to_field_name="slug", queryset=Actor.objects.all(), help_text="Actor slug."
    )
    outlet = filters.ModelChoiceFilter(
        field_name="article__outlet",
        to_field_name="slug",
        queryset=Outlet.objects.all(),
        help_text="Slug of the outlet that published the article.",
    )
    place = SlugFilter(
        method="filter_place", to_field_name="slug", queryset=Place.objects.all(), help_text="Place slug."
    )
    stance = filters.MultipleChoiceFilter(choices=Stance.choices, distinct=False, help_text="Stance (repeatable).")
    review_status = filters.ChoiceFilter(choices=ReviewStatus.choices, help_text="Review status.")
    origin = filters.ChoiceFilter(choices=Origin.choices, help_text="Extracted by the pipeline or entered by hand.")
    date_from = filters.DateFilter(
        field_name="event_date", lookup_expr="gte", help_text="Event date on or after (YYYY-MM-DD)."
    )
    date_to = filters.DateFilter(field_name="event_date", lookup_expr="lte", help_text="Event date on or before.")
    q = filters.CharFilter(
        method="filter_q",
        max_length=MAX_QUERY_LENGTH,
        help_text='Full-text search in speaker, content and sentence (web search syntax: "exact phrase", -word, or).',
    )
    ordering = filters.ChoiceFilter(
        method="filter_ordering",
        choices=[(key, label) for key, label in STATEMENT_ORDERING_LABELS.items()],
        help_text="Sort order; the default is newest first (-id).",
    )

    class Meta:
        model = Statement
        fields: list[str] = []

    def filter_place(self, queryset, name, value):
        return queryset.filter(Exists(StatementPlace.objects.filter(statement=OuterRef("pk"), place=value)))

    def filter_q(self, queryset, name, value):
        if not value.strip():
            return queryset
        query = SearchQuery(value, search_type="websearch", config="english")
        return queryset.annotate(search=STATEMENT_SEARCH_VECTOR).filter(search=query)

    def filter_ordering(self, queryset, name, value):
        return with_event_day(queryset).order_by(*STATEMENT_ORDERINGS[value])


class _NoEmptyEntriesCSVField(BaseCSVField):
    def clean(self, value):
        if value and any(item in ("", None) for item in value):
            raise ValidationError(
                "An entry of the ordering list is empty; give field names separated by commas.", code="empty"
            )
        return super().clean(value)


class StrictOrderingFilter(filters.OrderingFilter):
    """`?ordering=` whose list has an empty entry ("," or "id,,start_date") is a 400, not ignored."""

    base_field_class = _NoEmptyEntriesCSVField


class IncidentFilterSet(DateRangeMixin, filters.FilterSet):
    status = filters.MultipleChoiceFilter(
        choices=IncidentStatus.choices, distinct=False, help_text="Status (repeatable)."
    )
    kind = filters.MultipleChoiceFilter(choices=IncidentKind.choices, distinct=False, help_text="Kind (repeatable).")
    date_from = filters.DateFilter(method="filter_date_from", help_text="Incidents still going on or after this date.")
    date_to = filters.DateFilter(method="filter_date_to", help_text="Incidents that started on or before this date.")
    place = SlugFilter(
        method="filter_place", to_field_name="slug", queryset=Place.objects.all(), help_text="Place slug."
    )
    side = SlugFilter(
        method="filter_side",
        to_field_name="slug",
        queryset=Side.objects.all(),
        help_text="Incidents with at least one statement from this side.",
    )
    q = filters.CharFilter(
        method="filter_q", max_length=MAX_QUERY_LENGTH, help_text="Words in the title or summary (case-insensitive)."
    )
    ordering = StrictOrderingFilter(
        fields=(("start_date", "start_date"), ("id", "id"), ("updated_at", "updated_at")),
        help_text="Sort order; the default is latest start date first.",
    )

    class Meta:
        model = Incident
        fields: list[str] = []

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(Q(end_date__gte=value) | Q(end_date__isnull=True, start_date__gte=value))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(start_date__lte=value)

    def filter_place(self, queryset, name, value):
        return queryset.filter(Exists(IncidentPlace.objects.filter(incident=OuterRef("pk"), place=value)))

    def filter_side(self, queryset, name, value):
        return queryset.filter(Exists(Statement.objects.filter(incident=OuterRef("pk"), side=value)))

    def filter_q(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(title__icontains=word) | Q(summary__icontains=word))
        return queryset


class ActorFilterSet(filters.FilterSet):
    side = filters.ModelChoiceFilter(to_field_name="slug", queryset=Side.objects.all(), help_text="Side slug.")
    kind = filters.ChoiceFilter(choices=ActorKind.choices, help_text="Kind of actor.")
    q = filters.CharFilter(method="filter_q", max_length=MAX_QUERY_LENGTH, help_text="Part of the name or an alias.")

    class Meta:
        model = Actor
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(aliases__icontains=value) | Q(slug__icontains=value))


class PlaceFilterSet(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=PlaceKind.choices, help_text="Kind of place.")
    country = filters.CharFilter(max_length=2, help_text="ISO 3166 two-letter country code.")
    q = filters.CharFilter(method="filter_q", max_length=MAX_QUERY_LENGTH, help_text="Part of the name or an alias.")

    class Meta:
        model = Place
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(aliases__icontains=value) | Q(slug__icontains=value))


class RelationFilterSet(filters.FilterSet):
    statement = IdFilter(method="filter_statement", min_value=1, help_text="Either end is this statement.")
    incident = IdFilter(method="filter_incident", min_value=1, help_text="Either end belongs to this incident.")
    kind = filters.ChoiceFilter(choices=RelationKind.choices, help_text="Kind of relation.")
    status = filters.ChoiceFilter(choices=RelationStatus.choices, help_text="Suggested, confirmed or dismissed.")

    class Meta:
        model = StatementRelation
        fields: list[str] = []

    def filter_statement(self, queryset, name, value):
        return queryset.filter(Q(source_id=value) | Q(target_id=value))

    def filter_incident(self, queryset, name, value):
        return queryset.filter(Q(source__incident_id=value) | Q(target__incident_id=value))
