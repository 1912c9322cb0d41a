"""Writes for the claims app. Views, the API, tasks and commands all call these.

Split by subject; everything is importable from `claims.services`.
"""

from claims.services.actors import actor_alias_add, actor_create
from claims.services.gazetteer import gazetteer_load
from claims.services.incidents import incident_create, incident_merge, incident_split, incident_update
from claims.services.relations import relation_create, relation_decide, relation_suggest, relations_suggest
from claims.services.statements import statement_changes_check, statement_review, statement_update
from claims.services.undo import UndoRefused, change_undo

__all__ = [
    "UndoRefused",
    "actor_alias_add",
    "actor_create",
    "change_undo",
    "gazetteer_load",
    "incident_create",
    "incident_merge",
    "incident_split",
    "incident_update",
    "relation_create",
    "relation_decide",
    "relation_suggest",
    "relations_suggest",
    "statement_changes_check",
    "statement_review",
    "statement_update",
]
