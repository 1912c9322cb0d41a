"""The ingestion pipeline: steps, dedupe, failures with reasons, claims, re-runs and the sweeper."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import threading
import time

import pytest
from django.utils import timezone

from claims.models import ReviewStatus, Statement
from sources import pipeline, services, sweeper
from sources.dedupe import canonical_url
from sources.errors import SubmissionRefused
from sources.models import Article, ArticleSource, ArticleStatus, ArticleStep
from sources.nlp.extract import ExtractedStatement

pytestmark = pytest.mark.django_db


def _said(text: str, *, side: str = "armenian", tag: str = "") -> list[ExtractedStatement]:
    """A stand-in extractor: every sentence with ' said ' is a statement by whoever precedes it."""
    found = []
    for match in re.finditer(r"[^.\n]*? said [^.\n]*\.", text):
        sentence = match.group(0).lstrip()
        start = match.end() - len(sentence)
        speaker, _, content = sentence.partition(" said ")
        found.append(
            ExtractedStatement(
                speaker=speaker,
                actor=None,
                actor_slug=None,
                side=side,
                cue="said",
                stance="assertion",
                content=tag + content,
                sentence=sentence,
                start=start,
                end=start + len(sentence),
            )
        )
    return found


@pytest.fixture
def extractor(monkeypatch):
    """Replace the NLP engine with `_said`; `extractor.calls` counts analyses, `.side` sets the side."""

    from sources.nlp.errors import ExtractionError

    class Fake:
        calls = 0
        side = "armenian"
        tag = ""

        def __init__(self):
            self.batches: list[int] = []  # how many texts each extract_many call was given

        def __call__(self, text, *, published=None, title=None):
            self.calls += 1
            if "UNREADABLE" in text:
                raise ExtractionError("the extractor cannot read this text")
            return _said(text, side=self.side, tag=self.tag)

        def many(self, items, batch_size=None, *, on_error=None, **kwargs):
            items = list(items)
            self.batches.append(len(items))
            for index, (text, meta) in enumerate(items):
                try:
                    yield self(text, published=meta.get("published"), title=meta.get("title"))
                except ExtractionError as exc:
                    if on_error is None:
                        raise
                    on_error(index, exc)
                    yield []

    fake = Fake()
    monkeypatch.setattr("sources.nlp.extract.extract_text", fake)
    monkeypatch.setattr("sources.nlp.extract.extract_many", fake.many)
    return fake


def _submit(**kwargs) -> Article:
    kwargs.setdefault("source", ArticleSource.URL)
    return services.article_submit(enqueue=False, **kwargs)


def _run(article: Article) -> Article:
    return pipeline.article_run(article_id=article.pk) or Article.objects.get(pk=article.pk)


def _on_another_connection(work) -> None:
    """Run `work` in another thread, on its own database connection, as another process would."""

    def run():
        from django.db import connection

        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)


def test_steps_are_declared_in_order():
    assert [s.name for s in pipeline.STEPS] == ["fetch", "extract", "dedupe", "analyse", "store", "link"]
    assert {s.name: s.queue for s in pipeline.STEPS} == {
        "fetch": "fetch",
        "extract": "fetch",
        "dedupe": "fetch",
        "analyse": "nlp",
        "store": "link",
        "link": "link",
    }


def test_a_submitted_url_runs_every_step_and_stores_its_statements(site, extractor):
    article = _run(_submit(url=site.url("/articles/7.html?utm_source=x&fbclid=abc")))
    assert article.status == ArticleStatus.DONE, article.error
    assert article.step == ""
    assert article.canonical_url == site.url("/articles/7.html")
    assert "test-site dispatch number 7" in article.text
    assert "Most read" not in article.text and "Subscribe" not in article.text
    assert article.title.startswith(article.text.split("\n")[0][:20]) or article.title
    assert article.language == "en"
    assert article.word_count > 50
    assert article.content_hash and len(article.minhash_bands) == 32
    assert article.outlet is not None and "127.0.0.1" in article.outlet.domains
    from sources.nlp import PIPELINE_VERSION

    assert article.pipeline_version == PIPELINE_VERSION
    statements = list(article.statements.all())
    assert statements and all(article.text[s.start : s.end] == s.sentence for s in statements)
    assert all(s.side.slug == "armenian" for s in statements)


def test_the_same_url_with_tracking_parameters_returns_the_existing_article(site):
    first = _submit(url=site.url("/articles/8.html"))
    again = _submit(url=site.url("/articles/8.html?utm_campaign=spring&gclid=1#top"))
    assert again.pk == first.pk
    assert again.submitted_new is False
    assert Article.objects.count() == 1


def test_canonical_url_strips_tracking_and_sorts_the_query():
    assert (
        canonical_url("HTTPS://Example.COM:443/a?b=2&utm_source=x&a=1&fbclid=z#frag") == "https://example.com/a?a=1&b=2"
    )
    assert canonical_url("ftp://example.com/") == ""


def test_the_same_text_under_another_url_is_a_duplicate_without_statements(site, extractor):
    first = _run(_submit(url=site.url("/articles/9.html")))
    site.add("/mirror/9.html", site_page(9))
    copy = _run(_submit(url=site.url("/mirror/9.html")))
    assert copy.status == ArticleStatus.DUPLICATE
    assert copy.duplicate_of_id == first.pk
    assert "same text" in copy.duplicate_reason
    assert copy.statements.count() == 0
    assert extractor.calls == 1


def site_page(n: int) -> str:
    from tests.testsite.content import article_html

    return article_html(n)


def test_a_wire_story_on_other_sites_links_to_the_first_copy(site, extractor):
    first = _run(_submit(url=site.url("/articles/10.html")))
    copies = [_run(_submit(url=site.url(f"/articles/10-{name}.html"))) for name in ("Gazette", "Courier", "Herald")]
    for copy in copies:
        assert copy.status == ArticleStatus.DUPLICATE, copy.error
        assert copy.duplicate_of_id == first.pk
        assert "nearly the same text" in copy.duplicate_reason
        assert copy.statements.count() == 0
    other = _run(_submit(url=site.url("/articles/11.html")))
    assert other.status == ArticleStatus.DONE
    assert extractor.calls == 2


def test_non_english_articles_are_stored_but_unsupported(site, extractor):
    article = _run(_submit(url=site.url("/russian.html")))
    assert article.status == ArticleStatus.UNSUPPORTED
    assert article.language == "ru"
    assert "only English" in article.error
    assert article.text
    assert extractor.calls == 0


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing.html", "HTTP 404"),
        ("/500", "HTTP 500"),
        ("/image.png", "content type 'image/png'"),
        ("/binary.html", "binary"),
        ("/bomb.html", "byte limit"),
        ("/big.html", "byte limit"),
        ("/slow", "did not answer"),
        ("/empty.html", "no article text"),
        ("/redirect-to-metadata", "169.254.169.254"),
        ("/redirect-chain-refused", "10.0.0.7"),
        ("/redirect/5", "redirects"),
        ("/feed-malformed.xml", "content type"),
    ],
)
def test_bad_pages_end_as_failed_articles_with_a_clear_error_and_others_go_on(site, extractor, path, message):
    bad = _run(_submit(url=site.url(path)))
    assert bad.status == ArticleStatus.FAILED
    assert message in bad.error
    assert bad.step in ("fetch", "extract")
    good = _run(_submit(url=site.url("/articles/12.html")))
    assert good.status == ArticleStatus.DONE


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"url": "http://169.254.169.254/latest/meta-data/"}, "link-local"),
        ({"url": "http://10.0.0.1/"}, "private"),
        ({"url": "file:///etc/passwd"}, "http and https"),
        ({"text": "   \n  "}, "empty"),
        ({}, "give a URL"),
        ({"raw": b"\x89PNG\r\n\x1a\n\x00\x00\x00"}, "binary"),
        ({"raw": b"---\ntitle: x\n---\n\n"}, "empty"),
    ],
)
def test_bad_submissions_are_refused_and_nothing_is_stored(kwargs, message):
    with pytest.raises(SubmissionRefused, match=message):
        _submit(**kwargs)
    assert Article.objects.count() == 0


def test_loopback_submission_is_refused_unless_allowed(settings):
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = []
    with pytest.raises(SubmissionRefused, match="loopback"):
        _submit(url="http://localhost:8000/")


def test_pasted_text_with_front_matter_is_processed_without_fetching(extractor):
    body = "Armenia's Defence Ministry said two soldiers were wounded near Sotk on Tuesday.\n" * 3
    text = (
        "---\nurl: https://wire.example.org/a?utm_medium=x\noutlet: Example Wire\npublished: 2023-09-12\ntitle: Sotk\n---\n"
        + body
    )
    article = _run(_submit(text=text, source=ArticleSource.TEXT))
    assert article.status == ArticleStatus.DONE, article.error
    assert article.canonical_url == "https://wire.example.org/a"
    assert article.outlet.name == "Example Wire"
    assert article.published == dt.date(2023, 9, 12)
    assert article.title == "Sotk"
    assert article.text == body.strip()
    assert article.statements.count() == 3


def test_submission_enqueues_only_after_the_row_is_committed(django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(services, "article_enqueue", lambda article_id, queue: sent.append((article_id, queue)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article = services.article_submit(text="Some text that someone said.", source=ArticleSource.TEXT)
        assert sent == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert sent == [(article.pk, "fetch")]
    assert Article.objects.get(pk=article.pk).step == ArticleStep.EXTRACT


def test_rerunning_analysis_does_not_double_statements(site, extractor):
    article = _run(_submit(url=site.url("/articles/13.html")))
    before = sorted(article.statements.values_list("pk", "fingerprint"))
    assert before
    services.article_reprocess(article_id=article.pk, from_step="analyse", enqueue=False)
    _run(article)
    services.article_reprocess(article_id=article.pk, from_step="store", enqueue=False)
    again = _run(article)
    assert again.status == ArticleStatus.DONE
    assert sorted(again.statements.values_list("pk", "fingerprint")) == before


def test_reanalysis_never_touches_statements_an_editor_reviewed(site, extractor):
    article = _run(_submit(url=site.url("/articles/14.html")))
    reviewed = article.statements.first()
    Statement.objects.filter(pk=reviewed.pk).update(
        review_status=ReviewStatus.ACCEPTED, content="edited by an editor", version=2
    )
    extractor.tag = "v2: "
    extractor.side = "azerbaijani"
    services.article_reprocess(article_id=article.pk, enqueue=False)
    _run(article)
    kept = Statement.objects.get(pk=reviewed.pk)
    assert kept.content == "edited by an editor"
    assert kept.side.slug == "armenian"
    others = article.statements.exclude(pk=reviewed.pk)
    assert others.exists() and all(s.content.startswith("v2: ") for s in others)
    assert all(s.side.slug == "azerbaijani" for s in others)
    assert article.statements.count() == len(_said(article.text))


def test_reprocess_defaults_to_the_failed_step(site, extractor):
    article = _run(_submit(url=site.url("/500")))
    assert article.status == ArticleStatus.FAILED and article.step == "fetch"
    again = services.article_reprocess(article_id=article.pk, enqueue=False)
    assert again.step == "fetch" and again.status == ArticleStatus.QUEUED and again.error == ""


def test_an_article_held_by_another_worker_is_not_run_twice(site, extractor):
    article = _submit(url=site.url("/articles/15.html"))
    held_until = timezone.now() + dt.timedelta(seconds=120)
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.FETCHING, leased_until=held_until)
    with pytest.raises(pipeline.LeaseHeld):
        pipeline.article_run(article_id=article.pk)
    assert site.hits["/articles/15.html"] == 0
    Article.objects.filter(pk=article.pk).update(leased_until=timezone.now() - dt.timedelta(seconds=1))
    assert _run(article).status == ArticleStatus.DONE


@pytest.mark.django_db(transaction=True)
def test_a_worker_that_lost_its_lease_cannot_overwrite_the_new_run(site, extractor, monkeypatch):
    article = _submit(url=site.url("/articles/16.html"))
    real_fetch = pipeline.fetching.fetch

    def fetch_then_lose_the_lease(url, **kwargs):
        result = real_fetch(url, **kwargs)

        # Meanwhile, on another connection, an editor re-queued the article.
        _on_another_connection(
            lambda: services.article_reprocess(article_id=article.pk, from_step="fetch", enqueue=False)
        )
        return result

    monkeypatch.setattr(pipeline.fetching, "fetch", fetch_then_lose_the_lease)
    assert pipeline.article_run(article_id=article.pk) is None
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.status == ArticleStatus.QUEUED and fresh.step == "fetch" and fresh.raw == ""


@pytest.mark.django_db(transaction=True)
def test_a_slow_step_keeps_its_lease_so_the_sweeper_leaves_it_alone(site, extractor, monkeypatch, settings):
    settings.INGEST_LEASE_SECONDS = 3  # renewed every second
    article = _submit(url=site.url("/articles/18.html"))
    real_fetch = pipeline.fetching.fetch
    seen = {}

    def slow_fetch(url, **kwargs):
        result = real_fetch(url, **kwargs)

        # Three leases long, on a busy machine. Meanwhile, on other connections, the sweeper runs
        # and a second worker gets the same message.
        def look():
            seen.setdefault("swept", []).extend(sweeper.articles_sweep())
            try:
                pipeline.article_run(article_id=article.pk)
                seen["second worker"] = "ran it"
            except pipeline.LeaseHeld:
                seen["held"] = seen.get("held", 0) + 1

        for _ in range(9):
            time.sleep(1)
            _on_another_connection(look)
        return result

    monkeypatch.setattr(pipeline.fetching, "fetch", slow_fetch)
    monkeypatch.setattr("sources.services.article_enqueue", lambda *args: None)
    result = pipeline.article_run(article_id=article.pk)
    assert result.status == ArticleStatus.DONE and result.attempts == 0
    assert seen == {"swept": [], "held": 9}
    assert result.leased_until is None


def test_a_lease_stops_renewing_once_the_article_is_taken_away():
    article = Article.objects.create(raw="<p>x</p>", step="fetch", status=ArticleStatus.FETCHING)
    until = timezone.now() + dt.timedelta(seconds=30)
    Article.objects.filter(pk=article.pk).update(leased_until=until)
    lease = pipeline.Lease(article.pk, until)
    assert lease.renew() is True and lease.until > until
    services.article_reprocess(article_id=article.pk, from_step="fetch", enqueue=False)  # an editor re-queues it
    assert lease.renew() is False
    assert lease.save(status=ArticleStatus.DONE) is False
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.QUEUED


def test_a_transient_error_puts_the_article_back_for_a_retry(site, extractor):
    article = _submit(url=site.url("/500"))
    with pytest.raises(pipeline.TransientError):
        pipeline.article_run(article_id=article.pk, retry_delay=30)
    fresh = Article.objects.get(pk=article.pk)
    assert fresh.status == ArticleStatus.QUEUED and fresh.step == "fetch"
    assert "will retry" in fresh.error
    assert fresh.leased_until > timezone.now() + dt.timedelta(seconds=20)


def test_in_process_transient_errors_fail_with_the_reason(site, extractor):
    article = _run(_submit(url=site.url("/500")))
    assert article.status == ArticleStatus.FAILED and "HTTP 500" in article.error


def test_the_nlp_queue_hands_over_after_the_fetch_stage(site, extractor, django_capture_on_commit_callbacks):
    article = _submit(url=site.url("/articles/17.html"))
    handed = []
    result = pipeline.article_run(
        article_id=article.pk, queue="fetch", enqueue=lambda article_id, queue: handed.append((article_id, queue))
    )
    assert result.step == "analyse" and result.status == ArticleStatus.QUEUED and result.leased_until is None
    assert extractor.calls == 0
    with django_capture_on_commit_callbacks(execute=True):
        result = pipeline.article_run(article_id=article.pk, queue="nlp", enqueue=lambda *args: handed.append(args))
    assert result.step == "store" and result.status == ArticleStatus.QUEUED
    assert handed[-1] == (article.pk, "link")
    assert pipeline.articles_run_batch(article_id=article.pk, queue="link") == [article.pk]
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.DONE


def test_sweeper_requeues_lost_work_and_gives_up_after_the_attempt_limit(settings, monkeypatch):
    sent = []
    monkeypatch.setattr(services, "article_enqueue", lambda article_id, queue: sent.append((article_id, queue)))
    now = timezone.now()
    long_ago = now - dt.timedelta(seconds=settings.INGEST_SWEEP_GRACE_SECONDS + 5)
    lost = Article.objects.create(text="x", step="analyse", status=ArticleStatus.QUEUED)
    dead_worker = Article.objects.create(
        text="y", step="fetch", status=ArticleStatus.FETCHING, leased_until=now - dt.timedelta(seconds=5), attempts=1
    )
    busy = Article.objects.create(
        text="z", step="fetch", status=ArticleStatus.FETCHING, leased_until=now + dt.timedelta(seconds=60)
    )
    fresh = Article.objects.create(text="w", step="fetch", status=ArticleStatus.QUEUED)
    poison = Article.objects.create(
        text="p",
        step="analyse",
        status=ArticleStatus.ANALYSING,
        leased_until=now - dt.timedelta(seconds=5),
        attempts=settings.INGEST_MAX_ATTEMPTS,
    )
    finished = Article.objects.create(text="d", step="", status=ArticleStatus.DONE)
    Article.objects.filter(pk__in=[lost.pk, finished.pk]).update(updated_at=long_ago)

    requeued = sweeper.articles_sweep(now=now)

    assert sorted(requeued) == sorted([lost.pk, dead_worker.pk])
    assert sorted(sent) == sorted([(lost.pk, "nlp"), (dead_worker.pk, "fetch")])
    poison.refresh_from_db()
    assert poison.status == ArticleStatus.FAILED and "gave up" in poison.error
    assert busy.pk not in requeued and fresh.pk not in requeued
    # The sweep touched what it re-queued, so an immediate second sweep sends nothing new.
    assert sweeper.articles_sweep(now=now) == [dead_worker.pk]


def test_an_article_that_keeps_killing_its_worker_fails_after_the_attempt_limit(settings):
    article = Article.objects.create(
        text="t", step="analyse", status=ArticleStatus.ANALYSING, attempts=settings.INGEST_MAX_ATTEMPTS
    )
    assert pipeline.article_run(article_id=article.pk) is None
    article.refresh_from_db()
    assert article.status == ArticleStatus.FAILED
    assert "gave up at step 'analyse'" in article.error


def test_storing_keeps_casualty_ranges_places_and_sides(gazetteer_loaded):
    from claims.storing import statements_store
    from sources.nlp.casualties import CasualtyFigure as Figure

    text = "Armenia's Defence Ministry said two soldiers were killed and three to five wounded near Sotk."
    article = Article.objects.create(text=text, status=ArticleStatus.ANALYSING, step="store")
    item = ExtractedStatement(
        speaker="Armenia's Defence Ministry",
        actor="Ministry of Defence of Armenia",
        actor_slug="mod-armenia",
        side=None,
        cue="said",
        stance="casualty-report",
        content="two soldiers were killed and three to five wounded near Sotk",
        sentence=text,
        start=0,
        end=len(text),
        casualties=[Figure(party="armenian", killed=(2, 2), wounded=(3, 5)), Figure(party="unknown", missing=(1, 1))],
        places=["sotk", "no-such-place"],
        event_date=dt.date(2022, 9, 13),
        blamed_side="azerbaijani",
        confidence=0.9,
    )
    first = statements_store(article=article, extracted=[item.to_json()], pipeline_version="v1")
    again = statements_store(article=article, extracted=[item.to_json()], pipeline_version="v1")
    assert [s.pk for s in first] == [s.pk for s in again]
    statement = Statement.objects.get()
    assert statement.actor.slug == "mod-armenia" and statement.side.slug == "armenian"  # the actor's side
    assert statement.blamed_side.slug == "azerbaijani" and statement.stance == "casualty-report"
    assert [p.slug for p in statement.places.all()] == ["sotk"]
    figures = {(c.party_side.slug if c.party_side else None): c for c in statement.casualties.all()}
    assert (figures["armenian"].killed_low, figures["armenian"].killed_high) == (2, 2)
    assert (figures["armenian"].wounded_low, figures["armenian"].wounded_high) == (3, 5)
    assert figures[None].missing_low == 1
    assert statement.casualties.count() == 2


def test_storing_a_batch_takes_the_same_queries_however_many_articles_it_holds():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.storing import statements_store_many

    def batch(n: int):
        items = []
        for i in range(n):
            text = f"Officials said shelling hit {i} homes. A spokesman said the army returned fire."
            article = Article.objects.create(text=text, status=ArticleStatus.STORING, step="store")
            items.append((article, [s.to_json() for s in _said(text)], "v1"))
        return items

    small, large = batch(2), batch(6)
    with CaptureQueriesContext(connection) as two:
        stored = statements_store_many(small)
    with CaptureQueriesContext(connection) as six:
        statements_store_many(large)
    assert len(two.captured_queries) == len(six.captured_queries)
    # The same statements as storing each article on its own, and storing again changes nothing.
    for article, extracted, _ in small + large:
        assert sorted(article.statements.values_list("content", flat=True)) == sorted(e["content"] for e in extracted)
    assert [len(v) for v in stored.values()] == [2, 2]
    ids = set(Statement.objects.values_list("pk", flat=True))
    statements_store_many(small + large)
    assert set(Statement.objects.values_list("pk", flat=True)) == ids


def test_storing_drops_statements_whose_offsets_fall_outside_the_text():
    from claims.storing import statements_store

    article = Article.objects.create(text="Short text said nothing.", status=ArticleStatus.ANALYSING, step="store")
    item = _said("Someone said a thing that is far longer than the article text itself.")[0].to_json()
    assert statements_store(article=article, extracted=[item]) == []
    assert article.statements.count() == 0


def _replace_run_many(monkeypatch, name: str, run_many) -> None:
    """Stand `run_many` in for step `name`'s, in batches and for single articles alike."""
    monkeypatch.setitem(
        pipeline.STEP_BY_NAME, name, dataclasses.replace(pipeline.STEP_BY_NAME[name], run_many=run_many)
    )


