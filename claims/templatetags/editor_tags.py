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
