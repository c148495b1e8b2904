"""Matching's part of the readiness check on the programme page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from risks.readiness import Severity, Warning, check

from . import selectors


@check
def groups_outside_bounds(programme):
    """Peer groups smaller than their module's minimum or larger than its maximum (after moves or declines)."""
    url = reverse("matching:programme", kwargs={"pk": programme.pk})
    for row in selectors.groups_outside_bounds(programme):
        module = row.group.module
        text = _(
            "Group %(number)s of “%(module)s” has %(size)s active members; the module allows %(min)s to %(max)s."
        ) % {
            "number": row.group.number,
            "module": module.title,
            "size": row.size,
            "min": module.min_size,
            "max": module.max_size,
        }
        yield Warning("group_size", text, f"{url}#group-{row.group.pk}", Severity.MEDIUM)
