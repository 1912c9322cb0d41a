from django.contrib import admin, messages

from sources import models


@admin.register(models.Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "affiliation", "side"]
    list_editable = ["country", "affiliation"]
    list_filter = ["affiliation", "country", "side"]
    search_fields = ["name", "slug", "domains", "aliases"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "outlet",
        "outlet_source",
        "published",
        "published_source",
        "status",
        "step",
        "language",
        "word_count",
        "created_at",
    ]
    list_filter = ["status", "step", "source", "published_source", "outlet_source", "language", "pipeline_version"]
    search_fields = ["title", "url", "canonical_url"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "metadata_warnings",
        "content_hash",
        "pipeline_version",
        "duplicate_reason",
        "minhash_bands",
        "analysis",
        "attempts",
        "leased_until",
        "created_at",
        "updated_at",
        "processed_at",
    ]
    autocomplete_fields = ["outlet", "duplicate_of"]
    raw_id_fields = ["feed", "submitted_by"]
    actions = ["reprocess", "reanalyse"]

    def save_model(self, request, obj, form, change):
        # A date or outlet an editor sets is the editor's, whatever the pipeline had found.
        if "published" in form.changed_data:
            obj.published_source = models.MetadataSource.EDITOR if obj.published else ""
        if "outlet" in form.changed_data:
            obj.outlet_source = models.MetadataSource.EDITOR if obj.outlet_id else ""
        super().save_model(request, obj, form, change)

    @admin.action(description="Re-process from where each stopped (failed step, else analyse)")
    def reprocess(self, request, queryset):
        self._reprocess(request, queryset, None)

    @admin.action(description="Re-analyse with the current extractor (reviewed statements are kept)")
    def reanalyse(self, request, queryset):
        self._reprocess(request, queryset, "analyse")

    def _reprocess(self, request, queryset, step):
        from sources.errors import SubmissionRefused
        from sources.services import article_reprocess

        done, refused = 0, []
        for article_id in queryset.values_list("pk", flat=True):
            try:
                article_reprocess(article_id=article_id, from_step=step)
                done += 1
            except SubmissionRefused as exc:
                refused.append(f"{article_id}: {exc.message}")
        self.message_user(request, f"{done} article(s) queued again.", messages.SUCCESS)
        if refused:
            self.message_user(request, "Not queued: " + "; ".join(refused), messages.WARNING)
