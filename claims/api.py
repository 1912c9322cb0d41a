"""REST endpoints for sides, actors, places, incidents, statements and their relations and history.

Visibility lives in the querysets (`visible_to(request.user)`); writes go through the editorial
services in `claims.services`; every list and detail costs a fixed number of SQL queries.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from accounts.permissions import AuthenticatedReadEditorWrite, EditorWriteOrReadOnly
from api.errors import (
    DETAIL_ERRORS,
    LIST_ERRORS,
    READ_ERRORS,
    PreconditionFailed,
    error_response,
    errors,
    json_errors,
)
from api.pagination import CursorPagination, PagePagination
from api.renderers import CSVRenderer, JSONLinesRenderer, streaming_export
from api.views import IF_MATCH, IF_NONE_MATCH, NOT_MODIFIED, ApiViewMixin
from api.viewsets import SlugReadViewSet, read_schema
from claims.exports import statements_export
from claims.history import history_for
from claims.models import Actor, Incident, Place, Side, Statement, StatementRelation
from claims.selectors.cards import STATEMENT_VALUES, statement_cards, with_event_day
from claims.selectors.comparison import incident_cards, incident_sides
from claims.selectors.filters import (
    STATEMENT_ORDERINGS,
    ActorFilterSet,
    IncidentFilterSet,
    PlaceFilterSet,
    RelationFilterSet,
    StatementFilterSet,
)
from claims.selectors.review import (
    REJECTED_HIDE,
    REJECTED_PARAM,
    REJECTED_SHOW,
    REVIEWED_ALL,
    REVIEWED_ONLY,
    REVIEWED_PARAM,
    BadReviewScope,
    review_scope,
)
from claims.serializers import (
    ActorSerializer,
    HistoryEntrySerializer,
    IncidentSerializer,
    IncidentUpdateSerializer,
    PlaceSerializer,
    RelationCreateSerializer,
    RelationSerializer,
    SideSerializer,
    StatementSerializer,
    StatementUpdateSerializer,
)
from claims.serializers_incident import IncidentExpandedSerializer
from claims.services import incident_update, relation_create, statement_review, statement_update

UPDATE_ERRORS = errors(
    400,
    401,
    403,
    404,
    406,
    413,
    415,
    429,
    **{
        "412": error_response("If-Match does not name the current version; GET it again (the ETag is in this answer)."),
        "428": error_response("The If-Match header is missing."),
    },
)


@read_schema(SideSerializer, "The sides, in column order", "One side", list_errors=READ_ERRORS)
class SideViewSet(SlugReadViewSet):
    queryset = Side.objects.order_by("display_order", "slug")
    serializer_class = SideSerializer
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,40}"
    pagination_class = None


@read_schema(ActorSerializer, "Actors (who speaks)", "One actor")
class ActorViewSet(SlugReadViewSet):
    queryset = Actor.objects.select_related("side", "parent").order_by("name", "id")
    serializer_class = ActorSerializer
    filterset_class = ActorFilterSet


@read_schema(PlaceSerializer, "Places of the gazetteer", "One place")
class PlaceViewSet(SlugReadViewSet):
    queryset = Place.objects.order_by("name", "id")
    serializer_class = PlaceSerializer
    filterset_class = PlaceFilterSet


def export_schema(fmt: str, media_type: str, rows: str, response: str):
    return extend_schema(
        summary=f"Export the filtered statements as {fmt} (streamed)",
        description=f"Takes the same filters as the list; {rows}, by id.",
        filters=True,
        responses={
            (200, media_type): OpenApiResponse(OpenApiTypes.STR, description=response),
            **json_errors(400, 401, 406, 429),
        },
    )


def history_schema(noun: str):
    return extend_schema(
        summary=f"Editorial history of {noun} (logged-in users)",
        responses={200: HistoryEntrySerializer(many=True), **errors(400, 401, 403, 404, 406, 429)},
    )


# The resources everyone may read and editors may write (no docstring: see SlugReadViewSet).
class EditorialViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewMixin, GenericViewSet):
    pagination_class = PagePagination
    permission_classes = [IsAuthenticatedOrReadOnly, EditorWriteOrReadOnly]


# `GET <object>/history/`: the object's editorial history, for logged-in users. (A comment, not a
# docstring: drf-spectacular would describe every operation of the viewsets with it.)
class HistoryMixin:
    @action(
        detail=True,
        methods=["get"],
        permission_classes=[AuthenticatedReadEditorWrite],
        filter_backends=[],
        pagination_class=None,
    )
    def history(self, request, pk=None):
        return Response(HistoryEntrySerializer(history_for(self.get_object()), many=True).data)


EXPAND = OpenApiParameter(
    "expand",
    str,
    enum=["statements"],
    required=False,
    description="`statements`: add each side's statements, the casualty comparison and the blame summary.",
)
#: The incident page's review switches (`claims.selectors.review_scope`), for `?expand=statements`.
REVIEW_SWITCHES = [
    OpenApiParameter(
        REVIEWED_PARAM,
        str,
        enum=[REVIEWED_ONLY, REVIEWED_ALL],
        required=False,
        description="With ?expand=statements: `only` shows accepted statements alone; `all` (the default) "
        "pending ones too.",
    ),
    OpenApiParameter(
        REJECTED_PARAM,
        str,
        enum=[REJECTED_SHOW, REJECTED_HIDE],
        required=False,
        description="With ?expand=statements: `show` adds rejected statements (signed-in clients only: "
        "anonymous clients never see them); `hide` (the default) leaves them out.",
    ),
]


@extend_schema_view(
    list=extend_schema(summary="Incidents", responses={200: IncidentSerializer(many=True), **LIST_ERRORS}),
    retrieve=extend_schema(
        summary="One incident; with ?expand=statements, every side's account of it",
        parameters=[EXPAND, *REVIEW_SWITCHES, IF_NONE_MATCH],
        responses={
            200: IncidentExpandedSerializer,
            304: NOT_MODIFIED,
            **DETAIL_ERRORS,
        },
    ),
    partial_update=extend_schema(
        summary="Edit an incident (editors)",
        description="Send in `If-Match` the ETag of the incident as GET returns it without `expand`.",
        parameters=[IF_MATCH],
        request=IncidentUpdateSerializer,
        responses={200: IncidentSerializer, **UPDATE_ERRORS},
    ),
    history=history_schema("an incident"),
)
class IncidentViewSet(HistoryMixin, EditorialViewSet):
    serializer_class = IncidentSerializer
    filterset_class = IncidentFilterSet
    http_method_names = ["get", "head", "patch", "options"]

    def get_queryset(self):
        visible = Statement.objects.visible_to(self.request.user)
        count = (
            visible.filter(incident=OuterRef("pk"))
            .order_by()
            .values("incident")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        return (
            Incident.objects.visible_to(self.request.user)
            .annotate(statement_count=Coalesce(Subquery(count, output_field=IntegerField()), 0))
            .prefetch_related(Prefetch("places", queryset=Place.objects.order_by("name")))
            .order_by(F("start_date").desc(nulls_last=True), "-id")
        )

    def allowed_query_params(self) -> set[str]:
        allowed = super().allowed_query_params()
        return allowed | {"expand", REVIEWED_PARAM, REJECTED_PARAM} if self.action == "retrieve" else allowed

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            if not str(self.kwargs.get("pk", "")).isdigit():
                raise
            merged_into = (
                Incident.objects.filter(pk=self.kwargs["pk"], merged_into__isnull=False)
                .values_list("merged_into", flat=True)
                .first()
            )
            if merged_into:
                raise exceptions.NotFound(f"This incident was merged into incident {merged_into}.") from None
            raise

    def retrieve(self, request, *args, **kwargs):
        expand = request.query_params.get("expand")
        if expand not in (None, "statements"):
            raise exceptions.ValidationError({"expand": ["The only expansion is 'statements'."]})
        try:
            scope = review_scope(request.query_params, user=request.user)
        except BadReviewScope as error:
            raise exceptions.ValidationError({error.param: [str(error)]}) from None
        incident = self.get_object()
        data = IncidentSerializer(incident, context=self.get_serializer_context()).data
        if expand:
            data.update(incident_sides(incident_cards(incident, user=request.user, scope=scope)))
        return Response(data)

    def partial_update(self, request, *args, **kwargs):
        incident = self.get_object()
        serializer = IncidentUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.check_if_match(request, IncidentSerializer(incident, context=self.get_serializer_context()).data)
        incident_update(
            incident_id=incident.pk,
            expected_version=incident.version,
            changes=serializer.validated_data,
            user=request.user,
        )
        return Response(IncidentSerializer(self.get_object(), context=self.get_serializer_context()).data)


class StatementCursorPagination(CursorPagination):
    pass


@extend_schema_view(
    list=extend_schema(
        summary="Attributed statements (cursor-paginated)",
        responses={200: StatementSerializer(many=True), **READ_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One statement",
        parameters=[IF_NONE_MATCH],
        responses={
            200: StatementSerializer,
            304: NOT_MODIFIED,
            **DETAIL_ERRORS,
        },
    ),
    partial_update=extend_schema(
        summary="Edit a statement (editors)",
        description="Send the ETag of your last GET in `If-Match`; if someone saved the statement since, "
        "the answer is 412 and nothing is changed.",
        parameters=[IF_MATCH],
        request=StatementUpdateSerializer,
        responses={200: StatementSerializer, **UPDATE_ERRORS},
    ),
    history=history_schema("a statement"),
    export_csv=export_schema("CSV", "text/csv", "a header row, then one row per statement", "One row per statement."),
    export_jsonl=export_schema(
        "JSON Lines", "application/jsonl", "one JSON object per line, per statement", "One JSON object per line."
    ),
)
class StatementViewSet(HistoryMixin, EditorialViewSet):
    serializer_class = StatementSerializer
    filterset_class = StatementFilterSet
    pagination_class = StatementCursorPagination
    http_method_names = ["get", "head", "patch", "options"]
    #: How a cursor position is parsed back, per first ordering field (see CursorPagination).
    cursor_position_fields = {
        "id": Statement._meta.get_field("id"),
        "event_day": Statement._meta.get_field("event_date"),
        "confidence": Statement._meta.get_field("confidence"),
        "created_at": Statement._meta.get_field("created_at"),
    }

    # No review switches here: the list filters on `review_status` (any one status, rejected
    # included for signed-in clients), which says more than `reviewed`/`rejected` would, and a
    # default that hid rejected rows would make `?review_status=rejected` answer nothing.
    def get_queryset(self):
        return with_event_day(Statement.objects.visible_to(self.request.user)).order_by("-id")

    def get_cursor_ordering(self, request) -> tuple[str, ...]:
        return STATEMENT_ORDERINGS.get(request.query_params.get("ordering") or "-id", ("-id",))

    def _payload(self, pk) -> dict:
        if not str(pk).isdigit():
            raise exceptions.NotFound("No such statement.")
        rows = list(self.get_queryset().filter(pk=pk).values(*STATEMENT_VALUES))
        if not rows:
            raise exceptions.NotFound("No such statement, or it is not visible to you.")
        return statement_cards(rows, user=self.request.user)[0]

    def list(self, request, *args, **kwargs):
        rows = self.paginate_queryset(self.filter_queryset(self.get_queryset()).values(*STATEMENT_VALUES))
        return self.get_paginated_response(statement_cards(rows, user=request.user))

    def retrieve(self, request, *args, **kwargs):
        return Response(self._payload(self.kwargs["pk"]))

    def partial_update(self, request, *args, **kwargs):
        statement = self.get_object()
        serializer = StatementUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.check_if_match(request, self._payload(statement.pk))
        changes = serializer.changes()
        decision = serializer.validated_data.get("review_status")
        with transaction.atomic():
            if changes:
                statement_update(
                    statement_id=statement.pk,
                    expected_version=statement.version,
                    changes=changes,
                    user=request.user,
                )
            elif not Statement.objects.select_for_update().filter(pk=statement.pk, version=statement.version):
                raise PreconditionFailed()
            if decision:
                statement_review(statement_ids=[statement.pk], decision=decision, user=request.user)
        return Response(self._payload(statement.pk))

    def _export(self, fmt: str):
        queryset = self.filter_queryset(self.get_queryset())
        lines = statements_export(
            queryset=queryset,
            fmt=fmt,
            visible=Statement.objects.visible_to(self.request.user),
            base_url=self.request.build_absolute_uri("/")[:-1],
        )
        return streaming_export(lines, fmt, "statements")

    @action(detail=False, methods=["get"], url_path="export/csv", renderer_classes=[CSVRenderer], pagination_class=None)
    def export_csv(self, request):
        return self._export("csv")

    @action(
        detail=False,
        methods=["get"],
        url_path="export/jsonl",
        renderer_classes=[JSONLinesRenderer],
        pagination_class=None,
    )
    def export_jsonl(self, request):
        return self._export("jsonl")


@extend_schema_view(
    list=extend_schema(
        summary="Links between statements (denies, contradicts, corroborates, repeats)",
        responses={200: RelationSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(summary="One link", responses={200: RelationSerializer, **DETAIL_ERRORS}),
    create=extend_schema(
        summary="Link two statements (editors)",
        request=RelationCreateSerializer,
        responses={201: RelationSerializer, **errors(400, 401, 403, 406, 413, 415, 429)},
    ),
)
class RelationViewSet(EditorialViewSet):
    serializer_class = RelationSerializer
    filterset_class = RelationFilterSet
    http_method_names = ["get", "head", "post", "options"]

    def get_queryset(self):
        visible = Statement.objects.visible_to(self.request.user).values("pk")
        return StatementRelation.objects.filter(source__in=visible, target__in=visible).order_by("-id")

    def create(self, request, *args, **kwargs):
        serializer = RelationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        visible = Statement.objects.visible_to(request.user)
        for end in ("source", "target"):
            if not visible.filter(pk=data[end]).exists():
                raise exceptions.ValidationError({end: [f"No statement with id {data[end]}."]})
        relation = relation_create(
            source_id=data["source"], target_id=data["target"], kind=data["kind"], user=request.user
        )
        relation = get_object_or_404(StatementRelation, pk=relation.pk)
        return Response(RelationSerializer(relation).data, status=status.HTTP_201_CREATED)
