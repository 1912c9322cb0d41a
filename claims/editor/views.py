"""The editors' pages: review queue, statement and incident editing, merges, splits, counterclaims.

Every view checks the role first (anonymous → login, researcher → 403), then calls a service.
Service errors become a message on the page (4xx), never a 500.
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch
from django.db.models.functions import Greatest, Length, Substr
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.text import Truncator
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import editor_required
from claims import services
from claims.editor import forms
from claims.errors import ClaimsError, VersionConflict
from claims.history import history_for
from claims.linking import incident_duplicate_candidates
from claims.models import (
    Actor,
    CasualtyFigure,
    Incident,
    IncidentStatus,
    ReviewStatus,
    Side,
    Stance,
    Statement,
    StatementRelation,
)
from sources.models import Article, ArticleStatus
from sources.nlp.language import language_name

CONTEXT_CHARS = 320
QUEUE_PAGE = 30


def _next_url(request, default: str) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


def editor_action(view):
    """An editor's POST-only action, in which a refusal (`ClaimsError`) becomes the error page
    with a 400, never a 500."""

    @functools.wraps(view)
    def refusal_as_page(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ClaimsError as exc:
            return render(request, "editor/error.html", {"message": exc.message}, status=400)

    return editor_required(require_POST(refusal_as_page))


def _posted(form_class, request, refusal: str, **kwargs):
    """The posted form, valid; else the action is refused with `refusal` (`{errors}`: the form's)."""
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        raise ClaimsError(refusal.format(errors="; ".join(e for errs in form.errors.values() for e in errs)))
    return form


def article_context(statement: Statement) -> dict:
    """The sentence with some of the article around it, for highlighting (from the excerpt `_statements`
    cut in the database, so the article's text is never loaded)."""
    excerpt = getattr(statement, "article_excerpt", None)
    if not excerpt or statement.start is None:
        return {"before": "", "sentence": statement.sentence, "after": ""}
    lo = max(0, statement.start - CONTEXT_CHARS)
    hi = min(statement.article_length, statement.end + CONTEXT_CHARS)
    start, end = statement.start - lo, statement.end - lo
    return {
        "before": ("…" if lo else "") + excerpt[:start],
        "sentence": excerpt[start:end],
        "after": excerpt[end:] + ("…" if hi < statement.article_length else ""),
    }


#: Article columns the editor's lists never show: a 1,000-statement page loaded them once per row.
_ARTICLE_BODIES = ("article__raw", "article__text", "article__analysis", "article__minhash_bands")


def _statements(queryset):
    return (
        queryset.select_related("article", "article__outlet", "actor", "side", "blamed_side", "incident")
        .defer(*_ARTICLE_BODIES)
        .annotate(
            article_length=Length("article__text"),
            article_excerpt=Substr(
                "article__text",
                Greatest(F("start") - CONTEXT_CHARS, 0) + 1,
                F("end") + CONTEXT_CHARS - Greatest(F("start") - CONTEXT_CHARS, 0),
            ),
        )
        .prefetch_related(
            Prefetch("casualties", queryset=CasualtyFigure.objects.select_related("party_side").order_by("pk"))
        )
    )


# --- Review queue --------------------------------------------------------------------------------


@editor_required
def queue(request):
    pending = Statement.objects.pending().order_by("-confidence", "-created_at", "-pk")
    filters = forms.QueueFilter(request.GET, queryset=pending)
    statements = filters.qs if filters.is_valid() else pending.none()
    page = Paginator(_statements(statements), QUEUE_PAGE).get_page(request.GET.get("page"))
    items = [{"statement": s, "context": article_context(s)} for s in page]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "editor/queue.html",
        {
            "filters": filters,
            "page": page,
            "items": items,
            "querystring": params.urlencode(),
            "section": "queue",
            "pending_total": Statement.objects.pending().count(),
            "bulk_fields": _bulk_fields() if items else [],
        },
    )


