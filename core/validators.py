"""Checks that forms of every app share."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

# Programmes are planned for the Covenant's 2030 and 2050 goals: a date outside these years is a
# typo. It also keeps every date far from the calendar's ends, where reminders, time zones and
# durations computed from it would overflow.
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2099, 12, 31)


def validate_plausible_date(value: datetime.date | datetime.datetime) -> None:
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="implausible_date",
            params={"earliest": formats.date_format(EARLIEST), "latest": formats.date_format(LATEST)},
        )


def plausible_dates(form: forms.BaseForm) -> None:
    """Limit every date and date-time field of the form to EARLIEST-LATEST."""
    for field in form.fields.values():
        if isinstance(field, forms.DateField | forms.DateTimeField):
            field.validators.append(validate_plausible_date)