def _waiting_to_link(site, numbers: list[int]) -> list[Article]:
    """Articles analysed and stored, handed over to the link queue."""
    articles = []
    for n in numbers:
        article = _submit(url=site.url(f"/articles/{n}.html"))
        for queue in ("fetch", "nlp"):
            pipeline.article_run(article_id=article.pk, queue=queue, enqueue=lambda *args: None)
        article.refresh_from_db()
        assert (article.step, article.status) == ("store", ArticleStatus.QUEUED)
        articles.append(article)
    return articles


def test_one_link_task_links_the_articles_waiting_with_it_in_one_run(site, extractor, monkeypatch, settings):
    settings.LINK_BATCH = 3
    articles = _waiting_to_link(site, [31, 32, 33, 34])
    runs = []
    _replace_run_many(
        monkeypatch, "link", lambda batch: runs.append(sorted(a.pk for a in batch)) or pipeline.link_many(batch)
    )

    finished = pipeline.articles_run_batch(article_id=articles[2].pk, queue="link")

    # Its own article and the two that waited longest, in one linking run; the fourth waits its turn.
    assert sorted(finished) == sorted([articles[2].pk, articles[0].pk, articles[1].pk])
    assert runs == [sorted(finished)]
    for article in Article.objects.filter(pk__in=finished):
        assert (article.status, article.step, article.leased_until) == (ArticleStatus.DONE, "", None)
        assert article.statements.exists() and not article.statements.filter(incident__isnull=True).exists()
    assert Article.objects.get(pk=articles[3].pk).status == ArticleStatus.QUEUED
    # The others' own messages take what still waits, then find nothing left to do.
    assert pipeline.articles_run_batch(article_id=articles[0].pk, queue="link") == [articles[3].pk]
    assert pipeline.articles_run_batch(article_id=articles[3].pk, queue="link") == []


