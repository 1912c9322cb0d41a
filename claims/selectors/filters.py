"""The filter sets of statements, incidents, actors, places and relations: one meaning per parameter
for the REST API, the researchers' pages, their exports and the `export` command.

- A bad value (a date that does not exist, an unknown slug, a range that ends before it starts) is
  a form error, not an empty result.
- Each filter set knows its viewer (`user=`, or the request's user; None is an anonymous visitor),
  and every subquery on statements goes through `visible_to(user)`: a filter never reveals, even
  by the mere presence of a row, a statement the viewer may not see.
- The pages use the same filter sets, dressed with page widgets and labels (`StatementFilter`,
  `IncidentFilter`); they add nothing to what a parameter means, except the incident list's
  `ordering`, whose choices need the list's own counts (see `IncidentFilter`).
"""

from __future__ import annotations

from functools import cached_property

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef, Q, QuerySet
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
from claims.selectors.cards import with_event_day
from claims.selectors.lists import INCIDENT_ORDERINGS
from claims.selectors.review import REVIEWED_ALL, REVIEWED_ONLY
from claims.selectors.search import (
    STATEMENT_VECTOR,
    PlaceMatch,
    any_language_query,
    incident_ids_matching,
    place_match,
    place_spellings,
    places_matching,
)
from sources.models import Outlet

MAX_QUERY_LENGTH = 200
PLACE_HELP = (
    "A place slug, or a place name or alias as typed (small typos match), taken as the one place it "
    "names; matches the places a statement names and the places of its incident."
)


class SearchFilter(filters.CharFilter):
    """Words typed into a search box, for the filter set's `method`. The form field strips white space
    and a blank value never reaches the method, so the methods only ever see words."""

    def __init__(self, *, method: str, help_text: str, **kwargs) -> None:
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        super().__init__(method=method, help_text=help_text, **kwargs)


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


class ViewerFilterSet(filters.FilterSet):
    """A filter set that knows whose view it filters, and refuses a date range ending before it starts;
    `reviewed` is the incident page's switch (`claims/selectors/review.py`), for every list and export."""

    date_range = ("date_from", "date_to")
    reviewed = filters.ChoiceFilter(
        choices=[(REVIEWED_ALL, "With pending"), (REVIEWED_ONLY, "Reviewed only")],
        method="filter_reviewed",
        empty_label=None,
        label="Statements",
        help_text="only: accepted statements (incidents with one); all (the default): pending too.",
    )

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, user=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.user = user if user is not None else getattr(request, "user", None)
        #: What `?place=` was taken to mean, once the filters have run: the page says it beside the field.
        self.place_match: PlaceMatch | None = None

    def matched_places(self, value: str) -> list[int]:
        """The id of the one place `value` names (`place_match`), remembered for the page; none when
        no place matches (the filter then matches nothing, and the page says so)."""
        self.place_match = place_match(value)
        return [self.place_match.place.pk] if self.place_match else []

    def visible_statements(self) -> QuerySet[Statement]:
        visible = Statement.objects.visible_to(self.user)
        only = self.form.is_valid() and self.form.cleaned_data.get("reviewed") == REVIEWED_ONLY
        return visible.filter(review_status=ReviewStatus.ACCEPTED) if only else visible

    def filter_reviewed(self, queryset, name, value):
        if value != REVIEWED_ONLY:
            return queryset
        if queryset.model is Statement:
            return queryset.filter(review_status=ReviewStatus.ACCEPTED)
        return queryset.filter(Exists(self.visible_statements().filter(incident=OuterRef("pk"))))

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if valid:
            start, end = (self.form.cleaned_data.get(name) for name in self.date_range)
            if start and end and start > end:
                self.form.add_error(self.date_range[1], ValidationError(f"Must not be before {self.date_range[0]}."))
                return False
        return valid


