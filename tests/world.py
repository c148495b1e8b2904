"""Two coordinator organisations with their municipalities, people and programmes.

Used by the access tests, the query-count tests and benchmarks/queries.py, so that they all
look at the same situation: organisation A owns everything a URL names; B is the outsider.
"""

from __future__ import annotations

import datetime
import importlib
from dataclasses import dataclass

from django.utils import timezone

from assessments.models import Campaign, Invitation
from core.enums import Role
from core.models import Organisation, Topic, User
from notifications.models import Notification
from notifications.services import notification_schedule
from programmes.enums import EnrolmentRole, ProgrammeStatus
from programmes.models import Enrolment, Programme, Session

from .factories import (
    CoordinatorOrganisationFactory,
    EnrolmentFactory,
    OrganisationFactory,
    ProgrammeFactory,
    SessionFactory,
    member,
)


@dataclass
class Side:
    coordinator_org: Organisation
    municipality: Organisation
    coordinator: User
    project_manager: User
    tutor: User
    employee: User
    programme: Programme
    enrolment: Enrolment
    session: Session
    notification: Notification
    campaign: Campaign
    invitation: Invitation

    def people(self) -> dict[str, User]:
        return {
            "coordinator": self.coordinator,
            "project_manager": self.project_manager,
            "tutor": self.tutor,
            "employee": self.employee,
        }


@dataclass
class World:
    a: Side
    b: Side


def build_side(label: str, country: str) -> Side:
    coordinator_org = CoordinatorOrganisationFactory(name=f"Agency {label}", country=country)
    municipality = OrganisationFactory(name=f"Town {label}", country=country, parent=coordinator_org)
    coordinator = member(coordinator_org, Role.COORDINATOR, full_name=f"Coordinator {label}")
    project_manager = member(coordinator_org, Role.PROJECT_MANAGER, full_name=f"Manager {label}")
    tutor = member(coordinator_org, Role.TUTOR, full_name=f"Tutor {label}")
    employee = member(municipality, Role.LG_STAFF, full_name=f"Employee {label}")
    programme = ProgrammeFactory(
        title=f"Programme {label}", organisation=coordinator_org, status=ProgrammeStatus.NEEDS_ASSESSMENT
    )
    EnrolmentFactory(programme=programme, person=tutor, organisation=coordinator_org, role=EnrolmentRole.TUTOR)
    enrolment = EnrolmentFactory(programme=programme, person=employee, organisation=municipality)
    session = SessionFactory(programme=programme, title=f"Workshop {label}")
    notification = notification_schedule(
        kind="session_reminder",
        recipient=employee,
        target=session,
        due_at=session.starts_at - datetime.timedelta(days=1),
        occurrence="day",
        programme=programme,
    )
    campaign = Campaign.objects.create(
        programme=programme, title=f"Needs {label}", deadline=timezone.now() + datetime.timedelta(days=10)
    )
    campaign.topics.set(Topic.objects.filter(code__in=["seap-secap", "financing"]))
    invitation = Invitation.objects.create(campaign=campaign, person=employee, organisation=municipality)
    return Side(
        coordinator_org,
        municipality,
        coordinator,
        project_manager,
        tutor,
        employee,
        programme,
        enrolment,
        session,
        notification,
        campaign,
        invitation,
    )


def build_world() -> World:
    # A transactional test elsewhere in the run flushes every table, the data migration's topic
    # catalogue included; the world needs it as a fresh database has it.
    from django.apps import apps as installed_apps

    from core.models import Topic

    if not Topic.objects.exists():
        topic_catalogue = importlib.import_module("core.migrations.0002_topic_catalogue")
        topic_catalogue.add_topics(installed_apps, None)
    return World(a=build_side("A", "BE"), b=build_side("B", "HR"))
