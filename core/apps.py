from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Organisations and people")

    def ready(self):
        from . import lookups  # noqa: F401 -- registers the project's lookups
