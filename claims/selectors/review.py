"""How much of what a page shows is reviewed, and the two switches that choose it.

The switches are query parameters, parsed here once (`review_scope`) so every page that lists
statements, their figures, map or exports reads them the same way:

- `reviewed=only`: statements an editor accepted, and nothing else; `reviewed=all` (or no
  parameter): pending statements too, for viewers who may see them.
- `rejected=show`: rejected statements as well. They are hidden by default, as clutter, not as a
  secret: signed-in users (researchers and editors) may see them anyway through the API and
  exports, so the switch works for them; anonymous visitors never see rejected work
  (`StatementQuerySet.visible_to`), so it changes nothing for them.

A scope only narrows what `visible_to(user)` already allows: it never shows more.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from claims.models import ReviewStatus, Statement

REVIEWED_PARAM = "reviewed"
REJECTED_PARAM = "rejected"
REVIEWED_ONLY, REVIEWED_ALL = "only", "all"
REJECTED_SHOW, REJECTED_HIDE = "show", "hide"

__all__ = [
    "REJECTED_HIDE",
    "REJECTED_PARAM",
    "REJECTED_SHOW",
    "REVIEWED_ALL",
    "REVIEWED_ONLY",
    "REVIEWED_PARAM",
    "BadReviewScope",
    "ReviewScope",
    "review_counts",
    "review_scope",
]


class BadReviewScope(ValueError):
    """A switch's value is not one of its choices; the message says which values are, `param` which
    switch it is (the API names it in its 400)."""

    def __init__(self, message: str, *, param: str) -> None:
        super().__init__(message)
        self.param = param


@dataclass(frozen=True)
class ReviewScope:
    """Which review statuses a page shows, of those its viewer may see."""

    reviewed_only: bool = False
    show_rejected: bool = False

    @property
    def statuses(self) -> tuple[str, ...]:
        statuses = [ReviewStatus.ACCEPTED.value]
        if not self.reviewed_only:
            statuses.append(ReviewStatus.PENDING.value)
        if self.show_rejected:
            statuses.append(ReviewStatus.REJECTED.value)
        return tuple(statuses)

    def apply(self, statements: QuerySet[Statement]) -> QuerySet[Statement]:
        """`statements` narrowed to the scope (apply it to a `visible_to(user)` queryset)."""
        return statements.filter(review_status__in=self.statuses)

    def params(self) -> dict[str, str]:
        """The query parameters that ask for this scope (none for the default)."""
        params = {}
        if self.reviewed_only:
            params[REVIEWED_PARAM] = REVIEWED_ONLY
        if self.show_rejected:
            params[REJECTED_PARAM] = REJECTED_SHOW
        return params


def _choice(params: Mapping[str, Any], name: str, choices: tuple[str, str]) -> bool:
    """True for the first choice, False for the second or an absent parameter."""
    value = params.get(name)
    if value in (None, choices[1]):
        return False
    if value == choices[0]:
        return True
    raise BadReviewScope(f"{name} must be “{choices[0]}” or “{choices[1]}”, not “{str(value)[:40]}”.", param=name)


def review_scope(params: Mapping[str, Any], *, user) -> ReviewScope:
    """The scope a request's query parameters ask for (`request.GET`); raises `BadReviewScope`
    for a value that is not one of the choices. `rejected=show` counts only for signed-in users."""
    reviewed_only = _choice(params, REVIEWED_PARAM, (REVIEWED_ONLY, REVIEWED_ALL))
    show_rejected = _choice(params, REJECTED_PARAM, (REJECTED_SHOW, REJECTED_HIDE))
    signed_in = user is not None and user.is_authenticated
    return ReviewScope(reviewed_only=reviewed_only, show_rejected=show_rejected and signed_in)


def review_counts(statements: QuerySet[Statement]) -> dict[str, int]:
    """How many of `statements` are accepted, pending and rejected, how many of them an editor has
    reviewed (accepted or rejected) and how many there are: one query."""
    counts = statements.order_by().aggregate(
        total=Count("pk"),
        **{status: Count("pk", filter=Q(review_status=status)) for status in ReviewStatus.values},
    )
    counts["reviewed"] = counts[ReviewStatus.ACCEPTED] + counts[ReviewStatus.REJECTED]
    return counts
