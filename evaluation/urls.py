from django.urls import path
from django.utils.translation import gettext_lazy as _

from programmes.enums import ProgrammeStatus
from programmes.views import StageIndexView

app_name = "evaluation"

urlpatterns = [
    path(
        "",
        StageIndexView.as_view(
            status=ProgrammeStatus.EVALUATION,
            title=_("Evaluation"),
            intro=_("Programmes collecting the reaction of their participants after the events."),
        ),
        name="index",
    ),
]