class StatementFilterSet(ViewerFilterSet):
    q = SearchFilter(
        method="filter_q",
        help_text='Full-text search in speaker, content and sentence (web search syntax: "exact phrase", -word, or), '
        "or a place the statement names, in any spelling.",
    )
    date_from = filters.DateFilter(
        method="filter_date_from",
        help_text="On or after this date (YYYY-MM-DD): the statement's event date when known, else its article's "
        "publication date (each row's date_used and date_basis say which).",
    )
    date_to = filters.DateFilter(
        method="filter_date_to",
        help_text="On or before this date: the event date when known, else the article's publication date.",
    )
    side = SlugsFilter(
        field_name="side__slug",
        to_field_name="slug",
        distinct=False,  # a statement has one side: no duplicates to remove, and DISTINCT is slow
        queryset=Side.objects.order_by("display_order", "slug"),
        help_text="Side slug of the speaker (repeat for several: ?side=armenian&side=russian).",
    )
    stance = filters.MultipleChoiceFilter(choices=Stance.choices, distinct=False, help_text="Stance (repeatable).")
    actor = filters.ModelChoiceFilter(
        field_name="actor", to_field_name="slug", queryset=Actor.objects.all(), help_text="Actor slug."
    )
    outlet = filters.ModelChoiceFilter(
        field_name="article__outlet",
        to_field_name="slug",
        queryset=Outlet.objects.order_by("name"),
        help_text="Slug of the outlet that published the article.",
    )
    place = SearchFilter(method="filter_place", help_text=PLACE_HELP)
    incident = IdFilter(field_name="incident_id", min_value=1, help_text="Incident id.")
    review_status = filters.ChoiceFilter(choices=ReviewStatus.choices, help_text="Review status.")
    blamed_side = filters.ModelChoiceFilter(
        field_name="blamed_side", to_field_name="slug", queryset=Side.objects.all(), help_text="Side blamed, by slug."
    )
    origin = filters.ChoiceFilter(choices=Origin.choices, help_text="Extracted by the pipeline or entered by hand.")
    ordering = filters.ChoiceFilter(
        method="filter_ordering",
        choices=[(key, label) for key, label in STATEMENT_ORDERING_LABELS.items()],
        help_text="Sort order; the default is newest first (-id).",
    )

    class Meta:
        model = Statement
        fields: list[str] = []

    def filter_date_from(self, queryset, name, value):
        return queryset.date_used("gte", value)

    def filter_date_to(self, queryset, name, value):
        return queryset.date_used("lte", value)

    def filter_q(self, queryset, name, value):
        # The words, or a place they name in any spelling ("Khankendi" finds Stepanakert), as incident search does.
        by_words = Statement.objects.annotate(search=STATEMENT_VECTOR).filter(search=any_language_query(value))
        by_place = StatementPlace.objects.filter(place__in=places_matching(value).values("pk"))
        return queryset.filter(Q(pk__in=by_words.values("pk")) | Q(pk__in=by_place.values("statement_id")))

    def filter_place(self, queryset, name, value):
        places = self.matched_places(value)
        # Subqueries on ids rather than joins: no duplicate rows, so no DISTINCT over a page.
        return queryset.filter(
            Q(pk__in=StatementPlace.objects.filter(place__in=places).values("statement_id"))
            | Q(incident_id__in=IncidentPlace.objects.filter(place__in=places).values("incident_id"))
        )

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


class _UndatedLastOrderingFilter(StrictOrderingFilter):
    """Orders by start date with undated incidents last in either direction: an incident nothing dates
    says least about when, and PostgreSQL would put it first in a descending sort."""

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        if value.lstrip("-") == "start_date":
            return (
                F("start_date").desc(nulls_last=True) if value.startswith("-") else F("start_date").asc(nulls_last=True)
            )
        return value


