"""Editors' writes to incidents: create, edit (optimistic locking), merge and split."""

from __future__ import annotations

import datetime

import pghistory
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from claims.errors import InvalidChange, MergeRefused, VersionConflict
from claims.models import Incident, IncidentKind, IncidentPlace, IncidentStatus, Statement
from claims.services._clean import as_text, check_dates, clean_incident_changes, max_length, user_pk


@transaction.atomic
def incident_create(*, user, title: str, kind: str = IncidentKind.OTHER, **fields) -> Incident:
    """An incident entered by an editor (status developing unless given)."""
    values = clean_incident_changes({"title": title, "kind": kind, **fields})
    places = values.pop("places", [])
    values.setdefault("status", IncidentStatus.DEVELOPING)
    check_dates(values.get("start_date"), values.get("end_date"))
    with pghistory.context(user=user_pk(user), action="create"):
        incident = Incident.objects.create(**values)
        IncidentPlace.objects.bulk_create([IncidentPlace(incident=incident, place=p) for p in places])
    return incident


def _incident_conflict(incident_id: int, expected_version: int) -> Exception:
    from claims.history import history_for

    current = Incident.objects.filter(pk=incident_id).first()
    if current is None:
        return InvalidChange(f"incident #{incident_id} no longer exists")
    changes = [e for e in history_for(current) if e["when"] >= current.updated_at - datetime.timedelta(seconds=1)]
    return VersionConflict(current=current, expected_version=expected_version, changes_since=changes[:5])


def incident_update(*, incident_id: int, expected_version: int, changes: dict, user) -> Incident:
    """Apply an editor's changes if nobody saved the incident since `expected_version`."""
    values = clean_incident_changes(changes)
    places = values.pop("places", None)
    with transaction.atomic(), pghistory.context(user=user_pk(user), action="edit"):
        current = Incident.objects.select_for_update().filter(pk=incident_id).first()
        if current is None:
            raise InvalidChange(f"incident #{incident_id} no longer exists")
        if current.merged_into_id:
            raise MergeRefused(f"incident #{incident_id} was merged into #{current.merged_into_id}; edit that one")
        check_dates(values.get("start_date", current.start_date), values.get("end_date", current.end_date))
        updated = Incident.objects.filter(pk=incident_id, version=expected_version).update(
            **values, version=F("version") + 1, updated_at=timezone.now()
        )
        if not updated:
            raise _incident_conflict(incident_id, expected_version)
        if places is not None:
            IncidentPlace.objects.filter(incident_id=incident_id).exclude(place__in=places).delete()
            IncidentPlace.objects.bulk_create(
                [IncidentPlace(incident_id=incident_id, place=p) for p in places], ignore_conflicts=True
            )
    return Incident.objects.get(pk=incident_id)


def merged_dates(source: Incident, target: Incident) -> tuple[datetime.date | None, datetime.date | None]:
    """The target's start and end dates once `source` is merged into it: the span of both."""
    starts = [d for d in (source.start_date, target.start_date) if d]
    ends = [d for d in (source.end_date or source.start_date, target.end_date or target.start_date) if d]
    start, end = (min(starts) if starts else None), (max(ends) if ends else None)
    return start, end if end and end != start else target.end_date if target.end_date != start else None


def incident_merge(*, source_id: int, target_id: int, user) -> Incident:
    """Merge `source` into `target`: statements and places move over, the source keeps merged_into.

    The source's history stays reachable from the target's history page.
    """
    if source_id == target_id:
        raise MergeRefused("an incident cannot be merged into itself")
    with (
        transaction.atomic(),
        pghistory.context(user=user_pk(user), action="merge", source=source_id, target=target_id),
    ):
        rows = {i.pk: i for i in Incident.objects.select_for_update().filter(pk__in=[source_id, target_id])}
        if source_id not in rows or target_id not in rows:
            missing = source_id if source_id not in rows else target_id
            raise MergeRefused(f"incident #{missing} does not exist")
        source, target = rows[source_id], rows[target_id]
        for incident in (source, target):
            if incident.merged_into_id:
                raise MergeRefused(f"incident #{incident.pk} was already merged into #{incident.merged_into_id}")
        who = user.get_username() if user_pk(user) else "the system"
        Statement.objects.filter(incident=source).update(
            incident=target,
            incident_reason=f"moved from #{source.pk} when {who} merged it into #{target.pk}",
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        existing = set(IncidentPlace.objects.filter(incident=target).values_list("place_id", flat=True))
        IncidentPlace.objects.bulk_create(
            [
                IncidentPlace(incident=target, place_id=pk)
                for pk in IncidentPlace.objects.filter(incident=source).values_list("place_id", flat=True)
                if pk not in existing
            ]
        )
        start, end = merged_dates(source, target)
        Incident.objects.filter(pk=target.pk).update(
            start_date=start,
            end_date=end,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        Incident.objects.filter(pk=source.pk).update(
            merged_into=target, version=F("version") + 1, updated_at=timezone.now()
        )
        # Incidents merged into the source earlier now point at the target too.
        Incident.objects.filter(merged_into=source).update(merged_into=target)
    return Incident.objects.get(pk=target_id)


def incident_split(*, incident_id: int, statement_ids: list[int], user, title: str = "") -> Incident:
    """Move some statements of an incident to a new incident (same kind, dates and places)."""
    with transaction.atomic(), pghistory.context(user=user_pk(user), action="split", source=incident_id):
        incident = Incident.objects.select_for_update().filter(pk=incident_id).first()
        if incident is None:
            raise MergeRefused(f"incident #{incident_id} does not exist")
        if incident.merged_into_id:
            raise MergeRefused(f"incident #{incident_id} was merged into #{incident.merged_into_id}")
        moving = list(
            Statement.objects.filter(incident=incident, pk__in=list(statement_ids)).values_list("pk", flat=True)
        )
        if not moving:
            raise MergeRefused("choose at least one statement of this incident to split off")
        if len(moving) != len(set(statement_ids)):
            raise MergeRefused("some of the chosen statements do not belong to this incident")
        limit = max_length(Incident, "title")
        new = Incident.objects.create(
            title=as_text(title, "title", max_length=limit) or f"{incident.title} (split)"[:limit],
            kind=incident.kind,
            start_date=incident.start_date,
            end_date=incident.end_date,
            date_precision=incident.date_precision,
            summary=f"Split from #{incident.pk}.",
            status=IncidentStatus.DEVELOPING,
        )
        IncidentPlace.objects.bulk_create([IncidentPlace(incident=new, place_id=p.pk) for p in incident.places.all()])
        who = user.get_username() if user_pk(user) else "the system"
        Statement.objects.filter(pk__in=moving).update(
            incident=new,
            incident_confidence=1.0,
            incident_reason=f"split from #{incident.pk} by {who}",
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        Incident.objects.filter(pk=incident.pk).update(version=F("version") + 1, updated_at=timezone.now())
    return new