def test_an_article_that_breaks_a_link_batch_fails_alone(site, extractor, monkeypatch):
    articles = _waiting_to_link(site, [35, 36, 37])
    bad = articles[1]

    def link(batch):
        if any(a.pk == bad.pk for a in batch):
            raise ValueError("a statement the linker cannot read")
        return pipeline.link_many(batch)

    _replace_run_many(monkeypatch, "link", link)
    taken = pipeline.articles_run_batch(article_id=articles[0].pk, queue="link")
    assert sorted(taken) == sorted(a.pk for a in articles)
    for article in (articles[0], articles[2]):
        article.refresh_from_db()
        assert article.status == ArticleStatus.DONE and not article.statements.filter(incident__isnull=True).exists()
    failed = Article.objects.get(pk=bad.pk)
    assert failed.status == ArticleStatus.FAILED and failed.step == "link"
    assert "a statement the linker cannot read" in failed.error


def _waiting_to_analyse(site, numbers: list[int]) -> list[Article]:
    """Articles fetched, extracted and deduped, handed over to the nlp queue."""
    articles = []
    for n in numbers:
        article = _submit(url=site.url(f"/articles/{n}.html"))
        pipeline.article_run(article_id=article.pk, queue="fetch", enqueue=lambda *args: None)
        article.refresh_from_db()
        assert (article.step, article.status) == ("analyse", ArticleStatus.QUEUED)
        articles.append(article)
    return articles


