"""The editors' statement and incident pages: edit forms (with "Save, accept and next"), new
actors and spellings, counterclaim links, incidents, splits, articles.

Every view checks the role first (anonymous → login, researcher → 403), then calls a service.
Service errors become a message on the page (4xx), never a 500. The queue is in `queue.py`, merges
and undo in `merge.py`, the type-ahead endpoints in `pickers.py`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pghistory
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import editor_required
from claims import services
from claims.editor import forms
from claims.editor.common import article_context, editor_action, next_url, offer_undo, posted, statements, to_survivor
from claims.editor.queue import ACTOR_CLEARED, next_pending
from claims.errors import ClaimsError, VersionConflict
from claims.history import history_for
from claims.linking import incident_duplicate_candidates_cached
from claims.models import Incident, IncidentStatus, ReviewStatus, Statement, StatementRelation
from sources.models import Article, ArticleStatus
from sources.nlp.language import language_name

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


def _statement_page(request, statement, form, casualties, *, conflict=None, status=200, **forms_shown):
    relations = StatementRelation.objects.filter(source=statement) | StatementRelation.objects.filter(target=statement)
    speaker = {
        "name": statement.speaker,
        "side": statement.side.slug if statement.side_id else None,
        "version": statement.version,
    }
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
        actor_form=forms_shown.get("actor_form") or forms.ActorCreateForm(initial=speaker, prefix="new-actor"),
        alias_form=forms_shown.get("alias_form")
        or forms.AliasForm(initial={"actor": statement.actor_id, "alias": statement.speaker}, prefix="alias"),
        queue_url=next_url(request, ""),
        section="queue",
    )


ACCEPT_NEXT = "accept-next"


@editor_required
@require_http_methods(["GET", "POST"])
def statement_detail(request, pk: int):
    """A statement's form. "Save changes" saves; "Save, accept and next" (Ctrl+Enter) saves, accepts
    and opens the next pending statement of the queue the editor came from (same filters, same sort)."""
    statement = get_object_or_404(statements(Statement.objects.all()), pk=pk)
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
    accept = request.POST.get("then") == ACCEPT_NEXT
    try:
        # One context for the edit and the decision, so one Undo reverses both.
        with pghistory.context() as context:
            updated = statement
            if changes or not accept:
                updated = services.statement_update(
                    statement_id=statement.pk,
                    expected_version=form.cleaned_data["version"],
                    changes=changes,
                    user=request.user,
                )
            if accept:
                services.statement_review(
                    statement_ids=[statement.pk], decision=ReviewStatus.ACCEPTED, user=request.user
                )
    except VersionConflict as exc:
        form = _kept_input(forms.StatementForm, request, exc.current)
        return _statement_page(
            request, statements(Statement.objects.all()).get(pk=pk), form, casualties, conflict=exc, status=409
        )
    except ClaimsError as exc:
        form.add_error(None, exc.message)
        return _statement_page(request, statement, form, casualties, status=400)
    if statement.actor_id and updated.actor_id is None and "actor" not in changes:
        messages.info(request, f"Cleared the actor ({statement.actor.name}): {ACTOR_CLEARED}")
    if not accept:
        still = " It is still pending review." if updated.review_status == ReviewStatus.PENDING else ""
        messages.success(request, f"Saved statement #{statement.pk}.{still}")
        return redirect(next_url(request, reverse("editor:statement", args=[statement.pk])))
    offer_undo(request, context.id, f"Saved and accepted statement #{statement.pk}.")
    queue_url = next_url(request, reverse("editor:queue"))
    if urlsplit(queue_url).path != reverse("editor:queue"):
        return redirect(queue_url)  # came from a public page's Edit link: back to it
    following = next_pending(queue_url, after=statement.pk)
    if following is None:
        messages.success(request, "That was the last pending statement with these filters.")
        return redirect(queue_url)
    return redirect(reverse("editor:statement", args=[following.pk]) + "?" + urlencode({"next": queue_url}))


def _statement_back(request, statement) -> str:
    url = reverse("editor:statement", args=[statement.pk])
    back = next_url(request, "")
    return url + ("?" + urlencode({"next": back}) if back else "")


def _statement_side_form(request, statement, form, key: str, write):
    """A form beside the statement's own (new actor, new spelling): `write(cleaned_data)` does the
    writes and returns the undo label; then back to the statement, else its page with the errors."""
    if form.is_valid():
        try:
            with pghistory.context() as context:
                label = write(form.cleaned_data)
        except ClaimsError as exc:
            form.add_error(None, exc.message)
        else:
            offer_undo(request, context.id, label)
            return redirect(_statement_back(request, statement))
    return _refused_on_page(request, statement, **{key: form})


@editor_action
def actor_create(request, pk: int):
    """A new actor, named on the statement page, becomes this statement's actor (an edit guarded
    by the version shown, like the form's)."""
    statement = get_object_or_404(statements(Statement.objects.all()), pk=pk)

    def write(data) -> str:
        actor = services.actor_create(
            name=data["name"], side=data["side"], kind=data["kind"], aliases=form.alias_list(), user=request.user
        )
        services.statement_update(
            statement_id=statement.pk,
            expected_version=data["version"],
            changes={"actor": actor.pk, **({"side": actor.side} if actor.side_id else {})},
            user=request.user,
        )
        return f"Created actor {actor.name} for statement #{statement.pk}."

    form = forms.ActorCreateForm(request.POST, prefix="new-actor")
    return _statement_side_form(request, statement, form, "actor_form", write)


