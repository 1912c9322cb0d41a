"""Public, read-only pages for researchers and visitors: incidents side by side, search, exports."""

from __future__ import annotations

import dataclasses
import hashlib
import io
from collections.abc import Callable, Iterator
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET

from accounts.roles import Role, is_editor, role_of
from api.auth import SearchThrottle
from claims import selectors
from claims.exports import csv_lines, geojson_lines, json_array, statements_export
from claims.history import history_for
from claims.models import Actor, Incident, Place, Side, Statement
from claims.selectors.cards import INCIDENT_HEAD
from claims.versions import audience, cached_until_changed, tracked_models
from sources.models import Article, Outlet

PAGE_SIZE = 25
#: Article columns no page shows: the fetched original, the analysis and the MinHash bands.
ARTICLE_UNSHOWN = ("raw", "analysis", "minhash_bands")
EXPORT_LIMIT = 100_000


def _page(request, queryset, per_page: int = PAGE_SIZE, paginator=Paginator):
    return paginator(queryset, per_page).get_page(request.GET.get("page"))


def _querystring(request) -> str:
    """The current query string without `page` (for pagination and export links)."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


#: How long a picture of filtered incidents is reused at most when nothing tracked has changed.
PICTURE_SECONDS = 60


def _picture(request, name: str, compute: Callable[[], list]) -> list:
    """A picture of the filtered incidents (the map's places, the timeline's points), reused for the
    same filters and audience until the next write to statements or incidents (`claims.versions`)."""
    params = sorted(
        (key, value) for key, values in request.GET.lists() if key not in ("page", "ordering") for value in values
    )
    digest = hashlib.sha256(repr(params).encode()).hexdigest()[:32]
    return cached_until_changed(
        f"{name}:{audience(request.user)}:{digest}", tracked_models(), compute, seconds=PICTURE_SECONDS
    )


@require_GET
def home(request):
    """The overview a first-time visitor meets: what the site is, the sides, counts, latest, map."""
    return render(request, "claims/home.html", {**selectors.overview(request.user), "legend": selectors.legend()})


@require_GET
def how_to_read(request):
    return render(request, "claims/how_to_read.html", {"sides": Side.objects.order_by("display_order")})


@require_GET
def incident_list(request):
    filters = selectors.IncidentFilter(
        request.GET, queryset=selectors.incidents_for_list(request.user), request=request
    )
    incidents = filters.qs if filters.is_valid() else Incident.objects.none()
    context = {
        "filters": filters,
        "page": _page(request, incidents, paginator=selectors.IdsFirstPaginator),
        "querystring": _querystring(request),
        "timeline": _picture(request, "timeline", lambda: selectors.timeline_data(incidents, user=request.user))
        if filters.is_valid()
        else [],
        "legend": selectors.legend(),
    }
    if request.htmx and request.htmx.target == "incident-results":
        return render(request, "claims/_incident_results.html", context)
    return render(request, "claims/incident_list.html", context)


#: Statements of one side shown in its column before the rest fold away.
COLUMN_SHOWN = 4
#: Confirmed disputes shown before the rest fold away.
DISPUTES_SHOWN = 5
#: How many merges an old incident address follows before giving up (a merge never makes a cycle).
MERGE_HOPS = 10


def _incident_or_redirect(request, pk: int):
    """The incident `pk` if the viewer may see it; else a redirect to the incident it was merged
    into (following merges of merges), or a 404 that says why: not public yet, or merged into an
    incident that is not public yet."""
    incident = Incident.objects.visible_to(request.user).filter(pk=pk).prefetch_related("places").first()
    if incident is not None:
        return incident, None
    target = Incident.objects.filter(pk=pk).values_list("merged_into", flat=True).first()
    if target is None:
        raise Http404(
            "This incident does not exist, or it is not public yet: it becomes public once an editor accepts one of its statements."
        )
    for _hop in range(MERGE_HOPS):
        further = Incident.objects.filter(pk=target).values_list("merged_into", flat=True).first()
        if further is None:
            break
        target = further
    if Incident.objects.visible_to(request.user).filter(pk=target).exists():
        return None, redirect("claims:incident", pk=target)
    raise Http404(f"Incident {pk} was merged into incident {target}, which is not public yet.")


@require_GET
def incident_detail(request, pk: int):
    """One incident: its disputes first, then casualty figures, blame and each side's statements,
    narrowed by the review switches (`?reviewed=only`, `?rejected=show`: `selectors.review_scope`)."""
    incident, response = _incident_or_redirect(request, pk)
    if response:
        return response
    try:
        scope = selectors.review_scope(request.GET, user=request.user)
    except selectors.BadReviewScope as error:
        return render(request, "error.html", {"title": "Bad request", "message": str(error)}, status=400)
    editor = is_editor(request.user)
    comparison = selectors.incident_comparison(incident, user=request.user, scope=scope)
    cards = [card for group in comparison["sides"] for card in group["statements"]]
    for group in comparison["sides"]:
        # A side's first statements show; the rest fold under "N more", so one talkative side does
        # not make the page as long as all of its statements (a link to one of them opens the fold).
        group["first"], group["more"] = group["statements"][:COLUMN_SHOWN], group["statements"][COLUMN_SHOWN:]
    context = {
        "incident": incident,
        "comparison": comparison,
        "chart": selectors.casualty_chart_data(comparison),
        "disputes": selectors.incident_disputes(incident.pk, cards, user=request.user, scope=scope, suggestions=editor),
        "counts": selectors.review_counts(Statement.objects.visible_to(request.user).filter(incident=incident)),
        "scope": scope,
        "switch": _review_switch(scope),
        "export_query": urlencode({"incident": incident.pk, **scope.params()}),
        "disputes_shown": DISPUTES_SHOWN,
        "disputes_slice": f":{DISPUTES_SHOWN}",
        "disputes_rest": f"{DISPUTES_SHOWN}:",
        "disputes_hidden_offset": -DISPUTES_SHOWN,
        "show_suggestions": editor,
        "signed_in": request.user.is_authenticated,
        "history": _history(request, incident),
    }
    return render(request, "claims/incident_detail.html", context)


def _review_switch(scope) -> dict[str, str]:
    """The query strings of the page with each switch flipped (the other kept)."""

    def query(**changes) -> str:
        params = dataclasses.replace(scope, **changes).params()
        return "?" + urlencode(params) if params else "?"

    return {
        "reviewed_only": query(reviewed_only=True),
        "with_pending": query(reviewed_only=False),
        "rejected_show": query(show_rejected=True),
        "rejected_hide": query(show_rejected=False),
    }


def _history(request, obj) -> list[dict] | None:
    """The change history for signed-in readers (researchers see everything); None for anonymous
    visitors, whom it would show pending and rejected work and editors' names."""
    if role_of(request.user) == Role.ANONYMOUS:
        return None
    return history_for(obj)


