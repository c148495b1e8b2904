"""URLs of the evaluation analysis (included by evaluation/urls.py)."""

from django.urls import path

from . import views_analysis as views

urlpatterns: list = [
    path("<int:pk>/analysis/", views.AnalysisView.as_view(), name="analysis"),
    path("<int:pk>/export.<str:fmt>", views.ExportView.as_view(), name="export"),
    path("programmes/<int:pk>/comparison/", views.ProgrammeComparisonView.as_view(), name="programme_comparison"),
    path("programmes/<int:pk>/knowledge-gain/", views.KnowledgeGainView.as_view(), name="knowledge_gain"),
    path("programmes/<int:pk>/follow-up/", views.FollowUpView.as_view(), name="follow_up"),
    path(
        "organisations/<int:pk>/comparison/",
        views.OrganisationComparisonView.as_view(),
        name="organisation_comparison",
    ),
]
