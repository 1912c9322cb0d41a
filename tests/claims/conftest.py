"""Fixtures for the claims tests: a named editor, so history and audit rows can be asserted by name
(`editor_client` signs Erin in)."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory


@pytest.fixture
def editor(db):
    """Erin, a member of the "editor" group (overrides the suite's anonymous-named editor)."""
    return UserFactory(username="erin", role="editor")
