from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .gdpr import person_erase
from .models import AuditEntry, Expertise, Membership, Organisation, Topic, User, WorkerHeartbeat


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


class ExpertiseInline(admin.TabularInline):
    model = Expertise
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["full_name", "email"]
    list_display = ["email", "full_name", "preferred_language", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "preferred_language", "memberships__role"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline, ExpertiseInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "job_title", "preferred_language", "languages")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    actions = ["erase_people"]

    @admin.action(description=_("Erase the selected people (GDPR)"), permissions=["change"])
    def erase_people(self, request, queryset):
        count = 0
        for user in queryset:
            person_erase(user=user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d person erased.", "%(count)d people erased.", count) % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "parent", "plan_status", "population"]
    list_filter = ["kind", "country", "plan_status"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]
    # The logo has no public address, so no "currently: <link>" (the default widget would ask for one).
    formfield_overrides = {models.FileField: {"widget": forms.FileInput}}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation__kind", "organisation__country"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code", "description"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Expertise)
class ExpertiseAdmin(admin.ModelAdmin):
    list_display = ["user", "topic", "level"]
    list_filter = ["topic", "level"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "seen_at", "beats"]
    search_fields = ["name"]
    list_filter = ["seen_at"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created", "actor", "organisation", "programme", "action", "object_type", "object_label"]
    list_filter = ["action", "object_type"]
    list_select_related = ["actor", "organisation", "programme"]
    search_fields = ["object_label", "actor__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