def test_one_nlp_task_analyses_the_articles_waiting_with_it_in_one_batch(
    site, extractor, settings, django_capture_on_commit_callbacks
):
    settings.NLP_BATCH_SIZE = 3
    articles = _waiting_to_analyse(site, [41, 42, 43, 44])
    handed = []
    with django_capture_on_commit_callbacks(execute=True):
        taken = pipeline.articles_run_batch(
            article_id=articles[1].pk, queue="nlp", enqueue=lambda *args: handed.append(args)
        )

    # One extract_many call over its own article and the two that waited longest.
    assert sorted(taken) == sorted(a.pk for a in articles[:3])
    assert extractor.batches == [3]
    # Handed over to the link queue with one message: one link task takes them all.
    assert len(handed) == 1 and handed[0][1] == "link" and handed[0][0] in taken
    for article in Article.objects.filter(pk__in=taken):
        assert (article.step, article.status, article.leased_until) == ("store", ArticleStatus.QUEUED, None)
        assert article.analysis["statements"] and article.attempts == 0
    assert Article.objects.get(pk=articles[3].pk).step == "analyse"
    # A message whose article was taken in that batch takes what still waits instead.
    assert pipeline.articles_run_batch(article_id=articles[0].pk, queue="nlp") == [articles[3].pk]
    assert Article.objects.get(pk=articles[0].pk).attempts == 0
    assert pipeline.articles_run_batch(article_id=articles[2].pk, queue="nlp") == []
    # Storing and linking finish them.
    assert sorted(pipeline.articles_run_batch(article_id=handed[0][0], queue="link")) == sorted(a.pk for a in articles)
    assert set(Article.objects.filter(pk__in=[a.pk for a in articles]).values_list("status", flat=True)) == {
        ArticleStatus.DONE
    }


