"""Fixtures for the ingestion tests: the local test site and fetch settings that allow it; and
``extract``, the extractor on a text with the session's spaCy pipeline."""

from __future__ import annotations

import pytest

from sources.nlp.extract import ExtractedStatement, extract_text
from tests.testsite import TestSite


@pytest.fixture
def extract(nlp):
    """``extract(text, **kwargs)``: the statements of ``text`` (a test module may override this)."""

    def run(text: str, **kwargs) -> list[ExtractedStatement]:
        return extract_text(text, nlp=nlp, **kwargs)

    return run


@pytest.fixture(scope="session")
def test_site():
    site = TestSite().start()
    yield site
    site.stop()


@pytest.fixture
def site(test_site, settings):
    """The test site, reachable: 127.0.0.1 allowed, short timeouts, a 2 MB cap."""
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]
    settings.FETCH_CONNECT_TIMEOUT = 2.0
    settings.FETCH_READ_TIMEOUT = 1.0
    settings.FETCH_DEADLINE = 3.0
    settings.FETCH_MAX_BYTES = 2 * 1024 * 1024
    settings.FETCH_MAX_REDIRECTS = 3
    test_site.hits.clear()
    test_site.pages.clear()
    test_site.feed_items = [1, 2, 3]
    test_site.feed_version = 1
    return test_site
