"""Undo of an editor's action (a review, a merge, a save-and-accept): the rows one pghistory context
wrote are put back as they were just before it.

Invariants:
- Undo works from the history pghistory already keeps, never from a copy of its own: each row the
  action touched is reversed (an updated row gets its snapshot from before the action back, an
  inserted row is deleted, a deleted row is re-created), so any action made of tracked writes can
  be undone without code of its own.
- Undo is refused when a row the action wrote has changed again since (by anyone, including an
  earlier undo): putting the old values back would silently overwrite that later change.
- The undo is itself an editorial write, in a context of its own (action "undo", naming the context
  it reverses), so it shows in the history and can be audited; every undone row's `version` moves
  on, so an editor holding an old copy meets a conflict rather than overwriting.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import pghistory
from django.apps import apps
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from claims.errors import ClaimsError
from claims.services._clean import user_pk

# Parents before children: re-created rows go in this order, inserted rows are deleted in reverse.
TRACKED = ("Actor", "Incident", "Statement", "IncidentPlace", "StatementPlace", "CasualtyFigure", "StatementRelation")
_BOOKKEEPING = {"version", "updated_at", "created_at"}


class UndoRefused(ClaimsError):
    """The action cannot be undone (nothing recorded, or changed again since)."""


@dataclass
class _Rows:
    """What one context did to the rows of one model."""

    model: type
    events: type
    inserted: set[int] = field(default_factory=set)
    deleted: dict[int, object] = field(default_factory=dict)  # pk -> the delete event (its snapshot)
    updated: dict[int, tuple[int, int]] = field(default_factory=dict)  # pk -> (first, last) event ids


def _rows_of(context_id: uuid.UUID) -> list[_Rows]:
    found = []
    for name in TRACKED:
        rows = _Rows(model=apps.get_model("claims", name), events=apps.get_model("claims", f"{name}Event"))
        for event in rows.events.objects.filter(pgh_context_id=context_id).order_by("pgh_id"):
            pk = event.pgh_obj_id
            if event.pgh_label == "insert":
                rows.inserted.add(pk)
            elif event.pgh_label == "delete":
                rows.deleted[pk] = event
            else:
                first, _ = rows.updated.get(pk, (event.pgh_id, event.pgh_id))
                rows.updated[pk] = (first, event.pgh_id)
        if rows.inserted or rows.deleted or rows.updated:
            found.append(rows)
    return found


def _refuse_if_changed_since(rows: _Rows, context_id: uuid.UUID) -> None:
    pks = rows.inserted | set(rows.deleted) | set(rows.updated)
    last_own = rows.events.objects.filter(pgh_context_id=context_id).aggregate(m=Max("pgh_id"))["m"]
    later = (
        rows.events.objects.filter(pgh_obj_id__in=pks, pgh_id__gt=last_own)
        .exclude(pgh_context_id=context_id)
        .values_list("pgh_obj_id", flat=True)
        .first()
    )
    if later is not None:
        noun = rows.model._meta.verbose_name
        raise UndoRefused(f"{noun} #{later} has changed since, so this action can no longer be undone")


def _snapshot(event, model, *, only: set[str] | None = None) -> dict:
    values = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name in _BOOKKEEPING or (only is not None and f.attname not in only):
            continue
        if hasattr(event, f.attname):
            values[f.attname] = getattr(event, f.attname)
    return values


def _restore_updates(rows: _Rows) -> None:
    now = timezone.now()
    has = {f.name for f in rows.model._meta.concrete_fields}
    for pk, (first, last) in rows.updated.items():
        if pk in rows.inserted or pk in rows.deleted:
            continue
        before = rows.events.objects.filter(pgh_obj_id=pk, pgh_id__lt=first).order_by("-pgh_id").first()
        if before is None:
            raise UndoRefused(f"no record of {rows.model._meta.verbose_name} #{pk} before this action")
        after = rows.events.objects.get(pgh_id=last)
        old, new = _snapshot(before, rows.model), _snapshot(after, rows.model)
        changed = {name: value for name, value in old.items() if new.get(name) != value}
        if not changed:
            continue
        extra = {"version": F("version") + 1} if "version" in has else {}
        if "updated_at" in has:
            extra["updated_at"] = now
        rows.model.objects.filter(pk=pk).update(**changed, **extra)


@transaction.atomic
def change_undo(*, context_id: uuid.UUID | str, user) -> int:
    """Reverse every tracked write made in the pghistory context `context_id`; returns how many rows
    were put back. Raises UndoRefused if nothing was recorded or a row changed again since."""
    try:
        context_id = uuid.UUID(str(context_id))
    except ValueError:
        raise UndoRefused("that is not an action that can be undone") from None
    with pghistory.context(user=user_pk(user), action="undo", undoes=str(context_id)):
        found = _rows_of(context_id)
        if not found:
            raise UndoRefused("nothing was recorded for that action, so there is nothing to undo")
        for rows in found:
            pks = rows.inserted | set(rows.updated)
            # Lock what we are about to put back, then check nobody changed it since.
            list(rows.model.objects.select_for_update().filter(pk__in=pks).values_list("pk", flat=True))
            _refuse_if_changed_since(rows, context_id)
        count = 0
        for rows in found:  # parents first
            for pk, event in rows.deleted.items():
                if pk not in rows.inserted:
                    rows.model.objects.create(pk=pk, **_snapshot(event, rows.model))
                    count += 1
        for rows in found:
            _restore_updates(rows)
            count += len(set(rows.updated) - rows.inserted - set(rows.deleted))
        for rows in reversed(found):  # children first
            deleted, _ = rows.model.objects.filter(pk__in=rows.inserted - set(rows.deleted)).delete()
            count += deleted
    return count