@require_GET
def statement_list(request):
    filters = selectors.StatementFilter(request.GET, queryset=selectors.statements_for_list(request.user))
    return render(request, "claims/statement_list.html", _statements_context(request, filters))


def _statements_context(request, filters) -> dict:
    """A page of the filtered statements and its cards (with their counterclaim links), read as
    `.values()` rows: none when the filters are invalid (the form then says why)."""
    statements = filters.qs if filters.is_valid() else Statement.objects.none()
    page = _page(request, selectors.statement_rows(statements))
    cards = selectors.statement_cards(page.object_list, user=request.user)
    return {
        "filters": filters,
        "page": page,
        "cards": cards,
        "querystring": _querystring(request),
        "show_suggestions": is_editor(request.user),
    }


@require_GET
def statement_detail(request, pk: int):
    visible = Statement.objects.visible_to(request.user)
    statement = get_object_or_404(visible.select_related("incident"), pk=pk)
    card = selectors.statement_cards(selectors.statement_rows(visible.filter(pk=pk)), user=request.user)[0]
    context = {
        "statement": statement,
        "card": card,
        "history": _history(request, statement),
        "show_suggestions": is_editor(request.user),
    }
    return render(request, "claims/statement_detail.html", context)


@require_GET
def article_detail(request, pk: int):
    # The page shows the clean text; the fetched original, the analysis and the MinHash bands stay behind.
    article = get_object_or_404(Article.objects.select_related("outlet").defer(*ARTICLE_UNSHOWN), pk=pk)
    statements = list(
        Statement.objects.visible_to(request.user).filter(article=article).select_related("side", "actor", "incident")
    )
    # Anonymous visitors reach an article through a statement they may see; failed, pasted or unreviewed
    # articles are for signed-in users (as in the API, which requires login for articles).
    if not statements and not request.user.is_authenticated:
        raise Http404("No such article.")
    url = article.canonical_url or article.url
    context = {
        "article": article,
        # Only web links become clickable; anything else is shown as text.
        "original_url": url if url.startswith(("https://", "http://")) else "",
        "segments": selectors.article_segments(article, statements),
        "statements": statements,
        "incidents": list(Incident.objects.of_article(article.pk, request.user)),
    }
    return render(request, "claims/article_detail.html", context)


