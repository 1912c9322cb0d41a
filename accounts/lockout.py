"""Failed-login throttling (django-axes): by username and address together, on the site and the admin.

After LOGIN_FAILURE_LIMIT wrong passwords for one username from one address, that pair is locked
out for LOGIN_LOCKOUT_MINUTES (each further try restarts the wait) and gets a 429 page saying so;
the same username from elsewhere, or another username from the same address, still signs in.
Attempts are kept in the database, so every worker sees them without a shared cache.
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.throttling import BaseThrottle


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked-out username+address before the password is checked.

    A sign-in made without a request (the test client's `login`, a script calling `authenticate`)
    has no address to throttle by and no attacker behind it: it is left to the next backend rather
    than refused, as axes' own backend would.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request: HttpRequest) -> str:
    """The client's address by the API throttles' rule: the connecting address, or behind
    API_NUM_PROXIES trusted proxies the one they saw (a client cannot pick its own)."""
    return BaseThrottle().get_ident(request)


def lockout_response(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    """The 429 page (or the login form's place) saying why signing in is refused and for how long."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username": get_client_username(request, credentials) or "",
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)
