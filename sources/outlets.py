"""Finding the outlet behind an article: by name, else by the domains of its URL; created when unknown."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from sources.models import Outlet


def _domain(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


def outlet_resolve(*, url: str = "", name: str = "", sitename: str = "") -> Outlet | None:
    """The outlet named, or the one whose domains cover the URL's host; created when unknown."""
    name = (name or "").strip()
    if name:
        found = Outlet.objects.filter(name__iexact=name).first() or Outlet.objects.filter(slug=slugify(name)).first()
        if found:
            return found
    domain = _domain(url) if url else ""
    if domain:
        labels = domain.split(".")
        candidates = [".".join(labels[i:]) for i in range(len(labels) - 1)] or [domain]
        found = Outlet.objects.filter(domains__overlap=candidates).first()
        if found:
            return found
    if not name and not domain:
        return None
    slug = slugify(name or domain)[:120] or "outlet"
    try:
        with transaction.atomic():
            outlet, _ = Outlet.objects.get_or_create(
                slug=slug, defaults={"name": (name or sitename or domain)[:200], "domains": [domain] if domain else []}
            )
    except IntegrityError:
        outlet = Outlet.objects.get(slug=slug)
    return outlet
