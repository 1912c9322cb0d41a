"""The review queue: compact rows, filters and a sort that orders, accept/reject (one or ticked,
with undo), bulk edits, and "the next pending statement" for "Save, accept and next"."""

from __future__ import annotations

from urllib.parse import urlsplit

import pghistory
from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from accounts.roles import editor_required
from claims import services
from claims.editor import forms
from claims.editor.common import article_context, editor_action, next_url, offer_undo, statements
from claims.errors import ClaimsError, VersionConflict
from claims.models import Actor, ReviewStatus, Side, Stance, Statement
from claims.selectors import IdsFirstPaginator

QUEUE_PAGE = 30


def queue_filter(params: QueryDict, *, exclude: int | None = None) -> forms.QueueFilter:
    pending = Statement.objects.pending()
    if exclude is not None:
        pending = pending.exclude(pk=exclude)
    return forms.QueueFilter(params, queryset=pending)


@editor_required
@require_GET
def queue(request):
    filters = queue_filter(request.GET)
    pending = filters.qs if filters.is_valid() else Statement.objects.none()
    # The page's ids first, sorted on the narrow rows (the sort crosses to the articles' dates, so no
    # index gives the order): sorting every pending statement's full row cost most of the page.
    page = IdsFirstPaginator(statements(pending), QUEUE_PAGE).get_page(request.GET.get("page"))
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
            "matching": page.paginator.count,
            "pending_total": Statement.objects.pending().count(),
            "filtered": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
            "bulk_fields": _bulk_fields() if items else [],
        },
    )


def next_pending(queue_url: str, *, after: int) -> Statement | None:
    """The first pending statement other than `after` in the queue at `queue_url` (its filters and sort)."""
    filters = queue_filter(QueryDict(urlsplit(queue_url).query), exclude=after)
    return filters.qs.first() if filters.is_valid() else None


def _bulk_fields() -> list[dict]:
    """The fields "Set for ticked" may change, each with its choices as (value, text) pairs; the
    incident is a number (or a type-ahead), since there may be thousands."""
    sides = [(side.slug, side.name) for side in Side.objects.all()]
    return [
        {"name": "incident", "label": "Incident", "picker": "incidents"},
        {"name": "side", "label": "Side", "choices": sides},
        {"name": "blamed_side", "label": "Blames", "choices": sides},
        {"name": "stance", "label": "Stance", "choices": Stance.choices},
        {
            "name": "actor",
            "label": "Actor",
            "picker": "actors",
            "choices": Actor.objects.order_by("name").values_list("pk", "name"),
        },
    ]


@editor_action
def review(request):
    """Accept or reject one statement (button `one` = "decision:id") or the checked ones; the
    next page offers to undo it."""
    back = next_url(request, reverse("editor:queue"))
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
    with pghistory.context() as context:
        count = services.statement_review(statement_ids=ids, decision=decision, user=request.user)
    verb = "Accepted" if decision == ReviewStatus.ACCEPTED else "Rejected"
    what = f"statement #{ids[0]}" if len(ids) == 1 else f"{count} statement{'s' * (count != 1)}"
    if count:
        offer_undo(request, context.id, f"{verb} {what}.")
    else:
        messages.info(request, f"Nothing changed: already {decision}.")
    return redirect(back)


BULK_FIELDS = ("incident", "side", "blamed_side", "stance", "actor")
ACTOR_CLEARED = "the actor spoke for another side than the new one. The speaker text stays as it was."


@editor_action
def bulk_edit(request):
    """Set the incident, side, blamed side, stance and/or actor of the ticked statements, each
    guarded by the version shown. A bad value is refused before anything is saved."""
    back = next_url(request, reverse("editor:queue"))
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
    with pghistory.context() as context:
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
    if saved:
        offer_undo(request, context.id, f"Updated {saved} statement{'s' * (saved != 1)}.")
    if cleared:
        messages.info(request, f"Cleared the actor of {', '.join(cleared)}: {ACTOR_CLEARED}")
    if conflicts:
        messages.error(
            request,
            f"Not changed, because someone else edited them meanwhile: {', '.join(conflicts)}. Check them again.",
        )
    return redirect(back)
