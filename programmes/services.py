"""Every write to programmes and enrolments."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record, changed_fields
from core.concurrency import save_versioned
from core.enums import MANAGING_ROLES, Role
from core.models import AuditAction, Membership, Organisation, User
from notifications import kinds
from notifications.services import (
    Planned,
    dispatch_soon,
    notification_schedule,
    notifications_cancel,
    notifications_plan,
)

from .enums import TRANSITIONS, AcceptanceStatus, ApprovalStatus, MaterialKind, ProgrammeStatus
from .models import Attendance, Enrolment, Material, PracticalTask, Programme, Session, WorkshopSeries
from .selectors import session_people


class TransitionNotAllowed(ValidationError):
    pass


class DuplicateEnrolment(ValidationError):
    pass


@transaction.atomic
def programme_create(*, organisation: Organisation, created_by: User, topics=(), **fields) -> Programme:
    programme = Programme(organisation=organisation, created_by=created_by, **fields)
    programme.full_clean()
    programme.save()
    programme.topics.set(topics)
    from risks.services import risks_seed_for_programme  # local: programmes does not import risks at load time

    risks_seed_for_programme(programme=programme)
    audit_record(actor=created_by, programme=programme, action=AuditAction.CREATED)
    # programme creation hooks
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, topics=None, actor: User | None = None, **fields) -> Programme:
    # Compared with the stored row: a model form has already set its values on `programme`.
    changed = changed_fields(Programme.objects.get(pk=programme.pk), fields)
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.full_clean()
    programme.save()
    if topics is not None:
        before = set(programme.topics.values_list("pk", flat=True))
        programme.topics.set(topics)
        if before != {getattr(topic, "pk", topic) for topic in topics}:
            changed.append("topics")
    if changed:
        audit_record(actor=actor, programme=programme, action=AuditAction.CHANGED, fields=changed)
    return programme


@transaction.atomic
def programme_transition(*, programme: Programme, to_status: str, actor: User | None = None) -> Programme:
    """Move a programme along its workflow. Refuses any step the workflow does not allow.

    The row is locked so that two coordinators pressing buttons at once cannot skip a step.
    """
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    if to_status not in TRANSITIONS.get(locked.status, ()):
        target = ProgrammeStatus(to_status).label if to_status in ProgrammeStatus.values else to_status
        raise TransitionNotAllowed(
            _("A programme cannot go from “%(from)s” to “%(to)s”.")
            % {"from": locked.get_status_display(), "to": target}
        )
    locked.status = to_status
    locked.save(update_fields=["status", "updated"])
    programme.status = locked.status
    audit_record(actor=actor, programme=programme, action=AuditAction.CHANGED, fields=["status"])
    return programme


@transaction.atomic
def enrolment_create(*, programme: Programme, person: User, organisation: Organisation, role: str) -> Enrolment:
    """Enrol a person. A second enrolment of the same person is refused by the database."""
    enrolment = Enrolment(programme=programme, person=person, organisation=organisation, role=role)
    enrolment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:
        raise DuplicateEnrolment(_("%(person)s is already enrolled in this programme.") % {"person": person}) from None
    return enrolment


@transaction.atomic
def person_invite(
    *, email: str, full_name: str, organisation: Organisation, membership_role: str = Role.LG_STAFF
) -> tuple[User, bool]:
    """Find the person with this e-mail, or create a pending account (no password until they set one)."""
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(email=email, password=None, full_name=full_name)
    Membership.objects.get_or_create(user=user, organisation=organisation, role=membership_role)
    return user, created


@transaction.atomic
def enrolment_decide_approval(*, enrolment: Enrolment, approve: bool, by: User) -> Enrolment:
    enrolment.approval = ApprovalStatus.APPROVED if approve else ApprovalStatus.DECLINED
    enrolment.approved_by = by
    enrolment.approved_at = timezone.now()
    enrolment.save(update_fields=["approval", "approved_by", "approved_at"])
    return enrolment


@transaction.atomic
def enrolment_respond(*, enrolment: Enrolment, accept: bool) -> Enrolment:
    """The person's own answer: participation is free, never forced."""
    enrolment.acceptance = AcceptanceStatus.ACCEPTED if accept else AcceptanceStatus.DECLINED
    enrolment.accepted_at = timezone.now()
    enrolment.save(update_fields=["acceptance", "accepted_at"])
    return enrolment


@transaction.atomic
def enrolment_delete(*, enrolment: Enrolment) -> None:
    enrolment.delete()


@transaction.atomic
def enrolment_notify(*, enrolment: Enrolment) -> None:
    """Tell the person, and ask the managers of their organisation to approve."""
    now = timezone.now()
    programme = enrolment.programme
    notification_schedule(
        kind=kinds.ENROLMENT_INVITATION.code,
        recipient=enrolment.person,
        target=enrolment,
        due_at=now,
        programme=programme,
    )
    managers = (
        User.objects.filter(
            memberships__organisation=enrolment.organisation, memberships__role__in=MANAGING_ROLES, is_active=True
        )
        .exclude(email="")
        .distinct()
    )
    for manager in managers:
        notification_schedule(
            kind=kinds.APPROVAL_REQUEST.code, recipient=manager, target=enrolment, due_at=now, programme=programme
        )
    dispatch_soon()


