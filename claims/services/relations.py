"""Links between statements: editors' counterclaims and the system's suggestions."""

from __future__ import annotations

from collections.abc import Mapping

import pghistory
from django.db import IntegrityError, transaction
from django.db.models import Q

from claims.errors import InvalidChange
from claims.models import RelationKind, RelationStatus, Statement, StatementRelation
from claims.services._clean import as_choice, user_pk


def relation_create(*, source_id: int, target_id: int, kind: str, user) -> StatementRelation:
    """An editor's link: `source` denies / contradicts / corroborates / repeats `target` (confirmed)."""
    kind = as_choice(kind, RelationKind, "kind")
    if source_id == target_id:
        raise InvalidChange("a statement cannot be linked to itself", field="target")
    with transaction.atomic(), pghistory.context(user=user_pk(user), action="relation"):
        found = Statement.objects.filter(pk__in=[source_id, target_id]).count()
        if found != 2:
            raise InvalidChange("both statements must exist", field="target")
        relation, created = StatementRelation.objects.get_or_create(
            source_id=source_id,
            target_id=target_id,
            kind=kind,
            defaults={"status": RelationStatus.CONFIRMED, "created_by": user if user_pk(user) else None},
        )
        if not created and relation.status != RelationStatus.CONFIRMED:
            relation.status = RelationStatus.CONFIRMED
            relation.created_by = user if user_pk(user) else relation.created_by
            relation.save(update_fields=["status", "created_by"])
    return relation


def relation_decide(*, relation_id: int, status: str, user) -> StatementRelation:
    """Confirm or dismiss a relation (typically one the system suggested)."""
    if status not in (RelationStatus.CONFIRMED, RelationStatus.DISMISSED):
        raise InvalidChange("status must be confirmed or dismissed", field="status")
    with transaction.atomic(), pghistory.context(user=user_pk(user), action="relation"):
        relation = StatementRelation.objects.select_for_update().filter(pk=relation_id).first()
        if relation is None:
            raise InvalidChange(f"relation #{relation_id} does not exist")
        if relation.status != status:
            relation.status = status
            if status == RelationStatus.CONFIRMED and user_pk(user):
                relation.created_by = user
            relation.save(update_fields=["status", "created_by"])
    return relation


def relation_suggest(*, incident_id: int, statement_ids: list[int] | None = None) -> list[StatementRelation]:
    """Store the system's counterclaim suggestions for an incident; returns the new ones.

    With `statement_ids` (statements just linked to the incident), only pairs involving one of
    them are considered — what the linker does for every article. Pairs an editor already
    confirmed or dismissed are never suggested again.
    """
    return relations_suggest({incident_id: statement_ids})


@transaction.atomic
def relations_suggest(linked: Mapping[int, list[int] | None]) -> list[StatementRelation]:
    """`relation_suggest` for several incidents at once ({incident id: statement ids, or None for
    all}), in the same few queries however many incidents: what the linker calls once per run."""
    from claims.suggestions import incidents_accounts, relation_candidates

    by_incident = incidents_accounts(linked)
    work: list[tuple[list, list[int] | None]] = []  # (an incident's accounts, the new ones among them or None: all)
    among_all: list[int] = []
    for incident_id in sorted(linked):
        accounts = by_incident.get(incident_id, [])
        statement_ids = linked[incident_id]
        among = (
            [a.pk for a in accounts] if statement_ids is None else sorted(set(statement_ids) & {a.pk for a in accounts})
        )
        if among:
            work.append((accounts, None if statement_ids is None else among))
            among_all += among
    if not among_all:
        return []
    taken = {
        frozenset(pair)
        for pair in StatementRelation.objects.filter(Q(source__in=among_all) | Q(target__in=among_all)).values_list(
            "source_id", "target_id"
        )
    }
    new = []
    for accounts, among in work:
        for candidate in relation_candidates(accounts, new=among):
            pair = frozenset((candidate.source, candidate.target))
            if pair in taken:
                continue
            taken.add(pair)
            new.append(
                StatementRelation(
                    source_id=candidate.source,
                    target_id=candidate.target,
                    kind=candidate.kind,
                    status=RelationStatus.SUGGESTED,
                    reason=candidate.reason[:400],
                )
            )
    # One INSERT for all of them; only when a concurrent run got there first do we fall back to
    # one row at a time, skipping its rows.
    try:
        with transaction.atomic():
            return StatementRelation.objects.bulk_create(new)
    except IntegrityError:
        pass
    created = []
    for relation in new:
        try:
            with transaction.atomic():
                relation.save(force_insert=True)
        except IntegrityError:
            relation.pk = None
            continue  # suggested by a concurrent run a moment ago
        created.append(relation)
    return created
