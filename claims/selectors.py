"""Reads for the researchers' pages: the incident comparison, incident and statement lists, search.

Everything here takes the viewer into account through `visible_to(user)`; with `user=None` a read
shows what an anonymous visitor may see. `incident_comparison` returns plain data (dicts, lists,
strings, numbers, dates) so the API can serialise it as it is.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import django_filters
from django import forms
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, TruncMonth, Upper
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from claims.models import (
    Actor,
    CasualtyFigure,
    DatePrecision,
    Incident,
    IncidentKind,
    IncidentPlace,
    IncidentStatus,
    Place,
    RelationKind,
    RelationStatus,
    ReviewStatus,
    Side,
    Stance,
    Statement,
    StatementRelation,
)
from sources.models import Article, Outlet

MEASURES = ("killed", "wounded", "captured", "missing")
# Must stay identical to the expression of the GIN index claims.Statement "statement_search" or
# PostgreSQL will not use it. Articles keep theirs in a column (sources.Article.search_vector).
STATEMENT_VECTOR = SearchVector("speaker", "content", "sentence", config="english")
ARTICLE_VECTOR = F("search_vector")
ARTICLE_BULK_FIELDS = ("raw", "text", "analysis", "error")
ARTICLE_FIELD_NAMES = {f.name for f in Article._meta.get_fields()}
# Below this, a place or actor name is too far from what was typed to count as a match.
NAME_SIMILARITY = 0.3
ALIAS_WORD_SIMILARITY = 0.5
INCOMING_LABELS = {
    RelationKind.DENIES: "denied by",
    RelationKind.CONTRADICTS: "contradicted by",
    RelationKind.CORROBORATES: "corroborated by",
    RelationKind.REPEATS: "repeated by",
}
OUTGOING_LABELS = {
    RelationKind.DENIES: "denies",
    RelationKind.CONTRADICTS: "contradicts",
    RelationKind.CORROBORATES: "corroborates",
    RelationKind.REPEATS: "repeats",
}


# --- Small formatting helpers, shared by the data and the templates ------------------------------


def dates_display(start: datetime.date | None, end: datetime.date | None, precision: str) -> str:
    """'12 Sep 2023', 'week of 12 Sep 2023', 'Sep 2023', '12–14 Sep 2023' … as a person would write it."""
    if start is None:
        return "date unknown"
    if precision == DatePrecision.YEAR:
        text = f"{start:%Y}"
    elif precision == DatePrecision.MONTH:
        text = f"{start:%b %Y}"
    elif precision == DatePrecision.WEEK:
        text = f"week of {start.day} {start:%b %Y}"
    else:
        text = f"{start.day} {start:%b %Y}"
    if end and end != start and precision in (DatePrecision.DAY, DatePrecision.UNKNOWN):
        text = f"{text} – {end.day} {end:%b %Y}"
    if precision == DatePrecision.UNKNOWN:
        text = f"about {text}"
    return text


def range_display(low: int | None, high: int | None) -> str:
    if low is None:
        return ""
    return str(low) if high in (None, low) else f"{low}–{high}"


def party_label(side_name: str | None, civilian: bool) -> str:
    if side_name is None:
        return "Civilians (side not given)" if civilian else "Military (side not given)"
    return f"{side_name} {'civilians' if civilian else 'military'}"


# --- The incident comparison ---------------------------------------------------------------------


def statements_for_cards(queryset: QuerySet[Statement]) -> QuerySet[Statement]:
    """The joins and prefetches a statement card needs, so a page costs a fixed number of queries."""
    return (
        queryset.select_related("actor", "side", "blamed_side", "article__outlet")
        # A card needs the article's title, URL and date, not its (possibly large) texts.
        .defer(*(f"article__{name}" for name in ARTICLE_BULK_FIELDS if name in ARTICLE_FIELD_NAMES))
        .prefetch_related(
            Prefetch("places", queryset=Place.objects.order_by("name")),
            Prefetch("casualties", queryset=CasualtyFigure.objects.select_related("party_side")),
        )
    )


def sides_in_order() -> list[Side]:
    return list(Side.objects.order_by("display_order", "slug"))


def _side_data(side: Side | None) -> dict[str, Any] | None:
    if side is None:
        return None
    return {"slug": side.slug, "name": side.name, "colour": side.colour}


def _casualty_data(figure: CasualtyFigure) -> dict[str, Any]:
    data: dict[str, Any] = {
        "party_side": figure.party_side.slug if figure.party_side_id else None,
        "civilian": figure.civilian,
        "party": party_label(figure.party_side.name if figure.party_side_id else None, figure.civilian),
    }
    for measure in MEASURES:
        low, high = getattr(figure, f"{measure}_low"), getattr(figure, f"{measure}_high")
        data[measure] = None if low is None else [low, high if high is not None else low]
    return data


def relations_by_statement(statement_ids: list[int], user) -> dict[int, list[dict[str, Any]]]:
    """Counterclaim links of each statement, in both directions, to statements the viewer may see."""
    visible = Statement.objects.visible_to(user)
    # Exists on primary keys rather than `source__in=<visible>`: one index lookup per relation.
    relations = (
        StatementRelation.objects.filter(Q(source_id__in=statement_ids) | Q(target_id__in=statement_ids))
        .exclude(status=RelationStatus.DISMISSED)
        .filter(
            Exists(visible.filter(pk=OuterRef("source_id"))),
            Exists(visible.filter(pk=OuterRef("target_id"))),
        )
        .select_related("source__side", "source__actor", "target__side", "target__actor")
        .order_by("id")
    )
    wanted = set(statement_ids)
    links: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for relation in relations:
        for own, other, labels, direction in (
            (relation.target, relation.source, INCOMING_LABELS, "in"),
            (relation.source, relation.target, OUTGOING_LABELS, "out"),
        ):
            if own.pk not in wanted:
                continue
            links[own.pk].append(
                {
                    "kind": relation.kind,
                    "direction": direction,
                    "label": labels.get(relation.kind, relation.kind),
                    "status": relation.status,
                    "statement": other.pk,
                    "incident": other.incident_id,
                    "speaker": other.actor.name if other.actor_id else other.speaker,
                    "side": _side_data(other.side),
                }
            )
    return links


def statement_cards(statements: list[Statement], user) -> list[dict[str, Any]]:
    """Card data for a list of statements (loaded with `statements_for_cards`), links included."""
    relations = relations_by_statement([s.pk for s in statements], user) if statements else {}
    return [statement_data(s, relations.get(s.pk)) for s in statements]


def statement_data(statement: Statement, relations: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A statement as plain data: what its card shows and what the API's expanded incident returns."""
    article = statement.article
    return {
        "id": statement.pk,
        "incident": statement.incident_id,
        "speaker": statement.speaker,
        "actor": (
            {"id": statement.actor.pk, "slug": statement.actor.slug, "name": statement.actor.name}
            if statement.actor_id
            else None
        ),
        "side": _side_data(statement.side),
        "cue": statement.cue,
        "stance": statement.stance,
        "stance_label": Stance(statement.stance).label if statement.stance in Stance.values else statement.stance,
        "content": statement.content,
        "sentence": statement.sentence,
        "start": statement.start,
        "end": statement.end,
        "event_date": statement.event_date,
        "blamed_side": _side_data(statement.blamed_side),
        "confidence": statement.confidence,
        "origin": statement.origin,
        "review_status": statement.review_status,
        "review_status_label": ReviewStatus(statement.review_status).label,
        "article": (
            {
                "id": article.pk,
                "title": article.title,
                "url": article.canonical_url or article.url,
                "published": article.published,
                "outlet": ({"slug": article.outlet.slug, "name": article.outlet.name} if article.outlet_id else None),
            }
            if article is not None
            else None
        ),
        "places": [{"slug": p.slug, "name": p.name} for p in statement.places.all()],
        "casualties": [_casualty_data(c) for c in statement.casualties.all()],
        "relations": relations or [],
    }


