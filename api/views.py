"""What every API view does the same way: strict query parameters, JSON errors, conditional requests.

Invariants:
- Every API view mixes in `ApiViewMixin`: an unknown, empty or NUL-carrying query parameter is a
  400, an unsupported method a 405 before any permission check, and errors are JSON even on
  endpoints that otherwise answer CSV or JSON Lines.
- A 200 JSON answer to GET/HEAD/PATCH carries an ETag that hashes its body (so it changes whenever
  anything shown changes); If-None-Match gives 304, and updates need a matching If-Match (428/412).
- A JSON body larger than DATA_UPLOAD_MAX_MEMORY_SIZE is a 413, even though DRF streams past
  Django's own check.

Nothing here may import `rest_framework.views` at module level: REST_FRAMEWORK names
`BoundedJSONParser`, and DRF resolves it while that module is importing.
"""

from __future__ import annotations

import hashlib
import io

from django.conf import settings
from django.utils.cache import patch_vary_headers
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, OpenApiTypes
from rest_framework import exceptions, parsers, renderers
from rest_framework.response import Response

from api.errors import PayloadTooLarge, PreconditionFailed, PreconditionRequired

#: No request body of ours nests deeper than a few levels; anything deeper is refused, not parsed.
JSON_MAX_DEPTH = 32


def json_depth_exceeds(data, limit: int) -> bool:
    """Whether the parsed JSON `data` nests containers more than `limit` deep (iterative: no recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return True
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return False


class BoundedJSONParser(parsers.JSONParser):
    """JSON bodies up to DATA_UPLOAD_MAX_MEMORY_SIZE and JSON_MAX_DEPTH levels of nesting; DRF streams
    the body past Django's own size check, and Python's parser dies of recursion on deep nesting."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if stream is None:
            return super().parse(stream, media_type, parser_context)
        if limit is not None:
            data = stream.read(limit + 1)
            if len(data) > limit:
                raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")
            stream = io.BytesIO(data)
        too_deep = exceptions.ParseError(f"JSON nested more than {JSON_MAX_DEPTH} levels deep is not accepted.")
        try:
            parsed = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise too_deep from None
        if json_depth_exceeds(parsed, JSON_MAX_DEPTH):
            raise too_deep
        return parsed


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
NOT_MODIFIED = OpenApiResponse(description="Not modified since the ETag in If-None-Match.")
