"""API tokens on the user's account page: create (the token is shown once), list, revoke.

Tokens are django-rest-knox's: only a hash is stored, each expires, and revoking deletes it. A
client sends one as `Authorization: Token <token>`; it carries the user's own role, nothing more.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from knox.models import AuthToken
from knox.settings import knox_settings

LIFETIMES = [(7, "7 days"), (30, "30 days"), (90, "90 days"), (365, "1 year")]


class TokenCreateForm(forms.Form):
    days = forms.TypedChoiceField(choices=LIFETIMES, coerce=int, initial=90, label="Expires after")


class TokenLimitReached(Exception):
    pass


@transaction.atomic
def token_create(*, user, days: int) -> tuple[AuthToken, str]:
    """A new token for `user` expiring in `days`; returns the row and the token text (never stored)."""
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    live = AuthToken.objects.filter(user=user, expiry__gt=timezone.now()).select_for_update()
    if limit is not None and len(live) >= limit:
        raise TokenLimitReached(f"You already have {limit} live tokens; revoke one first.")
    return AuthToken.objects.create(user=user, expiry=datetime.timedelta(days=days))


def token_revoke(*, user, token_key: str) -> int:
    """Delete the user's token(s) with this key; returns how many were deleted (0 if none)."""
    deleted, _ = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    return deleted


def _tokens(user) -> list[dict]:
    now = timezone.now()
    return [
        {
            "key": t.token_key,
            "created": t.created,
            "expiry": t.expiry,
            "expired": t.expiry is not None and t.expiry <= now,
        }
        for t in AuthToken.objects.filter(user=user).order_by("-created")
    ]


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    form = TokenCreateForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _row, new_token = token_create(user=request.user, days=form.cleaned_data["days"])
        except TokenLimitReached as refused:
            form.add_error(None, str(refused))
        else:
            form = TokenCreateForm()
    # The new token is only in this one response (never_cache): it cannot be shown again.
    context = {"form": form, "tokens": _tokens(request.user), "new_token": new_token}
    return render(request, "accounts/tokens.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def revoke(request, token_key: str):
    if token_revoke(user=request.user, token_key=token_key):
        messages.success(request, f"Token {token_key}… revoked; programs using it can no longer sign in.")
    else:
        messages.error(request, "No such token (it may have expired or been revoked already).")
    return redirect("account-tokens")


urlpatterns = [
    path("", tokens, name="account-tokens"),
    path("<str:token_key>/revoke/", revoke, name="account-token-revoke"),
]
