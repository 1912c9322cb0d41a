"""The read-only viewset (and its schema) of the resources an API client looks up by slug (actors, places, outlets).

Kept apart from `api.views`, which may not import `rest_framework.views` (see its docstring).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.viewsets import GenericViewSet

from api.errors import DETAIL_ERRORS, LIST_ERRORS
from api.pagination import PagePagination
from api.views import ApiViewMixin


# No docstring on purpose: drf-spectacular would describe every operation of the subclasses with it.
class SlugReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewMixin, GenericViewSet):
    pagination_class = PagePagination
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,120}"


def read_schema(serializer, listed: str, one: str, *, list_errors=LIST_ERRORS):
    """The schema of a read-only resource: its list (described by `listed`) and its detail (`one`)."""
    return extend_schema_view(
        list=extend_schema(summary=listed, responses={200: serializer(many=True), **list_errors}),
        retrieve=extend_schema(summary=one, responses={200: serializer, **DETAIL_ERRORS}),
    )
