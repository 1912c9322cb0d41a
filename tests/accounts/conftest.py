"""Fixtures for the accounts tests: one user per role."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory


@pytest.fixture
def editor(db):
    return UserFactory(role="editor")


@pytest.fixture
def researcher(db):
    return UserFactory()
