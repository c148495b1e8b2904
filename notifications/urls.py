from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.MyNotificationsView.as_view(), name="mine"),
    path("calendar/reset/", views.CalendarResetView.as_view(), name="calendar_reset"),
    path("calendar/<str:token>.ics", views.CalendarFeedView.as_view(), name="feed"),
    path("programmes/<int:pk>/", views.ProgrammeNotificationsView.as_view(), name="programme"),
    path("programmes/<int:pk>/texts/<slug:kind>/", views.NotificationTextView.as_view(), name="text"),
    path("<int:pk>/resend/", views.NotificationResendView.as_view(), name="resend"),
]
