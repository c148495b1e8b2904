from django.urls import path
from django.utils.translation import gettext_lazy as _

from programmes.enums import ProgrammeStatus
from programmes.views import stage_index_path

from . import views

app_name = "matching"

urlpatterns = [
    stage_index_path(
        status=ProgrammeStatus.MATCHING,
        title=_("Matching"),
        intro=_("Programmes pairing trainees with tutors and forming peer groups of 6-8."),
    ),
    path("mine/", views.MineView.as_view(), name="mine"),
    path("programmes/<int:pk>/", views.ProgrammeMatchingView.as_view(), name="programme"),
    path("programmes/<int:pk>/run/", views.RunView.as_view(), name="run"),
    path("programmes/<int:pk>/publish/", views.PublishView.as_view(), name="publish"),
    path("programmes/<int:pk>/settings/", views.SettingsView.as_view(), name="settings"),
    path("programmes/<int:pk>/modules/", views.ModulesView.as_view(), name="modules"),
    path("programmes/<int:pk>/choose/", views.ChooseModulesView.as_view(), name="choose"),
    path("programmes/<int:pk>/export.csv", views.ExportView.as_view(), name="export"),
    path("runs/<int:pk>/", views.RunStatusView.as_view(), name="run_status"),
    path("modules/<int:pk>/edit/", views.ModuleEditView.as_view(), name="module_edit"),
    path("modules/<int:pk>/delete/", views.ModuleDeleteView.as_view(), name="module_delete"),
    path("modules/<int:pk>/people/", views.ModuleMembersView.as_view(), name="module_members"),
    path("trainees/<int:pk>/tutor/", views.TraineeTutorView.as_view(), name="trainee_tutor"),
    path("choices/<int:pk>/group/", views.PeerGroupView.as_view(), name="peer_group"),
    path("pairs/<int:pk>/lock/", views.PairLockView.as_view(), name="pair_lock"),
    path("pairs/<int:pk>/answer/", views.PairAnswerView.as_view(), name="pair_answer"),
    path("members/<int:pk>/lock/", views.MemberLockView.as_view(), name="member_lock"),
    path("members/<int:pk>/answer/", views.MemberAnswerView.as_view(), name="member_answer"),
]
