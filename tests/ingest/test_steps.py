"""The steps: what each does to an article, from submission to stored statements; dedupe; re-runs."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.models import ReviewStatus, Statement
from ingest import steps
from sources import services
from sources.dedupe import canonical_url
from sources.errors import SubmissionRefused
from sources.models import Article, ArticleSource, ArticleStatus, ArticleStep
from sources.nlp import engines
from tests.factories import extracted_statement
from tests.ingest.helpers import run, said, submit

pytestmark = pytest.mark.django_db


def test_steps_are_declared_in_order():
    assert [s.name for s in steps.STEPS] == ["fetch", "extract", "dedupe", "analyse", "store", "link"]
    assert {s.name: s.queue for s in steps.STEPS} == {
        "fetch": "fetch",
        "extract": "fetch",
        "dedupe": "fetch",
        "analyse": "nlp",
        "store": "link",
        "link": "link",
    }


def test_a_submitted_url_runs_every_step_and_stores_its_statements(site, extractor):
    article = run(submit(url=site.url("/articles/7.html?utm_source=x&fbclid=abc")))
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
    first, created = services.article_submit(url=site.url("/articles/8.html"), source=ArticleSource.URL, enqueue=False)
    again, created_again = services.article_submit(
        url=site.url("/articles/8.html?utm_campaign=spring&gclid=1#top"), source=ArticleSource.URL, enqueue=False
    )
    assert again.pk == first.pk
    assert created is True and created_again is False
    assert Article.objects.count() == 1


def test_canonical_url_strips_tracking_and_sorts_the_query():
    assert (
        canonical_url("HTTPS://Example.COM:443/a?b=2&utm_source=x&a=1&fbclid=z#frag") == "https://example.com/a?a=1&b=2"
    )
    assert canonical_url("ftp://example.com/") == ""


def test_the_same_text_under_another_url_is_a_duplicate_without_statements(site, extractor):
    first = run(submit(url=site.url("/articles/9.html")))
    site.add("/mirror/9.html", site_page(9))
    copy = run(submit(url=site.url("/mirror/9.html")))
    assert copy.status == ArticleStatus.DUPLICATE
    assert copy.duplicate_of_id == first.pk
    assert "same text" in copy.duplicate_reason
    assert copy.statements.count() == 0
    assert extractor.calls == 1


def site_page(n: int) -> str:
    from tests.testsite.content import article_html

    return article_html(n)


def test_a_wire_story_on_other_sites_links_to_the_first_copy(site, extractor):
    first = run(submit(url=site.url("/articles/10.html")))
    copies = [run(submit(url=site.url(f"/articles/10-{name}.html"))) for name in ("Gazette", "Courier", "Herald")]
    for copy in copies:
        assert copy.status == ArticleStatus.DUPLICATE, copy.error
        assert copy.duplicate_of_id == first.pk
        assert "nearly the same text" in copy.duplicate_reason
        assert copy.statements.count() == 0
    other = run(submit(url=site.url("/articles/11.html")))
    assert other.status == ArticleStatus.DONE
    assert extractor.calls == 2


def test_articles_in_a_language_no_engine_analyses_are_stored_but_unsupported(site, extractor, monkeypatch):
    monkeypatch.delitem(engines.ENGINES, "ru")  # as for any language without an engine (Armenian, …)
    article = run(submit(url=site.url("/russian.html")))
    assert article.status == ArticleStatus.UNSUPPORTED
    assert article.language == "ru"
    assert article.error.startswith("not analysed (Russian)")
    assert article.status_label == "Not analysed (Russian)"
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
    bad = run(submit(url=site.url(path)))
    assert bad.status == ArticleStatus.FAILED
    assert message in bad.error
    assert bad.step in ("fetch", "extract")
    good = run(submit(url=site.url("/articles/12.html")))
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
        submit(**kwargs)
    assert Article.objects.count() == 0


def test_loopback_submission_is_refused_unless_allowed(settings):
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = []
    with pytest.raises(SubmissionRefused, match="loopback"):
        submit(url="http://localhost:8000/")


def test_pasted_text_with_front_matter_is_processed_without_fetching(extractor):
    body = "Armenia's Defence Ministry said two soldiers were wounded near Sotk on Tuesday.\n" * 3
    text = (
        "---\nurl: https://wire.example.org/a?utm_medium=x\noutlet: Example Wire\npublished: 2023-09-12\ntitle: Sotk\n---\n"
        + body
    )
    article = run(submit(text=text, source=ArticleSource.TEXT))
    assert article.status == ArticleStatus.DONE, article.error
    assert article.canonical_url == "https://wire.example.org/a"
    assert article.outlet.name == "Example Wire"
    assert article.published == dt.date(2023, 9, 12)
    assert article.title == "Sotk"
    assert article.text == body.strip()
    assert article.statements.count() == 3


def test_submission_enqueues_only_after_the_row_is_committed(django_capture_on_commit_callbacks, sent):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article, _created = services.article_submit(text="Some text that someone said.", source=ArticleSource.TEXT)
        assert sent == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert sent == [(article.pk, "fetch")]
    assert Article.objects.get(pk=article.pk).step == ArticleStep.MAIN_TEXT


def test_rerunning_analysis_does_not_double_statements(site, extractor):
    article = run(submit(url=site.url("/articles/13.html")))
    before = sorted(article.statements.values_list("pk", "fingerprint"))
    assert before
    services.article_reprocess(article_id=article.pk, from_step="analyse", enqueue=False)
    run(article)
    services.article_reprocess(article_id=article.pk, from_step="store", enqueue=False)
    again = run(article)
    assert again.status == ArticleStatus.DONE
    assert sorted(again.statements.values_list("pk", "fingerprint")) == before


def test_reanalysis_never_touches_statements_an_editor_reviewed(site, extractor):
    article = run(submit(url=site.url("/articles/14.html")))
    reviewed = article.statements.first()
    Statement.objects.filter(pk=reviewed.pk).update(
        review_status=ReviewStatus.ACCEPTED, content="edited by an editor", version=2
    )
    extractor.tag = "v2: "
    extractor.side = "azerbaijani"
    services.article_reprocess(article_id=article.pk, enqueue=False)
    run(article)
    kept = Statement.objects.get(pk=reviewed.pk)
    assert kept.content == "edited by an editor"
    assert kept.side.slug == "armenian"
    others = article.statements.exclude(pk=reviewed.pk)
    assert others.exists() and all(s.content.startswith("v2: ") for s in others)
    assert all(s.side.slug == "azerbaijani" for s in others)
    assert article.statements.count() == len(said(article.text))


def test_reprocess_defaults_to_the_failed_step(site, extractor):
    article = run(submit(url=site.url("/500")))
    assert article.status == ArticleStatus.FAILED and article.step == "fetch"
    again = services.article_reprocess(article_id=article.pk, enqueue=False)
    assert again.step == "fetch" and again.status == ArticleStatus.QUEUED and again.error == ""


def test_storing_keeps_casualty_ranges_places_and_sides(gazetteer_loaded):
    from claims.storing import statements_store
    from sources.nlp.casualties import CasualtyFigure as Figure

    text = "Armenia's Defence Ministry said two soldiers were killed and three to five wounded near Sotk."
    article = Article.objects.create(text=text, status=ArticleStatus.ANALYSING, step="store")
    item = extracted_statement(
        text,
        actor="Ministry of Defence of Armenia",
        actor_slug="mod-armenia",
        side=None,
        content="two soldiers were killed and three to five wounded near Sotk",
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
            items.append((article, [s.to_json() for s in said(text)], "v1"))
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
    item = said("Someone said a thing that is far longer than the article text itself.")[0].to_json()
    assert statements_store(article=article, extracted=[item]) == []
    assert article.statements.count() == 0
