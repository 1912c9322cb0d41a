"""CSV and JSON Lines exports: the renderers that name the formats, and the streamed response.

The renderers only document and negotiate the media types (and render an error body as JSON); the
rows themselves are streamed by `streaming_export`, so an export never sits whole in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.http import StreamingHttpResponse
from rest_framework import renderers


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
