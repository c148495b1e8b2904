from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Needs assessment")

    def ready(self):
        from . import notifications  # noqa: F401 -- registers the e-mail kinds with the outbox
