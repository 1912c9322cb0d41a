"""Who is asking (knox API tokens, or the browser session) and how often they may ask.

Invariants:
- An API token is sent as `Authorization: Token <token>` and carries its user's own role.
- An Authorization header is either understood or refused with 401 naming the `Token` scheme: a
  `Bearer` header, Basic credentials or a bare token are never read as "anonymous" (which would
  quietly answer with the public data only). No header at all is anonymous, or the session's user.
- Throttle rates are read at request time, so changed settings take effect without a restart.

Nothing here may import `rest_framework.views`: the REST_FRAMEWORK settings name these classes,
and DRF resolves them while that module is importing.
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication
from knox.settings import knox_settings
from rest_framework import exceptions, throttling
from rest_framework.authentication import get_authorization_header
from rest_framework.settings import api_settings


class ApiTokenAuthentication(TokenAuthentication):
    """knox tokens (`Authorization: Token <token>`), answering a garbled header with 401 instead of 500,
    and any other Authorization scheme with 401 instead of treating the client as anonymous."""

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if header and header[0].lower() != knox_settings.AUTH_HEADER_PREFIX.lower().encode():
            raise exceptions.AuthenticationFailed(_unknown_scheme_message(header[0]))
        return super().authenticate(request)

    def authenticate_credentials(self, token: bytes):
        try:
            token.decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        return super().authenticate_credentials(token)


def _unknown_scheme_message(scheme: bytes) -> str:
    """Names the scheme the client used when it looks like one (Bearer, Basic …); never echoes a token."""
    expected = f"Send the API token as `Authorization: {knox_settings.AUTH_HEADER_PREFIX} <token>`."
    name = scheme.decode("ascii", "replace")
    if name.isalpha() and len(name) <= 20:
        return f"The {name} authorization scheme is not accepted here. {expected}"
    return f"The Authorization header names no scheme this API accepts. {expected}"


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        scheme = build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")  # noqa: S106
        scheme["description"] = "An API token created at /accounts/tokens/, sent as `Authorization: Token <token>`."
        return scheme


# --- Throttling ----------------------------------------------------------------------------------


class _LiveRateMixin:
    """Read the rate at request time, so settings overrides (and env changes in tests) take effect."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class AnonThrottle(_LiveRateMixin, throttling.AnonRateThrottle):
    pass


class UserThrottle(_LiveRateMixin, throttling.UserRateThrottle):
    pass


class SearchThrottle(throttling.AnonRateThrottle):
    """Anonymous searches per address (the search page, not the API): each costs full-text queries
    over every table. Counted in the cache, like the API throttles."""

    scope = "search"

    def get_rate(self):
        from django.conf import settings

        return settings.SEARCH_THROTTLE_ANON
