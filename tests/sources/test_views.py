"""Editors' submission forms and the live article status page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sources.models import Article, ArticleSource, ArticleStatus
from tests.factories import UserFactory
from tests.ingest.helpers import extractor  # noqa: F401 - the stand-in NLP engine fixture

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("sources:submit"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_researchers_cannot_submit(client):
    client.force_login(UserFactory())
    assert client.get(reverse("sources:submit")).status_code == 403
    assert client.post(reverse("sources:submit"), {"kind": "url", "url": "https://example.com/"}).status_code == 403
    assert Article.objects.count() == 0


def test_editor_submits_a_url_and_lands_on_its_status_page(editor_client, site):
    response = editor_client.post(reverse("sources:submit"), {"kind": "url", "url": site.url("/articles/40.html")})
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("sources:article-status", args=[article.pk])
    assert article.source == ArticleSource.URL and article.submitted_by.groups.filter(name="editor").exists()


def test_an_unsafe_url_is_refused_with_a_message(editor_client):
    response = editor_client.post(
        reverse("sources:submit"), {"kind": "url", "url": "http://169.254.169.254/latest/meta-data/"}
    )
    assert response.status_code == 400
    assert "link-local" in response.content.decode()
    assert Article.objects.count() == 0


def test_pasted_text_with_metadata_is_stored(editor_client):
    response = editor_client.post(
        reverse("sources:submit"),
        {
            "kind": "text",
            "text": "The ministry said two soldiers were wounded near Sotk.",
            "title": "Sotk",
            "outlet": "Paste Wire",
            "published": "2023-09-13",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.title, article.outlet.name, str(article.published)) == ("Sotk", "Paste Wire", "2023-09-13")
    assert article.step == "extract"


def test_a_binary_upload_is_refused_with_a_message(editor_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", content_type="text/plain")
    response = editor_client.post(reverse("sources:submit"), {"kind": "file", "file": upload})
    assert response.status_code == 400
    assert "binary" in response.content.decode()
    assert Article.objects.count() == 0


def test_an_unknown_form_kind_is_a_400(editor_client):
    assert editor_client.post(reverse("sources:submit"), {"kind": "ftp"}).status_code == 400


def test_status_fragment_keeps_polling_while_work_runs_and_stops_when_done(editor_client, site, extractor):  # noqa: F811
    from ingest import runner
    from sources import services

    article, _ = services.article_submit(url=site.url("/articles/41.html"), source=ArticleSource.URL, enqueue=False)
    url = reverse("sources:article-status", args=[article.pk])
    fragment = editor_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in fragment and "<html" not in fragment
    assert 'data-status="queued"' in fragment
    runner.run(article.pk)
    fragment = editor_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment
    assert 'data-status="done"' in fragment
    assert fragment.count('data-state="done"') == 6


def test_a_failed_article_shows_its_error_and_can_be_reprocessed(editor_client, site, extractor):  # noqa: F811
    from ingest import runner
    from sources import services

    article, _ = services.article_submit(url=site.url("/500"), source=ArticleSource.URL, enqueue=False)
    runner.run(article.pk)
    page = editor_client.get(reverse("sources:article-status", args=[article.pk])).content.decode()
    assert "HTTP 500" in page and 'data-step="fetch" data-state="failed"' in page
    response = editor_client.post(reverse("sources:article-reprocess", args=[article.pk]), {"from_step": ""})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == ArticleStatus.QUEUED and article.step == "fetch" and article.error == ""


def test_reprocess_from_an_unknown_step_is_a_400(editor_client):
    article = Article.objects.create(text="t", status=ArticleStatus.DONE, step="")
    response = editor_client.post(reverse("sources:article-reprocess", args=[article.pk]), {"from_step": "teleport"})
    assert response.status_code == 400 and "unknown step" in response.content.decode()
