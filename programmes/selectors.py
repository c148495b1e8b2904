"""Reads of programmes and enrolments, scoped to the user and shaped for a constant query count."""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from core.models import Membership, Topic, User
from core.scope import get_or_404, roles_of

from .enums import AcceptanceStatus, ApprovalStatus, EnrolmentRole, TaskStatus
from .models import Attendance, Enrolment, Material, PracticalTask, Programme, Session, WorkshopSeries


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
    if manage:
        return programme_staff_get(user, pk, manage=True)
    # Most readers are the owning organisation's coordinators and project managers: a plain lookup
    # first, then the visibility rules' subqueries for everyone else (2 ms less to build and run).
    if user.is_authenticated:
        with contextlib.suppress(Programme.DoesNotExist, ValueError, TypeError):
            return staff_programmes(user).get(pk=pk)
    return get_or_404(programmes_for(user).select_related("organisation"), pk=pk)


def staff_programmes(user, *, manage: bool = False) -> QuerySet[Programme]:
    """The programmes of the user's own organisations: their coordinators and project managers read
    them; with `manage`, their coordinators only (participants from elsewhere are not staff)."""
    roles = roles_of(user)
    organisations = roles.coordinated if manage else roles.managed
    return Programme.objects.filter(organisation_id__in=organisations).select_related("organisation")


def programme_staff_get(user, pk, *, manage: bool = False) -> Programme:
    """One of `staff_programmes`; anything else is a 404."""
    return get_or_404(staff_programmes(user, manage=manage), pk=pk)


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


def session_people(session: Session) -> QuerySet[User]:
    """Who a session is for: its tutors and its attendees, leaving out whoever declined the programme.

    The attendees are the chosen ones, or when nobody is chosen, everyone enrolled in the programme.
    """
    tutoring = Session.tutors.through.objects.filter(session_id=session.pk, user_id=OuterRef("pk"))
    attending = Session.attendees.through.objects.filter(session_id=session.pk, user_id=OuterRef("pk"))
    chosen = Session.attendees.through.objects.filter(session_id=session.pk)
    enrolled = Enrolment.objects.filter(programme_id=session.programme_id, person_id=OuterRef("pk"))
    declined = enrolled.filter(acceptance=AcceptanceStatus.DECLINED)
    return User.objects.filter(
        (Q(Exists(tutoring)) | Q(Exists(attending)) | (Q(Exists(enrolled)) & ~Q(Exists(chosen)))) & ~Q(Exists(declined))
    ).order_by("full_name", "email")


def _programmes_of_person(user) -> QuerySet:
    """Every programme the person is enrolled in or has a session in as tutor or attendee: the few
    rows a query about their sessions can start from, instead of testing every session there is."""
    enrolled = Enrolment.objects.filter(person_id=user.pk).order_by().values("programme_id")
    tutoring = Session.tutors.through.objects.filter(user_id=user.pk).order_by().values("session__programme_id")
    attending = Session.attendees.through.objects.filter(user_id=user.pk).order_by().values("session__programme_id")
    return enrolled.union(tutoring, attending)


def _person_of_session(user) -> Q:
    """The sessions `user` is one of the people of (the same rule as `session_people`)."""
    tutoring = Session.tutors.through.objects.filter(session_id=OuterRef("pk"), user_id=user.pk)
    attending = Session.attendees.through.objects.filter(session_id=OuterRef("pk"), user_id=user.pk)
    chosen = Session.attendees.through.objects.filter(session_id=OuterRef("pk"))
    enrolled = Enrolment.objects.filter(programme_id=OuterRef("programme_id"), person_id=user.pk)
    declined = enrolled.filter(acceptance=AcceptanceStatus.DECLINED)
    # The first condition follows from the others; it is there for the database (an index on
    # programme_id: ~1 ms instead of a scan of all 20,000 sessions at network scale).
    return (
        Q(programme_id__in=_programmes_of_person(user))
        & (Q(Exists(tutoring)) | Q(Exists(attending)) | (Q(Exists(enrolled)) & ~Q(Exists(chosen))))
        & ~Q(Exists(declined))
    )


