"""Serializers of the claims API: sides, actors, places, incidents, statements, relations, history.

Only schema and input: reads of statements and expanded incidents come from `claims.selectors`
as plain data (the same cards the researchers' pages show); the serializers here describe that
data for the OpenAPI schema and validate what editors send.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import (
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
    StrictPrimaryKeyRelatedField,
    StrictSlugRelatedField,
)
from claims import models
from claims.selectors.cards import INCIDENT_HEAD

# --- Reference data ------------------------------------------------------------------------------


class SideSerializer(serializers.ModelSerializer):
    """A party whose account has its own column (armenian, azerbaijani, russian, international …)."""

    class Meta:
        model = models.Side
        fields = ["slug", "name", "display_order", "colour", "description"]


class SideRefSerializer(serializers.Serializer):
    """A side, as shown next to what refers to it."""

    slug = serializers.CharField(help_text="Side slug; `unattributed` for the group of statements with no side.")
    name = serializers.CharField()
    colour = serializers.CharField(help_text="Hex colour of the side's column, e.g. #c0392b.")


class ActorSerializer(serializers.ModelSerializer):
    """Who speaks: a ministry, an official, a government, an organisation."""

    side = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True, help_text="Side slug.")
    parent = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True, help_text="Slug of the body this actor belongs to."
    )

    class Meta:
        model = models.Actor
        fields = ["id", "slug", "name", "kind", "side", "parent", "role", "country", "aliases", "description"]


class PlaceSerializer(serializers.ModelSerializer):
    """A gazetteer entry with its spellings and coordinates."""

    class Meta:
        model = models.Place
        fields = ["slug", "name", "kind", "country", "region", "latitude", "longitude", "aliases"]


class PlaceRefSerializer(serializers.Serializer):
    """A place, as shown next to what names it."""

    slug = serializers.CharField()
    name = serializers.CharField()


class IncidentPlaceSerializer(PlaceRefSerializer):
    """A place of an incident, with its coordinates for a map."""

    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)


# --- Statements ----------------------------------------------------------------------------------


def _count_range_schema(description: str) -> dict:
    """The OpenAPI schema of a [low, high] pair of counts."""
    items = {"type": "integer", "minimum": 0}
    return {"type": "array", "items": items, "minItems": 2, "maxItems": 2, "nullable": True, "description": description}


@extend_schema_field(_count_range_schema("[low, high]; equal when the figure is exact; null when not given."))
class CountRangeField(serializers.ListField):
    child = serializers.IntegerField(min_value=0)


@extend_schema_field(
    _count_range_schema("[low, high]; give the same number twice for an exact figure; null when not given.")
)
class CountRangeInputField(serializers.ListField):
    child = StrictIntegerField(min_value=0, max_value=10_000_000)

    def __init__(self, **kwargs):
        super().__init__(min_length=2, max_length=2, **kwargs)


def with_measures(field: Callable[[], serializers.Field]):
    """Class decorator: a `field()` for each casualty measure, after the serializer's own fields.

    DRF collects declared fields when the class is created, so they are added to that collection
    (`_declared_fields`), in the order of `CASUALTY_MEASURES`: a new measure appears everywhere.
    """

    def decorate(serializer_class: type[serializers.Serializer]) -> type[serializers.Serializer]:
        serializer_class._declared_fields.update({measure: field() for measure in models.CASUALTY_MEASURES})
        return serializer_class

    return decorate


def _count_range() -> CountRangeField:
    return CountRangeField(allow_null=True)


class EstimateSerializer(serializers.Serializer):
    """One count as low/best/high (UCDP style): "at least 5" is 5/5/null, "up to 20" null/20/20,
    "about 30" null/30/null, "5 to 7" 5/null/7, a plain "5" 5/5/5."""

    low = serializers.IntegerField(allow_null=True, help_text="The lowest number the source allows; null if open.")
    best = serializers.IntegerField(allow_null=True, help_text="The number the source gives; null for a range.")
    high = serializers.IntegerField(allow_null=True, help_text="The highest number the source allows; null if open.")


def estimate_field(**kwargs) -> EstimateSerializer:
    return EstimateSerializer(allow_null=True, **kwargs)


@with_measures(estimate_field)
class MeasureEstimatesSerializer(serializers.Serializer):
    """Each count as low/best/high, or null when not given."""


@with_measures(_count_range)
class CasualtySerializer(serializers.Serializer):
    """The figures one statement gives for one party."""

    party_side = serializers.CharField(allow_null=True, help_text="Slug of the side the figures are about.")
    civilian = serializers.BooleanField()
    party = serializers.CharField(help_text="The party as a person reads it, e.g. 'Armenian military'.")
    estimates = MeasureEstimatesSerializer(help_text="Each count as the source qualified it: low/best/high.")


class ActorRefSerializer(serializers.Serializer):
    """The actor a speaker was resolved to."""

    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


class ArticleOutletSerializer(serializers.Serializer):
    """The outlet that published an article: who published, which is not who said it."""

    slug = serializers.CharField()
    name = serializers.CharField()
    country = serializers.CharField(help_text="ISO 3166 code of the outlet's country; empty when unknown.")
    affiliation = serializers.CharField(
        help_text="state_agency, state_broadcaster, state, independent, intl_wire, intl_broadcaster, international "
        "or unknown."
    )
    affiliation_label = serializers.CharField(help_text="The affiliation as a person reads it.")


class ArticleRefSerializer(serializers.Serializer):
    """The article a statement comes from."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField(help_text="Canonical URL of the article (or as submitted; empty for pasted text).")
    published = serializers.DateField(allow_null=True)
    outlet = ArticleOutletSerializer(allow_null=True)