class IncidentFilterSet(ViewerFilterSet):
    q = SearchFilter(
        method="filter_q",
        help_text="Words in the title (small typos match), a place of the incident, or full-text words of the "
        "statements about it that you may see and of their articles.",
    )
    place = SearchFilter(
        method="filter_place",
        help_text="A place slug, or a place name or alias as typed (small typos match), taken as the one place it "
        "names; matches the incident's places and the places named by its statements that you may see.",
    )
    date_from = filters.DateFilter(method="filter_date_from", help_text="Incidents still going on or after this date.")
    date_to = filters.DateFilter(method="filter_date_to", help_text="Incidents that started on or before this date.")
    kind = filters.MultipleChoiceFilter(choices=IncidentKind.choices, distinct=False, help_text="Kind (repeatable).")
    status = filters.MultipleChoiceFilter(
        choices=IncidentStatus.choices, distinct=False, help_text="Status (repeatable)."
    )
    side = SlugFilter(
        method="filter_side",
        to_field_name="slug",
        queryset=Side.objects.order_by("display_order", "slug"),
        help_text="Incidents with at least one statement from this side that you may see.",
    )
    outlet = SlugFilter(
        method="filter_outlet",
        to_field_name="slug",
        queryset=Outlet.objects.order_by("name"),
        help_text="Incidents with at least one statement that you may see from an article of this outlet (slug).",
    )
    ordering = _UndatedLastOrderingFilter(
        fields=(("start_date", "start_date"), ("id", "id"), ("updated_at", "updated_at")),
        help_text="Sort order; the default is latest start date first. Undated incidents come last either way.",
    )

    class Meta:
        model = Incident
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        # Every condition is a subquery on the incident's own id: no join, so no duplicate rows.
        return queryset.filter(incident_ids_matching(value, user=self.user))

    def filter_place(self, queryset, name, value):
        places = self.matched_places(value)
        return queryset.filter(
            Q(pk__in=IncidentPlace.objects.filter(place__in=places).values("incident_id"))
            | Q(pk__in=self.visible_statements().filter(places__in=places).values("incident_id"))
        )

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(Q(end_date__gte=value) | Q(end_date__isnull=True, start_date__gte=value))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(start_date__lte=value)

    def filter_side(self, queryset, name, value):
        return queryset.filter(Exists(self.visible_statements().filter(incident=OuterRef("pk"), side=value)))

    def filter_outlet(self, queryset, name, value):
        return queryset.filter(Exists(self.visible_statements().filter(incident=OuterRef("pk"), article__outlet=value)))


class NamedFilterSet(filters.FilterSet):
    """`q` for reference data found by name: part of the name, an alias or the slug."""

    q = SearchFilter(method="filter_q", help_text="Part of the name or an alias.")

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(aliases__icontains=value) | Q(slug__icontains=value))


class ActorFilterSet(NamedFilterSet):
    side = filters.ModelChoiceFilter(to_field_name="slug", queryset=Side.objects.all(), help_text="Side slug.")
    kind = filters.ChoiceFilter(choices=ActorKind.choices, help_text="Kind of actor.")

    class Meta:
        model = Actor
        fields: list[str] = []


class PlaceFilterSet(NamedFilterSet):
    kind = filters.ChoiceFilter(choices=PlaceKind.choices, help_text="Kind of place.")
    country = filters.CharFilter(max_length=2, help_text="ISO 3166 two-letter country code.")

    class Meta:
        model = Place
        fields: list[str] = []


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


# --- The same filter sets, dressed for the researchers' pages ------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"


class OneChoice(forms.Select):
    """A plain <select> for a repeatable parameter: a page asks for one value, or none (the empty label)."""

    def __init__(self, empty_label: str, attrs=None):
        super().__init__(attrs)
        self.empty_label = empty_label

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return [value for value in values if value not in (None, "")]

    def optgroups(self, name, value, attrs=None):
        empty = self.create_option(name, "", self.empty_label, not any(value), 0, attrs=attrs)
        return [(None, [empty], 0), *super().optgroups(name, value, attrs)]


