"""Editors' writes to statements: edits under optimistic locking, and review decisions."""

from __future__ import annotations

import pghistory
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from claims.errors import InvalidChange, VersionConflict
from claims.history import history_for
from claims.models import CasualtyFigure, ReviewStatus, Side, Statement, StatementPlace
from claims.services._clean import clean_statement_changes, user_pk

# Every editorial write runs in a pghistory context naming the user and the action, so the history
# pages can say who did what; every edit bumps `version` with a conditional UPDATE, so a second
# editor working from an old copy gets a VersionConflict instead of silently overwriting the first.


def _statement_conflict(statement_id: int, expected_version: int) -> Exception:
    current = Statement.objects.filter(pk=statement_id).first()
    if current is None:
        return InvalidChange(f"statement #{statement_id} no longer exists")
    return VersionConflict(
        current=current,
        expected_version=expected_version,
        changes_since=history_for(current, since_version=expected_version),
    )


def statement_changes_check(*, changes: dict) -> None:
    """Raise InvalidChange if `statement_update` would refuse these changes whatever the statement.

    For editing many statements at once: a bad value is refused before any of them is saved.
    """
    clean_statement_changes(changes)


def statement_update(*, statement_id: int, expected_version: int, changes: dict, user) -> Statement:
    """Apply an editor's changes if nobody saved the statement since `expected_version`.

    A new side clears an actor who speaks for another side (the speaker text stays); naming both a
    side and an actor of another side is refused. Raises VersionConflict (with the current row and
    the other change) or InvalidChange.
    """
    values = clean_statement_changes(changes)
    if "side" in values and "actor" not in values and _actor_speaks_for_another_side(statement_id, values["side"]):
        values["actor"] = None
    casualties = values.pop("casualties", None)
    places = values.pop("places", None)
    if "incident" in values:
        incident = values["incident"]
        values["incident_confidence"] = 1.0 if incident else None
        values["incident_reason"] = f"set by editor {user.get_username()}" if incident else ""
    try:
        with transaction.atomic(), pghistory.context(user=user_pk(user), action="edit"):
            updated = Statement.objects.filter(pk=statement_id, version=expected_version).update(
                **values, version=F("version") + 1, updated_at=timezone.now()
            )
            if not updated:
                raise _statement_conflict(statement_id, expected_version)
            if casualties is not None:
                CasualtyFigure.objects.filter(statement_id=statement_id).delete()
                for figure in casualties:
                    figure.statement_id = statement_id
                CasualtyFigure.objects.bulk_create(casualties)
            if places is not None:
                StatementPlace.objects.filter(statement_id=statement_id).exclude(place__in=places).delete()
                StatementPlace.objects.bulk_create(
                    [StatementPlace(statement_id=statement_id, place=p) for p in places], ignore_conflicts=True
                )
    except IntegrityError as exc:
        raise InvalidChange(f"the change breaks a rule of the data: {exc.__cause__ or exc}") from None
    return Statement.objects.get(pk=statement_id)


def _actor_speaks_for_another_side(statement_id: int, side: Side | None) -> bool:
    # Read outside the guarded UPDATE: if the actor changes meanwhile, so does the version, and the
    # UPDATE below refuses with a VersionConflict.
    actor_side = Statement.objects.filter(pk=statement_id).values_list("actor__side_id", flat=True).first()
    return actor_side is not None and actor_side != (side.pk if side else None)


@transaction.atomic
def statement_review(*, statement_ids: list[int], decision: str, user) -> int:
    """Accept or reject statements (one or many); returns how many changed. Re-deciding is a no-op."""
    if decision not in (ReviewStatus.ACCEPTED, ReviewStatus.REJECTED):
        raise InvalidChange(f"decision must be accepted or rejected, not {decision!r}", field="decision")
    with pghistory.context(user=user_pk(user), action="review"):
        return (
            Statement.objects.filter(pk__in=list(statement_ids))
            .exclude(review_status=decision)
            .update(
                review_status=decision,
                reviewed_by=user if user_pk(user) else None,
                reviewed_at=timezone.now(),
                version=F("version") + 1,
                updated_at=timezone.now(),
            )
        )
