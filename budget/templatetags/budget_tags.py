from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format

from .. import selectors

register = template.Library()

CENT = Decimal("0.01")


@register.filter
def money(amount, currency: str = "") -> str:
    """An amount with 2 decimals, grouped the way the reader's language writes numbers, and its currency."""
    if amount is None or amount == "":
        return "–"
    text = number_format(Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP), 2, force_grouping=True)
    return f"{text}\u00a0{currency}" if currency else text


@register.inclusion_tag("budget/includes/programme_card.html", takes_context=True)
def budget_card(context, programme):
    """The budget card of the programme page, for its coordinators and project managers only."""
    request = context.get("request")
    if request is None:
        return {}
    return selectors.programme_section(request.user, programme) | {"programme": programme}