def test_a_message_whose_article_is_held_takes_the_waiting_ones_or_waits_for_the_lease(site, extractor, settings):
    settings.NLP_BATCH_SIZE = 2
    articles = _waiting_to_analyse(site, [38, 39, 40])
    held = articles[0]
    Article.objects.filter(pk=held.pk).update(leased_until=timezone.now() + dt.timedelta(seconds=30))
    taken = pipeline.articles_run_batch(article_id=held.pk, queue="nlp")
    assert sorted(taken) == sorted([articles[1].pk, articles[2].pk])
    # Nothing else waits: the message is to be retried once the holder's lease runs out.
    with pytest.raises(pipeline.LeaseHeld) as raised:
        pipeline.articles_run_batch(article_id=held.pk, queue="nlp")
    assert 25 < raised.value.seconds_left <= 30


def test_an_article_the_extractor_refuses_fails_alone_in_its_batch(site, extractor, settings):
    articles = _waiting_to_analyse(site, [45, 46, 47])
    Article.objects.filter(pk=articles[1].pk).update(text="UNREADABLE text that the extractor refuses.")
    pipeline.articles_run_batch(article_id=articles[0].pk, queue="nlp")
    assert extractor.batches == [3]
    refused = Article.objects.get(pk=articles[1].pk)
    assert (refused.status, refused.step) == (ArticleStatus.FAILED, "analyse")
    assert refused.error == "analyse: the extractor cannot read this text" and refused.leased_until is None
    for article in (articles[0], articles[2]):
        article.refresh_from_db()
        assert (article.step, article.status) == ("store", ArticleStatus.QUEUED)


