from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import (
    HIGH_SCORE,
    IMPACT_LABELS,
    LIKELIHOOD_LABELS,
    MEDIUM_SCORE,
    Barrier,
    RiskCategory,
    RiskStatus,
    Severity,
    scale_choices,
)

SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class Risk(models.Model):
    """One entry of a programme's risk register. Its score is likelihood × impact (1–25)."""

    programme = models.ForeignKey(
        "programmes.Programme", verbose_name=_("programme"), on_delete=models.CASCADE, related_name="risks"
    )
    code = models.CharField(  # noqa: DJ001 -- NULL (a risk added by hand) stays out of the unique constraint
        _("barrier of the method"),
        max_length=40,
        choices=Barrier.choices,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set on the risks seeded from the method's barriers; empty on the ones added by hand."),
    )
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=30, choices=RiskCategory.choices)
    description = models.TextField(_("description"), blank=True)
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood"), validators=SCALE, choices=scale_choices(LIKELIHOOD_LABELS), default=3
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"), validators=SCALE, choices=scale_choices(IMPACT_LABELS), default=3
    )
    mitigation = models.TextField(_("mitigation"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_risks",
    )
    status = models.CharField(_("status"), max_length=20, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    review_date = models.DateField(_("review date"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["title"]
        constraints = [
            # Seeded barriers once per programme; NULL codes (risks added by hand) never collide.
            models.UniqueConstraint(fields=["programme", "code"], name="risk_barrier_once_per_programme"),
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1, likelihood__lte=5), name="risk_likelihood_1_5"
            ),
            models.CheckConstraint(condition=models.Q(impact__gte=1, impact__lte=5), name="risk_impact_1_5"),
        ]
        indexes = [models.Index(fields=["programme", "status"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("risks:register", kwargs={"pk": self.programme_id}) + f"#risk-{self.pk}"

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def score_level(self) -> str:
        """High from 15, medium from 8, low below: the colour of the score on the pages."""
        if self.score >= HIGH_SCORE:
            return Severity.HIGH
        if self.score >= MEDIUM_SCORE:
            return Severity.MEDIUM
        return Severity.LOW

    @property
    def is_review_overdue(self) -> bool:
        """A review date in the past on a risk that is not closed."""
        return (
            self.status != RiskStatus.CLOSED
            and self.review_date is not None
            and self.review_date < timezone.localdate()
        )
