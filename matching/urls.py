from django.urls import path
from django.utils.translation import gettext_lazy as _

from programmes.enums import ProgrammeStatus
from programmes.views import StageIndexView

app_name = "matching"

urlpatterns = [
    path(
        "",
        StageIndexView.as_view(
            status=ProgrammeStatus.MATCHING,
            title=_("Matching"),
            intro=_("Programmes pairing trainees with tutors and forming peer groups of 6-8."),
        ),
        name="index",
    ),
]