@editor_action
def alias_add(request, pk: int):
    """Another spelling of an existing actor, from the statement page (by default its speaker text)."""
    statement = get_object_or_404(statements(Statement.objects.all()), pk=pk)

    def write(data) -> str:
        actor = services.actor_alias_add(actor_id=data["actor"].pk, alias=data["alias"], user=request.user)
        return f"Added “{data['alias']}” as a spelling of {actor.name}."

    form = forms.AliasForm(request.POST, prefix="alias")
    return _statement_side_form(request, statement, form, "alias_form", write)


def _refused_on_page(request, statement, **forms_shown):
    form = forms.StatementForm(initial=forms.StatementForm.initial_for(statement))
    casualties = forms.CasualtyFormSet(initial=forms.casualty_initial(statement), prefix="casualties")
    return _statement_page(request, statement, form, casualties, status=400, **forms_shown)


@editor_action
def relation_add(request, pk: int):
    statement = get_object_or_404(Statement, pk=pk)
    form = posted(forms.RelationForm, request, "The link was not saved: {errors}", statement=statement)
    relation = services.relation_create(
        source_id=statement.pk,
        target_id=form.cleaned_data["target"].pk,
        kind=form.cleaned_data["kind"],
        user=request.user,
    )
    messages.success(request, f"Linked: #{relation.source_id} {relation.kind} #{relation.target_id}.")
    return redirect(next_url(request, reverse("editor:statement", args=[statement.pk])))


@editor_action
def relation_decide(request, pk: int):
    relation = services.relation_decide(relation_id=pk, status=request.POST.get("status", ""), user=request.user)
    messages.success(request, f"Link #{relation.source_id} {relation.kind} #{relation.target_id} {relation.status}.")
    return redirect(next_url(request, reverse("editor:statement", args=[relation.source_id])))


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
            "duplicates": incident_duplicate_candidates_cached(limit=20),
            "querystring": f"status={status}" if status else "",
            "statuses": IncidentStatus.choices,
            "section": "incidents",
        },
        status=400 if request.method == "POST" else 200,
    )


def _incident_page(request, incident, form, *, conflict=None, status=200):
    # The list shows who said what in one line each: only those columns (not the article excerpts,
    # casualty figures and timestamps of the statement form), for incidents of hundreds of statements.
    rows = (
        incident.statements.select_related("actor", "side")
        .only(
            "pk", "incident", "speaker", "stance", "review_status", "content", "sentence", "actor__name", "side__slug"
        )
        .order_by("side__display_order", "article_id", "start")
    )
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
        statements=rows,
        suggestions=suggestions,
        merge_form=forms.MergeForm(incident=incident),
        merged_from=Incident.objects.filter(merged_into=incident).order_by("pk"),
        section="incidents",
    )


@editor_required
@require_http_methods(["GET", "POST"])
def incident_detail(request, pk: int):
    incident = get_object_or_404(Incident, pk=pk)
    if moved := to_survivor(request, incident, f"Incident #{pk} was merged into this one."):
        return moved
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
def incident_split(request, pk: int):
    incident = get_object_or_404(Incident, pk=pk)
    form = posted(forms.SplitForm, request, "Tick the statements to move to the new incident.", incident=incident)
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
