"""What every editor page shares: the safe `next` address, POST actions whose refusals become a
400 page, the statements query with the article excerpt cut in the database, the undo offer, and
the way from an incident merged away to the one it lives on in."""

from __future__ import annotations

import functools
import uuid

from django.contrib import messages
from django.db.models import F, Prefetch
from django.db.models.functions import Greatest, Length, Substr
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.roles import editor_required
from claims.errors import ClaimsError
from claims.models import CasualtyFigure, Incident, Statement

CONTEXT_CHARS = 320
#: Session keys: the undo offer to show once, and the actions this editor may still undo.
UNDO_OFFER = "editor_undo_offer"
UNDOABLE = "editor_undoable"
UNDO_KEEP = 20


def next_url(request, default: str) -> str:
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


def posted(form_class, request, refusal: str, **kwargs):
    """The posted form, valid; else the action is refused with `refusal` (`{errors}`: the form's)."""
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        raise ClaimsError(refusal.format(errors="; ".join(e for errs in form.errors.values() for e in errs)))
    return form


def to_survivor(request, incident: Incident, message: str) -> HttpResponse | None:
    """The redirect to the incident `incident` was merged into, with `message` shown there; None if it was not merged."""
    if not incident.merged_into_id:
        return None
    messages.info(request, message)
    return redirect("editor:incident", pk=incident.merged_into_id)


def offer_undo(request, context_id: uuid.UUID, label: str) -> None:
    """Offer to undo what the request just did (the writes of pghistory context `context_id`): the
    next editor page shows `label` with an Undo button, and this editor may undo it until
    UNDO_KEEP later actions push it out."""
    request.session[UNDO_OFFER] = {"context": str(context_id), "label": label}
    request.session[UNDOABLE] = [str(context_id), *request.session.get(UNDOABLE, [])][:UNDO_KEEP]


def article_context(statement: Statement) -> dict:
    """The sentence with some of the article around it, for highlighting (from the excerpt `statements`
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


def statements(queryset):
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
