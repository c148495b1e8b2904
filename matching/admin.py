from django.contrib import admin

from .models import GroupMember, MatchingPlan, MatchingRun, Module, ModuleChoice, Pair, PeerGroup


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "min_size", "max_size", "policy"]
    list_select_related = ["programme"]
    search_fields = ["title", "programme__title"]
    filter_horizontal = ["topics"]


@admin.register(MatchingPlan)
class MatchingPlanAdmin(admin.ModelAdmin):
    list_display = ["programme", "published_at", "needs_rerun"]
    list_select_related = ["programme"]


@admin.register(MatchingRun)
class MatchingRunAdmin(admin.ModelAdmin):
    list_display = ["plan", "state", "step", "progress", "created", "finished_at"]
    list_select_related = ["plan__programme"]
    readonly_fields = ["summary", "error"]


@admin.register(Pair)
class PairAdmin(admin.ModelAdmin):
    list_display = ["trainee", "tutor", "score", "locked", "trainee_answer", "tutor_answer"]
    list_select_related = ["trainee__person", "trainee__programme", "tutor__person", "tutor__programme"]
    raw_id_fields = ["trainee", "tutor"]


@admin.register(PeerGroup)
class PeerGroupAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "affinity"]
    list_select_related = ["module", "plan__programme"]


admin.site.register(GroupMember, raw_id_fields=["enrolment", "group"])
admin.site.register(ModuleChoice, raw_id_fields=["enrolment"])
