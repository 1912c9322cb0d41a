"""In Chromium: an editor watches an article's status page update by itself while it is processed."""

from __future__ import annotations

import pytest

from sources.models import ArticleSource
from tests.factories import UserFactory
from tests.ingest.helpers import extractor  # noqa: F401 - the stand-in NLP engine fixture

pytestmark = pytest.mark.browser


def test_status_page_updates_live_without_reloading(seeded_rows, live_server, page, client, extractor):  # noqa: F811
    from ingest import runner
    from sources.services import article_submit

    editor = UserFactory(role="editor")
    client.force_login(editor)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    article, _created = article_submit(
        text="The Defence Ministry said two soldiers were wounded near Sotk on Tuesday.\n" * 2,
        title="Sotk report",
        source=ArticleSource.TEXT,
        enqueue=False,
    )
    page.goto(f"{live_server.url}/sources/articles/{article.pk}/status/")
    assert page.locator("[data-status]").get_attribute("data-status") == "queued"
    assert page.get_by_text("updates by itself").is_visible()
    page.evaluate("() => { window.stillTheSamePage = true; }")

    runner.run(article.pk)  # the work a worker would do, while the page is open

    page.wait_for_selector('[data-status="done"]', timeout=15_000)
    assert page.evaluate("() => window.stillTheSamePage === true"), "the page reloaded instead of updating in place"
    assert page.locator('[data-state="done"]').count() == 6
    assert page.get_by_text("updates by itself").count() == 0
    assert page.get_by_role("link", name="read the article with its statements").is_visible()
    assert page.console_errors == [] and page.blocked_requests == []
