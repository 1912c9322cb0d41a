import pytest

from tests.ui import scenario as scenario_module


@pytest.fixture
def world(db):
    """The hand-written scenario: Stepanakert shelled, four sides, three of which speak."""
    return scenario_module.build()