class RelationLinkSerializer(serializers.Serializer):
    """A counterclaim link from or to another statement."""

    kind = serializers.ChoiceField(choices=models.RelationKind.choices)
    direction = serializers.ChoiceField(
        choices=[("out", "out"), ("in", "in")],
        help_text="`out`: this statement denies/contradicts/… the other; `in`: the other one does it to this.",
    )
    label = serializers.CharField(help_text="e.g. 'denies', 'denied by'.")
    status = serializers.ChoiceField(choices=models.RelationStatus.choices)
    statement = serializers.IntegerField(help_text="Id of the other statement.")
    incident = serializers.IntegerField(allow_null=True, help_text="Incident of the other statement.")
    speaker = serializers.CharField()
    side = SideRefSerializer(allow_null=True)


class StatementCardSerializer(serializers.Serializer):
    """One attributed claim as the researchers' pages show it (`claims.selectors.statement_cards`)."""

    id = serializers.IntegerField()
    incident = serializers.IntegerField(allow_null=True, help_text="Id of the incident it is about, if linked.")
    speaker = serializers.CharField(help_text="The speaker as the article writes it.")
    actor = ActorRefSerializer(allow_null=True, help_text="The actor the speaker was resolved to.")
    side = SideRefSerializer(allow_null=True)
    cue = serializers.CharField(help_text="Reporting verb or phrase: said, denied, according to …")
    stance = serializers.ChoiceField(choices=models.Stance.choices)
    stance_label = serializers.CharField()
    content = serializers.CharField(help_text="What was claimed.")
    sentence = serializers.CharField(help_text="The exact sentence of the article.")
    start = serializers.IntegerField(allow_null=True, help_text="Offset of the sentence in the article text.")
    end = serializers.IntegerField(allow_null=True)
    event_date = serializers.DateField(allow_null=True)
    event_date_precision = serializers.CharField(
        allow_null=True,
        help_text="How precisely event_date is known: day, week, month or year (null when undated or not recorded).",
    )
    date_used = serializers.DateField(
        allow_null=True,
        help_text="The date the date_from/date_to filters go by: event_date when known, else the article's "
        "publication date; null when neither is known.",
    )
    date_basis = serializers.CharField(
        allow_null=True,
        help_text="Which date date_used is: 'event' (the statement's event date) or 'published' (its article's).",
    )
    blamed_side = SideRefSerializer(allow_null=True)
    confidence = serializers.FloatField(min_value=0, max_value=1)
    language = serializers.CharField(
        read_only=True,
        help_text="ISO 639-1 code of the statement's language: its own (a quotation may differ from its "
        "article), else its article's; 'ru-Latn' is Russian in Latin letters, '' not judged.",
    )
    language_name = serializers.CharField(read_only=True, help_text="The language by name ('Russian').")
    origin = serializers.ChoiceField(choices=models.Statement._meta.get_field("origin").choices)
    review_status = serializers.ChoiceField(choices=models.ReviewStatus.choices)
    review_status_label = serializers.CharField()
    article = ArticleRefSerializer(allow_null=True)
    places = PlaceRefSerializer(many=True)
    casualties = CasualtySerializer(many=True)
    relations = RelationLinkSerializer(many=True, help_text="Counterclaim links to statements you may see.")


