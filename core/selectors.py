"""Reads for the dashboards and organisation pages."""

from __future__ import annotations

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programmes.enums import AcceptanceStatus, ApprovalStatus, ProgrammeStatus
from programmes.models import Programme
from programmes.selectors import programme_staff_get

from .models import AuditEntry, Membership, Organisation
from .scope import get_or_404, organisations_for, roles_of


def organisation_list(user) -> QuerySet[Organisation]:
    return (
        organisations_for(user)
        .select_related("parent")
        .annotate(people=Count("memberships__user", distinct=True), programmes_owned=Count("programmes", distinct=True))
        .order_by("name")
    )


def organisation_get(user, pk) -> Organisation:
    organisation = get_or_404(organisations_for(user).select_related("parent"), pk=pk)
    return organisation


def organisation_members(organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("user__full_name", "role")


def status_counts(programmes: QuerySet[Programme]) -> list[tuple[ProgrammeStatus, int]]:
    counts = dict(programmes.values_list("status").annotate(n=Count("id")).order_by())
    return [(status, counts.get(status.value, 0)) for status in ProgrammeStatus]


def attention_items(user) -> list[dict]:
    """What a coordinator should look at now, each with the page where it is fixed.

    A fixed number of queries, whatever the number of programmes.
    """
    today = timezone.localdate()
    programmes = Programme.objects.filter(organisation_id__in=roles_of(user).coordinated).exclude(
        status=ProgrammeStatus.CLOSED
    )
    rows = programmes.annotate(
        pending_approvals=Count("enrolments", filter=Q(enrolments__approval=ApprovalStatus.PENDING), distinct=True),
        unanswered=Count("enrolments", filter=Q(enrolments__acceptance=AcceptanceStatus.PENDING), distinct=True),
        enrolled=Count("enrolments", distinct=True),
        topic_count=Count("topics", distinct=True),
    ).order_by("start_date")
    items = []
    soon = today + datetime.timedelta(days=30)
    early_statuses = {ProgrammeStatus.DRAFT, ProgrammeStatus.NEEDS_ASSESSMENT, ProgrammeStatus.MATCHING}
    for programme in rows:
        url = programme.get_absolute_url()
        if programme.pending_approvals:
            items.append(
                {
                    "programme": programme,
                    "url": url,
                    "text": ngettext(
                        "%(n)s participation waiting for approval by their organisation",
                        "%(n)s participations waiting for approval by their organisation",
                        programme.pending_approvals,
                    )
                    % {"n": programme.pending_approvals},
                }
            )
        if programme.unanswered:
            items.append(
                {
                    "programme": programme,
                    "url": url,
                    "text": ngettext(
                        "%(n)s person has not accepted yet",
                        "%(n)s people have not accepted yet",
                        programme.unanswered,
                    )
                    % {"n": programme.unanswered},
                }
            )
        if not programme.topic_count:
            items.append(
                {
                    "programme": programme,
                    "url": reverse("programmes:edit", kwargs={"pk": programme.pk}),
                    "text": _("no topics chosen"),
                }
            )
        if not programme.enrolled and programme.status != ProgrammeStatus.DRAFT:
            items.append(
                {
                    "programme": programme,
                    "url": reverse("programmes:enrol", kwargs={"pk": programme.pk}),
                    "text": _("nobody enrolled"),
                }
            )
        if programme.status in early_statuses and programme.start_date <= soon:
            items.append(
                {
                    "programme": programme,
                    "url": url,
                    "text": _("starts on %(date)s but is still in “%(status)s”")
                    % {"date": programme.start_date, "status": programme.get_status_display()},
                }
            )
        if programme.end_date < today and programme.status in early_statuses | {
            ProgrammeStatus.PLANNED,
            ProgrammeStatus.RUNNING,
        }:
            items.append(
                {
                    "programme": programme,
                    "url": url,
                    "text": _("ended on %(date)s: time to evaluate") % {"date": programme.end_date},
                }
            )
    return items


def managed_programmes(user) -> QuerySet[Programme]:
    return (
        Programme.objects.filter(organisation_id__in=roles_of(user).managed)
        .select_related("organisation")
        .prefetch_related(Prefetch("topics"))
        .annotate(enrolled=Count("enrolments", distinct=True))
        .order_by("-start_date")
    )


def audit_programme_get(user, pk) -> Programme:
    """A programme whose history the user may read: coordinators and project managers of its organisation."""
    return programme_staff_get(user, pk)


def programme_audit_entries(programme: Programme) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(programme=programme).select_related("actor")
