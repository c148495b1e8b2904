from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Attendance, Enrolment, Material, PracticalTask, Programme, Session, WorkshopSeries


class EnrolmentInline(admin.TabularInline):
    model = Enrolment
    extra = 0
    autocomplete_fields = ["person", "organisation"]
    fk_name = "programme"
    readonly_fields = ["approved_by", "approved_at", "accepted_at"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "method", "status", "start_date", "end_date"]
    list_filter = ["status", "method", "organisation__country", "start_date"]
    search_fields = ["title", "goals", "organisation__name"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["topics"]
    date_hierarchy = "start_date"
    inlines = [EnrolmentInline]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["person", "programme", "organisation", "role", "approval", "acceptance"]
    list_filter = ["role", "approval", "acceptance"]
    search_fields = ["person__email", "person__full_name", "programme__title", "organisation__name"]
    autocomplete_fields = ["person", "programme", "organisation"]


@admin.display(description=_("file"))
def material_download(material: Material) -> str:
    """Private files have no public address: the admin links to the checked download view."""
    if not material.pk or not material.is_file:
        return "–"
    return format_html('<a href="{}">{}</a>', material.href, material.file_name)


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0
    fields = ["title", "kind", material_download, "url", "study_before", "uploaded_by"]
    readonly_fields = ["kind", material_download]
    autocomplete_fields = ["uploaded_by"]

    def has_add_permission(self, request, obj=None):
        return False  # uploads go through the session page, which checks their type and size


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "kind", "starts_at", "ends_at", "planned_minutes", "location"]
    list_filter = ["kind", "channel", "starts_at", "programme__organisation"]
    search_fields = ["title", "themes", "programme__title", "location"]
    autocomplete_fields = ["programme", "topic", "series", "tutors", "attendees"]
    date_hierarchy = "starts_at"
    inlines = [MaterialInline]


@admin.register(WorkshopSeries)
class WorkshopSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "created"]
    list_filter = ["programme__organisation", "created"]
    search_fields = ["title", "description", "programme__title"]
    autocomplete_fields = ["programme"]


@admin.register(PracticalTask)
class PracticalTaskAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "owner", "due_date", "status"]
    list_filter = ["status", "due_date", "programme__organisation"]
    search_fields = ["title", "description", "programme__title", "owner__full_name", "owner__email"]
    autocomplete_fields = ["programme", "series", "owner"]


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ["title", "session", "kind", "study_before", "uploaded_by", "created"]
    fields = ["session", "title", "kind", material_download, "url", "study_before", "uploaded_by"]
    readonly_fields = ["kind", material_download]
    list_filter = ["kind", "study_before", "created"]
    search_fields = ["title", "url", "session__title", "session__programme__title"]
    autocomplete_fields = ["session", "uploaded_by"]

    def has_add_permission(self, request):
        return False  # uploads go through the session page, which checks their type and size


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["person", "session", "present", "marked_by", "marked_at"]
    list_filter = ["present", "marked_at"]
    search_fields = ["person__full_name", "person__email", "session__title"]
    autocomplete_fields = ["session", "person", "marked_by"]
