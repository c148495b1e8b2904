from django.contrib import admin

from .models import Answer, Campaign, Invitation, OrganisationProfile, Response


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "kind", "deadline", "closed_at"]
    list_filter = ["kind", "deadline"]
    search_fields = ["title", "programme__title"]
    filter_horizontal = ["topics"]
    raw_id_fields = ["programme", "baseline"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["person", "campaign", "organisation", "created"]
    list_filter = ["campaign__kind", "organisation__country"]
    search_fields = ["person__email", "person__full_name", "campaign__title"]
    raw_id_fields = ["campaign", "person", "organisation"]
    exclude = ["secret"]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["invitation", "status", "submitted_at", "updated"]
    list_filter = ["status"]
    search_fields = ["invitation__person__email", "invitation__campaign__title"]
    raw_id_fields = ["invitation"]
    inlines = [AnswerInline]


@admin.register(OrganisationProfile)
class OrganisationProfileAdmin(admin.ModelAdmin):
    list_display = ["organisation", "campaign", "staff_on_energy", "budget_band", "plan_status"]
    list_filter = ["budget_band", "plan_status"]
    search_fields = ["organisation__name", "campaign__title"]
    raw_id_fields = ["campaign", "organisation", "updated_by"]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["response", "topic", "current_level", "required_level", "priority"]
    list_filter = ["topic", "priority"]
    search_fields = ["response__invitation__person__email"]
    raw_id_fields = ["response"]