def _bulk_fields() -> list[dict]:
    """The fields "Set for ticked" may change, each with its choices as (value, text) pairs."""
    incidents = Incident.objects.live().order_by("-start_date", "-pk").only("pk", "title")[:300]
    sides = [(side.slug, side.name) for side in Side.objects.all()]
    return [
        {
            "name": "incident",
            "label": "Incident",
            "choices": [(i.pk, f"#{i.pk} {Truncator(i.title).chars(60)}") for i in incidents],
        },
        {"name": "side", "label": "Side", "choices": sides},
        {"name": "blamed_side", "label": "Blames", "choices": sides},
        {"name": "stance", "label": "Stance", "choices": Stance.choices},
        {"name": "actor", "label": "Actor", "choices": Actor.objects.order_by("name").values_list("pk", "name")},
    ]


@editor_action
def review(request):
    """Accept or reject one statement (button `one` = "decision:id") or the checked ones."""
    back = _next_url(request, reverse("editor:queue"))
    if one := request.POST.get("one"):
        decision, _, pk = one.partition(":")
        ids = [pk]
    else:
        decision, ids = request.POST.get("decision", ""), request.POST.getlist("statement_ids")
    try:
        ids = [int(pk) for pk in ids]
    except ValueError:
        raise ClaimsError("The statements to review must be given by number.") from None
    if not ids:
        messages.warning(request, "Tick at least one statement first.")
        return redirect(back)
    count = services.statement_review(statement_ids=ids, decision=decision, user=request.user)
    verb = "Accepted" if decision == ReviewStatus.ACCEPTED else "Rejected"
    messages.success(request, f"{verb} {count} statement{'s' * (count != 1)}.")
    return redirect(back)


BULK_FIELDS = ("incident", "side", "blamed_side", "stance", "actor")
_ACTOR_CLEARED = "the actor spoke for another side than the new one. The speaker text stays as it was."


@editor_action
def bulk_edit(request):
    """Set the incident, side, blamed side, stance and/or actor of the ticked statements, each
    guarded by the version shown. A bad value is refused before anything is saved."""
    back = _next_url(request, reverse("editor:queue"))
    changes = {name: request.POST[name] for name in BULK_FIELDS if request.POST.get(name)}
    ids = request.POST.getlist("statement_ids")
    if not ids or not changes:
        messages.warning(request, "Tick statements and choose what to set for them.")
        return redirect(back)
    services.statement_changes_check(changes=changes)
    had_actor = set(
        Statement.objects.filter(pk__in=[pk for pk in ids if pk.isdigit()], actor__isnull=False).values_list(
            "pk", flat=True
        )
    )
    saved, conflicts, cleared = 0, [], []
    for pk in ids:
        try:
            updated = services.statement_update(
                statement_id=int(pk),
                expected_version=int(request.POST.get(f"version-{pk}", "0")),
                changes=changes,
                user=request.user,
            )
            saved += 1
            if updated.pk in had_actor and updated.actor_id is None and "actor" not in changes:
                cleared.append(f"#{pk}")
        except VersionConflict:
            conflicts.append(f"#{pk}")
        except ValueError:
            raise ClaimsError("Bad statement number.") from None
    messages.success(request, f"Updated {saved} statement{'s' * (saved != 1)}.")
    if cleared:
        messages.info(request, f"Cleared the actor of {', '.join(cleared)}: {_ACTOR_CLEARED}")
    if conflicts:
        messages.error(
            request,
            f"Not changed, because someone else edited them meanwhile: {', '.join(conflicts)}. Check them again.",
        )
    return redirect(back)


# --- Statements ----------------------------------------------------------------------------------


def _edit_page(request, template: str, obj, form, *, conflict, status: int, **context):
    """A statement's or an incident's page: its form, the conflict if saving met one, its history."""
    context.update(form=form, conflict=conflict, history=history_for(obj))
    return render(request, template, context, status=status)


def _kept_input(form_class, request, current):
    """After a VersionConflict: keep the editor's input; the hidden version moves on, so saving
    again is a deliberate choice made after seeing the other change."""
    data = request.POST.copy()
    data["version"] = current.version
    form = form_class(data, initial=form_class.initial_for(current))
    form.is_valid()
    return form


