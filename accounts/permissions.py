"""DRF permissions by role: reading is decided by the querysets, writing by `accounts.roles.is_editor`."""

from __future__ import annotations

from rest_framework import permissions

from accounts.roles import is_editor


class EditorWriteOrReadOnly(permissions.BasePermission):
    """Anyone may read (querysets decide what); only editors and admins may write.

    Views pair it with IsAuthenticatedOrReadOnly, which answers an anonymous write with 401 and tells
    the schema generator that reading needs no credentials.
    """

    message = "Only editors may change data."

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return is_editor(request.user)


class EditorOnly(permissions.BasePermission):
    message = "Only editors may use this endpoint."

    def has_permission(self, request, view) -> bool:
        return is_editor(request.user)


class AuthenticatedReadEditorWrite(permissions.BasePermission):
    message = "Log in (or send an API token) to read this; only editors may change it."

    def has_permission(self, request, view) -> bool:
        if not request.user.is_authenticated:
            return False
        return request.method in permissions.SAFE_METHODS or is_editor(request.user)