def sessions_for(user) -> QuerySet[Session]:
    """Sessions a user may open: all those of the organisations they coordinate or manage, and their own."""
    if not user.is_authenticated:
        return Session.objects.none()
    return Session.objects.filter(Q(programme__organisation_id__in=roles_of(user).managed) | _person_of_session(user))


def programme_sessions(programme: Programme) -> QuerySet[Session]:
    return programme.sessions.order_by("starts_at")


def programme_sessions_for(user, programme: Programme) -> QuerySet[Session]:
    """A programme's sessions as the user sees them: all for its organisers, their own for participants."""
    if programme.organisation_id in roles_of(user).managed:
        # What sessions_for() gives them, without its tests of who attends (~10 ms at network scale).
        sessions = Session.objects.filter(programme=programme)
    else:
        sessions = sessions_for(user).filter(programme=programme)
    return sessions.order_by("starts_at", "title")


def session_get(user, pk) -> Session:
    return get_or_404(
        sessions_for(user).select_related("programme", "programme__organisation", "topic", "series"), pk=pk
    )


def session_managed(user, pk) -> Session:
    return get_or_404(
        Session.objects.filter(programme__organisation_id__in=roles_of(user).coordinated).select_related("programme"),
        pk=pk,
    )


def is_session_tutor(user, session: Session) -> bool:
    return session.tutors.filter(pk=user.pk).exists()


def can_prepare_session(user, session: Session) -> bool:
    """Coordinators of the programme and the session's own tutors add materials and mark attendance."""
    return can_manage(user, session.programme) or is_session_tutor(user, session)


def session_prepared_by(user, pk) -> Session:
    """A session the user may add materials to and mark attendance of; 404 otherwise."""
    session = session_get(user, pk)
    if not can_prepare_session(user, session):
        raise Http404
    return session


def session_detail(session: Session) -> dict:
    """Everything the session page shows, in a fixed number of queries."""
    marks = dict(session.attendances.values_list("present").annotate(n=Count("id")).order_by())
    return {
        "tutors": list(session.tutors.order_by("full_name", "email")),
        "people": list(session_people(session)),
        "materials": list(session.materials.select_related("uploaded_by")),
        "attendance": {"marked": bool(marks), "present": marks.get(True, 0), "absent": marks.get(False, 0)},
        "attendees_chosen": session.attendees.exists(),
    }


def material_get(user, pk) -> Material:
    """A material a user may download: the session's people, the programme's organisers; 404 otherwise."""
    return get_or_404(
        Material.objects.filter(session__in=sessions_for(user)).select_related("session", "session__programme"),
        pk=pk,
    )


def material_managed(user, pk) -> Material:
    """A material the user may remove: coordinators of the programme and the session's tutors."""
    material = material_get(user, pk)
    if not can_prepare_session(user, material.session):
        raise Http404
    return material


def _materials_prefetch() -> Prefetch:
    return Prefetch("materials", queryset=Material.objects.order_by("-study_before", "created"))


def sessions_of_person(user, *, ending_after) -> QuerySet[Session]:
    """Sessions a person attends or tutors that end after a moment."""
    return (
        Session.objects.filter(_person_of_session(user), ends_at__gte=ending_after)
        .select_related("programme")
        .order_by("starts_at")
    )


def upcoming_sessions_for(user, *, limit: int = 5) -> QuerySet[Session]:
    return sessions_of_person(user, ending_after=timezone.now())[:limit]


def my_sessions(user, *, past: bool = False) -> QuerySet[Session]:
    """The sessions of a person, upcoming first in date order, or the past ones latest first."""
    now = timezone.now()
    sessions = (
        Session.objects.filter(_person_of_session(user))
        .select_related("programme", "topic")
        .prefetch_related(_materials_prefetch())
        .annotate(
            i_tutor=Exists(Session.tutors.through.objects.filter(session_id=OuterRef("pk"), user_id=user.pk)),
        )
    )
    if past:
        return sessions.filter(ends_at__lt=now).order_by("-starts_at")
    return sessions.filter(ends_at__gte=now).order_by("starts_at")


