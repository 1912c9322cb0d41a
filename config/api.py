"""Shared parts of the REST API: errors, conditional requests, throttles, pagination, parsers, exports.

Every API view mixes in `ApiViewMixin`, so that all of them answer bad input the same way (a 4xx
with a JSON body `{"detail", "code", "errors"?}`) and all of them support conditional requests.

Nothing here may import `rest_framework.views` at module level: the REST_FRAMEWORK settings name
classes in this module, and DRF resolves them while `rest_framework.views` itself is importing.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, OpenApiTypes
from knox.auth import TokenAuthentication
from rest_framework import exceptions, pagination, parsers, permissions, renderers, serializers, status, throttling
from rest_framework.response import Response
from rest_framework.settings import api_settings

from claims.querysets import user_role

logger = logging.getLogger(__name__)

MAX_PAGE_SIZE = 200


# --- Error bodies --------------------------------------------------------------------------------


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


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, reshaped so that every error body is `{"detail", "code", "errors"?}`."""
    if isinstance(exc, DjangoValidationError):
        # Raised by model field parsing deep inside a lookup (e.g. a malformed UUID/date in a filter).
        exc = exceptions.ValidationError(exc.messages)
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge(f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes.")
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
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


# --- Strict JSON types ---------------------------------------------------------------------------
# DRF coerces 12 to "12", "5" to 5 and 1 to True; a JSON API should say the type is wrong instead.


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class StrictSlugRelatedField(serializers.SlugRelatedField):
    def to_internal_value(self, data):
        # PostgreSQL refuses NUL in text; looking one up would be a 500 instead of a 400.
        if not isinstance(data, str) or "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


# --- Authentication ------------------------------------------------------------------------------


class ApiTokenAuthentication(TokenAuthentication):
    """knox tokens (`Authorization: Token <token>`), answering a garbled header with 401 instead of 500."""

    def authenticate_credentials(self, token: bytes):
        try:
            token.decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        return super().authenticate_credentials(token)


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        scheme = build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")  # noqa: S106
        scheme["description"] = "An API token created at /accounts/tokens/, sent as `Authorization: Token <token>`."
        return scheme


# --- Permissions ---------------------------------------------------------------------------------


def is_editor(user) -> bool:
    return user_role(user) in {"editor", "admin"}


class EditorWriteOrReadOnly(permissions.BasePermission):
    """Anyone may read (querysets decide what); only editors and admins may write.

    Views pair it with IsAuthenticatedOrReadOnly, which answers an anonymous write with 401 and tells
    the schema generator that reading needs no credentials.
    """

    message = "Only editors may change data."

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return is_editor(request.user)


class EditorOnly(permissions.BasePermission):
    message = "Only editors may use this endpoint."

    def has_permission(self, request, view) -> bool:
        return is_editor(request.user)


class AuthenticatedReadEditorWrite(permissions.BasePermission):
    message = "Log in (or send an API token) to read this; only editors may change it."

    def has_permission(self, request, view) -> bool:
        if not request.user.is_authenticated:
            return False
        return request.method in permissions.SAFE_METHODS or is_editor(request.user)


# --- Throttling ----------------------------------------------------------------------------------


class _LiveRateMixin:
    """Read the rate at request time, so settings overrides (and env changes in tests) take effect."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class AnonThrottle(_LiveRateMixin, throttling.AnonRateThrottle):
    pass


class UserThrottle(_LiveRateMixin, throttling.UserRateThrottle):
    pass


# --- Body size -----------------------------------------------------------------------------------


class BoundedJSONParser(parsers.JSONParser):
    """JSON bodies up to DATA_UPLOAD_MAX_MEMORY_SIZE; DRF streams the body past Django's own check."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if stream is None:
            return super().parse(stream, media_type, parser_context)
        if limit is not None:
            data = stream.read(limit + 1)
            if len(data) > limit:
                raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")
            stream = io.BytesIO(data)
        return super().parse(stream, media_type, parser_context)


# --- Pagination ----------------------------------------------------------------------------------


def _page_size(request, default: int, param: str = "page_size") -> int:
    raw = request.query_params.get(param)
    if raw is None:
        return default
    if not re.fullmatch(r"[0-9]{1,6}", raw) or not 1 <= int(raw) <= MAX_PAGE_SIZE:
        raise exceptions.ValidationError({param: [f"Must be a whole number from 1 to {MAX_PAGE_SIZE}."]})
    return int(raw)


class PagePagination(pagination.PageNumberPagination):
    """`?page=N&page_size=M` (M ≤ 200); a bigger page size is refused rather than silently cut."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        return _page_size(request, self.page_size)

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param, "1")
        if raw != "last" and (not re.fullmatch(r"[0-9]{1,9}", raw) or int(raw) < 1):
            raise exceptions.ValidationError({"page": ["Must be a page number (1, 2, …) or 'last'."]})
        return raw

    def get_schema_operation_parameters(self, view):
        params = super().get_schema_operation_parameters(view)
        for param in params:
            if param["name"] == self.page_size_query_param:
                param["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}
            if param["name"] == self.page_query_param:
                param["schema"] = {"type": "integer", "minimum": 1}
                param["description"] = "Page number, from 1; a page past the last one is a 404."
        return params

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count"]["description"] = "Number of results across all pages."
        return schema


class CursorPagination(pagination.CursorPagination):
    """Stable paging through a growing table: `?cursor=` from `next`/`previous`, `page_size` ≤ 200.

    The view's `get_cursor_ordering(request)` maps its validated `ordering` parameter to order_by
    fields, whose first one must never be null (DRF writes the cursor position as its string value);
    `cursor_position_fields` says how to parse a position back, so a forged one is a 400.
    """

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = ("-id",)

    def get_page_size(self, request):
        return _page_size(request, self.page_size)

    def get_ordering(self, request, queryset, view):
        return view.get_cursor_ordering(request)

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound:
            raise exceptions.ValidationError({"cursor": ["Invalid cursor; use the `next`/`previous` links."]}) from None
        if cursor is not None and cursor.position is not None:
            try:
                self._check_position(cursor.position)
            except (ValueError, TypeError, DjangoValidationError):
                raise exceptions.ValidationError({"cursor": ["Invalid cursor position."]}) from None
            if cursor.offset > self.offset_cutoff:
                raise exceptions.ValidationError({"cursor": ["Invalid cursor offset."]})
        return cursor

    def _check_position(self, position: str) -> None:
        """The position is compared against the first ordering field; it must parse as that type."""
        ordering = self.get_ordering(self.request, None, self._view)
        name = ordering[0].lstrip("-")
        field = self._view.cursor_position_fields[name]
        field.to_python(position)

    def paginate_queryset(self, queryset, request, view=None):
        self._view = view
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        params = super().get_schema_operation_parameters(view)
        for param in params:
            if param["name"] == self.page_size_query_param:
                param["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}
        return params


# --- Query parameters ----------------------------------------------------------------------------


def reject_nul(value: str, name: str) -> None:
    if "\x00" in value:
        raise exceptions.ValidationError({name: ["NUL characters are not allowed."]})


#: The view actions that take the filterset's query parameters.
FILTERED_ACTIONS = frozenset({"list", "export_csv", "export_jsonl"})


class ApiViewMixin:
    """Strict query parameters, JSON errors, ETag/If-None-Match and If-Match for every API view."""

    #: Query parameters a view accepts besides its filterset's and its paginator's.
    extra_query_params: frozenset[str] = frozenset()

    def allowed_query_params(self) -> set[str]:
        allowed = set(self.extra_query_params)
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None and getattr(self, "action", None) in FILTERED_ACTIONS:
            allowed |= set(filterset_class.base_filters)
        paginator = getattr(self, "paginator", None)
        if paginator is not None and getattr(self, "action", None) == "list":
            for attr in ("page_query_param", "page_size_query_param", "cursor_query_param"):
                if getattr(paginator, attr, None):
                    allowed.add(getattr(paginator, attr))
        return allowed

    def initial(self, request, *args, **kwargs):
        # An unsupported method is 405 whoever asks (not 401/403 from the permission check first).
        if request.method.lower() not in self.http_method_names or not hasattr(self, request.method.lower()):
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        allowed = self.allowed_query_params()
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            hint = ", ".join(sorted(allowed)) or "none"
            raise exceptions.ValidationError(
                {name: [f"Unknown query parameter. Accepted here: {hint}."] for name in unknown}
            )
        for name, values in request.query_params.lists():
            for value in values:
                reject_nul(value, name)
                if not value.strip():
                    raise exceptions.ValidationError({name: ["Empty value; leave the parameter out instead."]})

    def filter_queryset(self, queryset):
        # Filters narrow lists (and exports); a detail URL takes none, so skip building the form.
        if getattr(self, "action", None) not in FILTERED_ACTIONS:
            return queryset
        return super().filter_queryset(queryset)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        # Errors are JSON even on endpoints that otherwise answer CSV or JSON Lines.
        if not isinstance(getattr(self.request, "accepted_renderer", None), renderers.JSONRenderer):
            self.request.accepted_renderer = renderers.JSONRenderer()
            self.request.accepted_media_type = "application/json"
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            request.method not in ("GET", "HEAD", "PATCH")
            or response.status_code != 200
            or not isinstance(response, Response)
            or getattr(response, "exception", False)
        ):
            return response
        # The ETag is a hash of the body: it changes whenever anything shown changes (a related
        # actor's name, a casualty figure), not only when the row's version does.
        response.render()
        etag = content_etag(response.content)
        response["ETag"] = etag
        patch_vary_headers(response, ["Authorization", "Cookie"])
        if request.method != "PATCH" and etag_matches(request.headers.get("If-None-Match", ""), etag, weak=True):
            not_modified = Response(status=304, headers={"ETag": etag})
            not_modified.accepted_renderer = response.accepted_renderer
            not_modified.accepted_media_type = response.accepted_media_type
            not_modified.renderer_context = response.renderer_context
            patch_vary_headers(not_modified, ["Authorization", "Cookie", "Accept"])
            return not_modified
        return response

    def check_if_match(self, request, current: dict) -> None:
        """412 unless If-Match names the ETag of `current` (the object's representation as GET shows it)."""
        header = request.headers.get("If-Match", "").strip()
        etag = content_etag(renderers.JSONRenderer().render(current))
        if not header:
            raise PreconditionRequired()
        if not etag_matches(header, etag, weak=False):
            raise PreconditionFailed(etag=etag)


def content_etag(content: bytes) -> str:
    return '"' + hashlib.blake2b(content, digest_size=16).hexdigest() + '"'


def etag_matches(header: str, etag: str, *, weak: bool) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    for candidate in header.split(","):
        candidate = candidate.strip()
        if weak and candidate.startswith("W/"):
            candidate = candidate[2:]
        if candidate == etag:
            return True
    return False


#: OpenAPI descriptions of the conditional-request headers.
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="An ETag from an earlier response; the answer is 304 with no body if nothing changed.",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag of the representation you last read (from GET). A stale one gets 412.",
)


# --- Exports -------------------------------------------------------------------------------------


class CSVRenderer(renderers.BaseRenderer):
    """Documents and negotiates `text/csv`; the body itself is streamed by the view."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict):  # an error body reaching a CSV-only endpoint
            return json.dumps(data).encode()
        return b""


class JSONLinesRenderer(CSVRenderer):
    media_type = "application/jsonl"
    format = "jsonl"


def streaming_export(chunks: Iterable[str], fmt: str, filename: str) -> StreamingHttpResponse:
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else "application/jsonl; charset=utf-8"
    response = StreamingHttpResponse((chunk.encode() for chunk in chunks), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


# --- OpenAPI post-processing ---------------------------------------------------------------------


def _header(description: str, schema_type: str = "string") -> dict:
    return {"description": description, "schema": {"type": schema_type}, "required": True}


#: Descriptions of the fields that mean the same wherever they appear, for the schema properties
#: that do not carry their own (a test checks that every property ends up described).
FIELD_DESCRIPTIONS = {
    "aliases": "Other spellings and names it is known by.",
    "article": "The article the statement was found in (null for one entered by hand).",
    "attempts": "How many times the pipeline has tried to process it.",
    "author": "The byline, if the article gives one.",
    "blame": "For each side, which sides its statements blame and how often.",
    "blamed_side": "The side the statement blames, if any.",
    "blames": "The sides blamed, most often first, with counts.",
    "canonical_url": "The article's canonical URL (used to recognise duplicates).",
    "captured": "Number captured as [low, high], or null.",
    "casualties": "Casualty figures given by the statement, one per party.",
    "civilian": "True for civilians, false for military or security forces.",
    "columns": "The sides whose accounts are compared, in column order.",
    "confidence": "How sure the extraction is of the attribution, from 0 to 1.",
    "content": "What was claimed, in short.",
    "count": "How many there are.",
    "country": "ISO 3166 two-letter country code, if known.",
    "created_at": "When it was created (ISO 8601).",
    "cue": "Reporting verb or phrase: said, denied, according to …",
    "date_precision": "How precise the dates are: day, week, month, year or unknown.",
    "description": "A longer description.",
    "display_order": "Position of the side's column (lowest first).",
    "domains": "Web domains the outlet publishes on.",
    "duplicate_of": "Id of the article this one duplicates, if any.",
    "end": "Offset in the article text just after the sentence.",
    "end_date": "Last day of the incident, if it lasted more than a day.",
    "event_date": "When the claimed event happened, as far as the statement says.",
    "failure_count": "Polls that failed in a row (the interval backs off).",
    "homepage": "The outlet's home page.",
    "id": "Numeric identifier.",
    "incident_confidence": "How sure the link to the incident is, from 0 to 1.",
    "killed": "Number killed as [low, high], or null.",
    "kind": "What kind of thing it is.",
    "label": "The same, as a person reads it.",
    "language": "Language code detected in the text.",
    "last_error": "Why the last poll failed, if it did.",
    "last_polled_at": "When the feed was last polled.",
    "latitude": "Latitude in decimal degrees (WGS 84).",
    "longitude": "Longitude in decimal degrees (WGS 84).",
    "measures": "The counts compared: killed, wounded, captured, missing.",
    "merged_into": "Id of the incident this one was merged into, if any.",
    "missing": "Number missing as [low, high], or null.",
    "name": "Display name.",
    "next": "URL of the next page, or null on the last page.",
    "next_poll_at": "When the feed is due to be polled again.",
    "outlet": "The publisher.",
    "outlet_name": "The publisher's name, if the text does not say.",
    "pipeline_version": "Version of the extraction pipeline that produced it.",
    "places": "Places named.",
    "previous": "URL of the previous page, or null on the first page.",
    "processed_at": "When the pipeline finished with it.",
    "published": "Publication date (YYYY-MM-DD).",
    "reason": "Why the link was suggested or made.",
    "region": "Region or province.",
    "results": "The items of this page.",
    "review_status_label": "The review status as a person reads it.",
    "role": "The person's or body's role, e.g. 'spokesperson'.",
    "rows": "One row per party (side, civilian or military).",
    "side": "The side, by slug or as an object with its slug, name and colour.",
    "slug": "Stable identifier used in URLs and filters.",
    "source": "How the article arrived: feed, url, text, file or bulk.",
    "speaker": "The speaker as the article writes it.",
    "stance_label": "The stance as a person reads it.",
    "start_date": "First day of the incident.",
    "statements": "Statements, in reading order.",
    "status": "Where it stands.",
    "status_label": "The status as a person reads it.",
    "summary": "A neutral summary of what happened.",
    "title": "Title.",
    "updated_at": "When it last changed (ISO 8601).",
    "version": "Bumped on every edit; part of what the ETag reflects.",
    "when": "When the change was made.",
    "word_count": "Number of words in the clean text.",
    "wounded": "Number wounded as [low, high], or null.",
}


def schema_postprocess(result, generator, request, public):
    """Say in the schema what every operation does the same way: empty query values are refused
    (minLength 1), JSON answers carry an ETag, a 429 carries Retry-After, a 202 a Location; and
    describe the common fields that have no description of their own."""
    for component_name, component in result.get("components", {}).get("schemas", {}).items():
        if component_name.startswith("Paginated"):
            component.setdefault("description", "One page of results, with links to the next and previous pages.")
        for name, prop in (component.get("properties") or {}).items():
            if "description" not in prop and name in FIELD_DESCRIPTIONS:
                prop["description"] = FIELD_DESCRIPTIONS[name]
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                schema = parameter.get("schema", {})
                target = schema.get("items", schema) if schema.get("type") == "array" else schema
                if target.get("type") == "string" and "enum" not in target:
                    target.setdefault("minLength", 1)
            responses = operation.get("responses", {})
            ok = responses.get("200", {})
            if method in ("get", "patch") and "application/json" in ok.get("content", {}):
                ok.setdefault("headers", {})["ETag"] = _header(
                    "Hash of this representation: send it in If-None-Match (304 if unchanged) or If-Match."
                )
            if "429" in responses:
                responses["429"].setdefault("headers", {})["Retry-After"] = _header(
                    "Seconds to wait before the next request.", "integer"
                )
            if "202" in responses:
                responses["202"].setdefault("headers", {})["Location"] = _header("The article's status URL.")
    return result
