"""URLs of answering an evaluation (included by evaluation/urls.py)."""

from django.urls import path

from . import views_respond

urlpatterns: list = [
    path("e/<uuid:public_id>/<str:secret>/", views_respond.RespondView.as_view(), name="respond"),
]
