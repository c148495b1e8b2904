"""Matching's part of the readiness check on the programme page."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programmes.enums import AcceptanceStatus, ApprovalStatus, EnrolmentRole
from risks.readiness import Severity, Warning, check, enrolment_facts

from . import selectors
from .models import Unmatched


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


@check
def peers_without_module(programme):
    """Approved peers who chose no module while the programme has modules: no group can form for them."""
    without = sum(
        facts.role == EnrolmentRole.PEER
        and facts.approval == ApprovalStatus.APPROVED
        and facts.acceptance != AcceptanceStatus.DECLINED
        and not facts.chose_module
        for facts in enrolment_facts(programme)
    )
    if without and programme.modules.exists():  # the modules are asked about only when someone lacks one
        text = ngettext(
            "%(count)s peer has not chosen a module yet, so no group can be formed for them.",
            "%(count)s peers have not chosen a module yet, so no group can be formed for them.",
            without,
        ) % {"count": without}
        url = reverse("matching:modules", kwargs={"pk": programme.pk})
        yield Warning("peers_without_module", text, url, Severity.MEDIUM)


@check
def left_unmatched(programme):
    """People the last matching run left without a tutor or a group (other than by their own decline)."""
    count = (
        Unmatched.objects.filter(plan__programme=programme)
        .exclude(reason="declined")
        .values("enrolment")
        .distinct()
        .count()
    )
    if count:
        text = ngettext(
            "%(count)s person is left without a tutor or a group after the last matching run.",
            "%(count)s people are left without a tutor or a group after the last matching run.",
            count,
        ) % {"count": count}
        url = reverse("matching:programme", kwargs={"pk": programme.pk})
        yield Warning("left_unmatched", text, f"{url}#unmatched", Severity.MEDIUM)
