from django.contrib import admin

from claims import models


@admin.register(models.Side)
class SideAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "display_order", "colour"]
    list_editable = ["display_order", "colour"]
    search_fields = ["name", "slug"]


@admin.register(models.Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "kind", "side", "parent", "country"]
    list_filter = ["side", "kind", "country"]
    search_fields = ["name", "role", "slug", "aliases"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region", "country", "latitude", "longitude"]
    list_filter = ["kind", "country", "region"]
    search_fields = ["name", "slug", "aliases", "region"]
    prepopulated_fields = {"slug": ["name"]}


class _Inline(admin.TabularInline):
    extra = 0  # no blank rows: a row is added on purpose


class _PlacesInline(_Inline):
    autocomplete_fields = ["place"]


class IncidentPlaceInline(_PlacesInline):
    model = models.IncidentPlace


class StatementInline(_Inline):
    model = models.Statement
    fk_name = "incident"
    fields = ["speaker", "side", "stance", "cue", "review_status", "confidence"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False


@admin.register(models.Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "start_date", "end_date", "status", "merged_into"]
    list_filter = ["kind", "status", "date_precision"]
    search_fields = ["title", "summary"]
    date_hierarchy = "start_date"
    inlines = [IncidentPlaceInline, StatementInline]
    readonly_fields = ["version", "created_at", "updated_at"]
    autocomplete_fields = ["merged_into"]


class CasualtyInline(_Inline):
    model = models.CasualtyFigure


class StatementPlaceInline(_PlacesInline):
    model = models.StatementPlace


class RelationInline(_Inline):
    model = models.StatementRelation
    fk_name = "source"
    autocomplete_fields = ["target"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(models.Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = [
        "speaker", "actor", "side", "stance", "cue",  # who claims what
        "review_status", "confidence", "incident", "event_date",  # how far it is trusted, what it is about
    ]  # fmt: skip
    list_filter = ["side", "stance", "review_status", "origin", "article__outlet"]
    search_fields = ["speaker", "content", "sentence", "actor__name"]
    list_select_related = ["actor", "side", "incident"]
    autocomplete_fields = ["actor", "incident", "article"]
    readonly_fields = [
        "version",
        "fingerprint",
        "pipeline_version",
        "created_at",
        "updated_at",
        "reviewed_by",
        "reviewed_at",
    ]
    inlines = [CasualtyInline, StatementPlaceInline, RelationInline]
    date_hierarchy = "event_date"
    # A hundred thousand statements: 50 rows a page (each row renders its own widgets), and no
    # second count of the whole table beside the filtered one.
    list_per_page = 50
    show_full_result_count = False


@admin.register(models.StatementRelation)
class StatementRelationAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "target", "status", "created_by", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["source__speaker", "target__speaker", "reason"]
    autocomplete_fields = ["source", "target"]


@admin.register(models.CasualtyFigure)
class CasualtyFigureAdmin(admin.ModelAdmin):
    list_display = ["statement", "party_side", "civilian", "killed_low", "killed_high", "wounded_low", "wounded_high"]
    list_filter = ["party_side", "civilian"]
    search_fields = ["statement__speaker"]
    autocomplete_fields = ["statement"]
