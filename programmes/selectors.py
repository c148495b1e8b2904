"""Reads of programmes and enrolments, scoped to the user and shaped for a constant query count."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from core.models import Membership, Topic
from core.scope import get_or_404, roles_of

from .enums import AcceptanceStatus, ApprovalStatus, EnrolmentRole
from .models import Enrolment, Programme, Session


def programmes_for(user) -> QuerySet[Programme]:
    """Programmes a user may read.

    Those of the organisations they coordinate or manage, those in which their organisation's
    staff take part, and those they are enrolled in themselves.
    """
    if not user.is_authenticated:
        return Programme.objects.none()
    roles = roles_of(user)
    own_enrolment = Enrolment.objects.filter(programme=OuterRef("pk"), person=user)
    staff_enrolment = Enrolment.objects.filter(programme=OuterRef("pk"), organisation_id__in=roles.managed)
    return Programme.objects.filter(
        Q(organisation_id__in=roles.managed) | Q(Exists(own_enrolment)) | Q(Exists(staff_enrolment))
    )


def programmes_managed_by(user) -> QuerySet[Programme]:
    """Programmes a user may change: those of the organisations they coordinate."""
    return Programme.objects.filter(organisation_id__in=roles_of(user).coordinated)


def programme_get(user, pk, *, manage: bool = False) -> Programme:
    queryset = programmes_managed_by(user) if manage else programmes_for(user)
    return get_or_404(queryset.select_related("organisation"), pk=pk)


def can_manage(user, programme: Programme) -> bool:
    return programme.organisation_id in roles_of(user).coordinated


def programme_list(user) -> QuerySet[Programme]:
    return (
        programmes_for(user)
        .select_related("organisation")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("order", "name")))
        .annotate(
            enrolled=Count("enrolments", distinct=True),
            pending_approvals=Count("enrolments", filter=Q(enrolments__approval=ApprovalStatus.PENDING), distinct=True),
        )
    )


def programme_enrolments(programme: Programme) -> QuerySet[Enrolment]:
    return programme.enrolments.select_related("person", "organisation", "approved_by").order_by(
        "role", "person__full_name"
    )


def programme_enrolments_for(user, programme: Programme) -> QuerySet[Enrolment]:
    """All enrolments for the owning organisation; a participant sees only their own and their staff's."""
    roles = roles_of(user)
    enrolments = programme_enrolments(programme)
    if programme.organisation_id in roles.managed:
        return enrolments
    return enrolments.filter(Q(person=user) | Q(organisation_id__in=roles.managed))


def enrolment_counts(programme: Programme) -> dict[str, int]:
    counts = dict(programme.enrolments.values_list("role").annotate(n=Count("id")).order_by())
    return {role: counts.get(role, 0) for role in EnrolmentRole.values}


def enrolments_to_approve(user) -> QuerySet[Enrolment]:
    """Enrolments of the staff of the organisations the user manages, waiting for a decision."""
    return (
        Enrolment.objects.filter(organisation_id__in=roles_of(user).managed, approval=ApprovalStatus.PENDING)
        .select_related("person", "organisation", "programme", "programme__organisation")
        .order_by("programme__start_date", "person__full_name")
    )


def enrolment_for_approval(user, pk) -> Enrolment:
    """An enrolment the user may approve: their organisation's staff, or one in a programme they coordinate."""
    roles = roles_of(user)
    queryset = Enrolment.objects.filter(
        Q(organisation_id__in=roles.managed) | Q(programme__organisation_id__in=roles.coordinated)
    )
    return get_or_404(queryset.select_related("programme", "person", "organisation"), pk=pk)


def enrolment_of_user(user, pk) -> Enrolment:
    return get_or_404(Enrolment.objects.filter(person=user).select_related("programme"), pk=pk)


def enrolment_managed(user, pk) -> Enrolment:
    return get_or_404(
        Enrolment.objects.filter(programme__organisation_id__in=roles_of(user).coordinated).select_related(
            "programme", "person"
        ),
        pk=pk,
    )


def my_enrolments(user) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(person=user)
        .exclude(acceptance=AcceptanceStatus.DECLINED)
        .select_related("programme", "programme__organisation")
        .order_by("programme__start_date")
    )


def enrollable_memberships(user) -> QuerySet[Membership]:
    """People a coordinator may enrol: one row per person and organisation they can see."""
    from core.scope import organisations_for

    return (
        Membership.objects.filter(organisation__in=organisations_for(user))
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__full_name")
    )


def programme_sessions(programme: Programme) -> QuerySet[Session]:
    return programme.sessions.order_by("starts_at")


def session_managed(user, pk) -> Session:
    return get_or_404(
        Session.objects.filter(programme__organisation_id__in=roles_of(user).coordinated).select_related("programme"),
        pk=pk,
    )


def sessions_of_person(user, *, ending_after) -> QuerySet[Session]:
    """Sessions of the programmes a person takes part in (not declined) that end after a moment."""
    return (
        Session.objects.filter(programme__enrolments__person=user, ends_at__gte=ending_after)
        .exclude(programme__enrolments__person=user, programme__enrolments__acceptance=AcceptanceStatus.DECLINED)
        .select_related("programme")
        .distinct()
        .order_by("starts_at")
    )


def upcoming_sessions_for(user, *, limit: int = 5) -> QuerySet[Session]:
    return sessions_of_person(user, ending_after=timezone.now())[:limit]
