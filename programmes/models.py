from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import Organisation, Topic

from .enums import TRANSITIONS, AcceptanceStatus, ApprovalStatus, EnrolmentRole, Method, ProgrammeStatus


class Programme(models.Model):
    title = models.CharField(_("title"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="programmes"
    )
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    goals = models.TextField(_("goals"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="programmes")
    status = models.CharField(
        _("status"), max_length=30, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="programme_period_ordered"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programmes:detail", kwargs={"pk": self.pk})

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": gettext("The programme cannot end before it starts.")})

    @property
    def next_statuses(self):
        return [ProgrammeStatus(s) for s in TRANSITIONS[self.status]]


class Enrolment(models.Model):
    """A person taking part in a programme: approved by their organisation, accepted by themselves."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="enrolments"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="enrolments"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        related_name="enrolments",
        help_text=_("The person's organisation, which approves the participation."),
    )
    role = models.CharField(_("role"), max_length=20, choices=EnrolmentRole.choices)
    approval = models.CharField(
        _("approval"), max_length=20, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approval decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approval decided at"), null=True, blank=True)
    acceptance = models.CharField(
        _("acceptance"), max_length=20, choices=AcceptanceStatus.choices, default=AcceptanceStatus.PENDING
    )
    accepted_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["role", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "person"], name="enrolment_unique_person"),
        ]

    def __str__(self):
        return f"{self.person} – {self.programme} ({self.get_role_display()})"

    @property
    def is_active(self):
        return self.approval == ApprovalStatus.APPROVED and self.acceptance == AcceptanceStatus.ACCEPTED


class Session(models.Model):
    """A dated event of a programme. Its people are the programme's participants who did not decline."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("venue or address"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    description = models.TextField(_("description"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programmes:session_edit", kwargs={"pk": self.pk})

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": gettext("A session must end after it starts.")})

    @property
    def place(self) -> str:
        return self.location or self.online_url
