"""The ingestion steps, declared in order in `STEPS`: fetch → main text → dedupe → analyse → store → link.

Each step is a small function that takes Articles, changes them in memory and says which fields it
changed (an `Outcome`), or stops an article with a final status (duplicate, unsupported); an
IngestError stops it as failed. The work itself lives in the domain modules the steps call:
`sources.fetching` and `sources.text`, `sources.dedupe`, `sources.nlp.extract`, `claims.storing`,
`claims.linking`. Steps never write the Article row: the runner (`ingest/runner.py`) records every
outcome with a conditional UPDATE that only succeeds while its lease is still held.

Each step belongs to a queue (`ingest/queues.py`); `store` comes before `link` because incident
linking works on stored statement ids.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from claims.linking import incident_link_statements
from claims.models import Origin, Statement
from claims.storing import statements_store_many
from sources import dedupe, fetching
from sources.errors import IngestError, TextError
from sources.metadata import article_metadata_fill
from sources.models import ACTIVE_STATUSES, Article, ArticleSource, ArticleStatus, ArticleStep
from sources.nlp import PIPELINE_VERSION, engines, mixed
from sources.nlp.language import language_name
from sources.text import decode_bytes, looks_binary, meta_charset, text_extract

# A detection this sure overrides nothing but stops the article when the front matter disagrees.
DISAGREE_AT = 0.9

__all__ = ["ACTIVE_STATUSES", "STEPS", "STEP_BY_NAME", "Outcome", "Step", "step_queue"]


@dataclass
class Outcome:
    """What a step did: the fields it changed, or a final status that ends the pipeline."""

    fields: list[str] = field(default_factory=list)
    stop: str | None = None


@dataclass(frozen=True)
class Step:
    """One step: `run` for one article at a time, or `run_many` for a batch.

    `run` returns the article's Outcome or raises the IngestError that stops it. `run_many` returns
    one Outcome, or the IngestError that stops that article, per article; an exception it raises
    means the batch as a whole failed, and the runner then runs it for each article on its own.
    """

    name: str
    label: str
    running: str
    queue: str
    run: Callable[[Article], Outcome] | None = None
    run_many: Callable[[list[Article]], list[Outcome | IngestError]] | None = None


def _duplicate(article: Article, of: Article, reason: str, fields: list[str]) -> Outcome:
    article.duplicate_of = of
    article.duplicate_reason = reason
    return Outcome(fields=[*fields, "duplicate_of", "duplicate_reason"], stop=ArticleStatus.DUPLICATE)


def fetch_step(article: Article) -> Outcome:
    """Download the URL safely; submitted text has nothing to fetch."""
    if article.source in (ArticleSource.TEXT, ArticleSource.FILE) or not article.url:
        return Outcome()
    result = fetching.fetch(article.url)
    if looks_binary(result.body):
        raise TextError(f"the content is binary although it was served as {result.content_type}")
    article.raw = decode_bytes(result.body, result.charset or meta_charset(result.body)).replace("\x00", "")
    article.raw_content_type = result.content_type
    fields = ["raw", "raw_content_type"]
    final = dedupe.canonical_url(result.url)
    if final and final != article.canonical_url:
        other = Article.objects.filter(canonical_url=final).exclude(pk=article.pk).first()
        if other is not None:
            return _duplicate(article, dedupe.first_copy(other), f"redirects to the URL of article {other.pk}", fields)
        article.canonical_url = final
        fields.append("canonical_url")
    return Outcome(fields=fields)


def main_text_step(article: Article) -> Outcome:
    """Main text and metadata from the raw content; a language no engine analyses stops here (stored, not analysed)."""
    page = text_extract(article.raw.encode("utf-8"), content_type=article.raw_content_type, url=article.url)
    if article.text and page.text != article.text:  # no earlier text: no statement can point into it
        if article.statements.exclude(origin=Origin.EXTRACTED, review_status="pending", version=1).exists():
            raise TextError("the new text differs from the text reviewed statements point into; not replacing it")
        article.statements.all().delete()
    article.text = page.text
    article.word_count = page.word_count
    article.title = article.title or page.title
    article.author = article.author or page.author
    fields = ["text", "word_count", "title", "author"]
    # The date and outlet it lacks: the page's metadata, the URL, then the text itself (dateline, byline).
    fields += article_metadata_fill(article, page)
    reason = language_settle(article, page)
    fields += ["language", "language_note"]
    if reason:
        article.error = reason
        return Outcome(fields=[*fields, "error"], stop=ArticleStatus.UNSUPPORTED)
    return Outcome(fields=fields)


def language_settle(article: Article, page) -> str:
    """Set the article's language (and note) from the detector and the submitter's front matter;
    return why it is not analysed, or '' when an engine will analyse it.

    A confident detection that disagrees with the front matter stops the article for an editor;
    an unsure one yields to the front matter. A language no engine has is stored, not analysed.
    """
    detected, probability = page.language, page.language_probability
    declared = article.declared_language
    article.language, article.language_note = detected, page.language_note
    if declared and declared != detected:
        if detected and probability >= DISAGREE_AT:
            article.language_note = (
                f"the front matter says {language_name(declared)} but the text reads as "
                f"{language_name(detected)} (p={probability:.2f})"
            )
            return (
                f"not analysed ({language_name(detected)}): {article.language_note}; correct the front matter "
                "if the text is right, or resubmit it with the right one"
            )
        article.language = declared
        article.language_note = "; ".join(
            filter(None, [page.language_note, f"language from the front matter (detector: {detected or 'too short'})"])
        )
    if article.language and article.language not in engines.analysed():
        note = f" ({article.language_note})" if article.language_note else ""
        return f"{engines.not_analysed(article.language)}{note}"
    article.language_note = _note_unanalysed_paragraphs(article)
    return ""


def _note_unanalysed_paragraphs(article: Article) -> str:
    """The article's language note, with its paragraphs in a language no engine analyses named
    ("1 paragraph in Armenian not analysed"): the article is analysed, those paragraphs are not."""
    # Front matter was split off at submission; the text has none.
    found = mixed.unanalysed_paragraphs(article.text, article.language, engines.analysed(), front_matter=False)
    counted = [f"{n} paragraph{'s' if n > 1 else ''} in {language_name(code)}" for code, n in sorted(found.items())]
    if not counted:
        return article.language_note
    note = f"{', '.join(counted)} not analysed (analysed languages: {engines.analysed_names()})"
    limit = Article._meta.get_field("language_note").max_length
    return "; ".join(filter(None, [article.language_note, note]))[:limit]


def dedupe_step(article: Article) -> Outcome:
    """Same text or nearly the same text as an earlier article: link to it and stop."""
    article.content_hash = dedupe.content_hash(article.text)
    article.minhash_bands = dedupe.minhash_bands(article.text)
    fields = ["content_hash", "minhash_bands"]
    found = dedupe.find_duplicate(article)
    if found is not None:
        return _duplicate(article, *found, fields)
    article.duplicate_of = None
    article.duplicate_reason = ""
    return Outcome(fields=[*fields, "duplicate_of", "duplicate_reason"])


def analyse_many(articles: list[Article]) -> list[Outcome | IngestError]:
    """Run each article's text through the engine for its language (one batch per language: one
    `extract_many`, one `nlp.pipe`) and keep its output on each article; a text it refuses stops
    that article (the language was judged once, at main-text time). The engines are imported only
    when called, so that only the processes that analyse import spaCy (a web process reads this
    module for the step list)."""
    errors: dict[int, Exception] = {}
    results = engines.extract_routed(
        # Front matter was split off at submission; text fetched from the web never carries any.
        ((a.text, {"published": a.published, "title": a.title or None, "front_matter": False}) for a in articles),
        languages=[a.language for a in articles],
        on_error=errors.__setitem__,
    )
    outcomes: list[Outcome | IngestError] = []
    for index, (article, extracted) in enumerate(zip(articles, results, strict=True)):
        error = errors.get(index)
        if error is not None:
            outcomes.append(IngestError(str(error)))
        else:
            article.analysis = {
                "pipeline_version": PIPELINE_VERSION,
                "statements": [s.to_json() for s in extracted],
            }
            article.pipeline_version = PIPELINE_VERSION
            outcomes.append(Outcome(fields=["analysis", "pipeline_version"]))
    return outcomes


def store_many(articles: list[Article]) -> list[Outcome | IngestError]:
    """Write the analyses as Statements, in one set of bulk queries for the batch (idempotent;
    reviewed statements untouched)."""
    statements_store_many(
        [
            (
                a,
                (a.analysis or {}).get("statements", []),
                (a.analysis or {}).get("pipeline_version", a.pipeline_version),
            )
            for a in articles
        ]
    )
    return [Outcome() for _ in articles]


def link_many(articles: list[Article]) -> list[Outcome | IngestError]:
    """The link step for a batch: one linking run over the new, unlinked statements of all of them."""
    ids = list(
        Statement.objects.filter(
            article__in=[a.pk for a in articles],
            incident__isnull=True,
            origin=Origin.EXTRACTED,
            review_status="pending",
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if ids:
        incident_link_statements(statement_ids=ids)
    return [Outcome() for _ in articles]


STEPS: list[Step] = [
    Step(ArticleStep.FETCH, "Fetch", ArticleStatus.FETCHING, "fetch", fetch_step),
    Step(ArticleStep.MAIN_TEXT, "Main text", ArticleStatus.EXTRACTING, "fetch", main_text_step),
    Step(ArticleStep.DEDUPE, "Dedupe", ArticleStatus.DEDUPING, "fetch", dedupe_step),
    Step(ArticleStep.ANALYSE, "Analyse", ArticleStatus.ANALYSING, "nlp", run_many=analyse_many),
    Step(ArticleStep.STORE, "Store", ArticleStatus.STORING, "link", run_many=store_many),
    Step(ArticleStep.LINK, "Link", ArticleStatus.LINKING, "link", run_many=link_many),
]
STEP_BY_NAME = {step.name: step for step in STEPS}


def step_queue(step_name: str) -> str:
    """The queue whose task runs step `step_name`."""
    return STEP_BY_NAME[step_name].queue