class StatementSerializer(StatementCardSerializer):
    """A statement with its bookkeeping: `version` changes on every edit (see `If-Match`).

    Describes what `claims.selectors.statement_cards` returns; the cards are built from `.values()`
    rows, because model instances and per-row related managers cost more than the rest of a page.
    """

    incident_confidence = serializers.FloatField(allow_null=True)
    incident_reason = serializers.CharField(help_text="Why the statement was linked to its incident.")
    pipeline_version = serializers.CharField()
    version = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


#: What an editor may decide about a statement (it cannot go back to pending).
REVIEW_DECISIONS = [(models.ReviewStatus.ACCEPTED.value, "Accepted"), (models.ReviewStatus.REJECTED.value, "Rejected")]


@with_measures(lambda: CountRangeInputField(allow_null=True, required=False))
class CasualtyInputSerializer(serializers.Serializer):
    """Casualty figures for one party, as an editor enters them."""

    party = StrictSlugRelatedField(
        slug_field="slug", queryset=models.Side.objects.all(), allow_null=True, required=False, help_text="Side slug."
    )
    civilian = StrictBooleanField(required=False, default=False)

    def validate(self, attrs):
        for measure in models.CASUALTY_MEASURES:
            value = attrs.get(measure)
            if value and value[0] > value[1]:
                raise serializers.ValidationError({measure: ["The low figure must not exceed the high one."]})
        return attrs


class StatementUpdateSerializer(serializers.Serializer):
    """The fields an editor may change; send only those that change."""

    speaker = StrictCharField(max_length=300, required=False)
    actor = StrictSlugRelatedField(
        slug_field="slug", queryset=models.Actor.objects.all(), allow_null=True, required=False, help_text="Actor slug."
    )
    side = StrictSlugRelatedField(
        slug_field="slug", queryset=models.Side.objects.all(), allow_null=True, required=False, help_text="Side slug."
    )
    cue = StrictCharField(max_length=60, allow_blank=True, required=False)
    stance = serializers.ChoiceField(choices=models.Stance.choices, required=False)
    content = StrictCharField(max_length=20000, allow_blank=True, required=False)
    event_date = serializers.DateField(allow_null=True, required=False)
    blamed_side = StrictSlugRelatedField(
        slug_field="slug", queryset=models.Side.objects.all(), allow_null=True, required=False, help_text="Side slug."
    )
    incident = StrictPrimaryKeyRelatedField(
        queryset=models.Incident.objects.live(), allow_null=True, required=False, help_text="Incident id."
    )
    places = serializers.ListField(
        child=StrictSlugRelatedField(slug_field="slug", queryset=models.Place.objects.all()),
        required=False,
        max_length=100,
        help_text="Slugs of all the places it names (replaces the list).",
    )
    casualties = CasualtyInputSerializer(
        many=True, required=False, max_length=20, help_text="All its casualty figures (replaces them)."
    )
    review_status = serializers.ChoiceField(choices=REVIEW_DECISIONS, required=False, help_text="Review decision.")

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Send at least one field to change.")
        return attrs

    def changes(self) -> dict[str, Any]:
        """The validated edits in the form `claims.services.statement_update` takes (without the review)."""
        changes = {key: value for key, value in self.validated_data.items() if key != "review_status"}
        if "casualties" in changes:
            changes["casualties"] = [
                {**row, "party": row["party"].slug if row.get("party") else None} for row in changes["casualties"]
            ]
        return changes


