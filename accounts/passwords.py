"""Passwords: a changed password revokes the user's API tokens; resetting by email only when mail is set up.

Without EMAIL_URL there is no way to send a reset link, so the reset pages say to ask an administrator
(who runs `manage.py changepassword NAME` or uses the admin) instead of pretending to send mail.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import urls as auth_urls
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe
from knox.models import AuthToken

NO_MAIL_MESSAGE = (
    "This site does not send email, so passwords cannot be reset by mail. "
    "Ask an administrator to set a new password for you."
)


class RevokeTokensOnPasswordChange:
    """Not a rule about passwords: Django calls every password validator's `password_changed` when a
    password is set (the change form, the admin, `changepassword`, a reset) but not when its hash is
    merely upgraded at login, which is exactly when a stolen token must stop working."""

    def validate(self, password, user=None) -> None:
        return None

    def password_changed(self, password, user=None) -> None:
        if user is not None and user.pk is not None:
            AuthToken.objects.filter(user=user).delete()

    def get_help_text(self) -> str:
        return "Changing your password revokes your API tokens."


@require_safe
def password_reset_unavailable(request):
    return render(request, "error.html", {"title": "Password reset", "message": NO_MAIL_MESSAGE}, status=200)


_RESET_NAMES = {
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def urlpatterns_for_accounts() -> list:
    """Django's login, logout and password-change pages; its reset pages only when mail is configured."""
    if settings.EMAIL_CONFIGURED:
        return list(auth_urls.urlpatterns)
    kept = [pattern for pattern in auth_urls.urlpatterns if pattern.name not in _RESET_NAMES]
    return [*kept, path("password_reset/", password_reset_unavailable, name="password_reset")]


urlpatterns = urlpatterns_for_accounts()
