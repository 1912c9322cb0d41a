"""Template tags for the editors: the review-queue link that editors see on every page."""

from __future__ import annotations

from django import template

from accounts.roles import is_editor
from claims.models import Statement

register = template.Library()


@register.inclusion_tag("editor/_nav_link.html", takes_context=True)
def editor_nav(context) -> dict:
    """A "Review queue (N)" link for editors and admins; nothing for anyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not is_editor(user):
        return {"show": False}
    return {"show": True, "pending": Statement.objects.pending().count()}


@register.inclusion_tag("editor/_undo.html", takes_context=True)
def undo_offer(context) -> dict:
    """The offer to undo the editor's last action, shown once (on the page after it)."""
    request = context.get("request")
    session = getattr(request, "session", None)
    offer = session.pop("editor_undo_offer", None) if session is not None else None
    return {"offer": offer, "next": request.get_full_path() if request else ""}


@register.filter
def can_edit(user) -> bool:
    """`{% if request.user|can_edit %}`: editors and admins see Edit links on public pages."""
    return is_editor(user)