def test_a_batch_that_crashes_is_run_one_by_one_and_only_the_culprit_fails(site, extractor, monkeypatch):
    articles = _waiting_to_analyse(site, [48, 49, 50])
    culprit = articles[2]

    def crash_on_batches(batch):
        if len(batch) > 1:
            raise RuntimeError("the batch broke")
        return pipeline.analyse_many(batch)

    _replace_run_many(monkeypatch, "analyse", crash_on_batches)
    Article.objects.filter(pk=culprit.pk).update(text="UNREADABLE as well.")
    pipeline.articles_run_batch(article_id=articles[0].pk, queue="nlp")
    statuses = dict(Article.objects.filter(pk__in=[a.pk for a in articles]).values_list("pk", "status"))
    assert statuses == {
        articles[0].pk: ArticleStatus.QUEUED,
        articles[1].pk: ArticleStatus.QUEUED,
        culprit.pk: ArticleStatus.FAILED,
    }
    assert Article.objects.get(pk=culprit.pk).error == "analyse: the extractor cannot read this text"


def test_a_rolled_back_batch_keeps_its_leases(site, extractor, monkeypatch, settings):
    """A batch whose recording fails after some articles were finished must not think them let go."""
    settings.LINK_BATCH = 2
    articles = _waiting_to_link(site, [51, 52])
    real_finish = pipeline._finish
    calls = []

    def finish_then_break(lease, **values):
        calls.append(lease.article_id)
        done = real_finish(lease, **values)
        if len(calls) == 2:
            raise RuntimeError("the database went strange after the second write")
        return done

    monkeypatch.setattr(pipeline, "_finish", finish_then_break)
    pipeline.articles_run_batch(article_id=articles[0].pk, queue="link")
    # The batch rolled back and each article was then run on its own, with the lease it still held.
    for article in articles:
        article.refresh_from_db()
        assert (article.status, article.step, article.leased_until) == (ArticleStatus.DONE, "", None)


@pytest.mark.django_db(transaction=True)
def test_a_hand_over_whose_message_cannot_be_sent_fails_nothing(site, extractor, settings, monkeypatch):
    """The broker is down as the batch commits: the articles stay recorded at their next step and
    the sweeper sends them again, rather than the analysis that ran being counted as failed."""
    articles = _waiting_to_analyse(site, [54, 55])

    def broker_down(article_id, queue):
        raise OSError("[Errno 111] Connection refused")

    pipeline.articles_run_batch(article_id=articles[0].pk, queue="nlp", enqueue=broker_down)
    for article in articles:
        article.refresh_from_db()
        assert (article.step, article.status, article.error) == ("store", ArticleStatus.QUEUED, "")
    sent = []
    monkeypatch.setattr(services, "article_enqueue", lambda article_id, queue: sent.append((article_id, queue)))
    later = timezone.now() + dt.timedelta(seconds=settings.INGEST_SWEEP_GRACE_SECONDS + 1)
    assert sorted(sweeper.articles_sweep(now=later)) == sorted(a.pk for a in articles)
    assert sorted(sent) == sorted((a.pk, "link") for a in articles)
