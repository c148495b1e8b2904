from django.urls import path
from django.utils.translation import gettext_lazy as _

from programmes.enums import ProgrammeStatus
from programmes.views import stage_index_path

from . import views

app_name = "assessments"

urlpatterns = [
    stage_index_path(
        status=ProgrammeStatus.NEEDS_ASSESSMENT,
        title=_("Needs assessment"),
        intro=_("Programmes measuring the current and required level of their trainees per topic."),
    ),
    path("campaigns/", views.CampaignListView.as_view(), name="campaigns"),
    path("programmes/<int:pk>/campaigns/new/", views.CampaignCreateView.as_view(), name="campaign_create"),
    path("campaigns/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign"),
    path("campaigns/<int:pk>/edit/", views.CampaignUpdateView.as_view(), name="campaign_edit"),
    path("campaigns/<int:pk>/close/", views.CampaignCloseView.as_view(), name="campaign_close"),
    path("campaigns/<int:pk>/invite/", views.InviteView.as_view(), name="invite"),
    path("campaigns/<int:pk>/analysis/", views.AnalysisView.as_view(), name="analysis"),
    path("campaigns/<int:pk>/adopt/", views.AdoptTopicsView.as_view(), name="adopt"),
    path("campaigns/<int:pk>/export.<str:fmt>", views.ExportView.as_view(), name="export"),
    path("invitations/<int:pk>/profile/", views.ProfileView.as_view(), name="profile"),
    path("a/<uuid:public_id>/<str:secret>/", views.RespondView.as_view(), name="respond"),
]
