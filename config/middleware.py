"""Request plumbing that belongs to no app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


class HeadAsGetMiddleware:
    """Answer HEAD with the GET view's status and headers, and no body.

    HTTP says a server that answers GET answers HEAD (RFC 9110 §9.3.2); Django's class-based views
    do, but function views behind ``require_GET`` answered 405 to link checkers and monitors.
    Running the GET view keeps the two answers identical (status, redirects, permissions,
    Content-Length). Placed first, so every other middleware sees the request as a GET.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        response = self.get_response(request)
        if response.streaming:
            response.close()  # the generator is never run: a HEAD must not pay for the body
            response.streaming_content = []
        else:
            response.content = b""
        return response


NUL_MESSAGE = "NUL characters are not allowed in addresses, query strings or form fields."
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _carries_nul(request: HttpRequest) -> str | None:
    """The name of the part that carries a NUL ("path", a query parameter, a form field), or None.

    The API reads JSON only (its fields refuse NUL themselves); its form bodies are left to its
    parsers, which answer 415."""
    if "\x00" in request.path_info:
        return "path"
    fields = [request.GET]
    if request.method == "POST" and request.content_type in _FORM_TYPES and not request.path_info.startswith("/api/"):
        fields.append(request.POST)
    for query in fields:
        for key, values in query.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return key.replace("\x00", "") or "parameter"
    return None


class RejectNulMiddleware:
    """Answer 400 to a request whose path, query string or form fields carry a NUL character.

    PostgreSQL text cannot hold NUL, so such a value reaching a query or a save was a 500 in whichever
    view it met first (search, filters, bulk edits, token URLs). One check here covers them all;
    API clients get the API's JSON error shape. Runs after the CSRF check, so reading the form here
    reads nothing a forged request could not already make Django read.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = _carries_nul(request)
        if name is None:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": NUL_MESSAGE, "code": "invalid", "errors": {name: [NUL_MESSAGE]}}, status=400)
        return render(request, "error.html", {"title": "Bad request", "message": NUL_MESSAGE}, status=400)
