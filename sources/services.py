"""Writes for the sources app: submitting articles and re-processing them.

The Article row is written first and `article_queued` is sent in the same transaction; the message
that starts processing goes out only when that transaction commits (`ingest/queues.py`), so a
worker never looks for a row that is not there yet, and a crash before the commit leaves neither
row nor message.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.functions import MD5
from django.dispatch import Signal
from django.utils import timezone

from sources import dedupe, fetching
from sources.errors import FetchRefused, SubmissionRefused, TextError
from sources.metadata import loose_date
from sources.models import Article, ArticleStatus, ArticleStep, Feed, MetadataSource
from sources.nlp.frontmatter import FrontMatterError, split_front_matter
from sources.nlp.language import language_code
from sources.outlets import outlet_by_domain, outlet_resolve
from sources.text import decode_bytes, looks_binary, looks_like_html

URL_MAX_LENGTH = 2000


# Sent inside the transaction that leaves an article queued at `step` (article_id=, step=). The
# ingestion app, which sits above this one, listens and sends the article's message once that
# commits; sources never imports it.
article_queued = Signal()


def _first_line_title(body: str) -> str:
    for line in body.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= 200 and not line.endswith(".") else ""
    return ""


@transaction.atomic
def article_submit(
    *,
    url: str = "",
    text: str = "",
    raw: bytes | None = None,
    filename: str = "",
    title: str = "",
    outlet_name: str = "",
    published: dt.date | None = None,
    source: str,
    user=None,
    feed: Feed | None = None,
    enqueue: bool = True,
) -> tuple[Article, bool]:
    """Store a URL, pasted text or file as an Article and queue it; a known URL returns that article.

    Returns `(article, created)` as `get_or_create` does: `created` is False when it already existed.
    Raises SubmissionRefused for bad input (an unsafe or malformed URL, empty or binary content).
    """
    url = (url or "").strip()
    content_type = ""
    body = ""
    warnings: list[str] = []
    published_source = MetadataSource.SUBMITTED if published else ""
    outlet_source = MetadataSource.SUBMITTED if (outlet_name or "").strip() else ""
    declared = ""
    if raw is not None:
        if len(raw) > settings.FETCH_MAX_BYTES:
            raise SubmissionRefused(f"the file is {len(raw):,} bytes, over the {settings.FETCH_MAX_BYTES:,}-byte limit")
        if looks_binary(raw):
            raise SubmissionRefused("the file is binary; upload a text or HTML file")
        try:
            text = decode_bytes(raw)
        except TextError as exc:
            raise SubmissionRefused(exc.message) from None
        if looks_like_html(raw, filename=filename):
            content_type = "text/html"
    if text:
        text = text.replace("\x00", "")
        if content_type != "text/html":
            content_type = "text/plain"
            try:
                meta, body, _offset = split_front_matter(text)
            except FrontMatterError as exc:
                raise SubmissionRefused(str(exc)) from None
            url = url or meta.get("url", "")
            title = title or meta.get("title", "") or _first_line_title(body)
            if not outlet_name and meta.get("outlet"):
                outlet_name, outlet_source = meta["outlet"], MetadataSource.FRONT_MATTER
            if not published and meta.get("published_text"):
                published = loose_date(meta["published_text"])
                if published is None:
                    warnings.append(
                        f"the front matter's date {meta['published_text'][:60]!r} is not a date (write YYYY-MM-DD); "
                        "it was ignored"
                    )
            if not published and meta.get("published"):
                published = meta["published"]
            if published and not published_source:
                published_source = MetadataSource.FRONT_MATTER
            declared = meta.get("language", "")
        else:
            body = text
        if not body.strip():
            raise SubmissionRefused("the text is empty")
    elif not url:
        raise SubmissionRefused("give a URL, some text or a file")
    if len(url) > URL_MAX_LENGTH:
        raise SubmissionRefused(f"the URL is longer than {URL_MAX_LENGTH} characters")
    canonical = dedupe.canonical_url(url) if url else ""
    if url and not canonical:
        if not body:
            raise SubmissionRefused("only http and https URLs can be fetched")
        url = ""  # a front-matter URL that is not a web address is only metadata; drop it
    if not body:
        try:
            fetching.url_check(url)
        except FetchRefused as exc:
            raise SubmissionRefused(exc.message) from None
    if canonical:
        existing = Article.objects.filter(canonical_url=canonical).first()
        if existing is not None:
            return existing, False
    elif body:
        # A text or file without a URL: the same content again is the same article.
        existing = _same_content(body)
        if existing is not None:
            return existing, False
    outlet = None
    if feed is not None and feed.outlet_id:
        outlet, outlet_source = feed.outlet, MetadataSource.FEED
    elif (outlet_name or "").strip():
        outlet = outlet_resolve(name=outlet_name)
    elif body and url:
        # A known outlet's domain; an unknown domain waits for the text's own byline (main-text step).
        outlet = outlet_by_domain(url)
        outlet_source = MetadataSource.URL if outlet else ""
    article = Article(
        url=url,
        canonical_url=canonical,
        source=source,
        title=(title or "")[:500],
        published=published,
        published_source=published_source if published else "",
        outlet_source=outlet_source if outlet else "",
        metadata_warnings=warnings,
        declared_language=language_code(declared) or declared.strip()[:12],
        raw=body,
        raw_content_type=content_type,
        status=ArticleStatus.QUEUED,
        step=ArticleStep.MAIN_TEXT if body else ArticleStep.FETCH,
        submitted_by=user if user is not None and user.is_authenticated else None,
        feed=feed,
        outlet=outlet,
    )
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        # Someone submitted the same URL a moment ago.
        return Article.objects.get(canonical_url=canonical), False
    if enqueue:
        article_queued.send(sender=Article, article_id=article.pk, step=article.step)
    return article, True


def _same_content(body: str) -> Article | None:
    """The article stored earlier, without a URL, from exactly this content (the md5 index finds it)."""
    digest = hashlib.md5(body.encode("utf-8"), usedforsecurity=False).hexdigest()
    return (
        Article.objects.filter(canonical_url="")
        .alias(raw_md5=MD5("raw"))
        .filter(raw_md5=digest, raw=body)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def article_reprocess(*, article_id: int, from_step: str | None = None, enqueue: bool = True) -> Article:
    """Queue the article again from `from_step` (default: where it failed, else `analyse`)."""
    article = Article.objects.select_for_update().get(pk=article_id)
    if from_step is None:
        from_step = article.step if article.status == ArticleStatus.FAILED and article.step else ArticleStep.ANALYSE
    order = list(ArticleStep.values)  # the steps in the order they run
    if from_step not in order:
        raise SubmissionRefused(f"unknown step {from_step!r}; use one of: {', '.join(order)}")
    if from_step == ArticleStep.FETCH and not article.url:
        from_step = ArticleStep.MAIN_TEXT
    if not article.raw and from_step == ArticleStep.MAIN_TEXT and not article.url:
        raise SubmissionRefused("this article has no content to extract text from")
    if order.index(from_step) <= order.index(ArticleStep.DEDUPE):
        article.duplicate_of = None
        article.duplicate_reason = ""
    article.step = from_step
    article.status = ArticleStatus.QUEUED
    article.error = ""
    article.attempts = 0
    # Clearing the lease makes a worker still busy with the old run lose its next conditional
    # write, so it stops instead of overwriting the new run.
    article.leased_until = None
    article.updated_at = timezone.now()
    article.save()
    if enqueue:
        article_queued.send(sender=Article, article_id=article.pk, step=from_step)
    return article
