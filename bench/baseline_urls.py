"""Bench-only URLconf: the whole site plus bare views returning the same rows as the API.

The baselines answer what the API answers for an anonymous client (accepted statements only), the
same rows in the same order with the same related data (actor, sides, article and outlet, places,
casualty figures, relations), but read with `.values()` and written with JsonResponse: no
serializers, no filtersets, no pagination classes, no content negotiation.
"""

from collections import defaultdict

from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import include, path

from claims.models import CasualtyFigure, Incident, IncidentPlace, Side, Statement, StatementPlace, StatementRelation

STATEMENT_FIELDS = (
    "id",
    "incident_id",
    "speaker",
    "cue",
    "stance",
    "content",
    "sentence",
    "start",
    "end",
    "event_date",
    "confidence",
    "origin",
    "review_status",
    "incident_confidence",
    "incident_reason",
    "pipeline_version",
    "version",
    "created_at",
    "updated_at",
    "actor__id",
    "actor__slug",
    "actor__name",
    "side_id",
    "side__slug",
    "side__name",
    "side__colour",
    "blamed_side__slug",
    "blamed_side__name",
    "blamed_side__colour",
    "article_id",
    "article__title",
    "article__url",
    "article__canonical_url",
    "article__published",
    "article__outlet__slug",
    "article__outlet__name",
)
CASUALTY_FIELDS = (
    "statement_id",
    "party_side__slug",
    "civilian",
    "killed_low",
    "killed_high",
    "wounded_low",
    "wounded_high",
    "captured_low",
    "captured_high",
    "missing_low",
    "missing_high",
)


def _with_related(rows: list[dict]) -> list[dict]:
    ids = [row["id"] for row in rows]
    places, casualties, relations = defaultdict(list), defaultdict(list), defaultdict(list)
    for place in StatementPlace.objects.filter(statement_id__in=ids).values(
        "statement_id", "place__slug", "place__name"
    ):
        places[place.pop("statement_id")].append(place)
    for figure in CasualtyFigure.objects.filter(statement_id__in=ids).values(*CASUALTY_FIELDS):
        casualties[figure.pop("statement_id")].append(figure)
    for relation in (
        StatementRelation.objects.filter(Q(source_id__in=ids) | Q(target_id__in=ids))
        .filter(source__review_status="accepted", target__review_status="accepted")
        .values("source_id", "target_id", "kind", "status", "source__speaker", "target__speaker")
    ):
        for end in ("source_id", "target_id"):
            relations[relation[end]].append(relation)
    for row in rows:
        row["places"] = places.get(row["id"], [])
        row["casualties"] = casualties.get(row["id"], [])
        row["relations"] = relations.get(row["id"], [])
    return rows


def statements(request):
    rows = list(
        Statement.objects.filter(
            review_status="accepted",
            side__slug=request.GET["side"],
            event_date__gte=request.GET["date_from"],
            event_date__lte=request.GET["date_to"],
        )
        .order_by("-id")
        .values(*STATEMENT_FIELDS)[:50]
    )
    return JsonResponse({"results": _with_related(rows)})


def incident(request, pk: int):
    data = get_object_or_404(Incident.objects.filter(merged_into__isnull=True).values(), pk=pk)
    data["places"] = list(IncidentPlace.objects.filter(incident_id=pk).values("place__slug", "place__name"))
    rows = _with_related(
        list(
            Statement.objects.filter(incident_id=pk, review_status="accepted").order_by("id").values(*STATEMENT_FIELDS)
        )
    )
    by_side = defaultdict(list)
    for row in rows:
        by_side[row["side_id"]].append(row)
    data["sides"] = [
        {"side": side, "statements": by_side.get(side["id"], [])}
        for side in Side.objects.order_by("display_order", "slug").values("id", "slug", "name", "colour")
    ]
    return JsonResponse(data)


urlpatterns = [
    path("bench/statements/", statements),
    path("bench/incidents/<int:pk>/", incident),
    path("", include("config.urls")),
]