# --------------------------------------------------------------------------- timeline and hours


def minutes_as_hours(minutes: int | None) -> Decimal:
    return (Decimal(minutes or 0) / 60).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class TopicHours:
    topic: str | None
    sessions: int
    hours: Decimal


@dataclass(frozen=True)
class Month:
    first_day: datetime.date
    sessions: list


def timeline_sessions(sessions: QuerySet[Session]) -> QuerySet[Session]:
    return (
        sessions.select_related("topic", "series")
        .prefetch_related(Prefetch("tutors", queryset=User.objects.order_by("full_name")))
        .annotate(material_count=Count("materials", distinct=True))
        .order_by("starts_at", "title")
    )


def by_month(sessions) -> list[Month]:
    """Sessions grouped by the month (in the current time zone) they start in, in date order."""
    months: dict[datetime.date, list] = {}
    for session in sessions:
        start = timezone.localtime(session.starts_at)
        months.setdefault(start.date().replace(day=1), []).append(session)
    return [Month(first_day, items) for first_day, items in sorted(months.items())]


def planned_hours(sessions: QuerySet[Session]) -> Decimal:
    """The planned hours of some sessions, summed by the database."""
    return minutes_as_hours(sessions.order_by().aggregate(minutes=Sum("planned_minutes"))["minutes"])


def planned_hours_by_topic(sessions: QuerySet[Session]) -> list[TopicHours]:
    """Planned hours per topic, summed by the database; sessions without a topic come last."""
    rows = (
        sessions.order_by()
        .values("topic_id", "topic__name", "topic__order")
        .annotate(minutes=Sum("planned_minutes"), n=Count("id"))
        .order_by("topic__order", "topic__name")
    )
    result = [TopicHours(row["topic__name"], row["n"], minutes_as_hours(row["minutes"])) for row in rows]
    return sorted(result, key=lambda row: row.topic is None)


def work_programme_section(programme: Programme, sessions: list[Session]) -> dict:
    """What the programme page shows of the work programme: planned hours and open tasks.

    `sessions` are those the page lists (`programme_sessions_for` the reader), already read: their
    planned hours are summed here rather than asked of the database a second time."""
    minutes = sum(session.planned_minutes or 0 for session in sessions)
    section = {"planned_hours": minutes_as_hours(minutes), "is_peer": programme.is_peer}
    if programme.is_peer:
        section["series_count"] = programme.workshop_series.count()
        section["open_tasks"] = programme.practical_tasks.exclude(status=TaskStatus.DONE).count()
    return {"work_programme": section}


# --------------------------------------------------------------------------- series and tasks


def programme_series(programme: Programme) -> QuerySet[WorkshopSeries]:
    return programme.workshop_series.annotate(
        session_count=Count("sessions", distinct=True),
        task_count=Count("practical_tasks", distinct=True),
    ).order_by("title")


def programme_tasks(programme: Programme) -> QuerySet[PracticalTask]:
    return programme.practical_tasks.select_related("owner", "series").order_by("status", "due_date", "title")


def task_managed(user, pk) -> PracticalTask:
    return get_or_404(
        PracticalTask.objects.filter(programme__organisation_id__in=roles_of(user).coordinated).select_related(
            "programme", "series", "owner"
        ),
        pk=pk,
    )


def programme_participants(programme: Programme, *, roles=None) -> QuerySet[User]:
    """People enrolled in a programme who did not decline, optionally of some roles only."""
    # One filter() call, so that every condition applies to the same enrolment.
    lookup = {
        "enrolments__programme": programme,
        "enrolments__acceptance__in": [AcceptanceStatus.PENDING, AcceptanceStatus.ACCEPTED],
    }
    if roles is not None:
        lookup["enrolments__role__in"] = roles
    return User.objects.filter(**lookup).order_by("full_name", "email")


def session_attendance(session: Session) -> dict[int, bool]:
    """Who was marked present (True) or absent (False), by person id."""
    return dict(Attendance.objects.filter(session=session).values_list("person_id", "present"))
