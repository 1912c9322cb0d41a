"""Articles (submit → 202 and follow the status), feeds (editors only), outlets, sides, actors, places."""

from __future__ import annotations

import pytest

from sources.models import Article, ArticleStatus, Feed
from tests.factories import ActorFactory, ArticleFactory, OutletFactory, PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_dns(monkeypatch):
    """Host names resolve from this table, never through the network."""
    table = {"news.example.com": ["93.184.216.34"], "intranet.example.com": ["10.0.0.5"]}

    def resolve(host, port):
        from sources.errors import FetchRefused

        if host not in table:
            raise FetchRefused(f"the host {host!r} could not be resolved")
        return table[host]

    monkeypatch.setattr("sources.fetching.resolve", resolve)
    return table


def test_editor_submits_a_url_and_gets_202_with_the_status_url(editor_client, fake_dns, editor):
    response = editor_client.post(
        "/api/v1/articles/",
        {"url": "https://news.example.com/2023/09/19/offensive", "title": "Offensive", "published": "2023-09-19"},
        format="json",
    )
    assert response.status_code == 202, response.content
    body = response.json()
    article = Article.objects.get(pk=body["id"])
    assert article.submitted_by == editor
    assert body["status"] == ArticleStatus.QUEUED
    assert response["Location"] == body["status_url"]
    assert body["status_url"].endswith(f"/api/v1/articles/{article.pk}/")
    assert body["duplicate"] is False
    again = editor_client.post(
        "/api/v1/articles/", {"url": "https://news.example.com/2023/09/19/offensive"}, format="json"
    )
    assert again.status_code == 202
    assert again.json()["id"] == article.pk
    assert again.json()["duplicate"] is True


def test_form_encoded_bodies_are_415(editor_client):
    response = editor_client.post("/api/v1/articles/", {"text": "Some text."})
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_the_status_url_shows_progress_and_error(editor_client):
    failed = ArticleFactory(status=ArticleStatus.FAILED, error="the server answered HTTP 404", step="fetch")
    body = editor_client.get(f"/api/v1/articles/{failed.pk}/").json()
    assert body["status"] == "failed"
    assert body["status_label"] == "Failed"
    assert body["step"] == "fetch"
    assert body["error"] == "the server answered HTTP 404"


def test_editor_submits_pasted_text(editor_client):
    text = "---\ntitle: Border clash\npublished: 2023-09-01\n---\nThe ministry said two soldiers were wounded."
    response = editor_client.post("/api/v1/articles/", {"text": text}, format="json")
    assert response.status_code == 202, response.content
    article = Article.objects.get(pk=response.json()["id"])
    assert article.source == "text"
    assert "two soldiers were wounded" in article.raw


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1:8000/admin/",
        "http://[::1]/",
        "http://10.1.2.3/",
        "http://intranet.example.com/secrets",
        "file:///etc/passwd",
        "gopher://news.example.com/",
        "http://user:pw@news.example.com/",
        "not a url",
    ],
)
def test_unsafe_or_malformed_urls_are_refused_with_400(editor_client, fake_dns, url):
    response = editor_client.post("/api/v1/articles/", {"url": url}, format="json")
    assert response.status_code == 400, response.content
    assert "url" in response.json()["errors"]
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "body",
    [{}, {"url": "https://news.example.com/a", "text": "Some text."}, {"text": "   "}, {"published": "yesterday"}],
)
def test_submissions_need_exactly_one_of_url_or_text(editor_client, fake_dns, body):
    response = editor_client.post("/api/v1/articles/", body, format="json")
    assert response.status_code == 400
    assert response.json()["detail"]
    assert not Article.objects.exists()


def test_only_editors_submit_and_only_logged_in_users_read_articles(researcher_client, anon):
    assert researcher_client.post("/api/v1/articles/", {"text": "x"}, format="json").status_code == 403
    assert researcher_client.get("/api/v1/articles/").status_code == 200
    assert anon.get("/api/v1/articles/").status_code == 401
    assert anon.post("/api/v1/articles/", {"text": "x"}, format="json").status_code == 401


