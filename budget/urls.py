from django.urls import path

from . import views

app_name = "budget"

urlpatterns = [
    path("programmes/<int:pk>/", views.BudgetView.as_view(), name="programme"),
    path("programmes/<int:pk>/export.xlsx", views.ExportView.as_view(), name="export"),
    path("programmes/<int:pk>/currency/", views.CurrencyView.as_view(), name="currency"),
    path("programmes/<int:pk>/lines/new/", views.CostLineCreateView.as_view(), name="cost_line_create"),
    path("lines/<int:pk>/edit/", views.CostLineUpdateView.as_view(), name="cost_line_edit"),
    path("lines/<int:pk>/delete/", views.CostLineDeleteView.as_view(), name="cost_line_delete"),
    path("programmes/<int:pk>/funding/new/", views.FundingSourceCreateView.as_view(), name="funding_create"),
    path("funding/<int:pk>/edit/", views.FundingSourceUpdateView.as_view(), name="funding_edit"),
    path("funding/<int:pk>/delete/", views.FundingSourceDeleteView.as_view(), name="funding_delete"),
]
