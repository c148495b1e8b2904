from django.contrib import admin

from .models import CostLine, FundingSource, ProgrammeBudget


@admin.register(ProgrammeBudget)
class ProgrammeBudgetAdmin(admin.ModelAdmin):
    list_display = ["programme", "currency", "updated"]
    list_filter = ["currency", "programme__organisation"]
    search_fields = ["programme__title", "programme__organisation__name"]
    autocomplete_fields = ["programme"]


@admin.register(CostLine)
class CostLineAdmin(admin.ModelAdmin):
    list_display = [
        "description",
        "programme",
        "category",
        "planned_amount",
        "actual_amount",
        "shared_with",
        "shared_share_pct",
    ]
    list_filter = ["category", "programme__organisation"]
    search_fields = ["description", "shared_with", "programme__title", "session__title"]
    autocomplete_fields = ["programme", "session"]
    readonly_fields = ["version", "created", "updated"]


@admin.register(FundingSource)
class FundingSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "kind", "amount", "status"]
    list_filter = ["kind", "status", "programme__organisation"]
    search_fields = ["name", "programme__title"]
    autocomplete_fields = ["programme"]
    readonly_fields = ["version", "created", "updated"]
