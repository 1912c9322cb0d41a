"""One error body for the whole API, and the exceptions and handler that produce it.

Invariants:
- Every 4xx/5xx answer of an API view is JSON shaped as `ErrorSerializer` says: `{"detail", "code",
  "errors"?, "retry_after"?}`, whatever the endpoint otherwise renders (CSV, JSON Lines).
- A refused editorial service call is mapped to HTTP here and only here: `VersionConflict` is 412,
  any other `ClaimsError` 400 naming its field. Views let them propagate.
- An unexpected exception is logged and answered with a generic 500 body (rolled back), unless DEBUG.

The REST_FRAMEWORK setting names `api_exception_handler`, and DRF resolves it while
`rest_framework.views` is importing: so that module is imported inside the handler only.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from claims.errors import ClaimsError, VersionConflict

logger = logging.getLogger(__name__)


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx/5xx answer of the API."""

    detail = serializers.CharField(help_text="What went wrong, in one sentence meant for a person.")
    code = serializers.CharField(help_text="A stable machine-readable code, e.g. `not_found`, `invalid`, `throttled`.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For `invalid` input: the messages for each offending field or query parameter.",
    )
    retry_after = serializers.IntegerField(
        required=False, help_text="For `throttled`: seconds to wait before retrying (also in `Retry-After`)."
    )


def error_response(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=ErrorSerializer, description=description)


#: Error responses every operation can give; views add their own (404, 412, 413 …).
COMMON_ERRORS = {
    400: error_response("Bad input: unknown or malformed query parameters, or an invalid body."),
    401: error_response("The API token is invalid or expired."),
    403: error_response("Not allowed for this user (writes are for editors)."),
    406: error_response("No representation matches the Accept header."),
    429: error_response("Too many requests; retry after the number of seconds in `Retry-After`."),
}
NOT_FOUND = {404: error_response("No such object, or not visible to this user.")}
WRITE_ERRORS = {
    413: error_response("The request body is larger than the server accepts."),
    415: error_response("Unsupported Content-Type; send application/json."),
}


def errors(*codes: int, **extra: OpenApiResponse) -> dict[int, OpenApiResponse]:
    """Pick error responses for `extend_schema(responses=...)`."""
    table = {**COMMON_ERRORS, **NOT_FOUND, **WRITE_ERRORS}
    picked = {code: table[code] for code in codes}
    picked.update({int(code): response for code, response in extra.items()})
    return picked


def json_errors(*codes: int) -> dict[tuple[int, str], OpenApiResponse]:
    """Error responses for endpoints whose success is not JSON (exports): errors still are."""
    return {(code, "application/json"): response for code, response in errors(*codes).items()}


#: The error sets the read endpoints of every app share.
READ_ERRORS = errors(400, 401, 406, 429)
LIST_ERRORS = errors(400, 401, 404, 406, 429)
DETAIL_ERRORS = errors(400, 401, 404, 406, 429)


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "This update needs an If-Match header carrying the ETag you last read."
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The object changed since you read it; fetch it again and re-apply your change."
    default_code = "precondition_failed"

    def __init__(self, detail=None, *, etag: str = ""):
        super().__init__(detail)
        self.headers = {"ETag": etag} if etag else {}


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """{"a": {"b": ["x"]}, "c": [..]} → {"a.b": ["x"], "c": [...]} so every error is a list of strings."""
    flat: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            flat.update(_flatten(value, name))
    elif isinstance(detail, list) and any(isinstance(item, (dict, list)) for item in detail):
        for index, value in enumerate(detail):
            flat.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
    elif isinstance(detail, list):
        flat[prefix or "non_field_errors"] = [str(item) for item in detail]
    else:
        flat[prefix or "non_field_errors"] = [str(detail)]
    return flat


def _first_code(detail: Any) -> str:
    if isinstance(detail, exceptions.ErrorDetail):
        return detail.code or "invalid"
    if isinstance(detail, dict):
        for value in detail.values():
            return _first_code(value)
    if isinstance(detail, list) and detail:
        return _first_code(detail[0])
    return "invalid"


def _service_refusal(refused: ClaimsError) -> exceptions.APIException:
    """The one mapping of a refused editorial service call: a lost race is 412, bad input 400."""
    if isinstance(refused, VersionConflict):
        return PreconditionFailed(refused.message)
    return exceptions.ValidationError({getattr(refused, "field", None) or "non_field_errors": [refused.message]})


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, reshaped so that every error body is `{"detail", "code", "errors"?}`; Django's
    own exceptions and the claims services' refusals become the matching 4xx first."""
    if isinstance(exc, DjangoValidationError):
        # Raised by model field parsing deep inside a lookup (e.g. a malformed UUID/date in a filter).
        exc = exceptions.ValidationError(exc.messages)
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge(f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes.")
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    elif isinstance(exc, ClaimsError):
        exc = _service_refusal(exc)
    # Imported here: DRF resolves the parser (api.views, which imports this module) while
    # rest_framework.views is itself still importing.
    from rest_framework.views import exception_handler as drf_exception_handler
    from rest_framework.views import set_rollback

    response = drf_exception_handler(exc, context)
    if response is None:
        if settings.DEBUG:
            return None
        set_rollback()
        logger.exception("Unhandled error in API view %s", context.get("view").__class__.__name__)
        return Response(
            {"detail": "The server failed to handle this request; it has been logged.", "code": "server_error"},
            status=500,
        )
    detail = getattr(exc, "detail", None)
    if isinstance(exc, exceptions.ValidationError):
        body: dict[str, Any] = {"detail": "Invalid input.", "code": "invalid", "errors": _flatten(detail)}
        first = next(iter(body["errors"].items()), None)
        if first:
            field, messages = first
            body["detail"] = messages[0] if field == "non_field_errors" else f"{field}: {messages[0]}"
    elif isinstance(detail, (dict, list)):
        body = {"detail": "Invalid input.", "code": _first_code(detail), "errors": _flatten(detail)}
    else:
        code = detail.code if isinstance(detail, exceptions.ErrorDetail) else "error"
        body = {"detail": str(detail if detail is not None else exc), "code": code}
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        body["retry_after"] = max(1, int(exc.wait + 0.999))
        response["Retry-After"] = str(body["retry_after"])
    for header, value in getattr(exc, "headers", {}).items():
        response[header] = value
    response.data = body
    return response


@csrf_exempt  # answers every method with a 404, including the unsafe ones
def not_found(request, *args, **kwargs) -> JsonResponse:
    """JSON 404 for paths under /api/v1/ that match no endpoint (instead of the HTML page)."""
    return JsonResponse({"detail": "No API endpoint at this path.", "code": "not_found"}, status=404)
