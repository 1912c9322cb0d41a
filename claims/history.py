"""Readable history of statements and incidents, from the events django-pghistory records.

Every write to a tracked table leaves an event row (a snapshot) tagged with the pghistory context
of the request or service that made it (`user`, `action`, …). Here those rows become entries of
who, when, what kind of change, and a field-by-field diff. Changes made in one context (one save,
one merge) form one entry, so an editor's edit of a statement and its casualty figures reads as one
change. An incident's history includes the history of the incidents merged into it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model

from claims.models import CASUALTY_MEASURES, Actor, Incident, Place, Side, Statement

__all__ = ["history_for"]

# Bookkeeping that changes with every save and says nothing to a reader.
_HIDDEN = {"id", "created_at", "updated_at", "version", "fingerprint", "pipeline_version", "merged_into_id_cache"}
_LABELS = {"insert": "created", "update": "changed", "delete": "deleted"}
_ACTION_LABELS = {
    "edit": "edited",
    "review": "reviewed",
    "merge": "merged",
    "split": "split",
    "link": "linked by the system",
    "relation": "linked statements",
    "create": "created",
    "store": "extracted",
}
_FK_FIELDS = {
    "side": "side",
    "blamed_side": "side",
    "party_side": "side",
    "actor": "actor",
    "incident": "incident",
    "merged_into": "incident",
    "reviewed_by": "user",
    "created_by": "user",
}


def _event_model(name: str):
    return apps.get_model("claims", name)


def _events(name: str, **filters):
    """The events of one pghistory event model, oldest first, with their contexts."""
    return _event_model(name).objects.filter(**filters).select_related("pgh_context").order_by("pgh_id")


@dataclass
class _Change:
    key: Any  # groups the changes of one context (one action) into one entry
    when: datetime.datetime
    pgh_id: int
    context: dict
    label: str
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    version: int | None = None
    marker: str | None = None  # "created" / "deleted": an event with no diff worth showing
    main: bool = False  # from the object's own table (statement or incident events)

    @classmethod
    def of(cls, event, *, label: str, **fields) -> _Change:
        """A change made by this event: grouped, dated and attributed by it."""
        return cls(
            key=_group_key(event),
            when=event.pgh_created_at,
            pgh_id=event.pgh_id,
            context=_context(event),
            label=label,
            **fields,
        )


def _group_key(event) -> Any:
    # Writes outside any context (the pipeline, a shell) share a transaction timestamp instead.
    return event.pgh_context_id or ("tx", event.pgh_created_at)


def _context(event) -> dict:
    return dict(event.pgh_context.metadata) if event.pgh_context_id and event.pgh_context else {}


def _snapshot_changes(events, *, prefix: str = "", main: bool = True) -> list[_Change]:
    """Diffs between consecutive snapshots of each object."""
    out: list[_Change] = []
    previous: dict[Any, dict] = {}
    for event in events:
        attnames = {
            f.name: f.attname
            for f in type(event)._meta.concrete_fields
            if not f.name.startswith("pgh_") and f.name not in _HIDDEN
        }
        snap = {name: getattr(event, attname) for name, attname in attnames.items()}
        before = previous.get(event.pgh_obj_id)
        change = _Change.of(
            event,
            label=_LABELS.get(event.pgh_label, event.pgh_label),
            version=getattr(event, "version", None),
            main=main,
        )
        if event.pgh_label == "insert" or before is None:
            change.marker = "created"
        elif event.pgh_label == "delete":
            change.marker = "deleted"
        else:
            for name, value in snap.items():
                if before.get(name) != value:
                    change.changes[f"{prefix}{name}"] = (before.get(name), value)
        if prefix and change.marker:
            # The history of an incident merged into this one: say which incident the event was on.
            change.changes[prefix.strip()] = (None, change.marker)
            change.marker = None
        previous[event.pgh_obj_id] = snap
        if change.changes or change.marker:
            out.append(change)
    return out


def _set_changes(events, *, name: str, render) -> list[_Change]:
    """Replays insert/delete/update events of child rows; one change per context: the set before and after."""
    state: dict[Any, Any] = {}
    out: list[_Change] = []
    current: _Change | None = None
    before_text = ""
    for event in events:
        key = _group_key(event)
        if current is None or current.key != key:
            if current is not None:
                after = render(state.values())
                if after != before_text:
                    current.changes[name] = (before_text or None, after or None)
                    out.append(current)
            before_text = render(state.values())
            current = _Change.of(event, label="changed")
        if event.pgh_label == "delete":
            state.pop(event.pgh_obj_id, None)
        else:
            state[event.pgh_obj_id] = event
    if current is not None:
        after = render(state.values())
        if after != before_text:
            current.changes[name] = (before_text or None, after or None)
            out.append(current)
    return out


def _render_casualties(rows) -> str:
    sides = {s.pk: s.slug for s in Side.objects.all()}
    parts = []
    for row in sorted(rows, key=lambda r: (r.party_side_id or 0, r.civilian)):
        party = sides.get(row.party_side_id, "unknown")
        counts = []
        for count in CASUALTY_MEASURES:
            low, high = getattr(row, f"{count}_low"), getattr(row, f"{count}_high")
            if low is not None:
                counts.append(f"{count} {low}" if low == high else f"{count} {low}–{high}")
        parts.append(f"{party} {'civilians' if row.civilian else 'military'}: {', '.join(counts) or 'no figures'}")
    return "; ".join(parts)


def _render_places(rows) -> str:
    names = dict(Place.objects.filter(pk__in=[r.place_id for r in rows]).values_list("pk", "name"))
    return ", ".join(sorted(names.get(r.place_id, f"#{r.place_id}") for r in rows))


def _relation_changes(statement_id: int) -> list[_Change]:
    events = _event_model("StatementRelationEvent").objects.filter(
        pgh_obj_id__in=_event_model("StatementRelationEvent")
        .objects.filter(source_id=statement_id)
        .values("pgh_obj_id")
        .union(_event_model("StatementRelationEvent").objects.filter(target_id=statement_id).values("pgh_obj_id"))
    )
    out = []
    last: dict[int, str] = {}
    for event in events.select_related("pgh_context").order_by("pgh_id"):
        text = f"#{event.source_id} {event.kind} #{event.target_id} ({event.status})"
        old = last.get(event.pgh_obj_id)
        new = None if event.pgh_label == "delete" else text
        last[event.pgh_obj_id] = new
        if old != new:
            out.append(
                _Change.of(
                    event,
                    label="suggested a counterclaim" if event.status == "suggested" else "changed a counterclaim",
                    changes={f"counterclaim link #{event.pgh_obj_id}": (old, new)},
                )
            )
    return out


def _statement_changes(statement: Statement) -> list[_Change]:
    pk = statement.pk
    changes = _snapshot_changes(_events("StatementEvent", pgh_obj_id=pk))
    changes += _set_changes(
        _events("CasualtyFigureEvent", statement_id=pk), name="casualties", render=_render_casualties
    )
    changes += _set_changes(_events("StatementPlaceEvent", statement_id=pk), name="places", render=_render_places)
    changes += _relation_changes(pk)
    return changes


def _merged_ids(incident: Incident) -> list[int]:
    """This incident and every incident merged into it, directly or through others."""
    ids, frontier = [incident.pk], [incident.pk]
    while frontier:
        frontier = list(Incident.objects.filter(merged_into_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in ids]
        ids += frontier
    return ids


def _incident_changes(incident: Incident) -> list[_Change]:
    ids = _merged_ids(incident)
    changes: list[_Change] = []
    for pk in ids:
        prefix = "" if pk == incident.pk else f"incident #{pk} "
        changes += _snapshot_changes(_events("IncidentEvent", pgh_obj_id=pk), prefix=prefix)
        changes += _set_changes(
            _events("IncidentPlaceEvent", incident_id=pk), name=f"{prefix}places", render=_render_places
        )
    # Statements joining or leaving: a change of a statement's incident to or from one of these.
    statement_events = _event_model("StatementEvent").objects
    moved = statement_events.filter(incident_id__in=ids).values("pgh_obj_id")
    last: dict[int, int | None] = {}
    rows = (
        statement_events.filter(pgh_obj_id__in=moved)
        .select_related("pgh_context")
        .only("pgh_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "pgh_context", "incident_id")
        .order_by("pgh_id")
    )
    for event in rows:
        old = last.get(event.pgh_obj_id)
        new = event.incident_id
        seen = event.pgh_obj_id in last
        last[event.pgh_obj_id] = new
        if (seen and old == new) or (old not in ids and new not in ids):
            continue
        changes.append(
            _Change.of(
                event,
                label="statement added" if not seen else "statement moved",
                changes={f"statement #{event.pgh_obj_id} incident": (old, new)},
            )
        )
    return changes


class _Names:
    """Turns foreign-key ids in diffs into names, with one query per kind of object."""

    def __init__(self, changes: list[_Change]):
        wanted: dict[str, set] = defaultdict(set)
        users: set = set()
        for change in changes:
            users.add(change.context.get("user"))
            for name, pair in change.changes.items():
                kind = self.kind_of(name)
                if kind:
                    wanted[kind] |= {v for v in pair if v is not None}
        self.maps = {
            "side": dict(Side.objects.filter(pk__in=wanted["side"]).values_list("pk", "slug")),
            "actor": dict(Actor.objects.filter(pk__in=wanted["actor"]).values_list("pk", "name")),
            "incident": {
                pk: f"#{pk} {title}"
                for pk, title in Incident.objects.filter(pk__in=wanted["incident"]).values_list("pk", "title")
            },
            "user": dict(
                get_user_model()
                .objects.filter(pk__in={u for u in wanted["user"] | users if isinstance(u, int)})
                .values_list("pk", "username")
            ),
        }

    @staticmethod
    def kind_of(name: str) -> str | None:
        last = name.rsplit(" ", 1)[-1]
        return _FK_FIELDS.get(last)

    def value(self, name: str, value: Any) -> Any:
        if value is None:
            return None
        kind = self.kind_of(name)
        if kind:
            return self.maps[kind].get(value, f"#{value}")
        if isinstance(value, datetime.datetime | datetime.date):
            return value.isoformat()
        return value

    def who(self, context: dict) -> str:
        user = context.get("user")
        if isinstance(user, int):
            return self.maps["user"].get(user, f"user #{user}")
        if context.get("action") == "link":
            return "linker"
        return "system"


def history_for(obj: Statement | Incident, *, since_version: int | None = None) -> list[dict]:
    """Entries newest first: {who, when, label, changes{field: (old, new)}}.

    With `since_version`, only the changes that took the object past that version (what another
    editor did since a form was loaded).
    """
    if isinstance(obj, Statement):
        raw = _statement_changes(obj)
    elif isinstance(obj, Incident):
        raw = _incident_changes(obj)
    else:
        raise TypeError(f"no history for {type(obj).__name__}")
    groups: dict[Any, list[_Change]] = defaultdict(list)
    for change in raw:
        groups[change.key].append(change)
    names = _Names(raw)
    entries = []
    for parts in groups.values():
        parts.sort(key=lambda c: c.pgh_id)
        versions = [c.version for c in parts if c.version is not None]
        if since_version is not None and not (versions and max(versions) > since_version):
            continue
        context = next((c.context for c in parts if c.context), {})
        merged: dict[str, tuple[Any, Any]] = {}
        for change in parts:
            for name, (old, new) in change.changes.items():
                first_old = merged[name][0] if name in merged else old
                merged[name] = (first_old, new)
        diff = {
            name: (names.value(name, old), names.value(name, new)) for name, (old, new) in merged.items() if old != new
        }
        marker = next((c.marker for c in parts if c.marker), None)
        if not diff and not marker:
            continue
        action = context.get("action")
        label = _ACTION_LABELS.get(action, action) if action else (marker or parts[0].label)
        # Event ids count per table; only the object's own table orders changes made within one
        # transaction (same timestamp) reliably.
        main_ids = [c.pgh_id for c in parts if c.main]
        entries.append(
            {
                "who": names.who(context),
                "when": parts[0].when,
                "label": label,
                "changes": diff,
                "_order": (parts[0].when, max(main_ids) if main_ids else 0),
            }
        )
    entries.sort(key=lambda e: e["_order"], reverse=True)
    for entry in entries:
        del entry["_order"]
    return entries
