"""Page-number and cursor pagination that refuse a bad page, page size or cursor with 400.

Invariants: a page size is a whole number from 1 to MAX_PAGE_SIZE (a bigger one is refused, not
silently cut); a page number is a positive integer or `last`; a cursor position must parse as the
first ordering field's type, so a forged cursor is a 400 rather than a 500.

Nothing here may import `rest_framework.views`: REST_FRAMEWORK names `PagePagination`, and DRF
resolves it while that module is importing.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, pagination

MAX_PAGE_SIZE = 200


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
