from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("", views.ProgrammeListView.as_view(), name="list"),
    path("new/", views.ProgrammeCreateView.as_view(), name="create"),
    path("<int:pk>/", views.ProgrammeDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.ProgrammeUpdateView.as_view(), name="edit"),
    path("<int:pk>/transition/", views.ProgrammeTransitionView.as_view(), name="transition"),
    path("<int:pk>/enrol/", views.EnrolView.as_view(), name="enrol"),
    path("approvals/", views.ApprovalListView.as_view(), name="approvals"),
    path("enrolments/<int:pk>/approval/", views.EnrolmentApprovalView.as_view(), name="enrolment_approval"),
    path("enrolments/<int:pk>/respond/", views.EnrolmentRespondView.as_view(), name="enrolment_respond"),
    path("enrolments/<int:pk>/remove/", views.EnrolmentRemoveView.as_view(), name="enrolment_remove"),
]
