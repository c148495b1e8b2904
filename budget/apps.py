from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "budget"
    verbose_name = _("Budget and funding")

    def ready(self):
        from . import readiness  # noqa: F401 -- registers the funding-gap readiness check
