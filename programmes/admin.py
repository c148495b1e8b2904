from django.contrib import admin

from .models import Enrolment, Programme, Session


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


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "starts_at", "ends_at", "location"]
    list_filter = ["starts_at", "programme__organisation"]
    search_fields = ["title", "programme__title", "location"]
    autocomplete_fields = ["programme"]
