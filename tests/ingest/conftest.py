"""Fixtures for the ingestion tests: the local test site, the stand-in NLP engine, the messages sent."""

from __future__ import annotations

import pytest

from tests.ingest.helpers import extractor  # noqa: F401 - the stand-in NLP engine fixture
from tests.sources.conftest import site, test_site  # noqa: F401 - the local test site


@pytest.fixture
def sent(monkeypatch) -> list[tuple[int, str]]:
    """The messages sent, as (article id, queue), instead of sending them."""
    messages: list[tuple[int, str]] = []

    def enqueue(article_id: int, queue: str) -> None:
        messages.append((article_id, queue))

    monkeypatch.setattr("ingest.queues.enqueue", enqueue)
    monkeypatch.setattr("ingest.sweeper.enqueue", enqueue)
    return messages
