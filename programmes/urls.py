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
    path("<int:pk>/sessions/new/", views.SessionCreateView.as_view(), name="session_create"),
    path("sessions/<int:pk>/edit/", views.SessionUpdateView.as_view(), name="session_edit"),
    path("sessions/<int:pk>/delete/", views.SessionDeleteView.as_view(), name="session_delete"),
    path("sessions/<int:pk>/", views.SessionDetailView.as_view(), name="session_detail"),
    path("sessions/<int:pk>/materials/new/", views.MaterialCreateView.as_view(), name="material_create"),
    path("sessions/<int:pk>/attendance/", views.AttendanceView.as_view(), name="attendance"),
    path("materials/<int:pk>/download/", views.MaterialDownloadView.as_view(), name="material_download"),
    path("materials/<int:pk>/delete/", views.MaterialDeleteView.as_view(), name="material_delete"),
    path("my-sessions/", views.MySessionsView.as_view(), name="my_sessions"),
    path("<int:pk>/timeline/", views.TimelineView.as_view(), name="timeline"),
    path("<int:pk>/series/", views.SeriesListView.as_view(), name="series_list"),
    path("<int:pk>/tasks/", views.TaskListView.as_view(), name="task_list"),
    path("<int:pk>/tasks/new/", views.TaskCreateView.as_view(), name="task_create"),
    path("tasks/<int:pk>/edit/", views.TaskUpdateView.as_view(), name="task_edit"),
    path("approvals/", views.ApprovalListView.as_view(), name="approvals"),
    path("enrolments/<int:pk>/approval/", views.EnrolmentApprovalView.as_view(), name="enrolment_approval"),
    path("enrolments/<int:pk>/respond/", views.EnrolmentRespondView.as_view(), name="enrolment_respond"),
    path("enrolments/<int:pk>/remove/", views.EnrolmentRemoveView.as_view(), name="enrolment_remove"),
]
