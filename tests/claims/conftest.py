"""Fixtures for the claims tests: a named editor, so history and audit rows can be asserted by name
(`editor_client` signs Erin in), and the few gazetteer-like places the linking tests use."""

from __future__ import annotations

import pytest

from tests.factories import PlaceFactory, UserFactory


@pytest.fixture
def editor(db):
    """Erin, a member of the "editor" group (overrides the suite's anonymous-named editor)."""
    return UserFactory(username="erin", role="editor")


@pytest.fixture
def places():
    """A few gazetteer-like places: two villages 5 km apart, one far away, a corridor, a region."""
    return {
        "norabak": PlaceFactory(slug="norabak", name="Norabak", kind="village", latitude=40.06, longitude=45.59),
        "sotk": PlaceFactory(slug="sotk", name="Sotk", kind="village", latitude=40.10, longitude=45.62),
        "tegh": PlaceFactory(slug="tegh", name="Tegh", kind="village", latitude=39.56, longitude=46.48),
        "lachin-corridor": PlaceFactory(
            slug="lachin-corridor", name="Lachin corridor", kind="corridor", latitude=39.66, longitude=46.62
        ),
        "karabakh": PlaceFactory(
            slug="nagorno-karabakh", name="Nagorno-Karabakh", kind="region", latitude=39.9, longitude=46.7
        ),
    }
