from django.utils.translation import gettext_lazy as _

from programmes.enums import ProgrammeStatus
from programmes.views import stage_index_path

app_name = "evaluation"

urlpatterns = [
    stage_index_path(
        status=ProgrammeStatus.EVALUATION,
        title=_("Evaluation"),
        intro=_("Programmes collecting the reaction of their participants after the events."),
    ),
]
