from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import NotificationState


class Notification(models.Model):
    """One e-mail to one person about one object, at one occurrence: the outbox row.

    The unique constraint makes scheduling idempotent: the same reminder cannot exist twice.
    """

    kind = models.CharField(_("kind"), max_length=50)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    occurrence = models.CharField(_("occurrence"), max_length=100, default="")
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    due_at = models.DateTimeField(_("due"))
    state = models.CharField(
        _("state"), max_length=20, choices=NotificationState.choices, default=NotificationState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="When the dispatcher last queued it.")
    sending_at = models.DateTimeField(null=True, blank=True, help_text="When a worker started sending it.")
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "content_type", "object_id", "occurrence"],
                name="notification_once_per_occurrence",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "due_at"], name="notification_due"),
            models.Index(fields=["content_type", "object_id"], name="notification_target"),
            models.Index(fields=["programme", "state"], name="notification_programme"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient_id} ({self.occurrence or '-'}, {self.state})"

    @property
    def kind_label(self):
        from .kinds import KINDS

        kind = KINDS.get(self.kind)
        return kind.label if kind else self.kind


class NotificationText(models.Model):
    """A programme's own subject and opening for one kind of notification, with placeholders."""

    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="notification_texts")
    kind = models.CharField(_("kind"), max_length=50)
    subject = models.CharField(_("subject"), max_length=200)
    opening = models.TextField(_("opening text"))
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification text")
        verbose_name_plural = _("notification texts")
        constraints = [models.UniqueConstraint(fields=["programme", "kind"], name="notification_text_once")]

    def __str__(self):
        return f"{self.programme_id}: {self.kind}"
