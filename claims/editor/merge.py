"""Merging incidents with a preview first, and undoing an editor's last actions.

A merge is shown before it runs (what moves, per side; the places the target gains; its dates
after; the statements whose dates do not fit) and runs only when the editor confirms; afterwards,
like an accept or a reject, it can be undone from the message on the next page.
"""

from __future__ import annotations

import pghistory
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.roles import editor_required
from claims import services
from claims.editor import forms
from claims.editor.common import UNDOABLE, editor_action, next_url, offer_undo, to_survivor
from claims.errors import ClaimsError
from claims.models import Incident
from claims.selectors.merge import incident_merge_preview


@editor_required
@require_http_methods(["GET", "POST"])
def incident_merge(request, pk: int):
    """GET: the preview of merging incident `source` into `pk`; POST (from the preview): the merge."""
    target = get_object_or_404(Incident, pk=pk)
    if moved := to_survivor(
        request, target, f"Incident #{pk} was merged into #{target.merged_into_id}: merge into that one."
    ):
        return moved
    form = forms.MergeForm(request.POST if request.method == "POST" else request.GET, incident=target)
    if not form.is_valid():
        message = "; ".join(e for errs in form.errors.values() for e in errs)
        return render(request, "editor/error.html", {"message": f"Nothing merged: {message}"}, status=400)
    source = form.cleaned_data["source"]
    if request.method == "GET":
        preview = incident_merge_preview(source, target)
        return render(request, "editor/merge.html", {"preview": preview, "section": "incidents"})
    try:
        with pghistory.context() as context:
            services.incident_merge(source_id=source.pk, target_id=target.pk, user=request.user)
    except ClaimsError as exc:
        return render(request, "editor/error.html", {"message": exc.message}, status=400)
    offer_undo(request, context.id, f"Merged incident #{source.pk} into #{target.pk}.")
    return redirect("editor:incident", pk=target.pk)


@editor_action
def undo(request):
    """Undo one of this editor's recent actions (offered after it, by its pghistory context)."""
    context_id = request.POST.get("context", "")
    mine = request.session.get(UNDOABLE, [])
    if context_id not in mine:
        raise ClaimsError("That action is not one of your recent ones, or it was undone already.")
    services.change_undo(context_id=context_id, user=request.user)
    request.session[UNDOABLE] = [c for c in mine if c != context_id]
    label = request.POST.get("label", "")[:200]
    messages.success(request, f"Undone: {label}" if label else "Undone.")
    return redirect(next_url(request, reverse("editor:queue")))
