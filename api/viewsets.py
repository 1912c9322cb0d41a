"""The read-only viewset of the resources an API client looks up by slug (actors, places, outlets).

Kept apart from `api.views`, which may not import `rest_framework.views` (see its docstring).
"""

from __future__ import annotations

from rest_framework import mixins
from rest_framework.viewsets import GenericViewSet

from api.pagination import PagePagination
from api.views import ApiViewMixin


# No docstring on purpose: drf-spectacular would describe every operation of the subclasses with it.
class SlugReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewMixin, GenericViewSet):
    pagination_class = PagePagination
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,120}"