def _dress(filterset: filters.FilterSet, dress: dict[str, tuple[str, forms.Widget | None, str | None]]) -> None:
    """Give the filters of one filter set a page's (label, widget, empty label): nothing else."""
    for name, field_filter in filterset.filters.items():
        # The help texts describe query parameters for the API schema; a page's labels say enough.
        field_filter.extra.pop("help_text", None)
        label, widget, empty_label = dress.get(name, (field_filter.label, None, None))
        field_filter.label = label
        if widget is not None:
            field_filter.extra["widget"] = widget
        if empty_label is not None:
            field_filter.extra["empty_label"] = empty_label
        field_filter.__dict__.pop("_field", None)  # built again, with the page's dress
    filterset.filters["reviewed"] = filterset.filters.pop("reviewed")  # the review switch comes last


class PlaceSuggestions:
    """The place box of a page suggests every place as it is typed (the spellings it knows beside each
    name: type "Khank" and Stepanakert is offered), and says which place its value was taken as."""

    place_list_id = "place-suggestions"

    @cached_property
    def place_suggestions(self) -> list[dict[str, str]]:
        return place_spellings()

    @property
    def place_note(self) -> str | None:
        """What the place box was taken as ("Stepanakert (matched 'Khankendi')"), once the filters ran."""
        text = self.form.cleaned_data.get("place") if self.form.is_valid() else None
        if not text:
            return None
        if self.place_match is None:
            return f"No place matches “{text}”: pick one of the suggestions."
        return f"Showing {self.place_match}"

    def dress_place(self) -> tuple[str, forms.Widget, None]:
        return ("Place", forms.TextInput(attrs={"list": self.place_list_id, "autocomplete": "off"}), None)


class StatementFilter(PlaceSuggestions, StatementFilterSet):
    """The statement filters of the pages (statement list, actor, outlet and place pages, exports)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hidden = (forms.HiddenInput(), None)
        _dress(
            self,
            {
                "q": ("Search", None, None),
                "date_from": ("From", DateInput(), None),
                "date_to": ("To", DateInput(), None),
                "side": ("Side", OneChoice("Any side"), None),
                "stance": ("Stance", OneChoice("Any stance"), None),
                "actor": ("Actor", *hidden),
                "outlet": ("Outlet", None, "Any outlet"),
                "place": self.dress_place(),
                "incident": ("Incident", *hidden),
                "review_status": ("Review status", None, "Any review status"),
                # API parameters the pages honour in links but do not offer in their form.
                "blamed_side": ("Blamed side", *hidden),
                "origin": ("Origin", *hidden),
                "ordering": ("Order", *hidden),
            },
        )


class IncidentFilter(PlaceSuggestions, IncidentFilterSet):
    """The incident filters of the pages (incident list, timeline, map, exports).

    `ordering` is the one parameter of its own: the list offers "most statements" and "most
    contested", which need the counts `incidents_for_list` adds (the API's incidents carry none).
    """

    ordering = filters.ChoiceFilter(
        choices=[(k, label) for k, (label, _) in INCIDENT_ORDERINGS.items()],
        method="filter_ordering",
        empty_label=None,
        label="Order",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dress(
            self,
            {
                "q": ("Search", None, None),
                "place": self.dress_place(),
                "date_from": ("From", DateInput(), None),
                "date_to": ("To", DateInput(), None),
                "kind": ("Kind", OneChoice("Any kind"), None),
                "status": ("Status", OneChoice("Any status"), None),
                "side": ("Side speaking", None, "Any side"),
                "outlet": ("Outlet", None, "Any outlet"),
            },
        )

    def filter_ordering(self, queryset, name, value):
        return queryset  # applied last by `qs`, after the other filters

    @property
    def qs(self):
        ordering = self.form.cleaned_data.get("ordering") if self.form.is_valid() else None
        return super().qs.order_by(*INCIDENT_ORDERINGS.get(ordering or "-date")[1])
