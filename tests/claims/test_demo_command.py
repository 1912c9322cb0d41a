"""`manage.py demo` creates accounts with published passwords only where that is harmless (issue 16)."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def steps(monkeypatch) -> list[str]:
    """The commands demo runs (migrate, gazetteer, ingest), recorded instead of run."""
    called: list[str] = []
    monkeypatch.setattr(
        "claims.management.commands.demo.call_command", lambda name, *args, **kwargs: called.append(name)
    )
    return called


def test_it_refuses_a_database_other_than_the_embedded_default(settings, steps):
    settings.EMBEDDED_DATABASE = False
    with pytest.raises(CommandError, match="--force"):
        call_command("demo", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="admin").exists()
    assert steps == []


def test_force_creates_the_accounts_on_any_database(settings, steps):
    settings.EMBEDDED_DATABASE = False
    call_command("demo", "--force", stdout=io.StringIO())
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("counterclaim-admin")
    assert steps[:2] == ["migrate", "load_gazetteer"]


def test_the_embedded_default_needs_no_force(settings, steps):
    settings.EMBEDDED_DATABASE = True
    call_command("demo", stdout=io.StringIO())
    assert get_user_model().objects.filter(username="editor").exists()
