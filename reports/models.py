"""A rendered PDF, kept until the data it shows changes.

One row per (document kind, object, language, fingerprint). The fingerprint is computed from the
data the document shows (see `reports.documents`); when the data changes the fingerprint changes,
and the next request renders again. Long documents render in a worker: the row carries the state
and progress the page polls.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programmes.materials import private_storage


class ReportState(models.TextChoices):
    QUEUED = "queued", _("Waiting for a worker")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Report(models.Model):
    kind = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=10)
    fingerprint = models.CharField(max_length=64)
    state = models.CharField(max_length=12, choices=ReportState.choices, default=ReportState.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(storage=private_storage, upload_to="reports/", blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rendered report")
        verbose_name_plural = _("rendered reports")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language", "fingerprint"], name="report_once_per_version"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} ({self.language}, {self.state})"
