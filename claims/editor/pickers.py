"""Type-ahead for the editors' forms: small JSON lists of actors, places, incidents and statements.

`GET /editor/pick/<kind>/?q=…` answers `{"results": [{"value": id, "text": label}, …]}`: at most
PICK_LIMIT rows, matched by name or any alias (substring, case-insensitive, names that start with
the words first), then by trigram similarity so a misspelling still finds its row; a number finds
that row. Editors only; an unknown kind is a 404, a query over MAX_QUERY characters a 400.
"""

from __future__ import annotations

import re

from django.db.models import Case, F, Func, IntegerField, Q, TextField, Value, When
from django.http import Http404, JsonResponse
from django.utils.text import Truncator
from django.views.decorators.http import require_GET

from accounts.roles import editor_required
from claims.models import Actor, Incident, Place, Statement
from claims.selectors.search import actors_matching, places_matching

PICK_LIMIT = 20
MAX_QUERY = 100


def _by_name(queryset, text: str):
    """Rows whose name or an alias contains `text`: those whose name starts with it first, then those
    with an alias that does."""
    aliases = Func(F("aliases"), Value(" | "), function="array_to_string", output_field=TextField())
    return (
        queryset.annotate(alias_text=aliases)
        .filter(Q(name__icontains=text) | Q(alias_text__icontains=text))
        .annotate(
            rank=Case(
                When(name__istartswith=text, then=0),
                When(alias_text__iregex=r"(^|\| )" + re.escape(text), then=1),
                default=2,
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "name")
    )


def _named(queryset, text: str, fuzzy) -> list:
    if not text:
        return list(queryset.order_by("name")[:PICK_LIMIT])
    rows = list(_by_name(queryset, text)[:PICK_LIMIT])
    if len(rows) < PICK_LIMIT:
        seen = {r.pk for r in rows}
        rows += [r for r in fuzzy(text)[: PICK_LIMIT * 2] if r.pk not in seen][: PICK_LIMIT - len(rows)]
    return rows


def _actors(text: str) -> list[dict]:
    rows = _named(Actor.objects.select_related("side"), text, actors_matching)
    return [{"value": a.pk, "text": f"{a.name} ({a.side.name if a.side_id else 'no side'})"} for a in rows]


def _places(text: str) -> list[dict]:
    rows = _named(Place.objects.all(), text, places_matching)
    return [{"value": p.pk, "text": f"{p.name} ({p.get_kind_display().lower()})"} for p in rows]


def _number(text: str) -> int | None:
    digits = text.lstrip("#").strip()
    return int(digits) if digits.isdigit() and len(digits) < 10 else None


def _incidents(text: str) -> list[dict]:
    incidents = Incident.objects.live().order_by("-start_date", "-pk")
    if (pk := _number(text)) is not None:
        incidents = incidents.filter(pk=pk)
    elif text:
        incidents = incidents.filter(Q(title__icontains=text) | Q(places__name__icontains=text)).distinct()
    return [
        {"value": i.pk, "text": f"#{i.pk} {i.title}" + (f" ({i.start_date:%-d %b %Y})" if i.start_date else "")}
        for i in incidents.only("pk", "title", "start_date")[:PICK_LIMIT]
    ]


def _statements(text: str) -> list[dict]:
    """Any statement, in any incident: counterclaims cross incidents."""
    rows = Statement.objects.select_related("side", "incident").order_by("-pk")
    if (pk := _number(text)) is not None:
        rows = rows.filter(pk=pk)
    elif text:
        rows = rows.filter(Q(speaker__icontains=text) | Q(content__icontains=text) | Q(sentence__icontains=text))
    return [
        {
            "value": s.pk,
            "text": f"#{s.pk} {s.speaker} ({s.side.slug if s.side_id else 'no side'}, {s.stance}): "
            f"{Truncator(s.content or s.sentence).chars(70)}"
            + (f" — in #{s.incident_id} {Truncator(s.incident.title).chars(40)}" if s.incident_id else ""),
        }
        for s in rows.only(
            "pk", "speaker", "stance", "content", "sentence", "side__slug", "incident__title", "incident_id"
        )[:PICK_LIMIT]
    ]


KINDS = {"actors": _actors, "places": _places, "incidents": _incidents, "statements": _statements}


@editor_required
@require_GET
def pick(request, kind: str):
    find = KINDS.get(kind)
    if find is None:
        raise Http404(f"Nothing to pick called {kind!r}.")
    text = request.GET.get("q", "").strip()
    if len(text) > MAX_QUERY or "\x00" in text:
        return JsonResponse({"error": f"q: at most {MAX_QUERY} characters of text."}, status=400)
    return JsonResponse({"results": find(text)})
