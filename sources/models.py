"""Outlets, feeds and articles: where the text comes from and how far it has been processed.

A choice names its label only where Django's own (the member's name in title case) would not do.
"""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.models.functions import MD5

from sources.nlp.language import language_name


def language_code_field(help_text: str) -> models.CharField:
    """A language as an ISO 639-1 code ('ru-Latn' for a transliteration), blank where none is known."""
    return models.CharField(max_length=12, blank=True, help_text=help_text)


class Outlet(models.Model):
    """A publisher, with the domains its articles come from."""

    class Affiliation(models.TextChoices):
        STATE_AGENCY = "state_agency", "State news agency"
        STATE_BROADCASTER = "state_broadcaster", "State broadcaster"
        STATE = "state", "State-owned or state-aligned"
        INDEPENDENT = "independent"
        INTERNATIONAL_WIRE = "intl_wire", "International wire agency"
        INTERNATIONAL_BROADCASTER = "intl_broadcaster", "International broadcaster"
        INTERNATIONAL = "international"
        UNKNOWN = "unknown"

    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=500)
    aliases = ArrayField(
        models.CharField(max_length=200),
        default=list,
        blank=True,
        help_text="Other names the outlet goes by in bylines and datelines (e.g. 'RIA', 'Azatutyun').",
    )
    country = models.CharField(
        max_length=2, blank=True, help_text="ISO 3166 code of the country it publishes from (e.g. AM, AZ, RU, GB)."
    )
    affiliation = models.CharField(
        max_length=20,
        choices=Affiliation.choices,
        default=Affiliation.UNKNOWN,
        help_text="Who owns or runs it: who published a statement is not who said it.",
    )
    side = models.ForeignKey(
        "claims.Side",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outlets",
        help_text="The side the outlet is aligned with, if any (not the side of whom it quotes).",
    )
    domains = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    homepage = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [GinIndex(fields=["domains"], name="outlet_domains_gin")]

    def __str__(self) -> str:
        return self.name