def _statements_of(request, **filters):
    base = selectors.statements_for_list(request.user).filter(**filters)
    return selectors.StatementFilter(request.GET, queryset=base, request=request)


@require_GET
def actor_detail(request, slug: str):
    actor = get_object_or_404(Actor.objects.select_related("side", "parent"), slug=slug)
    context = {
        **_statements_context(request, _statements_of(request, actor=actor)),
        "actor": actor,
        "entity": actor,
        "export_query": f"actor={actor.slug}",
        "over_time": selectors.actor_timeline(Statement.objects.visible_to(request.user).filter(actor=actor)),
    }
    return render(request, "claims/actor_detail.html", context)


@require_GET
def outlet_detail(request, slug: str):
    outlet = get_object_or_404(Outlet.objects.select_related("side"), slug=slug)
    context = {
        **_statements_context(request, _statements_of(request, article__outlet=outlet)),
        "outlet": outlet,
        "entity": outlet,
        "articles": selectors.articles_of_outlet(outlet.pk, request.user)[:20],
        "export_query": f"outlet={outlet.slug}",
    }
    return render(request, "claims/outlet_detail.html", context)


@require_GET
def place_detail(request, slug: str):
    place = get_object_or_404(Place, slug=slug)
    incidents = (
        selectors.incidents_for_list(request.user)
        .filter(pk__in=Incident.places.through.objects.filter(place=place).values("incident_id"))
        .order_by(F("start_date").desc(nulls_last=True), "-id")
    )
    params = request.GET.copy()
    params["place"] = place.slug
    filters = selectors.StatementFilter(params, queryset=selectors.statements_for_list(request.user), request=request)
    context = {
        **_statements_context(request, filters),
        "place": place,
        "entity": place,
        "incidents": incidents[:50],
        "export_query": f"place={place.slug}",
    }
    return render(request, "claims/place_detail.html", context)


@require_GET
def search(request):
    text = request.GET.get("q", "").strip()[:200]
    context: dict = {"q": text, "show_suggestions": is_editor(request.user)}
    if text and not request.user.is_authenticated:
        throttle = SearchThrottle()
        if not throttle.allow_request(request, None):
            wait = int(throttle.wait() or 60) + 1
            message = f"Too many searches from your address: wait {wait} seconds, or sign in to search without a limit."
            response = render(request, "error.html", {"title": "Too many searches", "message": message}, status=429)
            response["Retry-After"] = str(wait)
            return response
    if text:
        visible = selectors.statements_for_list(request.user)
        matching = selectors.with_headline(selectors.statements_matching(visible, text), "sentence", text)
        statements = list(selectors.statement_rows(matching, "headline")[:20])
        articles = list(selectors.with_headline(selectors.articles_matching(text), "text", text)[:20])
        incidents = (
            selectors.incidents_for_list(request.user)
            .filter(selectors.incident_ids_matching(text, user=request.user))
            .order_by(F("start_date").desc(nulls_last=True), "-id")
        )
        context.update(
            places=list(selectors.places_matching(text)[:10]),
            actors=list(selectors.actors_matching(text)[:10]),
            incidents=list(incidents[:20]),
            statements=list(
                zip(
                    selectors.statement_cards(statements, user=request.user),
                    [selectors.headline_html(s["headline"]) for s in statements],
                    strict=True,
                )
            ),
            articles=[(a, selectors.headline_html(a.headline)) for a in articles],
        )
    return render(request, "claims/search.html", context)