def _casualty_table(groups: list[dict[str, Any]]) -> dict[str, Any]:
    """One row per party, one column per side's account; a row disagrees where two accounts of the
    same count cannot both be true (their low–high ranges do not overlap)."""
    columns = [g["side"] for g in groups]
    # party key -> column index -> measure -> [low, high] (widened over that side's statements)
    cells: dict[tuple, dict[int, dict[str, list[int]]]] = defaultdict(lambda: defaultdict(dict))
    sources: dict[tuple, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    party_info: dict[tuple, dict[str, Any]] = {}
    for index, group in enumerate(groups):
        for statement in group["statements"]:
            for figure in statement["casualties"]:
                key = (figure["party_side"], figure["civilian"])
                party_info[key] = {
                    "side": figure["party_side"],
                    "civilian": figure["civilian"],
                    "label": figure["party"],
                }
                sources[key][index].append(statement["id"])
                for measure in MEASURES:
                    value = figure[measure]
                    if value is None:
                        continue
                    known = cells[key][index].get(measure)
                    cells[key][index][measure] = (
                        list(value) if known is None else [min(known[0], value[0]), max(known[1], value[1])]
                    )
    order = {g["side"]["slug"]: i for i, g in enumerate(groups) if g["side"]}

    def sort_key(key: tuple) -> tuple:
        side_slug, civilian = key
        return (order.get(side_slug, len(order)) if side_slug else len(order) + 1, civilian)

    rows = []
    for key in sorted(party_info, key=sort_key):
        disagreements = []
        for measure in MEASURES:
            ranges = [cells[key][i][measure] for i in range(len(groups)) if measure in cells[key][i]]
            if len(ranges) > 1 and max(r[0] for r in ranges) > min(r[1] for r in ranges):
                disagreements.append(measure)
        row_cells = []
        for index in range(len(groups)):
            figures = cells[key].get(index, {})
            row_cells.append(
                {
                    "side": columns[index],
                    "figures": {m: figures.get(m) for m in MEASURES},
                    "display": {m: range_display(*figures[m]) if m in figures else "" for m in MEASURES},
                    "disputed": [m for m in disagreements if m in figures],
                    "items": [
                        {"measure": m, "display": range_display(*figures[m]), "disputed": m in disagreements}
                        for m in MEASURES
                        if m in figures
                    ],
                    "statements": sources[key].get(index, []),
                }
            )
        rows.append({"party": party_info[key], "cells": row_cells, "disagreements": disagreements})
    return {"columns": columns, "measures": list(MEASURES), "rows": rows}


def _blame_summary(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each side, whom its statements blame, most often first."""
    summary = []
    for group in groups:
        counts = Counter(s["blamed_side"]["slug"] for s in group["statements"] if s["blamed_side"])
        names = {s["blamed_side"]["slug"]: s["blamed_side"] for s in group["statements"] if s["blamed_side"]}
        summary.append(
            {
                "side": group["side"],
                "blames": [{"side": names[slug], "count": n} for slug, n in counts.most_common()],
            }
        )
    return summary


def incident_data(incident: Incident) -> dict[str, Any]:
    return {
        "id": incident.pk,
        "title": incident.title,
        "kind": incident.kind,
        "kind_label": IncidentKind(incident.kind).label if incident.kind in IncidentKind.values else incident.kind,
        "status": incident.status,
        "status_label": IncidentStatus(incident.status).label
        if incident.status in IncidentStatus.values
        else incident.status,
        "start_date": incident.start_date,
        "end_date": incident.end_date,
        "date_precision": incident.date_precision,
        "dates": dates_display(incident.start_date, incident.end_date, incident.date_precision),
        "summary": incident.summary,
        "places": [
            {"slug": p.slug, "name": p.name, "latitude": p.latitude, "longitude": p.longitude}
            for p in incident.places.all()
        ],
    }


def incident_comparison(incident: Incident, *, user=None) -> dict[str, Any]:
    """Statements grouped by side (in the sides' display order), the casualty comparison table and
    the blame summary of one incident, as the viewer `user` may see them (None: anonymous).

    Costs a fixed number of queries whatever the number of statements.
    """
    statements = list(
        statements_for_cards(Statement.objects.visible_to(user).filter(incident=incident)).order_by(
            F("event_date").asc(nulls_last=True),
            F("article__published").asc(nulls_last=True),
            "article_id",
            "start",
            "id",
        )
    )
    relations = relations_by_statement([s.pk for s in statements], user) if statements else {}
    by_side: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for statement in statements:
        by_side[statement.side_id].append(statement_data(statement, relations.get(statement.pk)))
    groups = [
        {"side": _side_data(side), "statements": by_side.get(side.pk, []), "count": len(by_side.get(side.pk, []))}
        for side in sides_in_order()
    ]
    unattributed = by_side.get(None, [])
    if unattributed:
        groups.append(
            {
                "side": {"slug": "unattributed", "name": "Side not identified", "colour": "#52606d"},
                "statements": unattributed,
                "count": len(unattributed),
            }
        )
    return {
        "incident": incident_data(incident),
        "sides": groups,
        "statement_count": len(statements),
        "casualties": _casualty_table(groups),
        "blame": _blame_summary(groups),
    }


def casualty_chart_data(comparison: dict[str, Any]) -> dict[str, Any]:
    """Grouped bars for the chart: one category per (party, count), one dataset per side; the bar is
    the upper figure of the side's range, the label keeps the range."""
    table = comparison["casualties"]
    categories = []
    index_of = {}
    for row in table["rows"]:
        for measure in MEASURES:
            if any(cell["figures"][measure] for cell in row["cells"]):
                index_of[(row["party"]["label"], measure)] = len(categories)
                categories.append(f"{row['party']['label']} – {measure}")
    datasets = []
    for col, side in enumerate(table["columns"]):
        values: list[int | None] = [None] * len(categories)
        labels: list[str] = [""] * len(categories)
        for row in table["rows"]:
            cell = row["cells"][col]
            for measure in MEASURES:
                figure = cell["figures"][measure]
                if figure:
                    at = index_of[(row["party"]["label"], measure)]
                    values[at], labels[at] = figure[1], cell["display"][measure]
        if any(v is not None for v in values):
            datasets.append(
                {"label": f"{side['name']} account", "colour": side["colour"], "data": values, "ranges": labels}
            )
    return {"categories": categories, "datasets": datasets}


# --- Search --------------------------------------------------------------------------------------


def search_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config="english")


def places_matching(text: str) -> QuerySet[Place]:
    """Places whose name or one of its spellings is close to `text` (typos included), best first."""
    text = text.strip()
    if not text:
        return Place.objects.none()
    # A slug (from a link or a place page) means that place and no look-alikes.
    if Place.objects.filter(slug=text).exists():
        return Place.objects.filter(slug=text).annotate(similarity=Value(1.0))
    aliases = Func(F("aliases"), Value(" "), function="array_to_string")
    return (
        Place.objects.annotate(
            uname=Upper("name"),
            similarity=Greatest(
                TrigramSimilarity(Upper("name"), Value(text.upper())),
                TrigramWordSimilarity(Value(text), aliases),
            ),
        )
        .filter(
            Q(uname__trigram_similar=text.upper()) | Q(similarity__gte=ALIAS_WORD_SIMILARITY) | Q(name__iexact=text)
        )
        .order_by("-similarity", "name")
    )


def actors_matching(text: str) -> QuerySet[Actor]:
    text = text.strip()
    if not text:
        return Actor.objects.none()
    aliases = Func(F("aliases"), Value(" "), function="array_to_string")
    return (
        Actor.objects.select_related("side")
        .annotate(
            uname=Upper("name"),
            similarity=Greatest(
                TrigramWordSimilarity(Value(text.upper()), Upper("name")),
                TrigramWordSimilarity(Value(text), aliases),
            ),
        )
        .filter(Q(uname__trigram_similar=text.upper()) | Q(similarity__gte=ALIAS_WORD_SIMILARITY))
        .order_by("-similarity", "name")
    )


def statements_matching(queryset: QuerySet[Statement], text: str) -> QuerySet[Statement]:
    """Full-text match on speaker, content and sentence; ranked, best first."""
    query = search_query(text)
    return (
        queryset.annotate(search=STATEMENT_VECTOR, rank=SearchRank(STATEMENT_VECTOR, query))
        .filter(search=query)
        .order_by("-rank", "-id")
    )


def articles_matching(text: str) -> QuerySet[Article]:
    query = search_query(text)
    return (
        Article.objects.select_related("outlet")
        .annotate(search=ARTICLE_VECTOR, rank=SearchRank(ARTICLE_VECTOR, query))
        .filter(search=query)
        .order_by("-rank", "-id")
    )


def with_headline(queryset: QuerySet, field: str, text: str) -> QuerySet:
    """Adds `headline`: an excerpt of `field` around the match, with markers instead of HTML so the
    text can be escaped before the highlight is turned into <mark>."""
    return queryset.annotate(
        headline=SearchHeadline(
            field,
            search_query(text),
            config="english",
            start_sel="\x02",
            stop_sel="\x03",
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )


def headline_html(headline: str) -> SafeString:
    """Escaped excerpt with its matches in <mark>."""
    escaped = escape(headline or "")
    return mark_safe(escaped.replace("\x02", "<mark>").replace("\x03", "</mark>"))  # noqa: S308 - escaped above


def incident_ids_matching(text: str, *, user) -> Q:
    """Incidents whose title, places, statements (as visible to `user`) or articles match `text`."""
    query = search_query(text)
    visible = Statement.objects.visible_to(user).filter(incident__isnull=False)
    by_statement = visible.annotate(search=STATEMENT_VECTOR).filter(search=query).values("incident_id")
    matching_articles = Article.objects.annotate(search=ARTICLE_VECTOR).filter(search=query).values("pk")
    by_article = visible.filter(article_id__in=matching_articles).values("incident_id")
    places = places_matching(text).values("pk")
    by_place = Q(pk__in=IncidentPlace.objects.filter(place__in=places).values("incident_id")) | Q(
        pk__in=visible.filter(places__in=places).values("incident_id")
    )
    return (
        Q(title__icontains=text)
        | Q(title__trigram_word_similar=text)
        | Q(pk__in=by_statement)
        | Q(pk__in=by_article)
        | by_place
    )


# --- Incident and statement lists ----------------------------------------------------------------


INCIDENT_ORDERINGS = {
    "-date": ("Newest first", [F("start_date").desc(nulls_last=True), "-id"]),
    "date": ("Oldest first", [F("start_date").asc(nulls_last=True), "id"]),
    "-statements": ("Most statements", ["-statement_count", F("start_date").desc(nulls_last=True), "-id"]),
    "-contested": ("Most contested", ["-contested", F("start_date").desc(nulls_last=True), "-id"]),
}


def countered_statements(user) -> QuerySet[StatementRelation]:
    """Denials and contradictions of statement OuterRef("pk") made by statements `user` may see."""
    # Exists on the source's primary key, not `source__in=<visible>`: PostgreSQL then looks up one
    # row instead of planning a join against every visible statement.
    source_visible = Statement.objects.visible_to(user).filter(pk=OuterRef("source_id"))
    return (
        StatementRelation.objects.filter(
            target=OuterRef("pk"), kind__in=[RelationKind.DENIES, RelationKind.CONTRADICTS]
        )
        .exclude(status=RelationStatus.DISMISSED)
        .filter(Exists(source_visible))
    )


def incidents_for_list(user) -> QuerySet[Incident]:
    """Incidents the viewer may see, with their statement and side counts and how contested they
    are: the number of statements that deny something or that another statement denies or
    contradicts (counting only statements the viewer may see)."""
    visible = Statement.objects.visible_to(user)
    per_incident = visible.filter(incident=OuterRef("pk")).order_by().values("incident")
    statement_count = per_incident.annotate(n=Count("pk")).values("n")
    side_count = per_incident.annotate(n=Count("side", distinct=True)).values("n")
    disputed = (
        per_incident.filter(Q(stance=Stance.DENIAL) | Exists(countered_statements(user)))
        .annotate(n=Count("pk"))
        .values("n")
    )
    zero = Value(0)
    return (
        Incident.objects.visible_to(user)
        .annotate(
            statement_count=Coalesce(Subquery(statement_count, output_field=IntegerField()), zero),
            side_count=Coalesce(Subquery(side_count, output_field=IntegerField()), zero),
            contested=Coalesce(Subquery(disputed, output_field=IntegerField()), zero),
        )
        .prefetch_related(Prefetch("places", queryset=Place.objects.order_by("name")))
    )


def incident_stats(incident_ids: list[int], user) -> dict[int, dict[str, int]]:
    """The counts of `incidents_for_list` for many incidents in two grouped queries (the timeline
    needs them for up to thousands of incidents, where per-row subqueries would be slow)."""
    visible = Statement.objects.visible_to(user).filter(incident_id__in=incident_ids)
    stats = {
        row["incident_id"]: {"statements": row["n"], "sides": row["sides"], "contested": 0}
        for row in visible.order_by().values("incident_id").annotate(n=Count("pk"), sides=Count("side", distinct=True))
    }
    disputed = (
        visible.filter(Q(stance=Stance.DENIAL) | Exists(countered_statements(user)))
        .order_by()
        .values("incident_id")
        .annotate(n=Count("pk"))
    )
    for row in disputed:
        stats[row["incident_id"]]["contested"] = row["n"]
    return stats


class DateInput(forms.DateInput):
    input_type = "date"


class IncidentFilter(django_filters.FilterSet):
    """The filters of the incident list, its timeline, its map and its exports."""

    q = django_filters.CharFilter(method="filter_q", label="Search", max_length=200)
    place = django_filters.CharFilter(method="filter_place", label="Place", max_length=200)
    date_from = django_filters.DateFilter(method="filter_from", label="From", widget=DateInput)
    date_to = django_filters.DateFilter(method="filter_to", label="To", widget=DateInput)
    kind = django_filters.ChoiceFilter(choices=IncidentKind.choices, empty_label="Any kind")
    status = django_filters.ChoiceFilter(choices=IncidentStatus.choices, empty_label="Any status")
    side = django_filters.ModelChoiceFilter(
        queryset=Side.objects.order_by("display_order"),
        to_field_name="slug",
        method="filter_side",
        empty_label="Any side",
        label="Side speaking",
    )
    outlet = django_filters.ModelChoiceFilter(
        queryset=Outlet.objects.order_by("name"),
        to_field_name="slug",
        method="filter_outlet",
        empty_label="Any outlet",
        label="Outlet",
    )
    ordering = django_filters.ChoiceFilter(
        choices=[(k, label) for k, (label, _) in INCIDENT_ORDERINGS.items()],
        method="filter_ordering",
        empty_label=None,
        label="Order",
    )

    class Meta:
        model = Incident
        fields = ["q", "place", "date_from", "date_to", "kind", "status", "side", "outlet", "ordering"]

    @property
    def user(self):
        return getattr(self.request, "user", None)

    def _visible(self) -> QuerySet[Statement]:
        return Statement.objects.visible_to(self.user)

    def filter_q(self, queryset, name, value):
        # Every condition is a subquery on the incident's own id: no join, so no duplicate rows.
        return queryset.filter(incident_ids_matching(value, user=self.user)) if value.strip() else queryset

    def filter_place(self, queryset, name, value):
        if not value.strip():
            return queryset
        places = places_matching(value).values("pk")
        return queryset.filter(
            Q(pk__in=IncidentPlace.objects.filter(place__in=places).values("incident_id"))
            | Q(pk__in=self._visible().filter(places__in=places).values("incident_id"))
        )

    def filter_from(self, queryset, name, value):
        return queryset.filter(Q(end_date__gte=value) | Q(end_date__isnull=True, start_date__gte=value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(start_date__lte=value)

    def filter_side(self, queryset, name, value):
        return queryset.filter(Exists(self._visible().filter(incident=OuterRef("pk"), side=value)))

    def filter_outlet(self, queryset, name, value):
        return queryset.filter(Exists(self._visible().filter(incident=OuterRef("pk"), article__outlet=value)))

    def filter_ordering(self, queryset, name, value):
        return queryset  # applied last by `filtered_incidents`, after the other filters

    @property
    def qs(self):
        queryset = super().qs
        ordering = self.form.cleaned_data.get("ordering") if self.form.is_valid() else None
        return queryset.order_by(*INCIDENT_ORDERINGS.get(ordering or "-date")[1])


class StatementFilter(django_filters.FilterSet):
    """The filters of statement lists (search results, actor, outlet and place pages) and exports."""

    q = django_filters.CharFilter(method="filter_q", label="Search", max_length=200)
    date_from = django_filters.DateFilter(field_name="event_date", lookup_expr="gte", label="From", widget=DateInput)
    date_to = django_filters.DateFilter(field_name="event_date", lookup_expr="lte", label="To", widget=DateInput)
    side = django_filters.ModelChoiceFilter(
        queryset=Side.objects.order_by("display_order"), to_field_name="slug", empty_label="Any side"
    )
    stance = django_filters.ChoiceFilter(choices=Stance.choices, empty_label="Any stance")
    actor = django_filters.ModelChoiceFilter(
        queryset=Actor.objects.all(), to_field_name="slug", widget=forms.HiddenInput
    )
    outlet = django_filters.ModelChoiceFilter(
        queryset=Outlet.objects.order_by("name"),
        to_field_name="slug",
        field_name="article__outlet",
        empty_label="Any outlet",
    )
    place = django_filters.CharFilter(method="filter_place", label="Place", max_length=200)
    incident = django_filters.NumberFilter(field_name="incident_id", widget=forms.HiddenInput)
    review_status = django_filters.ChoiceFilter(choices=ReviewStatus.choices, empty_label="Any review status")

    class Meta:
        model = Statement
        fields = [
            "q",
            "date_from",
            "date_to",
            "side",
            "stance",
            "actor",
            "outlet",
            "place",
            "incident",
            "review_status",
        ]

    def filter_q(self, queryset, name, value):
        if not value.strip():
            return queryset
        query = search_query(value)
        return queryset.annotate(search=STATEMENT_VECTOR).filter(search=query)

    def filter_place(self, queryset, name, value):
        if not value.strip():
            return queryset
        places = places_matching(value).values("pk")
        return queryset.filter(Q(places__in=places) | Q(incident__places__in=places)).distinct()

    @property
    def qs(self):
        return super().qs.order_by(F("event_date").desc(nulls_last=True), "-id")


def statements_for_list(user) -> QuerySet[Statement]:
    return statements_for_cards(Statement.objects.visible_to(user))


# --- Pictures ------------------------------------------------------------------------------------


def timeline_data(incidents: QuerySet[Incident], *, user, limit: int = 2000) -> list[dict[str, Any]]:
    """One point per dated incident (the latest `limit`, oldest first): when, how contested, how many
    statements."""
    rows = list(
        incidents.filter(start_date__isnull=False)
        .order_by("-start_date", "-id")
        .values("id", "title", "start_date", "status")[:limit]
    )
    stats = incident_stats([r["id"] for r in rows], user)
    empty = {"statements": 0, "sides": 0, "contested": 0}
    return [
        {
            "id": r["id"],
            "title": r["title"],
            "date": r["start_date"].isoformat(),
            "status": r["status"],
            **stats.get(r["id"], empty),
        }
        for r in reversed(rows)
    ]


def map_data(incidents: QuerySet[Incident]) -> list[dict[str, Any]]:
    """Places with coordinates and the (filtered) incidents there."""
    links = (
        Incident.places.through.objects.filter(
            incident__in=incidents.order_by().values("pk"), place__latitude__isnull=False
        )
        .select_related("place", "incident")
        .order_by("place__name", "-incident__start_date")
    )
    places: dict[int, dict[str, Any]] = {}
    for link in links[:5000]:
        place = places.setdefault(
            link.place_id,
            {
                "slug": link.place.slug,
                "name": link.place.name,
                "lat": link.place.latitude,
                "lon": link.place.longitude,
                "incidents": [],
            },
        )
        place["incidents"].append({"id": link.incident_id, "title": link.incident.title})
    return list(places.values())


def actor_timeline(statements: QuerySet[Statement]) -> dict[str, Any]:
    """How many statements an actor made per month, split by stance (counts in `stances` order)."""
    rows = (
        statements.filter(event_date__isnull=False)
        .annotate(month=TruncMonth("event_date"))
        .order_by()
        .values("month", "stance")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    months: dict[str, dict[str, int]] = {}
    for row in rows:
        key = row["month"].strftime("%Y-%m")
        months.setdefault(key, {})[row["stance"]] = row["n"]
    return {
        "stances": [{"value": value, "label": label} for value, label in Stance.choices],
        "months": [{"month": m, "counts": [counts.get(s, 0) for s in Stance.values]} for m, counts in months.items()],
    }


# --- Articles ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    text: str
    statement: Statement | None = None


def article_segments(article: Article, statements: list[Statement]) -> list[Segment]:
    """The article text cut into plain runs and attributed sentences (first one wins on overlap)."""
    text = article.text or ""
    segments: list[Segment] = []
    at = 0
    for statement in sorted(
        (s for s in statements if s.start is not None and s.end is not None), key=lambda s: (s.start, s.pk)
    ):
        if statement.start < at or statement.end > len(text):
            continue
        if statement.start > at:
            segments.append(Segment(text[at : statement.start]))
        segments.append(Segment(text[statement.start : statement.end], statement))
        at = statement.end
    if at < len(text):
        segments.append(Segment(text[at:]))
    return segments
