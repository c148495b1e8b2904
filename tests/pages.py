"""Every page that lists or shows objects, with a way to give it more rows.

The query-count test and benchmarks/queries.py both run this list; a new list or detail page
is added here, and tests/test_query_counts.py fails until it is.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from assessments.enums import ResponseStatus
from assessments.models import Answer, Campaign, Invitation, Response
from core.enums import Role
from notifications.services import notification_schedule
from programmes.enums import ApprovalStatus, ProgrammeStatus

from .budget import pages_rows as budget_rows
from .evaluation import registry as evaluation_registry
from .factories import (
    EnrolmentFactory,
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
    SessionFactory,
    TopicFactory,
    UserFactory,
    member,
)
from .logistics import pages_rows as logistics_rows
from .matching import pages_rows as matching_rows
from .programmes import pages_rows as programme_rows
from .risks import pages_rows as risk_rows
from .world import World


@dataclass(frozen=True)
class Page:
    label: str
    url_name: str
    viewer: str  # a key of Side.people()
    kwargs: Callable[[World], dict]
    add_rows: Callable[[World, int], object]
    small: int = 1
    large: int = 200


def _programmes(status: str | None = None):
    def add(world: World, n: int):
        extra = {"status": status} if status else {}
        for _ in range(n):
            programme = ProgrammeFactory(organisation=world.a.coordinator_org, **extra)
            programme.topics.add(TopicFactory())
            EnrolmentFactory(programme=programme, organisation=world.a.municipality)

    return add


def _enrolments(world: World, n: int):
    for _ in range(n):
        EnrolmentFactory(programme=world.a.programme, organisation=world.a.municipality)


def _enrolments_and_sessions(world: World, n: int):
    _enrolments(world, n)
    _sessions(world, n)


def _pending_staff_enrolments(world: World, n: int):
    for _ in range(n):
        person = member(world.a.municipality, Role.LG_STAFF)
        EnrolmentFactory(
            programme=world.a.programme,
            person=person,
            organisation=world.a.coordinator_org,
            approval=ApprovalStatus.PENDING,
        )


def _organisations(world: World, n: int):
    for _ in range(n):
        organisation = OrganisationFactory(parent=world.a.coordinator_org)
        MembershipFactory(organisation=organisation)


def _members(world: World, n: int):
    for _ in range(n):
        MembershipFactory(organisation=world.a.municipality, user=UserFactory())


def _my_enrolments(world: World, n: int):
    for _ in range(n):
        enrolment = EnrolmentFactory(person=world.a.employee, organisation=world.a.municipality)
        SessionFactory(programme=enrolment.programme)


def _topics(world: World, n: int):
    for _ in range(n):
        TopicFactory()


def _memberships_to_enrol(world: World, n: int):
    for _ in range(n):
        member(world.a.municipality, Role.LG_STAFF)


def _sessions(world: World, n: int):
    for _ in range(n):
        SessionFactory(programme=world.a.programme)


def _programme_notifications(world: World, n: int):
    for _ in range(n):
        person = UserFactory()
        notification_schedule(
            kind="session_reminder",
            recipient=person,
            target=world.a.session,
            due_at=timezone.now(),
            occurrence="day",
            programme=world.a.programme,
        )


def _my_notifications(world: World, n: int):
    for _ in range(n):
        session = SessionFactory(programme=world.a.programme)
        notification_schedule(
            kind="session_reminder",
            recipient=world.a.employee,
            target=session,
            due_at=timezone.now(),
            occurrence="day",
            programme=world.a.programme,
        )


def _respondents(world: World, n: int):
    """Invitees of campaign A who answered the whole grid, in several organisations."""
    topics = list(world.a.campaign.topics.all())
    for i in range(n):
        organisation = OrganisationFactory(parent=world.a.coordinator_org, country=["BE", "HR", "IT"][i % 3])
        person = member(organisation, Role.LG_STAFF)
        invitation = Invitation.objects.create(campaign=world.a.campaign, person=person, organisation=organisation)
        response = Response.objects.create(invitation=invitation, status=ResponseStatus.SUBMITTED)
        Answer.objects.bulk_create(
            Answer(response=response, topic=topic, current_level=1 + i % 3, required_level=4, priority=1 + i % 3)
            for topic in topics
        )


def _campaigns(world: World, n: int):
    for _ in range(n):
        campaign = Campaign.objects.create(
            programme=world.a.programme, title="Needs", deadline=timezone.now() + datetime.timedelta(days=5)
        )
        Invitation.objects.create(campaign=campaign, person=UserFactory(), organisation=world.a.municipality)


def _campaign_topics(world: World, n: int):
    for _ in range(n):
        world.a.campaign.topics.add(TopicFactory())


def _answered_topics(world: World, n: int):
    response, _created = Response.objects.get_or_create(invitation=world.a.invitation)
    for _ in range(n):
        topic = TopicFactory()
        world.a.campaign.topics.add(topic)
        Answer.objects.create(response=response, topic=topic, current_level=2, required_level=4, priority=3)


def _my_data(world: World, n: int):
    """The employee's own rows of several kinds: enrolments, notifications, needs answers."""
    _my_enrolments(world, n)
    _my_notifications(world, n)
    _answered_topics(world, n)


