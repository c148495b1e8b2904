"""Checks on the time zone and languages of a session."""

from __future__ import annotations

import functools
import re
import zoneinfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A BCP 47 language tag as people type it: "en", "pt-BR", "sr-Latn".
LANGUAGE_CODE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")


@functools.cache
def time_zone_names() -> tuple[str, ...]:
    """The IANA time zones this system knows, sorted."""
    return tuple(sorted(zoneinfo.available_timezones()))


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in time_zone_names()]


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(
            _("“%(value)s” is not a time zone; use a name such as Europe/Brussels."),
            code="invalid_time_zone",
            params={"value": value},
        )


def validate_language_code(value: str) -> None:
    if not LANGUAGE_CODE.match(value):
        raise ValidationError(
            _("“%(value)s” is not a language code; use a code such as en, fr or pt-BR."),
            code="invalid_language",
            params={"value": value},
        )


def validate_language_codes(values) -> None:
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        raise ValidationError(_("Give a list of language codes."), code="invalid_languages")
    for value in values:
        validate_language_code(value)