def _statement_page(request, statement, form, casualties, *, conflict=None, status=200):
    relations = StatementRelation.objects.filter(source=statement) | StatementRelation.objects.filter(target=statement)
    return _edit_page(
        request,
        "editor/statement.html",
        statement,
        form,
        conflict=conflict,
        status=status,
        statement=statement,
        excerpt=article_context(statement),
        casualties=casualties,
        relations=relations.select_related("source", "target", "source__side", "target__side").order_by("pk"),
        relation_form=forms.RelationForm(statement=statement),
        section="queue",
    )


@editor_required
@require_http_methods(["GET", "POST"])
def statement_detail(request, pk: int):
    statement = get_object_or_404(_statements(Statement.objects.all()), pk=pk)
    if request.method == "GET":
        form = forms.StatementForm(initial=forms.StatementForm.initial_for(statement))
        casualties = forms.CasualtyFormSet(initial=forms.casualty_initial(statement), prefix="casualties")
        return _statement_page(request, statement, form, casualties)
    form = forms.StatementForm(request.POST, initial=forms.StatementForm.initial_for(statement))
    casualties = forms.CasualtyFormSet(request.POST, initial=forms.casualty_initial(statement), prefix="casualties")
    if not (form.is_valid() and casualties.is_valid()):
        return _statement_page(request, statement, form, casualties, status=400)
    changes = form.changes()
    if casualties.has_changed():
        changes["casualties"] = forms.casualty_changes(casualties)
    try:
        updated = services.statement_update(
            statement_id=statement.pk,
            expected_version=form.cleaned_data["version"],
            changes=changes,
            user=request.user,
        )
    except VersionConflict as exc:
        form = _kept_input(forms.StatementForm, request, exc.current)
        return _statement_page(
            request, _statements(Statement.objects.all()).get(pk=pk), form, casualties, conflict=exc, status=409
        )
    except ClaimsError as exc:
        form.add_error(None, exc.message)
        return _statement_page(request, statement, form, casualties, status=400)
    messages.success(request, f"Saved statement #{statement.pk}.")
    if statement.actor_id and updated.actor_id is None and "actor" not in changes:
        messages.info(request, f"Cleared the actor ({statement.actor.name}): {_ACTOR_CLEARED}")
    return redirect(_next_url(request, reverse("editor:statement", args=[statement.pk])))


@editor_action
def relation_add(request, pk: int):
    statement = get_object_or_404(Statement, pk=pk)
    form = _posted(forms.RelationForm, request, "The link was not saved: {errors}", statement=statement)
    relation = services.relation_create(
        source_id=statement.pk,
        target_id=form.cleaned_data["target"].pk,
        kind=form.cleaned_data["kind"],
        user=request.user,
    )
    messages.success(request, f"Linked: #{relation.source_id} {relation.kind} #{relation.target_id}.")
    return redirect(_next_url(request, reverse("editor:statement", args=[statement.pk])))


@editor_action
def relation_decide(request, pk: int):
    relation = services.relation_decide(relation_id=pk, status=request.POST.get("status", ""), user=request.user)
    messages.success(request, f"Link #{relation.source_id} {relation.kind} #{relation.target_id} {relation.status}.")
    return redirect(_next_url(request, reverse("editor:statement", args=[relation.source_id])))


# --- Incidents -----------------------------------------------------------------------------------


@editor_required
@require_http_methods(["GET", "POST"])
def incident_list(request):
    form = forms.IncidentCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_create(user=request.user, **form.cleaned_data)
        except ClaimsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Created incident #{incident.pk}.")
            return redirect("editor:incident", pk=incident.pk)
    status = request.GET.get("status", "")
    incidents = Incident.objects.live().order_by("-start_date", "-pk")
    if status:
        incidents = incidents.filter(status=status)
    page = Paginator(incidents.prefetch_related("places"), 40).get_page(request.GET.get("page"))
    return render(
        request,
        "editor/incidents.html",
        {
            "form": form,
            "page": page,
            "status": status,
            "duplicates": incident_duplicate_candidates(limit=20),
            "querystring": f"status={status}" if status else "",
            "statuses": IncidentStatus.choices,
            "section": "incidents",
        },
        status=400 if request.method == "POST" else 200,
    )


