from django.urls import path

from . import views

app_name = "logistics"

urlpatterns = [
    path("venues/", views.VenueListView.as_view(), name="venues"),
    path("venues/new/", views.VenueCreateView.as_view(), name="venue_create"),
    path("venues/<int:pk>/edit/", views.VenueUpdateView.as_view(), name="venue_edit"),
    path("sessions/<int:pk>/", views.SessionLogisticsView.as_view(), name="session"),
    path("programmes/<int:pk>/checklist/", views.ChecklistView.as_view(), name="checklist"),
    path("programmes/<int:pk>/checklist/new/", views.ChecklistItemCreateView.as_view(), name="checklist_item_create"),
    path("programmes/<int:pk>/checklist/apply/", views.ChecklistApplyTemplateView.as_view(), name="checklist_apply"),
    path("checklist/<int:pk>/edit/", views.ChecklistItemUpdateView.as_view(), name="checklist_item_edit"),
    path("checklist/<int:pk>/delete/", views.ChecklistItemDeleteView.as_view(), name="checklist_item_delete"),
    path("templates/", views.TemplateListView.as_view(), name="templates"),
    path("templates/new/", views.TemplateCreateView.as_view(), name="template_create"),
    path("templates/<int:pk>/", views.TemplateDetailView.as_view(), name="template"),
    path("templates/items/<int:pk>/edit/", views.TemplateItemUpdateView.as_view(), name="template_item_edit"),
    path("templates/items/<int:pk>/delete/", views.TemplateItemDeleteView.as_view(), name="template_item_delete"),
    path("programmes/<int:pk>/swot/", views.SwotView.as_view(), name="swot"),
    path("swot/<int:pk>/entries/new/", views.SwotEntryCreateView.as_view(), name="swot_entry_create"),
    path("swot/entries/<int:pk>/edit/", views.SwotEntryUpdateView.as_view(), name="swot_entry_edit"),
    path("swot/entries/<int:pk>/delete/", views.SwotEntryDeleteView.as_view(), name="swot_entry_delete"),
    path("swot/<int:pk>/comments/new/", views.SwotCommentCreateView.as_view(), name="swot_comment_create"),
]