def test_feeds_are_for_editors_only(editor_client, researcher_client, anon):
    outlet = OutletFactory(slug="armenpress")
    created = editor_client.post(
        "/api/v1/feeds/", {"url": "https://armenpress.example.com/rss", "outlet": "armenpress"}, format="json"
    )
    assert created.status_code == 201, created.content
    feed = Feed.objects.get(pk=created.json()["id"])
    assert feed.outlet == outlet
    assert researcher_client.get("/api/v1/feeds/").status_code == 403
    assert anon.get("/api/v1/feeds/").status_code == 401
    assert editor_client.get("/api/v1/feeds/").json()["count"] == 1
    changed = editor_client.patch(f"/api/v1/feeds/{feed.pk}/", {"is_active": False}, format="json")
    assert changed.status_code == 200
    assert Feed.objects.get(pk=feed.pk).is_active is False
    assert editor_client.get("/api/v1/feeds/", {"is_active": "true"}).json()["count"] == 0
    assert editor_client.get("/api/v1/feeds/", {"is_active": "false"}).json()["count"] == 1
    assert editor_client.get("/api/v1/feeds/", {"is_active": "maybe"}).status_code == 400
    assert editor_client.patch(f"/api/v1/feeds/{feed.pk}/", {"is_active": "no"}, format="json").status_code == 400
    assert editor_client.delete(f"/api/v1/feeds/{feed.pk}/").status_code == 204
    assert not Feed.objects.exists()


@pytest.mark.parametrize("url", ["http://192.168.1.1/rss", "ftp://example.com/rss", "rss"])
def test_feed_urls_must_be_public_http(editor_client, url):
    response = editor_client.post("/api/v1/feeds/", {"url": url}, format="json")
    assert response.status_code == 400
    assert "url" in response.json()["errors"]


def test_a_blank_outlet_slug_is_refused_not_read_as_none(editor_client):
    """The schema says an outlet is a slug or null: "" is a 400 naming the field, and null clears it."""
    OutletFactory(slug="armenpress")
    feed = editor_client.post(
        "/api/v1/feeds/", {"url": "https://armenpress.example.com/rss", "outlet": "armenpress"}, format="json"
    ).json()
    blank = editor_client.patch(f"/api/v1/feeds/{feed['id']}/", {"outlet": ""}, format="json")
    assert blank.status_code == 400
    assert "null for none" in str(blank.json()["errors"]["outlet"])
    assert Feed.objects.get(pk=feed["id"]).outlet.slug == "armenpress"  # nothing changed
    cleared = editor_client.patch(f"/api/v1/feeds/{feed['id']}/", {"outlet": None}, format="json")
    assert cleared.status_code == 200 and Feed.objects.get(pk=feed["id"]).outlet is None


def test_duplicate_feed_is_400(editor_client):
    Feed.objects.create(url="https://example.com/rss")
    response = editor_client.post("/api/v1/feeds/", {"url": "https://example.com/rss"}, format="json")
    assert response.status_code == 400


def test_sides_come_in_column_order(anon):
    body = anon.get("/api/v1/sides/").json()
    assert [s["slug"] for s in body] == ["armenian", "azerbaijani", "russian", "international"]
    assert anon.get("/api/v1/sides/russian/").json()["name"]


def test_actors_places_and_outlets_by_slug_and_filters(anon):
    ActorFactory(slug="mod-am", name="Ministry of Defence of Armenia")
    ActorFactory(slug="mfa-az", name="Foreign Ministry", side=None)
    PlaceFactory(slug="tegh", name="Tegh", aliases=["Teğ"])
    OutletFactory(slug="tass", name="TASS")
    assert anon.get("/api/v1/actors/mod-am/").json()["side"] == "armenian"
    assert [a["slug"] for a in anon.get("/api/v1/actors/", {"side": "armenian"}).json()["results"]] == ["mod-am"]
    assert [a["slug"] for a in anon.get("/api/v1/actors/", {"q": "foreign"}).json()["results"]] == ["mfa-az"]
    assert anon.get("/api/v1/places/", {"q": "Teğ"}).json()["results"][0]["slug"] == "tegh"
    assert anon.get("/api/v1/outlets/tass/").json()["name"] == "TASS"
    assert anon.get("/api/v1/outlets/nope/").status_code == 404
