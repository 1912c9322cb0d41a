"""Errors of the ingestion side, each carrying a one-line message meant for a person.

`TransientError` marks the failures worth retrying (timeouts, refused connections, 5xx/429
answers); everything else is permanent and ends as a failed Article with its message.
"""

from __future__ import annotations


class MessageError(Exception):
    """An error whose `message` is one line meant for a person."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class SubmissionRefused(MessageError):
    """Bad input at the door (an unsafe URL, empty text, a binary file): nothing was stored."""


class IngestError(MessageError):
    """A pipeline step could not finish; `code` is stable, the message is for people.

    A subclass names its code in its bases: ``class FetchError(IngestError, code="fetch")``.
    """

    code = "error"

    def __init_subclass__(cls, code: str | None = None, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if code is not None:
            cls.code = code


class TransientError(IngestError, code="transient"):
    """Worth another try later: the same request may well succeed."""


class FetchError(IngestError, code="fetch"): ...


class FetchRefused(FetchError, code="refused"):
    """The URL points somewhere we will not go (scheme, private address, unresolvable host)."""


class FetchTooLarge(FetchError, code="too-large"): ...


class FetchContentType(FetchError, code="content-type"): ...


class FetchTooManyRedirects(FetchError, code="redirects"): ...


class HTTPStatusError(MessageError):
    """An error answer of the server: the message names its `status`."""

    def __init__(self, status: int, reason: str = "") -> None:
        self.status = status
        super().__init__(f"the server answered HTTP {status}{' ' + reason if reason else ''}")


class FetchHTTPError(HTTPStatusError, FetchError, code="http"): ...


class FetchTransient(TransientError, FetchError, code="fetch-transient"):
    """A timeout, a dropped connection or a 5xx/429 answer."""


class FetchServerError(HTTPStatusError, FetchTransient): ...


class TextError(IngestError, code="text"):
    """No usable text in what was fetched or submitted."""
