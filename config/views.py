"""Operational endpoints."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import Resolver404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _failure(what: str, exc: Exception) -> tuple[bool, str]:
    detail = f"{type(exc).__name__}: {exc}".strip()[:200]
    logger.warning("health check: the %s is unavailable: %s", what, detail)
    return False, detail


def _database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True, "ok"
    except Exception as exc:  # any failure means "not reachable" to a health probe
        return _failure("database", exc)


def _broker_ok() -> tuple[bool, str]:
    if not settings.CELERY_BROKER_URL:
        return True, "in-process (no broker configured)"
    from config.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True, "ok"
    except Exception as exc:
        return _failure("broker", exc)


def _is_staff(request) -> bool:
    try:
        return request.user.is_staff
    except Exception:  # the user comes from the database, which may be the thing that is down
        return False


@never_cache
@require_safe
def healthz(request):
    """Database and broker status; why a check failed is told to staff only (and to the log).

    An error's text can name hosts, ports, users and database names: nothing an anonymous
    monitoring probe needs to know.
    """
    db_ok, db_detail = _database_ok()
    broker_ok, broker_detail = _broker_ok()
    if not _is_staff(request):
        db_detail = db_detail if db_ok else "unavailable"
        broker_detail = broker_detail if broker_ok else "unavailable"
    healthy = db_ok and broker_ok
    body = {
        "status": "ok" if healthy else "unavailable",
        "database": {"ok": db_ok, "detail": db_detail},
        "broker": {"ok": broker_ok, "detail": broker_detail},
    }
    return JsonResponse(body, status=200 if healthy else 503)


def page_not_found(request, exception):
    """The branded 404: says why when the view said why ("not public yet"), never Django's internals."""
    reason = exception.args[0] if exception is not None and exception.args else None
    if not isinstance(reason, str) or isinstance(exception, Resolver404):
        reason = "There is no page at this address."
    elif reason.startswith("No ") and reason.endswith(" matches the given query."):
        reason = f"There is no such {reason[3:-25].lower()}, or it is not public yet."
    return render(request, "404.html", {"reason": reason}, status=404)


def bad_request(request, exception=None):
    """The 400 page, naming the limit when the body was too large (instead of a bare "Bad Request")."""
    from django.core.exceptions import RequestDataTooBig
    from django.shortcuts import render

    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        message = f"The submitted form is larger than the {limit / 1024 / 1024:.1f} MiB this site accepts."
    else:
        message = "The request could not be understood."
    return render(request, "error.html", {"title": "Bad request", "message": message}, status=400)
