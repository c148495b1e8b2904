import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.enums import PlanStatus
from core.models import Organisation, Topic

from .enums import BudgetBand, CampaignKind, Priority, ResponseStatus

LEVEL = [MinValueValidator(1), MaxValueValidator(5)]


def new_secret() -> str:
    """The secret half of a personal link: 256 random bits."""
    return secrets.token_urlsafe(32)


class Campaign(models.Model):
    """A needs-assessment questionnaire of a programme: the competence grid on chosen topics."""

    programme = models.ForeignKey(
        "programmes.Programme", verbose_name=_("programme"), on_delete=models.CASCADE, related_name="campaigns"
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CampaignKind.choices, default=CampaignKind.BASELINE)
    baseline = models.ForeignKey(
        "self",
        verbose_name=_("repeats the baseline"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        help_text=_("A follow-up asks the same grid again, so knowledge gain can be measured."),
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), related_name="+")
    deadline = models.DateTimeField(_("deadline"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("needs-assessment campaign")
        verbose_name_plural = _("needs-assessment campaigns")
        ordering = ["-deadline"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assessments:campaign", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and timezone.now() < self.deadline


class Invitation(models.Model):
    """One invitee of a campaign, with their personal link: /a/<public_id>/<secret>/."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    secret = models.CharField(max_length=64, default=new_secret, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["person__full_name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "person"], name="invitation_once_per_person")]

    def __str__(self):
        return f"{self.person} – {self.campaign}"

    def get_link(self) -> str:
        return reverse("assessments:respond", kwargs={"public_id": self.public_id, "secret": self.secret})


class Response(models.Model):
    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="response")
    status = models.CharField(max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self):
        return f"{self.invitation} ({self.status})"


class Answer(models.Model):
    """One row of the grid: where a person stands on a topic and where their job needs them."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    current_level = models.PositiveSmallIntegerField(_("current level"), null=True, blank=True, validators=LEVEL)
    required_level = models.PositiveSmallIntegerField(
        _("level my job requires"), null=True, blank=True, validators=LEVEL
    )
    priority = models.PositiveSmallIntegerField(_("priority"), null=True, blank=True, choices=Priority.choices)
    challenges = models.TextField(_("challenges"), blank=True)
    expectations = models.TextField(_("expectations"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "topic"], name="answer_once_per_topic"),
            models.CheckConstraint(
                condition=models.Q(current_level__isnull=True) | models.Q(current_level__gte=1, current_level__lte=5),
                name="answer_current_level_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(required_level__isnull=True)
                | models.Q(required_level__gte=1, required_level__lte=5),
                name="answer_required_level_1_5",
            ),
        ]

    def __str__(self):
        return f"{self.topic}: {self.current_level} → {self.required_level}"

    @property
    def gap(self) -> int | None:
        if self.current_level is None or self.required_level is None:
            return None
        return max(self.required_level - self.current_level, 0)


class OrganisationProfile(models.Model):
    """An organisation's capacities, answered once per campaign by any of its respondents."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="organisation_profiles")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    staff_on_energy = models.PositiveIntegerField(_("staff working on energy and climate"), null=True, blank=True)
    budget_band = models.CharField(_("yearly energy budget"), max_length=20, choices=BudgetBand.choices, blank=True)
    plan_status = models.CharField(_("plan status"), max_length=20, choices=PlanStatus.choices, blank=True)
    earlier_training = models.TextField(_("earlier training on these topics"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation capacity")
        verbose_name_plural = _("organisation capacities")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organisation"], name="organisation_profile_once"),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.campaign}"