def _incident_page(request, incident, form, *, conflict=None, status=200):
    statements = _statements(incident.statements.all()).order_by("side__display_order", "article_id", "start")
    suggestions = StatementRelation.objects.filter(source__incident=incident, status="suggested").select_related(
        "source", "target", "source__side", "target__side"
    )
    return _edit_page(
        request,
        "editor/incident.html",
        incident,
        form,
        conflict=conflict,
        status=status,
        incident=incident,
        statements=statements,
        suggestions=suggestions,
        merge_form=forms.MergeForm(incident=incident),
        merged_from=Incident.objects.filter(merged_into=incident).order_by("pk"),
        section="incidents",
    )


@editor_required
@require_http_methods(["GET", "POST"])
def incident_detail(request, pk: int):
    incident = get_object_or_404(Incident, pk=pk)
    if incident.merged_into_id:
        messages.info(request, f"Incident #{pk} was merged into this one.")
        return redirect("editor:incident", pk=incident.merged_into_id)
    if request.method == "GET":
        return _incident_page(request, incident, forms.IncidentForm(initial=forms.IncidentForm.initial_for(incident)))
    form = forms.IncidentForm(request.POST, initial=forms.IncidentForm.initial_for(incident))
    if not form.is_valid():
        return _incident_page(request, incident, form, status=400)
    try:
        services.incident_update(
            incident_id=pk, expected_version=form.cleaned_data["version"], changes=form.changes(), user=request.user
        )
    except VersionConflict as exc:
        form = _kept_input(forms.IncidentForm, request, exc.current)
        return _incident_page(request, exc.current, form, conflict=exc, status=409)
    except ClaimsError as exc:
        form.add_error(None, exc.message)
        return _incident_page(request, incident, form, status=400)
    messages.success(request, f"Saved incident #{pk}.")
    return redirect("editor:incident", pk=pk)


@editor_action
def incident_merge(request, pk: int):
    """Merge the chosen incident (`source`) into incident `pk`."""
    target = get_object_or_404(Incident, pk=pk)
    form = _posted(
        forms.MergeForm, request, "Choose an incident that still exists and is not this one.", incident=target
    )
    source = form.cleaned_data["source"]
    services.incident_merge(source_id=source.pk, target_id=target.pk, user=request.user)
    messages.success(request, f"Merged incident #{source.pk} into #{target.pk}.")
    return redirect("editor:incident", pk=target.pk)


@editor_action
def incident_split(request, pk: int):
    incident = get_object_or_404(Incident, pk=pk)
    form = _posted(forms.SplitForm, request, "Tick the statements to move to the new incident.", incident=incident)
    new = services.incident_split(
        incident_id=pk,
        statement_ids=[s.pk for s in form.cleaned_data["statement_ids"]],
        title=form.cleaned_data["title"],
        user=request.user,
    )
    messages.success(request, f"Moved {new.statements.count()} statements to the new incident #{new.pk}.")
    return redirect("editor:incident", pk=new.pk)


@editor_required
@require_POST
def incident_suggest(request, pk: int):
    incident = get_object_or_404(Incident.objects.live(), pk=pk)
    created = services.relation_suggest(incident_id=incident.pk)
    messages.success(request, f"{len(created)} new suggested link{'s' * (len(created) != 1)} to confirm or dismiss.")
    return redirect(reverse("editor:incident", args=[pk]) + "#suggestions")


@editor_required
def article_list(request):
    """The articles with their status and language; "not analysed" ones name their language and
    say why, and the list filters by status and by language."""
    status = request.GET.get("status", "")
    language = request.GET.get("language", "")
    articles = Article.objects.select_related("outlet").order_by("-created_at", "-pk")
    if status in ArticleStatus.values:
        articles = articles.filter(status=status)
    if language:
        articles = articles.filter(language="" if language == "none" else language)
    languages = [
        (row["language"] or "none", language_name(row["language"]) or "not judged", row["n"])
        for row in Article.objects.values("language").annotate(n=Count("pk")).order_by("-n", "language")
    ]
    page = Paginator(articles.defer("raw", "text", "analysis"), 40).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in (("status", status), ("language", language)) if v})
    return render(
        request,
        "editor/articles.html",
        {
            "page": page,
            "status": status,
            "language": language,
            "statuses": ArticleStatus.choices,
            "languages": languages,
            "querystring": query,
            "section": "articles",
        },
    )
