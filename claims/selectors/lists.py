"""Incident and statement lists, an actor's months, and the article page's attributed sentences
(the map and the timeline are in `pictures`).

Everything here takes the viewer into account through `visible_to(user)`; with `user=None` a read
shows what an anonymous visitor may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, TruncMonth

from claims.models import Incident, Place, RelationKind, RelationStatus, Stance, Statement, StatementRelation
from claims.selectors.cards import with_event_day
from sources.models import Article

INCIDENT_ORDERINGS = {
    "-date": ("Newest first", [F("start_date").desc(nulls_last=True), "-id"]),
    "date": ("Oldest first", [F("start_date").asc(nulls_last=True), "id"]),
    "-statements": ("Most statements", ["-statement_count", F("start_date").desc(nulls_last=True), "-id"]),
    "-contested": ("Most contested", ["-contested", F("start_date").desc(nulls_last=True), "-id"]),
}


def disputed(user, *, per_statement: bool = False) -> Q:
    """Statements that deny something, or that a statement `user` may see denies or contradicts
    (a relation an editor dismissed does not count).

    The countered ones are read as one set of ids (`pk IN (…)`: PostgreSQL hashes the relations
    once) rather than looked up statement by statement, which cost a probe for each of 100,000
    statements when a page counted the disputes of every incident. Each relation's source is still
    looked up by its primary key (`Exists`), not joined against every visible statement.

    `per_statement` is for counting a few incidents' statements (a page of a list): each statement's
    relations are then looked up by their target (`Exists`), rather than every relation read to
    build the set first, which cost as much for six incidents as for all of them."""
    relations = StatementRelation.objects.filter(kind__in=[RelationKind.DENIES, RelationKind.CONTRADICTS]).exclude(
        status=RelationStatus.DISMISSED
    )
    visible = Statement.objects.visible_to(user)
    if visible.query.where:  # a signed-in user sees every statement: no source to look up
        relations = relations.filter(Exists(visible.filter(pk=OuterRef("source_id"))))
    if per_statement:
        return Q(stance=Stance.DENIAL) | Q(Exists(relations.filter(target_id=OuterRef("pk"))))
    return Q(stance=Stance.DENIAL) | Q(pk__in=relations.values("target_id"))


def incidents_for_list(user, *, few: bool = False) -> QuerySet[Incident]:
    """Incidents the viewer may see, with their statement and side counts and how contested they
    are: the number of statements that deny something or that another statement denies or
    contradicts (counting only statements the viewer may see).

    `few` when only a handful of incidents will be read (the home page's six): their disputes are
    then counted statement by statement (`disputed(per_statement=True)`); a list that may sort every
    incident by how contested it is reads the relations once instead."""
    visible = Statement.objects.visible_to(user)
    per_incident = visible.filter(incident=OuterRef("pk")).order_by().values("incident")
    statement_count = per_incident.annotate(n=Count("pk")).values("n")
    side_count = per_incident.annotate(n=Count("side", distinct=True)).values("n")
    contested = per_incident.filter(disputed(user, per_statement=few)).annotate(n=Count("pk")).values("n")
    zero = Value(0)
    return (
        Incident.objects.visible_to(user)
        .annotate(
            statement_count=Coalesce(Subquery(statement_count, output_field=IntegerField()), zero),
            side_count=Coalesce(Subquery(side_count, output_field=IntegerField()), zero),
            contested=Coalesce(Subquery(contested, output_field=IntegerField()), zero),
        )
        .prefetch_related(Prefetch("places", queryset=Place.objects.order_by("name")))
    )


class IdsFirstPaginator(Paginator):
    """Reads a page's ids first, in the list's order, then that page's rows with their annotations.

    With a plain OFFSET PostgreSQL computes every skipped row's annotations too (the statement and
    dispute counts of 2,475 incidents to show page 100); ordering by a count still needs them all."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


def contested_counts(incident_ids: list[int] | QuerySet | None, user) -> dict[int, int]:
    """How contested each incident is (as `incidents_for_list` counts it), for many incidents in one
    grouped query; `incident_ids` is a list or a subquery of ids, or None for every incident (for a
    caller that looks up only incidents it already knows to be visible: cheaper than testing each
    statement's incident against a subquery). Incidents with nothing contested are left out."""
    visible = Statement.objects.visible_to(user)
    if incident_ids is not None:
        visible = visible.filter(incident_id__in=incident_ids)
    rows = visible.filter(disputed(user)).order_by().values("incident_id").annotate(n=Count("pk"))
    return {row["incident_id"]: row["n"] for row in rows}


def incident_stats(incident_ids: list[int] | QuerySet, user) -> dict[int, dict[str, int]]:
    """The counts of `incidents_for_list` for many incidents in two grouped queries (the timeline
    needs them for up to thousands of incidents, where per-row subqueries would be slow);
    `incident_ids` is a list or a subquery of ids."""
    visible = Statement.objects.visible_to(user).filter(incident_id__in=incident_ids)
    stats = {
        row["incident_id"]: {"statements": row["n"], "sides": row["sides"], "contested": 0}
        for row in visible.order_by().values("incident_id").annotate(n=Count("pk"), sides=Count("side", distinct=True))
    }
    for incident_id, n in contested_counts(incident_ids, user).items():
        stats[incident_id]["contested"] = n
    return stats


def statements_for_list(user) -> QuerySet[Statement]:
    """Statements `user` may see, latest event first (undated last), ready for `statement_rows`."""
    return with_event_day(Statement.objects.visible_to(user)).order_by(F("event_date").desc(nulls_last=True), "-id")


# --- Pictures ------------------------------------------------------------------------------------


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


def articles_of_outlet(outlet_id: int, user) -> QuerySet[Article]:
    """An outlet's articles, latest first, without their bodies. Anonymous visitors see only those
    holding a statement they may see (the article page refuses them the others)."""
    articles = Article.objects.filter(outlet_id=outlet_id).defer("raw", "text", "analysis", "minhash_bands")
    if user is None or not user.is_authenticated:
        articles = articles.filter(Exists(Statement.objects.visible_to(user).filter(article=OuterRef("pk"))))
    return articles.order_by(F("published").desc(nulls_last=True), "-id")


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
