"""Serializers of the sources API: outlets, feeds, articles and article submission."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from api.fields import StrictBooleanField, StrictCharField, StrictIntegerField, StrictSlugRelatedField, WebURLField
from claims.models import Incident
from sources.models import Article, ArticleStatus, Feed, MetadataSource, Outlet

HTTP_URL = URLValidator(schemes=["http", "https"])
MAX_TEXT_CHARS = 1_000_000


def _web_url(value: str) -> str:
    """`value` stripped, if it is an http(s) URL that names no unsafe address outright."""
    value = value.strip()
    try:
        HTTP_URL(value)
    except DjangoValidationError:
        raise serializers.ValidationError("Enter a valid http:// or https:// URL.") from None
    _refuse_unsafe_literal(value)
    return value


def _refuse_unsafe_literal(url: str) -> None:
    """Refuse URLs naming a private, loopback or link-local address outright (hostnames are judged
    after DNS resolution, when the URL is fetched)."""
    from sources.fetching import address_refusal

    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        raise serializers.ValidationError("URLs with a user name or password are not accepted.")
    host = (parts.hostname or "").strip("[]")
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return
    reason = address_refusal(ip)
    if reason:
        raise serializers.ValidationError(f"Refusing {host}: {reason}.")


class OutletSerializer(serializers.ModelSerializer):
    """A publisher, with the side it is aligned with (not the side of whom it quotes)."""

    side = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True, help_text="Aligned side, if any."
    )

    class Meta:
        model = Outlet
        fields = ["slug", "name", "aliases", "country", "affiliation", "side", "domains", "homepage"]


class OutletRefSerializer(serializers.Serializer):
    """The outlet that published an article."""

    slug = serializers.CharField()
    name = serializers.CharField()
    country = serializers.CharField(help_text="ISO 3166 code of the outlet's country; empty when unknown.")
    affiliation = serializers.ChoiceField(choices=Outlet.Affiliation.choices)


class ArticleSerializer(serializers.ModelSerializer):
    """An article and how far the pipeline got with it."""

    outlet = OutletRefSerializer(read_only=True, allow_null=True)
    published_source = serializers.ChoiceField(
        choices=MetadataSource.choices,
        allow_blank=True,
        read_only=True,
        help_text="Where the date came from (empty when there is no date): front_matter, html_meta, url, dateline, …",
    )
    outlet_source = serializers.ChoiceField(
        choices=MetadataSource.choices,
        allow_blank=True,
        read_only=True,
        help_text="Where the outlet came from (empty when there is no outlet): front_matter, url, dateline, byline, …",
    )
    status_label = serializers.CharField(
        read_only=True, help_text='The status for people; "Not analysed (Armenian)" names the language.'
    )
    language_name = serializers.CharField(read_only=True, help_text="The language by name, e.g. 'Russian'.")
    statement_count = serializers.IntegerField(read_only=True, help_text="Statements extracted from it.")

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "canonical_url",
            "title",
            "author",
            "outlet",
            "outlet_source",
            "published",
            "published_source",
            "metadata_warnings",
            "source",
            "status",
            "status_label",
            "step",
            "error",
            "attempts",
            "language",
            "language_name",
            "language_note",
            "word_count",
            "pipeline_version",
            "duplicate_of",
            "statement_count",
            "created_at",
            "updated_at",
            "processed_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "status": {"help_text": "Where the article stands: queued, fetching, … done, duplicate, failed."},
            "error": {
                "help_text": "Why processing failed or why the article is not analysed (empty unless status is failed/unsupported)."
            },
        }


class ArticleIncidentSerializer(serializers.Serializer):
    """An incident the article's statements belong to."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField(help_text="What kind of incident it is.")
    status = serializers.CharField()
    start_date = serializers.DateField(allow_null=True, help_text="First day of the incident; null when undated.")
    end_date = serializers.DateField(allow_null=True)
    date_precision = serializers.CharField(help_text="How precise the dates are: day, week, month, year or unknown.")
    article_statements = serializers.IntegerField(help_text="How many of this article's statements it holds.")


class ArticleDetailSerializer(ArticleSerializer):
    """An article with the incidents its statements belong to (those you may see)."""

    incidents = serializers.SerializerMethodField(
        help_text="The incidents its statements belong to (those you may see), earliest first, undated last."
    )

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "incidents"]
        read_only_fields = fields

    @extend_schema_field(ArticleIncidentSerializer(many=True))
    def get_incidents(self, article) -> list[dict]:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return ArticleIncidentSerializer(Incident.objects.of_article(article.pk, user), many=True).data


class ArticleSubmitSerializer(serializers.Serializer):
    """Either a URL to fetch or the text itself, with what is known about it."""

    url = WebURLField(
        max_length=2000, required=False, allow_blank=True, help_text="An http(s) URL to fetch and analyse."
    )
    text = StrictCharField(
        max_length=MAX_TEXT_CHARS,
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="The article text itself (may open with a YAML front-matter block).",
    )
    title = StrictCharField(max_length=500, required=False, allow_blank=True)
    outlet_name = StrictCharField(max_length=500, required=False, allow_blank=True)
    published = serializers.DateField(required=False, allow_null=True, help_text="YYYY-MM-DD")

    def validate_url(self, value: str) -> str:
        # Optional here: the text may be sent instead.
        return _web_url(value) if value.strip() else ""

    def validate(self, attrs):
        has_url = bool(attrs.get("url"))
        has_text = bool((attrs.get("text") or "").strip())
        if has_url == has_text:
            raise serializers.ValidationError("Send either `url` or `text` (exactly one of them).")
        return attrs


class ArticleAcceptedSerializer(serializers.Serializer):
    """The answer to a submission: where to follow the article."""

    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ArticleStatus.choices)
    status_url = serializers.URLField(help_text="GET this to follow the article through the pipeline.")
    duplicate = serializers.BooleanField(help_text="True when this URL had been submitted before (that article).")


class FeedSerializer(serializers.ModelSerializer):
    """An RSS/Atom feed polled on its own interval (editors only)."""

    url = WebURLField(
        max_length=2000,
        validators=[UniqueValidator(queryset=Feed.objects.all(), message="This feed is already known.")],
        help_text="The RSS or Atom URL (http or https).",
    )
    title = StrictCharField(max_length=300, required=False, allow_blank=True)
    outlet = StrictSlugRelatedField(
        slug_field="slug", queryset=Outlet.objects.all(), allow_null=True, required=False, help_text="Outlet slug."
    )
    is_active = StrictBooleanField(required=False, help_text="Inactive feeds are not polled.")
    interval_minutes = StrictIntegerField(
        min_value=5, max_value=7 * 24 * 60, required=False, help_text="Minutes between polls."
    )

    class Meta:
        model = Feed
        fields = [
            "id",
            "url",
            "title",
            "outlet",
            "is_active",
            "interval_minutes",
            "last_polled_at",
            "next_poll_at",
            "failure_count",
            "last_error",
            "created_at",
        ]
        read_only_fields = ["id", "last_polled_at", "next_poll_at", "failure_count", "last_error", "created_at"]

    def validate_url(self, value: str) -> str:
        return _web_url(value)
