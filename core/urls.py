from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("me/", views.ProfileView.as_view(), name="profile"),
    path("me/data/", views.MyDataView.as_view(), name="my_data"),
    path("programmes/<int:pk>/history/", views.AuditView.as_view(), name="audit"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation_list"),
    path("organisations/<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("health/", views.health, name="health"),
    path("health/live/", views.health_live, name="health_live"),
    path("health/reminders/", views.health_reminders, name="health_reminders"),
]
