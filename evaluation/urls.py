from django.urls import path
from django.utils.translation import gettext_lazy as _

from programmes.enums import ProgrammeStatus
from programmes.views import stage_index_path

from . import urls_analysis, urls_builder, urls_respond, views

app_name = "evaluation"

urlpatterns = [
    stage_index_path(
        status=ProgrammeStatus.EVALUATION,
        title=_("Evaluation"),
        intro=_("Programmes collecting the reaction of their participants after the events."),
    ),
    path("programmes/<int:pk>/", views.ProgrammeEvaluationsView.as_view(), name="programme"),
    path("programmes/<int:pk>/new/", views.EvaluationCreateView.as_view(), name="create"),
    path("<int:pk>/", views.EvaluationDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.EvaluationUpdateView.as_view(), name="edit"),
    path("<int:pk>/close/", views.EvaluationCloseView.as_view(), name="close"),
    path("<int:pk>/newcomers/", views.InviteNewcomersView.as_view(), name="newcomers"),
    *urls_builder.urlpatterns,
    *urls_respond.urlpatterns,
    *urls_analysis.urlpatterns,
]
