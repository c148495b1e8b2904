from django.urls import path

from . import views

app_name = "risks"

urlpatterns = [
    path("programmes/<int:pk>/", views.RiskRegisterView.as_view(), name="register"),
    path("programmes/<int:pk>/new/", views.RiskCreateView.as_view(), name="create"),
    path("<int:pk>/edit/", views.RiskUpdateView.as_view(), name="edit"),
    path("<int:pk>/delete/", views.RiskDeleteView.as_view(), name="delete"),
]
