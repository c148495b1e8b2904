"""Writes of evaluations: the default questionnaire, sending an evaluation to its people, closing it.

The questionnaire builder is in `builder.py`, answering in `responding.py`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Organisation, User
from notifications.services import (
    Planned,
    dispatch_soon,
    notification_schedule,
    notifications_cancel,
    notifications_plan,
)
from programmes.enums import AcceptanceStatus, ApprovalStatus, EnrolmentRole
from programmes.models import Attendance, Enrolment, Programme, Session

from . import defaults
from .enums import Audience
from .models import Evaluation, Invitee, Question, Questionnaire, Receipt, Section
from .notifications import EVALUATION_INVITATION, EVALUATION_REMINDER

REMINDER_BEFORE = {"3d": datetime.timedelta(days=3), "1d": datetime.timedelta(days=1)}
# Who is asked: the people being trained and the peers, not their tutors or facilitators.
RESPONDENT_ROLES = (EnrolmentRole.TRAINEE, EnrolmentRole.PEER)


@transaction.atomic
def default_questionnaire(*, organisation: Organisation, user: User | None = None) -> Questionnaire:
    """The organisation's copy of the method's post-event questionnaire (created once)."""
    existing = Questionnaire.objects.filter(organisation=organisation, translatable=True, is_current=True).first()
    if existing:
        return existing
    questionnaire = Questionnaire.objects.create(
        organisation=organisation,
        title=defaults.TITLE,
        introduction=defaults.INTRODUCTION,
        translatable=True,
        created_by=user,
    )
    order = 0
    for section_order, (title, questions) in enumerate(defaults.SECTIONS):
        section = Section.objects.create(questionnaire=questionnaire, title=title, order=section_order)
        for code, kind, text, help_text, required, options, target in questions:
            order += 1
            Question.objects.create(
                questionnaire=questionnaire,
                section=section,
                order=order,
                kind=kind,
                text=text,
                help_text=help_text,
                required=required,
                options=options,
                code=code,
                target_mean=target,
            )
    return questionnaire


def audience_of(*, programme: Programme, session: Session | None, audience: str) -> list[Enrolment]:
    """Who an evaluation asks: attendees marked present (of the session, or of any session of the
    programme), or everyone enrolled; always approved trainees and peers who did not decline."""
    enrolments = (
        programme.enrolments.filter(role__in=RESPONDENT_ROLES, approval=ApprovalStatus.APPROVED)
        .exclude(acceptance=AcceptanceStatus.DECLINED)
        .select_related("person", "organisation")
        .order_by("person__full_name", "pk")
    )
    if audience == Audience.ATTENDEES:
        present = Attendance.objects.filter(present=True, session__programme=programme)
        if session is not None:
            present = present.filter(session=session)
        enrolments = enrolments.filter(person_id__in=present.values("person_id"))
    return list(enrolments)


@transaction.atomic
def evaluation_create(
    *,
    programme: Programme,
    questionnaire: Questionnaire,
    title: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    session: Session | None = None,
    audience: str = Audience.ATTENDEES,
    anonymous: bool = False,
) -> Evaluation:
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": _("The questionnaire must close after it opens.")})
    if session is not None and session.programme_id != programme.pk:
        raise ValidationError({"session": _("That session belongs to another programme.")})
    evaluation = Evaluation.objects.create(
        programme=programme,
        session=session,
        questionnaire=questionnaire,
        title=title,
        audience=audience,
        anonymous=anonymous,
        opens_at=opens_at,
        closes_at=closes_at,
    )
    invitees_add(evaluation=evaluation, enrolments=audience_of(programme=programme, session=session, audience=audience))
    return evaluation


def invitees_add(*, evaluation: Evaluation, enrolments: Iterable[Enrolment]) -> list[Invitee]:
    """Invite these people once each; their e-mail goes out when the questionnaire opens."""
    added = []
    for enrolment in enrolments:
        invitee, created = Invitee.objects.get_or_create(
            evaluation=evaluation,
            person=enrolment.person,
            defaults={"organisation": enrolment.organisation, "role": enrolment.role},
        )
        if created:
            notification_schedule(
                kind=EVALUATION_INVITATION.code,
                recipient=enrolment.person,
                target=invitee,
                due_at=max(evaluation.opens_at, timezone.now()),
                programme=evaluation.programme,
            )
            invitee_plan_reminders(invitee=invitee)
            added.append(invitee)
    if added:
        dispatch_soon()
    return added


def invitee_plan_reminders(*, invitee: Invitee) -> None:
    """Remind three days and one day before closing, while the invitee has not answered and it is open."""
    evaluation = invitee.evaluation
    now = timezone.now()
    answered = Receipt.objects.filter(invitee=invitee).exists()
    planned = []
    if evaluation.closed_at is None and not answered:
        stamp = evaluation.closes_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M")
        planned = [
            Planned(invitee.person, f"{label}:{stamp}", evaluation.closes_at - before)
            for label, before in REMINDER_BEFORE.items()
            if evaluation.closes_at - before > max(now, evaluation.opens_at)
        ]
    notifications_plan(kind=EVALUATION_REMINDER.code, target=invitee, planned=planned, programme=evaluation.programme)


@transaction.atomic
def evaluation_update(*, evaluation: Evaluation, **fields) -> Evaluation:
    """Change the title, dates or anonymity; reminders follow the new closing date."""
    if evaluation.submissions.exists() and "anonymous" in fields and fields["anonymous"] != evaluation.anonymous:
        raise ValidationError({"anonymous": _("Anonymity cannot change once answers have come in.")})
    for name, value in fields.items():
        setattr(evaluation, name, value)
    if evaluation.closes_at <= evaluation.opens_at:
        raise ValidationError({"closes_at": _("The questionnaire must close after it opens.")})
    evaluation.save()
    for invitee in evaluation.invitees.select_related("person", "evaluation__programme"):
        invitee_plan_reminders(invitee=invitee)
    return evaluation


@transaction.atomic
def evaluation_close(*, evaluation: Evaluation) -> Evaluation:
    """Close now: the links show a closed page and no reminder goes out any more."""
    if evaluation.closed_at is None:
        evaluation.closed_at = timezone.now()
        evaluation.save(update_fields=["closed_at"])
    for invitee in evaluation.invitees.all():
        notifications_cancel(target=invitee, kind=EVALUATION_REMINDER.code)
    return evaluation
