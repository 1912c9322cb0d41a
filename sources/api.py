"""REST endpoints for outlets, feeds (editors) and articles (submission and progress)."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Count, Q
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from accounts.permissions import AuthenticatedReadEditorWrite, EditorOnly
from api.errors import errors
from api.pagination import PagePagination
from api.views import ApiViewMixin
from api.viewsets import SlugReadViewSet, read_schema
from sources.models import Article, ArticleSource, ArticleStatus, Feed, Outlet
from sources.serializers import (
    ArticleAcceptedSerializer,
    ArticleDetailSerializer,
    ArticleSerializer,
    ArticleSubmitSerializer,
    FeedSerializer,
    OutletSerializer,
)


class OutletFilterSet(filters.FilterSet):
    # The side model is reached through the relation, so that `sources` need not import `claims`.
    side = filters.ModelChoiceFilter(
        to_field_name="slug",
        queryset=Outlet._meta.get_field("side").related_model.objects.all(),
        help_text="Aligned side.",
    )
    country = filters.CharFilter(max_length=2, help_text="ISO 3166 two-letter country code.")
    affiliation = filters.ChoiceFilter(choices=Outlet.Affiliation.choices)
    q = filters.CharFilter(method="filter_q", max_length=200, help_text="Part of the name or a domain.")

    class Meta:
        model = Outlet
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(slug__icontains=value) | Q(domains__icontains=value))


class ArticleFilterSet(filters.FilterSet):
    status = filters.MultipleChoiceFilter(
        choices=ArticleStatus.choices, distinct=False, help_text="Status (repeatable)."
    )
    source = filters.ChoiceFilter(choices=ArticleSource.choices, help_text="How the article arrived.")
    outlet = filters.ModelChoiceFilter(to_field_name="slug", queryset=Outlet.objects.all(), help_text="Outlet slug.")
    published_from = filters.DateFilter(field_name="published", lookup_expr="gte")
    published_to = filters.DateFilter(field_name="published", lookup_expr="lte")

    class Meta:
        model = Article
        fields: list[str] = []


class FeedFilterSet(filters.FilterSet):
    # A strict "true"/"false" (BooleanFilter would take any other word as "not filtered").
    is_active = filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_active",
        help_text="Only active (true) or inactive (false) feeds.",
    )
    outlet = filters.ModelChoiceFilter(to_field_name="slug", queryset=Outlet.objects.all(), help_text="Outlet slug.")

    class Meta:
        model = Feed
        fields: list[str] = []

    def filter_active(self, queryset, name, value: str):
        return queryset.filter(is_active=value == "true")


@read_schema(OutletSerializer, "Outlets (publishers)", "One outlet")
class OutletViewSet(SlugReadViewSet):
    queryset = Outlet.objects.select_related("side").order_by("name", "id")
    serializer_class = OutletSerializer
    filterset_class = OutletFilterSet


@extend_schema_view(
    list=extend_schema(
        summary="Articles and their progress (logged-in users)",
        responses={200: ArticleSerializer(many=True), **errors(400, 401, 403, 404, 406, 429)},
    ),
    retrieve=extend_schema(
        summary="One article: its status, current step and error, and the incidents its statements belong to",
        responses={200: ArticleDetailSerializer, **errors(400, 401, 403, 404, 406, 429)},
    ),
    create=extend_schema(
        summary="Submit a URL or a text for analysis (editors)",
        description="Answers 202 at once: the article is fetched and analysed in the background. "
        "Follow `status_url` (also in the Location header) to see its progress and any error.",
        request=ArticleSubmitSerializer,
        responses={
            202: OpenApiResponse(ArticleAcceptedSerializer, description="Accepted; processing is queued."),
            **errors(400, 401, 403, 406, 413, 415, 429),
        },
    ),
)
class ArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewMixin, GenericViewSet):
    serializer_class = ArticleSerializer
    filterset_class = ArticleFilterSet
    pagination_class = PagePagination
    permission_classes = [AuthenticatedReadEditorWrite]
    http_method_names = ["get", "head", "post", "options"]

    def get_serializer_class(self):
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer

    def get_queryset(self):
        return (
            Article.objects.select_related("outlet")
            # The texts and the analysis can be large and are not part of this representation.
            .defer("raw", "text", "analysis", "minhash_bands")
            .annotate(statement_count=Count("statements"))
            .order_by("-created_at", "-id")
        )

    def create(self, request, *args, **kwargs):
        from sources.errors import SubmissionRefused
        from sources.services import article_submit

        serializer = ArticleSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        url = data.get("url", "")
        try:
            article, created = article_submit(
                url=url,
                text=data.get("text", "") if not url else "",
                title=data.get("title", ""),
                outlet_name=data.get("outlet_name", ""),
                published=data.get("published"),
                source=ArticleSource.URL if url else ArticleSource.TEXT,
                user=request.user,
            )
        except SubmissionRefused as refused:
            raise exceptions.ValidationError({"url" if url else "text": [refused.message]}) from None
        status_url = request.build_absolute_uri(reverse("api-article-detail", kwargs={"pk": article.pk}))
        body = {
            "id": article.pk,
            "status": article.status,
            "status_url": status_url,
            "duplicate": not created,
        }
        return Response(
            ArticleAcceptedSerializer(body).data, status=status.HTTP_202_ACCEPTED, headers={"Location": status_url}
        )


@extend_schema_view(
    list=extend_schema(
        summary="Feeds (editors)", responses={200: FeedSerializer(many=True), **errors(400, 401, 403, 404, 406, 429)}
    ),
    retrieve=extend_schema(
        summary="One feed (editors)", responses={200: FeedSerializer, **errors(400, 401, 403, 404, 406, 429)}
    ),
    create=extend_schema(
        summary="Add a feed (editors)", responses={201: FeedSerializer, **errors(400, 401, 403, 406, 413, 415, 429)}
    ),
    partial_update=extend_schema(
        summary="Change a feed (editors)",
        responses={200: FeedSerializer, **errors(400, 401, 403, 404, 406, 413, 415, 429)},
    ),
    destroy=extend_schema(
        summary="Remove a feed (editors); its articles stay",
        responses={204: OpenApiResponse(description="Removed."), **errors(400, 401, 403, 404, 406, 429)},
    ),
)
class FeedViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ApiViewMixin,
    GenericViewSet,
):
    queryset = Feed.objects.select_related("outlet").order_by("url", "id")
    serializer_class = FeedSerializer
    filterset_class = FeedFilterSet
    pagination_class = PagePagination
    permission_classes = [EditorOnly]
    http_method_names = ["get", "head", "post", "patch", "delete", "options"]
