from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # Each document kind registers itself in reports.documents.DOCUMENTS when imported.
        from . import programme, session_documents  # noqa: F401 -- imported for their registration
