"""Deployment checks for the API's plumbing (run by `manage.py check --deploy`)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register

#: Cache backends each process keeps to itself (or that keep nothing).
PROCESS_LOCAL_CACHES = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs=None, **kwargs) -> list[Warning]:
    """Throttles count requests in the cache: a per-process cache gives every worker its own budget."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PROCESS_LOCAL_CACHES:
        return []
    return [
        Warning(
            f"The default cache is {backend.rsplit('.', 1)[-1]}, which each worker process keeps to itself.",
            hint=(
                "The API throttles and the anonymous search throttle count requests in the cache: with "
                "several workers each gets its own budget (or none is counted). Set REDIS_URL to a shared cache."
            ),
            id="api.W001",
        )
    ]
