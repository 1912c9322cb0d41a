"""Sign-in that lands each role where its work is."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import reverse

from accounts.roles import is_editor


class LoginView(auth_views.LoginView):
    """Django's login; without a `next`, editors and admins land on the review queue."""

    def get_default_redirect_url(self):
        if is_editor(self.request.user):
            return reverse("editor:queue")
        return super().get_default_redirect_url()
