"""A small cohort with known needs and expertise, so the best matching is known by hand."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from assessments.enums import ResponseStatus
from assessments.models import Answer, Campaign, Invitation, Response
from core.enums import Role
from core.models import Organisation, Topic, User
from programmes.enums import ApprovalStatus, EnrolmentRole, Method
from programmes.models import Enrolment, Programme
from tests.factories import (
    CoordinatorOrganisationFactory,
    EnrolmentFactory,
    ExpertiseFactory,
    OrganisationFactory,
    ProgrammeFactory,
    TopicFactory,
    member,
)


@dataclass
class Cohort:
    agency: Organisation
    coordinator: User
    project_manager: User
    programme: Programme
    campaign: Campaign
    topics: list[Topic]
    enrolments: dict[str, Enrolment] = field(default_factory=dict)

    def person(self, name: str) -> User:
        return self.enrolments[name].person


def build_cohort() -> Cohort:
    agency = CoordinatorOrganisationFactory(name="Agency", country="BE")
    coordinator = member(agency, Role.COORDINATOR, full_name="Cora Coordinator")
    project_manager = member(agency, Role.PROJECT_MANAGER, full_name="Pim Manager")
    programme = ProgrammeFactory(organisation=agency, method=Method.BOTH, title="Covenant coaching")
    topics = [TopicFactory(name="Heat pumps"), TopicFactory(name="Financing"), TopicFactory(name="Monitoring")]
    campaign = Campaign.objects.create(
        programme=programme, title="Baseline", deadline=timezone.now() + datetime.timedelta(days=5)
    )
    cohort = Cohort(agency, coordinator, project_manager, programme, campaign, topics)
    return cohort


def enrol(cohort: Cohort, name: str, role: str, *, organisation=None, languages=("en",), **org_fields) -> Enrolment:
    organisation = organisation or OrganisationFactory(name=f"Town of {name}", **org_fields)
    person = member(organisation, Role.TUTOR if role == EnrolmentRole.TUTOR else Role.LG_STAFF, full_name=name)
    person.languages = list(languages)
    person.save()
    enrolment = EnrolmentFactory(
        programme=cohort.programme,
        person=person,
        organisation=organisation,
        role=role,
        approval=ApprovalStatus.APPROVED,
    )
    cohort.enrolments[name] = enrolment
    return enrolment


def needs(cohort: Cohort, name: str, levels: dict[int, tuple[int, int, int]]) -> None:
    """Submit a needs assessment: topic index -> (current, required, priority)."""
    enrolment = cohort.enrolments[name]
    invitation = Invitation.objects.create(
        campaign=cohort.campaign, person=enrolment.person, organisation=enrolment.organisation
    )
    response = Response.objects.create(
        invitation=invitation, status=ResponseStatus.SUBMITTED, submitted_at=timezone.now()
    )
    for index, (current, required, priority) in levels.items():
        Answer.objects.create(
            response=response,
            topic=cohort.topics[index],
            current_level=current,
            required_level=required,
            priority=priority,
        )


def expertise(cohort: Cohort, name: str, levels: dict[int, int]) -> None:
    for index, level in levels.items():
        ExpertiseFactory(user=cohort.person(name), topic=cohort.topics[index], level=level)
