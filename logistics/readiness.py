"""Readiness checks about logistics, registered with the programme's readiness check."""

from django.urls import reverse
from django.utils.translation import ngettext

from risks.readiness import Severity, Warning, check

from .selectors import checklist_progress


@check
def checklist_overdue(programme):
    """Administrative checklist items past their due date and not done: one query."""
    overdue = checklist_progress(programme).overdue
    if overdue:
        url = reverse("logistics:checklist", kwargs={"pk": programme.pk}) + "?status=overdue"
        text = ngettext("%(n)s checklist item is overdue.", "%(n)s checklist items are overdue.", overdue) % {
            "n": overdue
        }
        yield Warning("checklist_overdue", text, url, Severity.MEDIUM)
