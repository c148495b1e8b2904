"""URLs of the questionnaire builder (included by evaluation/urls.py)."""

from django.urls import path

from . import views_builder as views

urlpatterns: list = [
    path("questionnaires/", views.QuestionnaireListView.as_view(), name="questionnaires"),
    path("questionnaires/new/", views.QuestionnaireCreateView.as_view(), name="questionnaire_create"),
    path("questionnaires/<int:pk>/", views.QuestionnaireDetailView.as_view(), name="questionnaire"),
    path("questionnaires/<int:pk>/edit/", views.QuestionnaireEditView.as_view(), name="questionnaire_edit"),
    path("questionnaires/<int:pk>/copy/", views.QuestionnaireCopyView.as_view(), name="questionnaire_copy"),
    path("questionnaires/<int:pk>/sections/new/", views.SectionCreateView.as_view(), name="section_create"),
    path("questionnaires/sections/<int:pk>/edit/", views.SectionEditView.as_view(), name="section_edit"),
    path("questionnaires/sections/<int:pk>/delete/", views.SectionDeleteView.as_view(), name="section_delete"),
    path("questionnaires/sections/<int:pk>/move/", views.SectionMoveView.as_view(), name="section_move"),
    path("questionnaires/<int:pk>/questions/new/", views.QuestionCreateView.as_view(), name="question_create"),
    path("questionnaires/questions/<int:pk>/edit/", views.QuestionEditView.as_view(), name="question_edit"),
    path("questionnaires/questions/<int:pk>/delete/", views.QuestionDeleteView.as_view(), name="question_delete"),
    path("questionnaires/questions/<int:pk>/move/", views.QuestionMoveView.as_view(), name="question_move"),
]
