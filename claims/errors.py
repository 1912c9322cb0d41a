"""Errors raised by the claims services; views and the API turn them into 4xx responses with a message."""

from __future__ import annotations

from typing import Any


class ClaimsError(Exception):
    """Base class: the message is meant for the person who made the request."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidChange(ClaimsError):
    """A change names an unknown field or carries a value the field cannot take."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class VersionConflict(ClaimsError):
    """Someone else saved the row after the editor loaded it.

    Carries the row as it is now and the changes made since the version the editor started from,
    so the second editor sees what the first one did instead of overwriting it.
    """

    def __init__(self, *, current: Any, expected_version: int, changes_since: list[dict] | None = None):
        kind = type(current)._meta.verbose_name
        super().__init__(
            f"This {kind} was changed by someone else while you were editing it "
            f"(you started from version {expected_version}, it is now at version {current.version}). "
            "Your changes were not saved; review the other change below and apply yours again."
        )
        self.current = current
        self.expected_version = expected_version
        self.changes_since = changes_since or []


class MergeRefused(ClaimsError):
    """An incident merge or split that would lose or loop data."""
