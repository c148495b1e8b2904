from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    name = "risks"
    verbose_name = _("Risks and readiness")

    def ready(self):
        from . import readiness  # noqa: F401 -- registers the built-in readiness checks
