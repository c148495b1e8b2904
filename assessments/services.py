"""Every write of the needs assessment: campaigns, invitations, responses."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Organisation, Topic, User
from notifications.services import (
    Planned,
    dispatch_soon,
    notification_schedule,
    notifications_cancel,
    notifications_plan,
)
from programmes.enums import AcceptanceStatus, EnrolmentRole
from programmes.models import Programme
from programmes.services import person_invite

from .enums import CampaignKind, ResponseStatus
from .importing import InviteeRow
from .models import Answer, Campaign, Invitation, OrganisationProfile, Response
from .notifications import ASSESSMENT_INVITATION, ASSESSMENT_REMINDER

REMINDER_BEFORE = {"3d": datetime.timedelta(days=3), "1d": datetime.timedelta(days=1)}
# Who a campaign asks by default: the people being trained, not their tutors.
RESPONDENT_ROLES = (EnrolmentRole.TRAINEE, EnrolmentRole.PEER)


class CampaignClosed(ValidationError):
    pass


@transaction.atomic
def campaign_create(
    *,
    programme: Programme,
    title: str,
    deadline: datetime.datetime,
    kind: str = CampaignKind.BASELINE,
    introduction: str = "",
    topics: Iterable[Topic] = (),
    baseline: Campaign | None = None,
    invite_enrolled: bool = True,
) -> Campaign:
    """Open a campaign. A follow-up without topics of its own repeats its baseline's grid."""
    campaign = Campaign(
        programme=programme, title=title, deadline=deadline, kind=kind, introduction=introduction, baseline=baseline
    )
    campaign.full_clean()
    campaign.save()
    topics = list(topics)
    if not topics and baseline is not None:
        topics = list(baseline.topics.all())
    if not topics:
        topics = list(programme.topics.all())
    if not topics:
        raise ValidationError({"topics": _("Choose at least one topic.")})
    campaign.topics.set(topics)
    if invite_enrolled:
        enrolments = programme.enrolments.filter(role__in=RESPONDENT_ROLES).exclude(
            acceptance=AcceptanceStatus.DECLINED
        )
        for enrolment in enrolments.select_related("person", "organisation"):
            invitation_create(campaign=campaign, person=enrolment.person, organisation=enrolment.organisation)
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, topics: Iterable[Topic] | None = None, **fields) -> Campaign:
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.full_clean()
    campaign.save()
    if topics is not None:
        campaign.topics.set(topics)
    for invitation in campaign.invitations.select_related("person"):
        invitation_plan_reminders(invitation=invitation)
    return campaign


@transaction.atomic
def campaign_close(*, campaign: Campaign) -> Campaign:
    """Close early: links stop working and pending reminders are cancelled."""
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["closed_at"])
    for invitation in campaign.invitations.all():
        notifications_cancel(target=invitation)
    return campaign


@transaction.atomic
def invitation_create(*, campaign: Campaign, person: User, organisation: Organisation) -> Invitation:
    """Invite a person once; their e-mail and reminders go through the outbox."""
    invitation, created = Invitation.objects.get_or_create(
        campaign=campaign, person=person, defaults={"organisation": organisation}
    )
    if created:
        notification_schedule(
            kind=ASSESSMENT_INVITATION.code,
            recipient=person,
            target=invitation,
            due_at=timezone.now(),
            programme=campaign.programme,
        )
        invitation_plan_reminders(invitation=invitation)
        dispatch_soon()
    return invitation


def invitation_plan_reminders(*, invitation: Invitation) -> None:
    """Remind three days and one day before the deadline, unless answered or closed."""
    campaign = invitation.campaign
    now = timezone.now()
    answered = Response.objects.filter(invitation=invitation, status=ResponseStatus.SUBMITTED).exists()
    planned = []
    if campaign.closed_at is None and not answered:
        stamp = campaign.deadline.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M")
        planned = [
            Planned(invitation.person, f"{label}:{stamp}", campaign.deadline - before)
            for label, before in REMINDER_BEFORE.items()
            if campaign.deadline - before > now
        ]
    notifications_plan(kind=ASSESSMENT_REMINDER.code, target=invitation, planned=planned, programme=campaign.programme)


@transaction.atomic
def invitees_import(*, campaign: Campaign, rows: Iterable[InviteeRow], membership_role: str) -> list[Invitation]:
    """Invite the valid rows of an imported list; new people get a pending account in their organisation."""
    invitations = []
    organisations = {o.pk: o for o in Organisation.objects.filter(pk__in={r.organisation_id for r in rows if r.ok})}
    for row in rows:
        if not row.ok:
            continue
        organisation = organisations[row.organisation_id]
        person, _created = person_invite(
            email=row.email, full_name=row.name, organisation=organisation, membership_role=membership_role
        )
        invitations.append(invitation_create(campaign=campaign, person=person, organisation=organisation))
    return invitations


ANSWER_FIELDS = ("current_level", "required_level", "priority", "challenges", "expectations")
PROFILE_FIELDS = ("staff_on_energy", "budget_band", "plan_status", "earlier_training")


@transaction.atomic
def response_save(
    *, invitation: Invitation, answers: dict[int, dict], organisation: dict | None, submit: bool
) -> Response:
    """Save a draft, or submit. Saving again updates the one response; a closed campaign refuses.

    The row lock makes two submits at once (a double click) end in one response.
    """
    campaign = Campaign.objects.select_for_update().get(pk=invitation.campaign_id)
    if not campaign.is_open:
        raise CampaignClosed(_("This questionnaire is closed."))
    response, _created = Response.objects.select_for_update().get_or_create(invitation=invitation)
    topic_ids = set(campaign.topics.values_list("pk", flat=True))
    existing = {a.topic_id: a for a in response.answers.all()}
    for topic_id, values in answers.items():
        if topic_id not in topic_ids:
            continue
        answer = existing.get(topic_id) or Answer(response=response, topic_id=topic_id)
        for name in ANSWER_FIELDS:
            setattr(
                answer, name, values.get(name) if name not in ("challenges", "expectations") else values.get(name) or ""
            )
        answer.full_clean(exclude=["response", "topic"], validate_unique=False, validate_constraints=False)
        answer.save()
    if organisation is not None:
        profile, _created = OrganisationProfile.objects.get_or_create(
            campaign=campaign, organisation=invitation.organisation
        )
        for name in PROFILE_FIELDS:
            value = organisation.get(name)
            setattr(profile, name, value if value is not None else ("" if name != "staff_on_energy" else None))
        profile.updated_by = invitation.person
        profile.save()
    if submit:
        if response.status != ResponseStatus.SUBMITTED:
            response.status = ResponseStatus.SUBMITTED
            response.submitted_at = timezone.now()
        notifications_cancel(target=invitation, kind=ASSESSMENT_REMINDER.code)
    response.save()
    return response
