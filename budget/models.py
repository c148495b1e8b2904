from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from programmes.models import Programme, Session

from .enums import DEFAULT_CURRENCY, CostCategory, Currency, FundingKind, FundingStatus

ZERO = Decimal("0")
HUNDRED = Decimal("100")


def money_field(verbose_name, **kwargs) -> models.DecimalField:
    """An amount of money in the programme's currency: exact, never negative."""
    return models.DecimalField(
        verbose_name, max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)], **kwargs
    )


class ProgrammeBudget(models.Model):
    """Budget settings of a programme; created the first time a coordinator changes them."""

    programme = models.OneToOneField(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="budget"
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=DEFAULT_CURRENCY)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("programme budget")
        verbose_name_plural = _("programme budgets")

    def __str__(self):
        return f"{self.programme} ({self.currency})"

    def get_absolute_url(self):
        return reverse("budget:programme", kwargs={"pk": self.programme_id})


class CostLine(models.Model):
    """A planned cost of a programme and, once known, what it actually cost.

    A cost shared with another project or event counts for this programme only at its share.
    """

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="cost_lines"
    )
    category = models.CharField(_("category"), max_length=30, choices=CostCategory.choices)
    description = models.CharField(_("description"), max_length=300)
    planned_amount = money_field(_("planned amount"))
    actual_amount = money_field(
        _("actual amount"), null=True, blank=True, help_text=_("Leave empty until the cost is known.")
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cost_lines",
        help_text=_("The session this cost is for, if any."),
    )
    shared_with = models.CharField(
        _("shared with"),
        max_length=200,
        blank=True,
        help_text=_("Another project or event on the same theme that shares this cost."),
    )
    shared_share_pct = models.DecimalField(
        _("share borne by this programme (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO), MaxValueValidator(HUNDRED)],
        help_text=_("Only for a shared cost: the percentage this programme pays."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        ordering = ["category", "description", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_amount__gte=0),
                name="cost_line_planned_not_negative",
                violation_error_message=_("The planned amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(actual_amount__isnull=True) | Q(actual_amount__gte=0),
                name="cost_line_actual_not_negative",
                violation_error_message=_("The actual amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(shared_share_pct__isnull=True) | Q(shared_share_pct__gte=0, shared_share_pct__lte=100),
                name="cost_line_share_is_percentage",
                violation_error_message=_("The share must be between 0 and 100%."),
            ),
            models.CheckConstraint(
                condition=Q(shared_with="", shared_share_pct__isnull=True)
                | (~Q(shared_with="") & Q(shared_share_pct__isnull=False)),
                name="cost_line_shared_has_share",
                violation_error_message=_("A shared cost needs both the name of the other project and the share."),
            ),
        ]
        indexes = [models.Index(fields=["programme", "category"])]

    def __str__(self):
        return self.description

    def get_absolute_url(self):
        return reverse("budget:cost_line_edit", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.session_id and self.programme_id and self.session.programme_id != self.programme_id:
            errors["session"] = gettext("Choose a session of this programme.")
        self.shared_with = self.shared_with.strip()
        if self.shared_with and self.shared_share_pct is None:
            errors["shared_share_pct"] = gettext("Give the share of this cost that the programme bears.")
        if not self.shared_with and self.shared_share_pct is not None:
            errors["shared_with"] = gettext("Name the project or event that shares this cost.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_shared(self) -> bool:
        return self.shared_share_pct is not None


class FundingSource(models.Model):
    """Money for a programme: who gives it, how much, and how sure it is."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="funding_sources"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=FundingKind.choices)
    name = models.CharField(_("name"), max_length=200, help_text=_("The funder, call or programme."))
    amount = money_field(_("amount"))
    status = models.CharField(
        _("status"), max_length=20, choices=FundingStatus.choices, default=FundingStatus.REQUESTED
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["kind", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="funding_source_amount_not_negative",
                violation_error_message=_("The amount cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("budget:funding_edit", kwargs={"pk": self.pk})