@require_GET
def incident_map(request):
    filters = selectors.IncidentFilter(
        request.GET, queryset=selectors.incidents_for_list(request.user), request=request
    )
    valid = filters.is_valid()
    incidents = filters.qs if valid else Incident.objects.none()
    context = {
        "filters": filters,
        "places": _picture(request, "map", lambda: selectors.map_data(incidents, user=request.user)) if valid else [],
        "timeline": _picture(request, "timeline", lambda: selectors.timeline_data(incidents, user=request.user))
        if valid
        else [],
        "legend": selectors.legend(),
        "querystring": _querystring(request),
    }
    if request.htmx and request.htmx.target == "map-results":
        return render(request, "claims/_map_results.html", context)
    return render(request, "claims/map.html", context)


# --- Exports -------------------------------------------------------------------------------------


def _download(lines: Iterator[str], filename: str, content_type: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


INCIDENT_COLUMNS = [
    *INCIDENT_HEAD,
    "places",
    "statements",
    "sides",
    "contested",
    "url",
]


def _incident_rows(request, incidents) -> Iterator[tuple[dict, list[tuple[float, float]]]]:
    """Each incident as an export row, with the (longitude, latitude) of its located places."""
    base = request.build_absolute_uri("/")[:-1]
    url = selectors.incident_url_pattern()
    # iterator() with a prefetch needs chunk_size; places come 500 incidents at a time.
    for incident in incidents[:EXPORT_LIMIT].iterator(chunk_size=500):
        places = list(incident.places.all())
        row = {
            "id": incident.pk,
            "title": incident.title,
            "kind": incident.kind,
            "status": incident.status,
            "start_date": incident.start_date,
            "end_date": incident.end_date,
            "date_precision": incident.date_precision,
            "places": [p.name for p in places],
            "statements": incident.statement_count,
            "sides": incident.side_count,
            "contested": incident.contested,
            "url": base + url.format(incident.pk),
        }
        yield row, [(p.longitude, p.latitude) for p in places if p.latitude is not None]


@require_GET
def incident_export(request, fmt: str):
    filters = selectors.IncidentFilter(
        request.GET, queryset=selectors.incidents_for_list(request.user), request=request
    )
    if not filters.is_valid():
        return HttpResponse(f"Bad filter: {filters.errors.as_text()}", status=400, content_type="text/plain")
    rows = _incident_rows(request, filters.qs)
    if fmt == "csv":
        lines = csv_lines(
            INCIDENT_COLUMNS,
            ([*(r[c] if c != "places" else "; ".join(r[c]) for c in INCIDENT_COLUMNS)] for r, _ in rows),
        )
        return _download(lines, "incidents.csv", "text/csv; charset=utf-8")
    if fmt == "geojson":
        features = (selectors.incident_feature(row, where) for row, where in rows)
        return _download(geojson_lines(features), "incidents.geojson", "application/geo+json")
    return _download(json_array(row for row, _ in rows), "incidents.json", "application/json")


@require_GET
def statement_export(request, fmt: str):
    visible = Statement.objects.visible_to(request.user)
    filters = selectors.StatementFilter(request.GET, queryset=visible, request=request)
    if not filters.is_valid():
        return HttpResponse(f"Bad filter: {filters.errors.as_text()}", status=400, content_type="text/plain")
    try:
        # The incident page's reviewed-only / with-pending and rejected switches carry over to its export links.
        scope = selectors.review_scope(request.GET, user=request.user)
    except selectors.BadReviewScope as error:
        return HttpResponse(f"Bad filter: {error}", status=400, content_type="text/plain")
    lines = statements_export(
        queryset=scope.apply(filters.qs), fmt=fmt, visible=visible, base_url=request.build_absolute_uri("/")[:-1]
    )
    if fmt == "csv":
        return _download(lines, "statements.csv", "text/csv; charset=utf-8")
    return _download(lines, "statements.jsonl", "application/x-ndjson")


@require_GET
@cache_page(60)
def sides_css(request):
    """Each side's colour as CSS custom properties: sides are data, and a CSP forbids inline styles."""
    rules = [
        f".side-{side.slug} {{ --side: {side.colour}; }}"
        for side in Side.objects.order_by("display_order")
        # slug and colour are validated by the model (SlugField, hex CHECK constraint)
    ]
    rules.append(f".side-{selectors.UNATTRIBUTED['slug']} {{ --side: {selectors.UNATTRIBUTED['colour']}; }}")
    buffer = io.StringIO("\n".join(rules) + "\n")
    return HttpResponse(buffer.getvalue(), content_type="text/css; charset=utf-8")
