from django.contrib import admin

from .models import (
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    SessionLogistics,
    Swot,
    SwotComment,
    SwotEntry,
    Venue,
)


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "capacity"]
    list_filter = ["organisation__country", "organisation"]
    search_fields = ["name", "address", "organisation__name"]
    raw_id_fields = ["organisation"]


@admin.register(SessionLogistics)
class SessionLogisticsAdmin(admin.ModelAdmin):
    list_display = ["session", "venue", "catering_headcount", "interpretation_languages", "updated"]
    list_filter = ["session__programme__organisation", "updated"]
    search_fields = ["session__title", "session__programme__title", "venue__name", "interpretation_languages"]
    raw_id_fields = ["session", "venue"]
    readonly_fields = ["version"]


class ChecklistTemplateItemInline(admin.TabularInline):
    model = ChecklistTemplateItem
    extra = 0


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "is_default", "created"]
    list_filter = ["is_default", "organisation__country"]
    search_fields = ["name", "organisation__name"]
    raw_id_fields = ["organisation"]
    inlines = [ChecklistTemplateItemInline]


@admin.register(ChecklistTemplateItem)
class ChecklistTemplateItemAdmin(admin.ModelAdmin):
    list_display = ["title", "template", "section", "order"]
    list_filter = ["section"]
    search_fields = ["title", "template__name", "template__organisation__name"]
    raw_id_fields = ["template"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "section", "owner", "due_date", "status", "procurement_status"]
    list_filter = ["section", "status", "procurement_status", "due_date"]
    search_fields = ["title", "notes", "programme__title", "owner__full_name", "owner__email"]
    raw_id_fields = ["programme", "owner"]
    readonly_fields = ["version"]


class SwotEntryInline(admin.TabularInline):
    model = SwotEntry
    extra = 0
    raw_id_fields = ["author"]


@admin.register(Swot)
class SwotAdmin(admin.ModelAdmin):
    list_display = ["organisation", "programme", "created"]
    list_filter = ["programme__method", "organisation__country"]
    search_fields = ["organisation__name", "programme__title"]
    raw_id_fields = ["programme", "organisation"]
    inlines = [SwotEntryInline]


@admin.register(SwotEntry)
class SwotEntryAdmin(admin.ModelAdmin):
    list_display = ["text", "swot", "quadrant", "author", "created"]
    list_filter = ["quadrant", "created"]
    search_fields = ["text", "swot__organisation__name", "swot__programme__title", "author__full_name"]
    raw_id_fields = ["swot", "author"]


@admin.register(SwotComment)
class SwotCommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "swot", "author", "created"]
    list_filter = ["created"]
    search_fields = ["text", "swot__organisation__name", "swot__programme__title", "author__full_name"]
    raw_id_fields = ["swot", "author"]
