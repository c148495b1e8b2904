from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self):
        from . import (
            notifications,  # noqa: F401 -- registers the e-mail kinds with the outbox
            readiness,  # noqa: F401 -- registers the app's readiness checks
        )
