"""Schemathesis against /api/schema/: every operation, fuzzed in-process through the WSGI app.

Each operation runs twice: as an editor with an API token (so the write paths are exercised) and
anonymously. Every response must not be a server error and must conform to the schema (status code,
content type, headers, body). The number of cases that ran is printed in pytest's summary.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from knox.models import AuthToken
from schemathesis.config import SchemathesisConfig

from claims.models import IncidentPlace, ReviewStatus, StatementPlace, StatementRelation
from sources.models import ArticleStatus, Feed
from tests import factories
from tests.api.conftest import SCHEMATHESIS_CASES as CASES

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Enough to cover every operation in CI in a couple of minutes; raise it for a deeper local run.
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25"))
CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"max-examples": MAX_EXAMPLES},
        "checks": {
            # Every check Schemathesis has (`--checks all`): server errors, status codes, content
            # types, headers and bodies against the schema, positive and negative data, missing
            # headers, unsupported methods, the Allow header, ignored authentication, and the rest.
            "enabled": True,
            # Valid-looking input may still be refused on meaning, by design: an unknown side slug,
            # a forged cursor, a start date after the end date, an unsafe URL (400); a random
            # If-Match (412); an oversize body (413).
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "400", "401", "403", "404", "409", "412", "413", "429"]
            },
            # Invalid input may also be refused as too large (413) before it is even parsed.
            "negative_data_rejection": {
                "expected-statuses": [
                    "400",
                    "401",
                    "403",
                    "404",
                    "405",
                    "406",
                    "409",
                    "413",
                    "415",
                    "422",
                    "428",
                    "429",
                ]
            },
            # A missing If-Match is 428 Precondition Required (RFC 6585).
            "missing_required_header": {"expected-statuses": ["400", "401", "403", "406", "415", "422", "428"]},
        },
    }
)


def _world() -> None:
    """A little of everything, so that list endpoints return rows and filters find something."""
    place = factories.PlaceFactory(slug="norabak", name="Norabak")
    outlet = factories.OutletFactory(slug="armenpress", name="Armenpress")
    actor = factories.ActorFactory(slug="mod-am", name="Ministry of Defence")
    incident = factories.IncidentFactory(title="Clash near Norabak")
    IncidentPlace.objects.create(incident=incident, place=place)
    statements = []
    for n, slug in enumerate(["armenian", "azerbaijani", "russian"]):
        statement = factories.StatementFactory(
            incident=incident,
            side=factories.side(slug),
            actor=actor,
            article=factories.ArticleFactory(outlet=outlet),
            review_status=ReviewStatus.ACCEPTED if n < 2 else ReviewStatus.PENDING,
        )
        StatementPlace.objects.create(statement=statement, place=place)
        factories.CasualtyFigureFactory(
            statement=statement, party_side=factories.side("armenian"), killed_low=n, killed_high=n + 1
        )
        statements.append(statement)
    StatementRelation.objects.create(source=statements[1], target=statements[0], kind="denies")
    Feed.objects.create(url="https://armenpress.example.invalid/rss", outlet=outlet)
    factories.ArticleFactory(status=ArticleStatus.FAILED, error="the server answered HTTP 404")
    # Pasted text has no URL, and a finished article no next step: both are empty strings.
    pasted = factories.ArticleFactory(url="", canonical_url="", source="text", step="", published=None)
    factories.StatementFactory(
        incident=incident, article=pasted, review_status=ReviewStatus.ACCEPTED, side=factories.side("russian")
    )


@pytest.fixture(autouse=True)
def world(db, settings, monkeypatch):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute", "user": "1000000/minute"},
    }
    settings.ALLOWED_HOSTS = ["localhost", "testserver", "127.0.0.1"]

    def no_dns(host, port):
        # Submitted URLs are judged without the network: every name "resolves" to a private address.
        return ["10.255.255.1"]

    monkeypatch.setattr("sources.fetching.resolve", no_dns)
    _world()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes the database connection after each request, and with it the test's
    transaction; Django's own test client switches that off the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def editor_token(db) -> str:
    _row, token = AuthToken.objects.create(user=factories.UserFactory(role="editor"))
    return token


# Loaded when the module is collected (the schema view needs no database). The fixture-based loader
# (`schemathesis.pytest.from_fixture`) relies on a pytest internal that pytest 9 no longer has.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=CONFIG)


# The fixtures (data, token, settings) hold for all the examples of an operation on purpose.
FUZZ = hypothesis_settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)


def test_every_check_schemathesis_has_is_run():
    checks = schemathesis.checks.CHECKS.get_all()
    config = CONFIG.projects.get_default().checks
    assert len(checks) >= 10
    assert [check.__name__ for check in checks if not config.get_by_name(name=check.__name__).enabled] == []


@schema.parametrize()
@FUZZ
def test_api_as_editor(case, editor_token):
    CASES[(case.operation.label, "editor")] += 1
    case.call_and_validate(headers={"Authorization": f"Token {editor_token}"})


@schema.parametrize()
@FUZZ
def test_api_anonymously(case):
    CASES[(case.operation.label, "anonymous")] += 1
    case.call_and_validate()
