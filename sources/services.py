"""Writes for the sources app: submitting articles, re-processing them, resolving outlets.

The Article row is written first and the message that starts processing is sent only when that
transaction commits, so a worker never looks for a row that is not there yet, and a crash before
the commit leaves neither row nor message.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from sources import dedupe, fetching
from sources.errors import FetchRefused, SubmissionRefused, TextError
from sources.models import Article, ArticleStatus, ArticleStep, Feed, Outlet
from sources.pipeline import STEP_BY_NAME, STEPS, step_queue
from sources.text import decode_bytes, looks_binary, looks_like_html

URL_MAX_LENGTH = 2000


def article_enqueue(article_id: int, queue: str) -> None:
    """Send the message for the article's next stage (called on commit)."""
    from sources import tasks

    task = {"nlp": tasks.article_analyse, "link": tasks.article_link}.get(queue, tasks.article_fetch)
    task.delay(article_id)


def _domain(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


def outlet_resolve(*, url: str = "", name: str = "", sitename: str = "") -> Outlet | None:
    """The outlet named, or the one whose domains cover the URL's host; created when unknown."""
    name = (name or "").strip()
    if name:
        found = Outlet.objects.filter(name__iexact=name).first() or Outlet.objects.filter(slug=slugify(name)).first()
        if found:
            return found
    domain = _domain(url) if url else ""
    if domain:
        labels = domain.split(".")
        candidates = [".".join(labels[i:]) for i in range(len(labels) - 1)] or [domain]
        found = Outlet.objects.filter(domains__overlap=candidates).first()
        if found:
            return found
    if not name and not domain:
        return None
    slug = slugify(name or domain)[:120] or "outlet"
    try:
        with transaction.atomic():
            outlet, _ = Outlet.objects.get_or_create(
                slug=slug, defaults={"name": (name or sitename or domain)[:200], "domains": [domain] if domain else []}
            )
    except IntegrityError:
        outlet = Outlet.objects.get(slug=slug)
    return outlet


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
) -> Article:
    """Store a URL, pasted text or file as an Article and queue it; a known URL returns that article.

    Raises SubmissionRefused for bad input (an unsafe or malformed URL, empty or binary content).
    The returned article carries `submitted_new` (False when it already existed).
    """
    from sources.nlp.frontmatter import FrontMatterError, split_front_matter

    url = (url or "").strip()
    content_type = ""
    body = ""
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
            outlet_name = outlet_name or meta.get("outlet", "")
            published = published or meta.get("published")
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
            existing.submitted_new = False
            return existing
    article = Article(
        url=url,
        canonical_url=canonical,
        source=source,
        title=(title or "")[:500],
        published=published,
        raw=body,
        raw_content_type=content_type,
        status=ArticleStatus.QUEUED,
        step=ArticleStep.EXTRACT if body else ArticleStep.FETCH,
        submitted_by=user if user is not None and user.is_authenticated else None,
        feed=feed,
        outlet=(feed.outlet if feed is not None and feed.outlet_id else None)
        or (outlet_resolve(name=outlet_name, url=url) if (outlet_name or body) else None),
    )
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        # Someone submitted the same URL a moment ago.
        existing = Article.objects.get(canonical_url=canonical)
        existing.submitted_new = False
        return existing
    article.submitted_new = True
    if enqueue:
        queue = step_queue(article.step)
        transaction.on_commit(lambda: article_enqueue(article.pk, queue))
    return article


@transaction.atomic
def article_reprocess(*, article_id: int, from_step: str | None = None, enqueue: bool = True) -> Article:
    """Queue the article again from `from_step` (default: where it failed, else `analyse`)."""
    article = Article.objects.select_for_update().get(pk=article_id)
    if from_step is None:
        from_step = article.step if article.status == ArticleStatus.FAILED and article.step else ArticleStep.ANALYSE
    if from_step not in STEP_BY_NAME:
        names = ", ".join(s.name for s in STEPS)
        raise SubmissionRefused(f"unknown step {from_step!r}; use one of: {names}")
    if from_step == ArticleStep.FETCH and not article.url:
        from_step = ArticleStep.EXTRACT
    if not article.raw and from_step == ArticleStep.EXTRACT and not article.url:
        raise SubmissionRefused("this article has no content to extract text from")
    order = [s.name for s in STEPS]
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
        queue = step_queue(from_step)
        transaction.on_commit(lambda: article_enqueue(article.pk, queue))
    return article
