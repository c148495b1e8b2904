"""Placeholders in texts coordinators write: {name}, {programme}, {session}, {date}, {place}, {link}."""

from __future__ import annotations

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PLACEHOLDERS = {
    "name": gettext_lazy("the recipient's name"),
    "programme": gettext_lazy("the programme's title"),
    "session": gettext_lazy("the session's title"),
    "date": gettext_lazy("the session's date and time"),
    "place": gettext_lazy("the venue or the online link"),
    "link": gettext_lazy("the link to open in the application"),
}


def placeholders_in(text: str) -> list[str]:
    """The placeholder names a text uses; raises ValidationError on a malformed brace."""
    try:
        return [field for _literal, field, _spec, _conv in string.Formatter().parse(text) if field is not None]
    except ValueError as error:
        raise ValidationError(
            _("Unbalanced braces: write {{ and }} for a literal brace. (%(error)s)") % {"error": error}
        ) from None


def validate_placeholders(text: str) -> None:
    unknown = sorted({name for name in placeholders_in(text) if name not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            _("Unknown placeholder(s): %(unknown)s. Use only: %(known)s.")
            % {
                "unknown": ", ".join(f"{{{name}}}" for name in unknown),
                "known": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS),
            }
        )


def fill(text: str, values: dict[str, str]) -> str:
    """Replace the placeholders; a text that slipped past validation never breaks a send."""
    safe = {name: values.get(name, "") for name in PLACEHOLDERS}
    try:
        return text.format_map(safe)
    except (KeyError, ValueError, IndexError, AttributeError):
        return text