REMINDER_OFFSETS = {"week": datetime.timedelta(days=7), "day": datetime.timedelta(days=1)}


@transaction.atomic
def session_plan_notifications(*, session: Session) -> None:
    """Invite everyone once per date, and remind them a week and a day before.

    The occurrence carries the start time, so a moved session re-invites and re-plans its
    reminders while the ones for the old date are cancelled. Reminders already past are skipped.
    """
    now = timezone.now()
    people = list(session_people(session).exclude(email=""))
    stamp = session.starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M")
    invitations = [Planned(person, stamp, now) for person in people] if session.starts_at > now else []
    reminders = [
        Planned(person, f"{label}:{stamp}", session.starts_at - offset)
        for label, offset in REMINDER_OFFSETS.items()
        if session.starts_at - offset > now
        for person in people
    ]
    notifications_plan(
        kind=kinds.SESSION_INVITATION.code, target=session, planned=invitations, programme=session.programme
    )
    notifications_plan(kind=kinds.SESSION_REMINDER.code, target=session, planned=reminders, programme=session.programme)
    dispatch_soon()


SESSION_FIELDS = [
    "title",
    "kind",
    "series",
    "topic",
    "themes",
    "starts_at",
    "ends_at",
    "time_zone",
    "planned_minutes",
    "channel",
    "location",
    "online_url",
    "language",
    "interpretation_languages",
    "capacity",
    "description",
    "updated",
]


@transaction.atomic
def session_save(*, session: Session, expected_version: int | None = None, tutors=None, attendees=None) -> Session:
    """Create a session, or save an edit loaded at `expected_version` (EditConflict if someone
    saved in between), set its tutors and attendees when given, and re-plan its invitations and
    reminders for the people it now has."""
    if session.pk and expected_version is not None:
        session.updated = timezone.now()
        save_versioned(session, expected_version=expected_version, fields=SESSION_FIELDS)
    else:
        session.full_clean()
        session.save()
    if tutors is not None:
        session.tutors.set(tutors)
    if attendees is not None:
        session.attendees.set(attendees)
    session_plan_notifications(session=session)
    return session


def _delete_files_after_commit(names: list[str]) -> None:
    storage = Material._meta.get_field("file").storage

    def delete():
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def session_delete(*, session: Session) -> None:
    notifications_cancel(target=session)
    _delete_files_after_commit([name for name in session.materials.values_list("file", flat=True) if name])
    session.delete()


class NotAPeerProgramme(ValidationError):
    pass


def _require_peer(programme: Programme) -> None:
    if not programme.is_peer:
        raise NotAPeerProgramme(_("Workshop series and practical tasks belong to peer-to-peer programmes."))


@transaction.atomic
def series_create(*, programme: Programme, title: str, description: str = "") -> WorkshopSeries:
    _require_peer(programme)
    series = WorkshopSeries(programme=programme, title=title, description=description)
    series.full_clean()
    series.save()
    return series


TASK_FIELDS = ["series", "title", "description", "owner", "due_date", "status", "updated"]


@transaction.atomic
def task_save(*, task: PracticalTask, expected_version: int | None = None) -> PracticalTask:
    """Create a practical task, or save an edit loaded at `expected_version` (EditConflict if
    someone saved in between)."""
    _require_peer(task.programme)
    if task.pk and expected_version is not None:
        task.updated = timezone.now()
        save_versioned(task, expected_version=expected_version, fields=TASK_FIELDS)
    else:
        task.full_clean()
        task.save()
    return task


@transaction.atomic
def material_add(
    *, session: Session, by: User, title: str, kind: str, file=None, url: str = "", study_before: bool = True
) -> Material:
    """Attach a file (checked for its type and size) or a link to a session."""
    is_file = kind == MaterialKind.FILE
    material = Material(
        session=session,
        uploaded_by=by,
        title=title,
        kind=kind,
        file=(file or "") if is_file else "",
        url="" if is_file else url,
        study_before=study_before,
    )
    material.full_clean()
    material.save()
    return material


@transaction.atomic
def material_delete(*, material: Material) -> None:
    if material.file:
        _delete_files_after_commit([material.file.name])
    material.delete()


@transaction.atomic
def attendance_mark(*, session: Session, present: set[int], by: User) -> int:
    """Record who came: every person of the session is marked present or absent.

    Marking again updates the same rows (one per session and person). Refused before the session starts.
    Returns how many were present.
    """
    now = timezone.now()
    if session.starts_at > now:
        raise ValidationError(_("Attendance can be marked once the session has started."))
    people = list(session_people(session).values_list("pk", flat=True))
    Attendance.objects.bulk_create(
        [
            Attendance(session=session, person_id=pk, present=pk in present, marked_by=by, marked_at=now)
            for pk in people
        ],
        update_conflicts=True,
        unique_fields=["session", "person"],
        update_fields=["present", "marked_by", "marked_at"],
    )
    return len(present & set(people))
