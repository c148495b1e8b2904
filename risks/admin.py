from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Risk
from .selectors import risks_scored


@admin.register(Risk)
class RiskAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "category", "likelihood", "impact", "score", "status", "review_date", "owner"]
    list_filter = ["status", "category", "likelihood", "impact", "review_date", "programme__organisation"]
    search_fields = ["title", "description", "mitigation", "programme__title", "owner__full_name", "owner__email"]
    autocomplete_fields = ["programme", "owner"]
    readonly_fields = ["code", "version", "created", "updated"]
    list_select_related = ["programme", "owner"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1  # an edit here also makes an open edit form's save a conflict
        super().save_model(request, obj, form, change)

    def get_queryset(self, request):
        return risks_scored(super().get_queryset(request))

    @admin.display(description=_("score"), ordering="score_value")
    def score(self, risk):
        return risk.score_value
