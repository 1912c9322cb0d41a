"""Serializers of an expanded incident (`?expand=statements`): each side's account, the casualty
comparison with each source's figure and the disputes between sides, and the blame summary.

Schema only: the data comes from `claims.selectors.incident_comparison` as it is.
"""

from __future__ import annotations

from rest_framework import serializers

from claims.serializers import (
    ActorRefSerializer,
    ArticleOutletSerializer,
    IncidentSerializer,
    MeasureEstimatesSerializer,
    SideGroupSerializer,
    SideRefSerializer,
    _count_range,
    estimate_field,
    with_measures,
)

__all__ = ["CasualtyTableSerializer", "IncidentExpandedSerializer"]


@with_measures(_count_range)
class MeasureRangesSerializer(serializers.Serializer):
    """Each count of the side's summary as [low, high] (an open bound is the number given), or null
    when that side gave none."""


@with_measures(serializers.CharField)
class MeasureDisplaySerializer(serializers.Serializer):
    """Each count as a person reads it ('3', '2–5', 'at least 5'; empty when not given)."""


class CasualtyPartySerializer(serializers.Serializer):
    """Whose losses a row of the comparison is about."""

    side = serializers.CharField(allow_null=True, help_text="Slug of the side whose losses these are.")
    civilian = serializers.BooleanField(help_text="Civilians (true) or military (false).")
    label = serializers.CharField(help_text="e.g. 'Armenian civilians'.")


class CasualtySourceSerializer(serializers.Serializer):
    """One source's figures for the party: who said it, when, where it was published."""

    statement = serializers.IntegerField(help_text="Id of the statement giving the figures.")
    url = serializers.CharField(help_text="Path of the statement's page.")
    speaker = serializers.CharField(help_text="The speaker as the article writes it.")
    actor = ActorRefSerializer(allow_null=True, help_text="The actor the speaker was resolved to.")
    side = SideRefSerializer(allow_null=True, help_text="The side of the speaker.")
    date = serializers.DateField(allow_null=True, help_text="The article's publication date, else the event date.")
    outlet = ArticleOutletSerializer(allow_null=True, help_text="The outlet that published the article.")
    article_url = serializers.CharField(allow_null=True, help_text="URL of the article.")
    review_status = serializers.CharField(help_text="pending or accepted (rejected statements count nowhere).")
    estimates = MeasureEstimatesSerializer(help_text="Each count as low/best/high.")
    display = MeasureDisplaySerializer(help_text="Each count as a person reads it.")
    latest_of_actor = serializers.ListField(
        child=serializers.CharField(), help_text="Counts for which this is the latest figure its actor gave."
    )


class OtherFigureSerializer(serializers.Serializer):
    """Another actor's latest figure of the same side, shown beside the summary, not merged into it."""

    statement = serializers.IntegerField(help_text="Id of the statement.")
    url = serializers.CharField(help_text="Path of the statement's page.")
    speaker = serializers.CharField(help_text="Who gave it.")
    display = serializers.CharField(help_text="The figure as a person reads it.")


class SummaryFigureSerializer(serializers.Serializer):
    """A side's summary of one count: the figure of one statement, never a range built from several."""

    statement = serializers.IntegerField(help_text="Id of the statement whose figure this is.")
    url = serializers.CharField(help_text="Path of the statement's page.")
    estimate = estimate_field(help_text="The figure as low/best/high.")
    display = serializers.CharField(help_text="The figure as a person reads it.")
    others = OtherFigureSerializer(many=True, help_text="Other actors' latest figures that differ from it.")


@with_measures(lambda: SummaryFigureSerializer(required=False))
class MeasureSummarySerializer(serializers.Serializer):
    """The side's summary of each count it gives (counts it does not give are absent)."""


class CasualtyCellSerializer(serializers.Serializer):
    """What one side says about one party's losses."""

    side = SideRefSerializer(help_text="The side whose account this cell gives.")
    figures = MeasureRangesSerializer(help_text="The side's summary of each count as [low, high].")
    display = MeasureDisplaySerializer(help_text="The summary of each count as a person reads it.")
    summary = MeasureSummarySerializer(
        help_text="Per count: the latest statement's figure (the largest of that day's), with the other actors' "
        "latest figures beside it."
    )
    disputed = serializers.ListField(child=serializers.CharField(), help_text="Counts another side contradicts.")
    sources = CasualtySourceSerializer(many=True, help_text="Each source's figure, oldest first.")
    statements = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of the statements behind it.")


class CasualtyDisputeSerializer(serializers.Serializer):
    """Two sides' accounts of one count that cannot both be true."""

    measure = serializers.CharField(help_text="The count: killed, wounded, captured or missing.")
    sides = serializers.ListField(child=serializers.CharField(), help_text="The two sides' slugs.")
    side_names = serializers.ListField(child=serializers.CharField(), help_text="The two sides' names.")
    statements = serializers.ListField(child=serializers.IntegerField(), help_text="The two statements' ids.")
    urls = serializers.ListField(child=serializers.CharField(), help_text="The two statements' pages.")
    figures = serializers.ListField(child=serializers.CharField(), help_text="The two figures as a person reads them.")


class CasualtyRowSerializer(serializers.Serializer):
    """One party's losses according to each side."""

    party = CasualtyPartySerializer(help_text="Whose losses.")
    cells = CasualtyCellSerializer(many=True, help_text="One per column, in column order.")
    disagreements = serializers.ListField(
        child=serializers.CharField(), help_text="Counts on which two sides' accounts cannot both be true."
    )
    disputes = CasualtyDisputeSerializer(many=True, help_text="Which two statements disagree, per count.")


class CasualtyTableSerializer(serializers.Serializer):
    """The casualty comparison: one row per party, one column per side's account."""

    columns = SideRefSerializer(many=True, help_text="One per side, in the sides' order.")
    measures = serializers.ListField(child=serializers.CharField(), help_text="The counts, in order.")
    rows = CasualtyRowSerializer(many=True, help_text="One per party.")


class BlameTargetSerializer(serializers.Serializer):
    """A side blamed, and by how many statements."""

    side = SideRefSerializer()
    count = serializers.IntegerField()


class BlameSerializer(serializers.Serializer):
    """Whom one side's statements blame."""

    side = SideRefSerializer()
    blames = BlameTargetSerializer(many=True)


class IncidentExpandedSerializer(IncidentSerializer):
    """One incident; with `?expand=statements` also each side's account, the casualty comparison and
    the blame summary. (Documents the response only, so the three expansions are optional rather
    than read-only: a read-only field would be documented as always present.)"""

    sides = SideGroupSerializer(
        many=True, required=False, help_text="With ?expand=statements: one group per side, in the sides' order."
    )
    casualties = CasualtyTableSerializer(required=False, help_text="With ?expand=statements: the casualty comparison.")
    blame = BlameSerializer(many=True, required=False, help_text="With ?expand=statements: whom each side blames.")

    class Meta(IncidentSerializer.Meta):
        fields = [*IncidentSerializer.Meta.fields, "sides", "casualties", "blame"]
        read_only_fields = IncidentSerializer.Meta.fields
