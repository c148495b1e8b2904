from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    # Before the document pattern, which would otherwise take "status" for a document kind.
    path("status/<int:pk>/", views.ReportStatusView.as_view(), name="status"),
    path("<slug:kind>/<int:pk>/", views.DocumentView.as_view(), name="document"),
]
