"""Results reused until the data they were computed from changes.

django-pghistory writes an event row for every insert, update and delete of a tracked model, and its
ids only grow: the largest event id of each model a result reads is a version of that data, read from
their primary keys in one query. A result cached under those versions (and the database's name: a
shared cache may serve several databases) is computed again after the next tracked write, so tracked
data is never served stale. What is not tracked (a place's coordinates, a side's description, an
article's outlet) is reused for at most `seconds`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db import connection, models

T = TypeVar("T")


def tracked_models() -> list[type[models.Model]]:
    """Every model django-pghistory tracks: what a result of the statements and incidents may read."""
    return [model for model in apps.get_models() if getattr(model, "pgh_event_model", None)]


def audience(user) -> str:
    """Whose view a result is: what a viewer may see depends only on whether they are signed in
    (`visible_to`), so a result computed for one visitor serves every visitor."""
    return "signed-in" if user is not None and user.is_authenticated else "public"


def data_version(tracked: Iterable[type[models.Model]]) -> str:
    """The latest history event of each model, joined: it changes with every write to any of them."""
    tables = [model.pgh_event_model._meta.db_table for model in tracked]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT max(pgh_id) FROM {t})" for t in tables))  # noqa: S608
        return ":".join(str(v) for v in cursor.fetchone())


def cached_until_changed(
    name: str, tracked: Iterable[type[models.Model]], compute: Callable[[], T], *, seconds: int
) -> T:
    """`compute()`, reused under `name` until one of the `tracked` models is written to (or for
    `seconds` at most). The result must pickle: lists and dicts, not lazy querysets."""
    key = f"{name}:{connection.settings_dict['NAME']}:{data_version(tracked)}"
    result = cache.get(key)
    if result is None:
        result = compute()
        cache.set(key, result, seconds)
    return result