# --- Incidents -----------------------------------------------------------------------------------


class IncidentSerializer(serializers.ModelSerializer):
    """What happened: one event that several statements describe."""

    places = IncidentPlaceSerializer(many=True, read_only=True)
    statement_count = serializers.IntegerField(read_only=True, help_text="Statements about it that you may see.")
    merged_into = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = models.Incident
        fields = [
            *INCIDENT_HEAD,
            "summary",
            "places",
            "statement_count",
            "merged_into",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class IncidentStatementSerializer(StatementCardSerializer):
    pass


class SideGroupSerializer(serializers.Serializer):
    """One side's account of an incident: its statements, in reading order."""

    side = SideRefSerializer()
    statements = IncidentStatementSerializer(many=True)
    count = serializers.IntegerField()


class IncidentUpdateSerializer(serializers.Serializer):
    """The fields an editor may change; send only those that change."""

    title = StrictCharField(max_length=240, required=False)
    kind = serializers.ChoiceField(choices=models.IncidentKind.choices, required=False)
    status = serializers.ChoiceField(choices=models.IncidentStatus.choices, required=False)
    start_date = serializers.DateField(allow_null=True, required=False)
    end_date = serializers.DateField(allow_null=True, required=False)
    date_precision = serializers.ChoiceField(choices=models.DatePrecision.choices, required=False)
    summary = StrictCharField(max_length=20000, allow_blank=True, required=False)
    places = serializers.ListField(
        child=StrictSlugRelatedField(slug_field="slug", queryset=models.Place.objects.all()),
        required=False,
        max_length=100,
        help_text="Slugs of all its places (replaces the list).",
    )

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Send at least one field to change.")
        start, end = attrs.get("start_date"), attrs.get("end_date")
        if start and end and end < start:
            raise serializers.ValidationError({"end_date": ["The end may not come before the start."]})
        return attrs


# --- Relations and history -----------------------------------------------------------------------


class RelationSerializer(serializers.ModelSerializer):
    """A link between two statements: `source` denies / contradicts / corroborates / repeats `target`."""

    class Meta:
        model = models.StatementRelation
        fields = ["id", "source", "target", "kind", "status", "reason", "created_at"]
        read_only_fields = ["id", "status", "reason", "created_at"]
        extra_kwargs = {
            "source": {"help_text": "Id of the statement that denies / contradicts / corroborates / repeats."},
            "target": {"help_text": "Id of the statement it is about."},
        }


class RelationCreateSerializer(serializers.Serializer):
    """Two statements to link, and how."""

    source = StrictIntegerField(min_value=1, max_value=2**63 - 1, help_text="Statement id.")
    target = StrictIntegerField(min_value=1, max_value=2**63 - 1, help_text="Statement id.")
    kind = serializers.ChoiceField(choices=models.RelationKind.choices)

    def validate(self, attrs):
        if attrs["source"] == attrs["target"]:
            raise serializers.ValidationError("A statement cannot be related to itself.")
        return attrs


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {
            "type": "array",
            "minItems": 2,
            "maxItems": 2,
            "items": {},
            "description": "[old value, new value]",
        },
    }
)
class ChangesField(serializers.DictField):
    pass


class HistoryEntrySerializer(serializers.Serializer):
    """One editorial change: who, when, what kind, and the fields it changed."""

    who = serializers.CharField(allow_null=True, help_text="Username, or null for the system.")
    when = serializers.DateTimeField()
    label = serializers.CharField(help_text="insert, update, delete … (the kind of event).")
    changes = ChangesField(help_text="Field name → [old, new].")
