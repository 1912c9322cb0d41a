"""/healthz reports whether the database and the broker can be reached."""

from __future__ import annotations

import pytest

from tests.conftest import require_service
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RABBITMQ = "amqp://guest:guest@127.0.0.1:5672//"


@pytest.fixture
def broker_url(settings):
    """Set the broker for both Django settings and the already-configured Celery app."""
    from config.celery import app

    saved = app.conf.broker_url

    def use(url):
        settings.CELERY_BROKER_URL = url
        app.conf.broker_url = url
        app._pool = None

    yield use
    app.conf.broker_url = saved
    app._pool = None


def _rabbitmq_up() -> bool:
    from kombu import Connection

    try:
        with Connection(RABBITMQ, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        return False


def test_healthy_without_a_broker_runs_tasks_in_process(client, settings):
    settings.CELERY_BROKER_URL = None
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == {"ok": True, "detail": "ok"}
    assert body["broker"]["ok"] is True and "in-process" in body["broker"]["detail"]
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_reachable_rabbitmq_is_reported_ok(client, broker_url):
    require_service(_rabbitmq_up(), f"RabbitMQ is not reachable at {RABBITMQ}")
    broker_url(RABBITMQ)
    body = client.get("/healthz").json()
    assert body["broker"] == {"ok": True, "detail": "ok"}


def test_an_unreachable_broker_makes_the_check_fail_with_503(client, broker_url):
    # Port 1 on loopback: nothing listens there, so the connection is refused at once.
    broker_url("amqp://guest:guest@127.0.0.1:1//")
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["broker"] == {"ok": False, "detail": "unavailable"}  # the reason goes to staff and the log
    assert body["database"]["ok"] is True


@pytest.fixture
def broken_database(settings, monkeypatch):
    """The health check's own database connection fails, with a message naming the server."""
    from django.db import OperationalError

    from config import views

    settings.CELERY_BROKER_URL = None

    class Broken:
        def cursor(self):
            raise OperationalError('connection to server at "db.internal" (10.0.0.5), port 5432 failed')

    monkeypatch.setattr(views, "connection", Broken())


def test_a_database_error_makes_the_check_fail_with_503_without_saying_why_to_anonymous_callers(
    client, broken_database, caplog
):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {"ok": False, "detail": "unavailable"}
    assert b"db.internal" not in response.content and b"10.0.0.5" not in response.content
    assert "db.internal" in caplog.text  # the operator still finds the reason in the log


def test_staff_see_why_the_database_check_failed(client, broken_database):
    client.force_login(UserFactory(is_staff=True))
    detail = client.get("/healthz").json()["database"]["detail"]
    assert detail.startswith('OperationalError: connection to server at "db.internal"')


def test_head_is_answered_like_get(client, settings):
    settings.CELERY_BROKER_URL = None
    response = client.head("/healthz")
    assert response.status_code == 200 and response.content == b""


def test_only_get_is_allowed(client):
    assert client.post("/healthz").status_code == 405
