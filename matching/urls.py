from django.utils.translation import gettext_lazy as _

from programmes.enums import ProgrammeStatus
from programmes.views import stage_index_path

app_name = "matching"

urlpatterns = [
    stage_index_path(
        status=ProgrammeStatus.MATCHING,
        title=_("Matching"),
        intro=_("Programmes pairing trainees with tutors and forming peer groups of 6-8."),
    ),
]
