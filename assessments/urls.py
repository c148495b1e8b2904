from django.utils.translation import gettext_lazy as _

from programmes.enums import ProgrammeStatus
from programmes.views import stage_index_path

app_name = "assessments"

urlpatterns = [
    stage_index_path(
        status=ProgrammeStatus.NEEDS_ASSESSMENT,
        title=_("Needs assessment"),
        intro=_("Programmes measuring the current and required level of their trainees per topic."),
    ),
]
