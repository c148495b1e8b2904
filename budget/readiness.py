"""The budget's part of the readiness check on the programme page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from risks.readiness import Severity, Warning, check

from . import selectors
from .templatetags.budget_tags import money


@check
def funding_gap(programme):
    """Planned costs that granted or received funding does not cover: the method's "lack of financial resources"."""
    gap, currency = selectors.funding_gap(programme)
    if gap > 0:
        text = _("Funding gap: %(gap)s of the planned costs are not covered by granted or received funding.") % {
            "gap": money(gap, currency)
        }
        yield Warning("funding_gap", text, reverse("budget:programme", kwargs={"pk": programme.pk}), Severity.HIGH)
