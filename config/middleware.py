"""Request plumbing that belongs to no app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


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