def _audit_entries(world: World, n: int):
    from core.audit import audit_record
    from core.models import AuditAction

    for _ in range(n):
        actor = member(world.a.coordinator_org, Role.COORDINATOR)
        audit_record(actor=actor, programme=world.a.programme, action=AuditAction.CHANGED, fields=["title"])


def _dashboard_programmes(world: World, n: int):
    _programmes(ProgrammeStatus.RUNNING)(world, n)
    _pending_staff_enrolments(world, 1)


NO_KWARGS: Callable[[World], dict] = lambda world: {}  # noqa: E731 -- a constant, read as one


PAGES: list[Page] = [
    Page("dashboard (coordinator)", "core:dashboard", "coordinator", NO_KWARGS, _dashboard_programmes),
    Page("dashboard (project manager)", "core:dashboard", "project_manager", NO_KWARGS, _dashboard_programmes),
    Page("dashboard (employee)", "core:dashboard", "employee", NO_KWARGS, _my_enrolments),
    Page("dashboard (tutor)", "core:dashboard", "tutor", NO_KWARGS, _respondents),
    Page("profile", "core:profile", "employee", NO_KWARGS, _topics),
    Page("my data", "core:my_data", "employee", NO_KWARGS, _my_data),
    Page(
        "programme history",
        "core:audit",
        "project_manager",
        lambda world: {"pk": world.a.programme.pk},
        _audit_entries,
        large=100,
    ),
    Page("organisation list", "core:organisation_list", "coordinator", NO_KWARGS, _organisations),
    Page(
        "organisation detail",
        "core:organisation_detail",
        "coordinator",
        lambda world: {"pk": world.a.municipality.pk},
        _members,
    ),
    Page("programme list", "programmes:list", "coordinator", NO_KWARGS, _programmes()),
    Page(
        "programme detail",
        "programmes:detail",
        "coordinator",
        lambda world: {"pk": world.a.programme.pk},
        _enrolments_and_sessions,
    ),
    Page(
        "programme edit",
        "programmes:edit",
        "coordinator",
        lambda world: {"pk": world.a.programme.pk},
        _topics,
    ),
    Page("programme create", "programmes:create", "coordinator", NO_KWARGS, _topics),
    Page(
        "enrol people",
        "programmes:enrol",
        "coordinator",
        lambda world: {"pk": world.a.programme.pk},
        _memberships_to_enrol,
    ),
    Page("approvals", "programmes:approvals", "project_manager", NO_KWARGS, _pending_staff_enrolments),
    Page(
        "needs assessment index",
        "assessments:index",
        "coordinator",
        NO_KWARGS,
        _programmes(ProgrammeStatus.NEEDS_ASSESSMENT),
    ),
    Page("my notifications", "notifications:mine", "employee", NO_KWARGS, _my_notifications),
    Page(
        "calendar feed",
        "notifications:feed",
        "employee",
        lambda world: {"token": world.a.employee.calendar_token},
        _sessions,
    ),
    Page(
        "programme reminders",
        "notifications:programme",
        "coordinator",
        lambda world: {"pk": world.a.programme.pk},
        _programme_notifications,
    ),
    Page("campaign list", "assessments:campaigns", "coordinator", NO_KWARGS, _campaigns, small=10, large=500),
    Page(
        "campaign detail",
        "assessments:campaign",
        "coordinator",
        lambda world: {"pk": world.a.campaign.pk},
        _respondents,
    ),
    Page(
        "campaign analysis",
        "assessments:analysis",
        "coordinator",
        lambda world: {"pk": world.a.campaign.pk},
        _respondents,
        small=10,
        large=500,
    ),
    Page(
        "campaign export",
        "assessments:export",
        "coordinator",
        lambda world: {"pk": world.a.campaign.pk, "fmt": "csv"},
        _respondents,
    ),
    Page(
        "trainee profile",
        "assessments:profile",
        "coordinator",
        lambda world: {"pk": world.a.invitation.pk},
        _answered_topics,
    ),
    Page(
        "questionnaire",
        "assessments:respond",
        "employee",
        lambda world: {"public_id": world.a.invitation.public_id, "secret": world.a.invitation.secret},
        _campaign_topics,
    ),
    Page(
        "session detail",
        "programmes:session_detail",
        "coordinator",
        lambda world: {"pk": world.a.session.pk},
        programme_rows.materials_and_people,
    ),
    Page(
        "session detail (attendee)",
        "programmes:session_detail",
        "employee",
        lambda world: {"pk": world.a.session.pk},
        programme_rows.materials_and_people,
    ),
    Page(
        "session create",
        "programmes:session_create",
        "coordinator",
        lambda world: {"pk": world.a.programme.pk},
        programme_rows.participants,
    ),
    Page(
        "session edit",
        "programmes:session_edit",
        "coordinator",
        lambda world: {"pk": world.a.session.pk},
        programme_rows.tutors,
    ),
    Page(
        "attendance",
        "programmes:attendance",
        "coordinator",
        programme_rows.started_session,
        programme_rows.participants,
    ),
    Page(
        "timeline",
        "programmes:timeline",
        "coordinator",
        lambda world: {"pk": world.a.programme.pk},
        programme_rows.planned_sessions,
    ),
    Page(
        "timeline (participant)",
        "programmes:timeline",
        "employee",
        lambda world: {"pk": world.a.programme.pk},
        programme_rows.planned_sessions,
    ),
    Page("my sessions", "programmes:my_sessions", "employee", NO_KWARGS, programme_rows.my_sessions),
    Page(
        "workshop series",
        "programmes:series_list",
        "coordinator",
        lambda world: {"pk": world.a.programme.pk},
        programme_rows.series,
    ),
    Page(
        "practical tasks",
        "programmes:task_list",
        "coordinator",
        lambda world: {"pk": world.a.programme.pk},
        programme_rows.tasks,
    ),
    Page(
        "practical task create",
        "programmes:task_create",
        "coordinator",
        lambda world: {"pk": world.a.programme.pk},
        programme_rows.participants,
    ),
    Page(
        "practical task edit",
        "programmes:task_edit",
        "coordinator",
        programme_rows.task,
        programme_rows.participants,
    ),
    # work-programme pages
    Page("venue list", "logistics:venues", "coordinator", NO_KWARGS, logistics_rows.venues),
    Page(
        "session logistics",
        "logistics:session",
        "coordinator",
        lambda world: {"pk": world.a.session.pk},
        logistics_rows.venues,
    ),
    Page(
        "checklist",
        "logistics:checklist",
        "coordinator",
        lambda world: {"pk": world.a.programme.pk},
        logistics_rows.checklist_items,
    ),
    Page(
        "checklist item create",
        "logistics:checklist_item_create",
        "coordinator",
        lambda world: {"pk": world.a.programme.pk},
        logistics_rows.owners,
    ),
    Page(
        "checklist item edit",
        "logistics:checklist_item_edit",
        "coordinator",
        lambda world: {"pk": logistics_rows.checklist_item(world).pk},
        logistics_rows.owners,
    ),
    Page(
        "checklist apply template",
        "logistics:checklist_apply",
        "coordinator",
        lambda world: {"pk": world.a.programme.pk},
        logistics_rows.templates,
    ),
    Page("checklist templates", "logistics:templates", "coordinator", NO_KWARGS, logistics_rows.templates),
    Page(
        "checklist template",
        "logistics:template",
        "coordinator",
        lambda world: {"pk": logistics_rows.default_template_pk(world)},
        logistics_rows.default_template_items,
    ),
    Page(
        "SWOT peer review",
        "logistics:swot",
        "employee",
        lambda world: {"pk": logistics_rows.peer_swot(world).programme_id},
        logistics_rows.swot_rows,
    ),
    # logistics pages
    Page(
        "budget",
        "budget:programme",
        "coordinator",
        lambda world: {"pk": world.a.programme.pk},
        budget_rows.budget_rows,
    ),
    Page(
        "budget (project manager)",
        "budget:programme",
        "project_manager",
        lambda world: {"pk": world.a.programme.pk},
        budget_rows.budget_rows,
    ),
    Page(
        "budget export",
        "budget:export",
        "project_manager",
        lambda world: {"pk": world.a.programme.pk},
        budget_rows.budget_rows,
    ),
    Page(
        "new cost line",
        "budget:cost_line_create",
        "coordinator",
        lambda world: {"pk": world.a.programme.pk},
        budget_rows.sessions_to_choose,
    ),
    Page(
        "cost line edit",
        "budget:cost_line_edit",
        "coordinator",
        budget_rows.cost_line_kwargs,
        budget_rows.sessions_to_choose,
    ),
    # budget pages
    Page(
        "risk register",
        "risks:register",
        "coordinator",
        lambda world: {"pk": world.a.programme.pk},
        risk_rows.risks_with_owners,
        large=50,
    ),
    Page(
        "risk register (project manager)",
        "risks:register",
        "project_manager",
        lambda world: {"pk": world.a.programme.pk},
        risk_rows.risks_with_owners,
        large=50,
    ),
    Page(
        "new risk",
        "risks:create",
        "coordinator",
        lambda world: {"pk": world.a.programme.pk},
        risk_rows.owner_candidates,
    ),
    Page(
        "risk edit",
        "risks:edit",
        "coordinator",
        risk_rows.edited_risk_kwargs,
        risk_rows.owner_candidates,
    ),
    Page(
        "programme detail (readiness and risks)",
        "programmes:detail",
        "coordinator",
        lambda world: {"pk": world.a.programme.pk},
        risk_rows.readiness_problems,
        large=100,
    ),
    Page(
        "programme detail (readiness and risks, project manager)",
        "programmes:detail",
        "project_manager",
        lambda world: {"pk": world.a.programme.pk},
        risk_rows.readiness_problems,
        large=100,
    ),
    # risks pages
    Page(
        "matching draft",
        "matching:programme",
        "coordinator",
        lambda world: {"pk": world.a.programme.pk},
        matching_rows.draft,
        large=60,
    ),
    Page(
        "matching draft (project manager)",
        "matching:programme",
        "project_manager",
        lambda world: {"pk": world.a.programme.pk},
        matching_rows.draft,
        large=60,
    ),
    Page(
        "matching export",
        "matching:export",
        "project_manager",
        lambda world: {"pk": world.a.programme.pk},
        matching_rows.draft,
        large=60,
    ),
    Page(
        "matching settings",
        "matching:settings",
        "coordinator",
        lambda world: {"pk": world.a.programme.pk},
        matching_rows.tutors,
    ),
    Page(
        "matching modules",
        "matching:modules",
        "coordinator",
        lambda world: {"pk": world.a.programme.pk},
        matching_rows.modules,
    ),
    Page(
        "module edit",
        "matching:module_edit",
        "coordinator",
        lambda world: {"pk": matching_rows.module(world).pk},
        lambda world, n: [TopicFactory() for _ in range(n)],
    ),
    Page(
        "module peers",
        "matching:module_members",
        "coordinator",
        lambda world: {"pk": matching_rows.module(world).pk},
        matching_rows.peers,
    ),
    Page(
        "choose modules",
        "matching:choose",
        "employee",
        matching_rows.peer_programme_kwargs,
        matching_rows.peer_modules,
    ),
    Page(
        "tutor for a trainee",
        "matching:trainee_tutor",
        "coordinator",
        lambda world: {"pk": world.a.enrolment.pk},
        matching_rows.tutors,
    ),
    Page(
        "group for a peer",
        "matching:peer_group",
        "coordinator",
        lambda world: {"pk": matching_rows.choice(world).pk},
        matching_rows.groups,
    ),
    Page("my matches", "matching:mine", "employee", NO_KWARGS, matching_rows.my_matches, large=60),
    # matching pages
    Page("matching index", "matching:index", "coordinator", NO_KWARGS, _programmes(ProgrammeStatus.MATCHING)),
    Page("evaluation index", "evaluation:index", "coordinator", NO_KWARGS, _programmes(ProgrammeStatus.EVALUATION)),
    *(Page(*row) for row in evaluation_registry.PAGES),
]
