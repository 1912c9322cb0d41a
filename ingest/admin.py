"""The admin of feeds, whose "poll now" action queues ingestion work (the other sources models
are in sources/admin.py)."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils import timezone

from ingest.tasks import feed_poll
from sources import models


@admin.register(models.Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ["__str__", "outlet", "is_active", "interval_minutes", "last_polled_at", "failure_count"]
    list_filter = ["is_active", "outlet"]
    search_fields = ["url", "title"]
    readonly_fields = ["etag", "last_modified", "last_polled_at", "next_poll_at", "failure_count", "last_error"]
    actions = ["poll_now"]

    @admin.action(description="Poll the selected feeds now")
    def poll_now(self, request, queryset):
        ids = list(queryset.filter(is_active=True).values_list("pk", flat=True))
        queryset.filter(pk__in=ids).update(next_poll_at=timezone.now())
        for feed_id in ids:
            transaction.on_commit(lambda feed_id=feed_id: feed_poll.delay(feed_id))
        self.message_user(request, f"{len(ids)} feed(s) queued for polling.", messages.SUCCESS)