class Feed(models.Model):
    """An RSS/Atom feed polled on its own interval, backing off after failures."""

    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=300, blank=True)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="feeds")
    is_active = models.BooleanField(default=True)
    interval_minutes = models.PositiveIntegerField(default=30)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(null=True, blank=True)
    failure_count = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url"]
        indexes = [models.Index(fields=["is_active", "next_poll_at"], name="feed_due")]
        constraints = [
            models.CheckConstraint(condition=Q(interval_minutes__gte=1), name="feed_interval_positive"),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class ArticleStatus(models.TextChoices):
    QUEUED = "queued", "Waiting in the queue"
    FETCHING = "fetching"
    EXTRACTING = "extracting", "Extracting text"
    DEDUPING = "deduping", "Checking for duplicates"
    ANALYSING = "analysing"
    STORING = "storing", "Storing statements"
    LINKING = "linking", "Linking to incidents"
    DONE = "done", "Analysed"
    DUPLICATE = "duplicate", "Duplicate of another article"
    UNSUPPORTED = "unsupported", "Not analysed (language)"
    FAILED = "failed"


# Statuses in which an article still has work to do: claimed by the runner, watched by the sweeper.
ACTIVE_STATUSES = (
    ArticleStatus.QUEUED,
    ArticleStatus.FETCHING,
    ArticleStatus.EXTRACTING,
    ArticleStatus.DEDUPING,
    ArticleStatus.ANALYSING,
    ArticleStatus.STORING,
    ArticleStatus.LINKING,
)


class ArticleStep(models.TextChoices):
    """The ingestion steps in order (ingest/steps.py declares what runs them).

    `MAIN_TEXT` is stored as "extract", its name before "extract" came to mean statements only.
    """

    FETCH = "fetch"
    MAIN_TEXT = "extract", "Extract text"
    DEDUPE = "dedupe"
    ANALYSE = "analyse"
    STORE = "store", "Store statements"
    LINK = "link", "Link to incidents"


class ArticleSource(models.TextChoices):
    FEED = "feed"
    URL = "url", "Submitted URL"
    TEXT = "text", "Pasted text"
    FILE = "file", "Uploaded file"
    BULK = "bulk", "Bulk import"


class MetadataSource(models.TextChoices):
    """Where an article's publication date or outlet came from, shown to editors beside the value."""

    SUBMITTED = "submitted", "given at submission"
    FRONT_MATTER = "front_matter", "from the front matter"
    FEED = "feed", "from the feed"
    HTML_META = "html_meta", "from the page's metadata"
    URL = "url", "from the URL"
    DATELINE = "dateline", "from the dateline"
    BYLINE = "byline", "from the byline"
    TEXT = "text", "from the text"
    EDITOR = "editor", "set by an editor"


def before_write(name: str, columns: tuple[str, ...], func: str) -> pgtrigger.Trigger:
    """A row trigger run before an insert or an update of `columns`: checks or fills what they decide."""
    return pgtrigger.Trigger(
        name=name, when=pgtrigger.Before, operation=pgtrigger.Insert | pgtrigger.UpdateOf(*columns), func=func
    )


class TriggerSearchVectorField(SearchVectorField):
    """A tsvector column that a `before_write` trigger fills: Django only ever writes NULL to it.

    It reports TextField as its internal type so that `bulk_create` sends each column as one array
    (Django's UNNEST insert, which takes only the types Django knows) rather than a placeholder per
    value: building and parsing those made storing a batch of statements twice as slow. The column
    is still `tsvector` (`db_type`), and migrations see Django's own SearchVectorField.
    """

    def get_internal_type(self) -> str:
        return "TextField"

    def deconstruct(self):
        name, _, args, kwargs = super().deconstruct()
        return name, "django.contrib.postgres.search.SearchVectorField", args, kwargs


def metadata_source_field(help_text: str) -> models.CharField:
    """Where one of an article's metadata values came from (a MetadataSource), blank while it has none."""
    return models.CharField(max_length=12, choices=MetadataSource.choices, blank=True, help_text=help_text)


class Article(models.Model):
    """One fetched or submitted text and where it stands in the pipeline."""

    url = models.URLField(max_length=2000, blank=True, help_text="The URL as submitted or found in a feed.")
    canonical_url = models.URLField(max_length=2000, blank=True)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    feed = models.ForeignKey(Feed, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    source = models.CharField(max_length=8, choices=ArticleSource.choices, default=ArticleSource.URL)
    title = models.CharField(max_length=500, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published = models.DateField(null=True, blank=True)
    published_source = metadata_source_field("Where the publication date came from.")
    outlet_source = metadata_source_field("Where the outlet came from.")
    metadata_warnings = ArrayField(
        models.CharField(max_length=500),
        default=list,
        blank=True,
        help_text="Metadata that could not be used (an unparseable date, …); the article is processed anyway.",
    )
    raw = models.TextField(blank=True, help_text="Fetched or submitted content, before text extraction.")
    raw_content_type = models.CharField(max_length=100, blank=True)
    text = models.TextField(blank=True, help_text="Clean main text; statement offsets point into it.")
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    language = language_code_field("ISO 639-1 code of the language detected in the text ('ru-Latn': transliterated).")
    declared_language = language_code_field("The language the submitter gave (front matter `language:`), as a code.")
    language_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="What a reader should know about the language: mixed scripts, a disagreement.",
    )
    word_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=12, choices=ArticleStatus.choices, default=ArticleStatus.QUEUED)
    step = models.CharField(
        max_length=12,
        choices=ArticleStep.choices,
        blank=True,
        default=ArticleStep.FETCH,
        help_text="The step to run next, running, or that failed; empty once the pipeline has finished.",
    )
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    leased_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="A worker holds this article until then; afterwards the sweeper may re-queue it.",
    )
    retry_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="A retry of its current step is scheduled for then; the sweeper leaves it to that retry.",
    )
    pipeline_version = models.CharField(max_length=40, blank=True)
    analysis = models.JSONField(
        null=True, blank=True, help_text="What the analyse step extracted, kept so storing can be re-run alone."
    )
    minhash_bands = ArrayField(
        models.BigIntegerField(), default=list, blank=True, help_text="MinHash band hashes for near-duplicates."
    )
    duplicate_reason = models.CharField(max_length=200, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    # Full-text search over title and text, kept by a trigger when either is written. An index on
    # the expression instead would recompute it over the whole text at every change of the row:
    # the pipeline's every status update.
    search_vector = TriggerSearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        triggers = [
            # Russian texts are stemmed as Russian ("в Степанакерте" is found by "Степанакерт");
            # the rest as English, which keeps words of other scripts whole.
            before_write(
                "article_search_vector",
                ("title", "text", "language"),
                """
                NEW.search_vector := to_tsvector(
                    (CASE WHEN NEW.language = 'ru' THEN 'russian' ELSE 'english' END)::regconfig,
                    COALESCE(NEW.title, '') || ' ' || COALESCE(NEW.text, '')
                );
                RETURN NEW;
                """,
            ),
            # A statement without a language of its own is stemmed in its article's (the trigger
            # "statement_search_vector" of claims.Statement); when the article's language changes
            # (an editor in the admin, a re-run of the main-text step, a shell), those statements
            # are stemmed again. Touching their `language` column re-runs their own trigger, which
            # holds the one definition of the vector; an unchanged value writes no history event.
            pgtrigger.Trigger(
                name="article_language_restems_statements",
                when=pgtrigger.After,
                operation=pgtrigger.UpdateOf("language"),
                condition=pgtrigger.Q(old__language__df=pgtrigger.F("new__language")),
                func="""
                UPDATE claims_statement SET language = language WHERE article_id = NEW.id AND language = '';
                RETURN NULL;
                """,
            ),
        ]
        indexes = [
            models.Index(fields=["status", "updated_at"], name="article_status"),
            models.Index(fields=["published"], name="article_published"),
            GinIndex(fields=["minhash_bands"], name="article_minhash_gin"),
            GinIndex(fields=["search_vector"], name="article_search"),
            # Finds a submitted text (no URL) that was already stored: sources.services.article_submit.
            models.Index(MD5("raw"), condition=Q(canonical_url=""), name="article_raw_md5_without_url"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["canonical_url"], condition=~Q(canonical_url=""), name="article_canonical_url_unique"
            ),
            models.CheckConstraint(
                condition=Q(duplicate_of__isnull=True) | ~Q(duplicate_of=models.F("pk")),
                name="article_not_duplicate_of_self",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.canonical_url or f"Article {self.pk}"

    @property
    def language_name(self) -> str:
        """The detected language by name ("Armenian"), '' when none was judged."""
        return language_name(self.language)

    @property
    def status_label(self) -> str:
        """The status for people; an unanalysed article names its language: "Not analysed (Armenian)"."""
        if self.status == ArticleStatus.UNSUPPORTED:
            return f"Not analysed ({self.language_name or 'unknown language'})"
        return self.get_status_display()
