from django.urls import path
from django.utils.translation import gettext_lazy as _

from programmes.enums import ProgrammeStatus
from programmes.views import StageIndexView

app_name = "assessments"

urlpatterns = [
    path(
        "",
        StageIndexView.as_view(
            status=ProgrammeStatus.NEEDS_ASSESSMENT,
            title=_("Needs assessment"),
            intro=_("Programmes measuring the current and required level of their trainees per topic."),
        ),
        name="index",
    ),
]
