"""Who may do what: the four roles, and the one place that decides them.

Invariants:
- A role is read from Django's own flags and groups, nothing else: superusers and members of the
  "admin" group are admins, members of "editor" are editors, any other signed-in user is a
  researcher, and everyone else is anonymous. (The groups are seeded by a `claims` migration.)
- "Editor or admin" is decided by `is_editor` and nowhere else: views, API permissions, template
  tags and the admin site all ask this module, so a new role is one edit here.
- A role is cached for one request at most (`RoleCacheMiddleware`), keyed by user id, never on the
  user object and never across requests: a group granted or withdrawn shows from the next request.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models


class Role(models.TextChoices):
    ANONYMOUS = "anonymous", "Anonymous visitor"
    RESEARCHER = "researcher", "Researcher"
    EDITOR = "editor", "Editor"
    ADMIN = "admin", "Admin"


#: The roles that may review and edit.
EDITING_ROLES = frozenset({Role.EDITOR, Role.ADMIN})

#: user id -> role, for the request being handled; None outside one (nothing is cached then).
_roles: ContextVar[dict[int, Role] | None] = ContextVar("counterclaim_roles", default=None)


def role_of(user) -> Role:
    """The user's role; None and AnonymousUser are `Role.ANONYMOUS`."""
    if user is None or not user.is_authenticated:
        return Role.ANONYMOUS
    cache = _roles.get()
    if cache is not None and user.pk in cache:
        return cache[user.pk]
    groups = set(user.groups.values_list("name", flat=True))
    if user.is_superuser or Role.ADMIN in groups:
        role = Role.ADMIN
    elif Role.EDITOR in groups:
        role = Role.EDITOR
    else:
        role = Role.RESEARCHER
    if cache is not None:
        cache[user.pk] = role
    return role


def is_editor(user) -> bool:
    """Editors and admins review and edit; researchers and anonymous visitors only read."""
    return role_of(user) in EDITING_ROLES


@contextlib.contextmanager
def roles_cached() -> Iterator[None]:
    """Within the block, `role_of` asks the database once per user."""
    token = _roles.set({})
    try:
        yield
    finally:
        _roles.reset(token)


class RoleCacheMiddleware:
    """One role cache per request: views, permissions and templates ask several times per request."""

    def __init__(self, get_response: Callable):
        self.get_response = get_response

    def __call__(self, request):
        with roles_cached():
            return self.get_response(request)


def editor_required(view: Callable) -> Callable:
    """Editors and admins only: anonymous visitors are sent to log in, others get 403."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_editor(request.user):
            raise PermissionDenied("Only editors and admins can use this page.")
        return view(request, *args, **kwargs)

    return wrapper
