"""A programme with something in every section of the programme report, at any size.

Used by the report tests and by benchmarks/pdf.py. Rows are bulk-created, so a few hundred
sessions and participants take seconds, not minutes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from assessments.enums import CampaignKind, ResponseStatus
from assessments.models import Answer, Campaign, Invitation, Response
from budget.models import CostLine, FundingSource
from core.enums import Role
from core.models import Topic, User
from evaluation.models import Invitee, Receipt
from logistics.models import ChecklistItem, SessionLogistics, Venue
from matching.models import MatchingPlan, Pair
from programmes.enums import AcceptanceStatus, ApprovalStatus, EnrolmentRole, SessionKind
from programmes.models import Enrolment, Session
from risks.models import Risk

from ..evaluation.registry_analysis import new_evaluation, submit
from ..factories import OrganisationFactory, member
from ..world import Side, World

KINDS = list(SessionKind.values)


@dataclass
class ReportData:
    participants: list[Enrolment]
    sessions: list[Session]
    first_name: str  # a participant's name, to find in the PDF


def build_report_data(world: World, *, participants: int = 6, sessions: int = 4, evaluations: int = 1) -> ReportData:
    """Fill programme A of `world` (side A) with participants, sessions, logistics, budget, risks,
    a checklist, an answered needs assessment and its follow-up, tutor pairs and evaluations."""
    side: Side = world.a
    programme = side.programme
    programme.goals = "Every municipality adopts a SECAP.\nTwo study visits per year."
    programme.save()
    topics = list(Topic.objects.filter(code__in=["seap-secap", "financing"]))
    second_org = OrganisationFactory(name="Village of Brugge", country="BE", parent=side.coordinator_org)
    organisations = [side.municipality, second_org]

    people = User.objects.bulk_create(
        User(email=f"report-{programme.pk}-{i}@example.org", full_name=f"Anna Participant {i:03d}", languages=["en"])
        for i in range(participants)
    )
    now = timezone.now()
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            programme=programme,
            person=person,
            organisation=organisations[i % 2],
            role=EnrolmentRole.TRAINEE if i % 3 else EnrolmentRole.PEER,
            approval=ApprovalStatus.APPROVED,
            approved_at=now,
            acceptance=AcceptanceStatus.ACCEPTED,
            accepted_at=now,
        )
        for i, person in enumerate(people)
    )

    venue = Venue.objects.create(
        organisation=side.coordinator_org, name="Town hall, council room", address="Main square 1"
    )
    start = now + datetime.timedelta(days=10)
    made = Session.objects.bulk_create(
        Session(
            programme=programme,
            title=f"Workshop on financing {i + 1}",
            kind=KINDS[i % len(KINDS)],
            topic=topics[i % len(topics)] if topics else None,
            starts_at=start + datetime.timedelta(days=7 * i),
            ends_at=start + datetime.timedelta(days=7 * i, hours=3),
            planned_minutes=180,
            location="Main square 1",
        )
        for i in range(sessions)
    )
    Session.tutors.through.objects.bulk_create(
        Session.tutors.through(session_id=session.pk, user_id=side.tutor.pk) for session in made
    )
    SessionLogistics.objects.bulk_create(
        SessionLogistics(session=session, venue=venue, catering_headcount=12)
        for session in made[: max(1, sessions // 2)]
    )

    CostLine.objects.bulk_create(
        [
            CostLine(
                programme=programme,
                category="catering",
                description="Lunches",
                planned_amount=Decimal("1200.50"),
                actual_amount=Decimal("1300.00"),
            ),
            CostLine(
                programme=programme,
                category="travel",
                description="Study visit travel",
                planned_amount=Decimal("8000.00"),
            ),
            CostLine(
                programme=programme,
                category="rent",
                description="Room hire",
                planned_amount=Decimal("2500.00"),
                actual_amount=Decimal("2000.00"),
            ),
        ]
    )
    FundingSource.objects.bulk_create(
        [
            FundingSource(
                programme=programme, kind="eu_programme", name="LIFE call", amount=Decimal("9000.00"), status="granted"
            ),
            FundingSource(
                programme=programme, kind="own", name="Own contribution", amount=Decimal("1500.00"), status="received"
            ),
            FundingSource(
                programme=programme,
                kind="regional",
                name="Province grant",
                amount=Decimal("3000.00"),
                status="requested",
            ),
        ]
    )
    Risk.objects.bulk_create(
        [
            Risk(
                programme=programme,
                title="Municipal elections slow decisions",
                category="organisational_support",
                likelihood=4,
                impact=4,
                mitigation="Plan the workshops before the campaign.",
            ),
            Risk(
                programme=programme,
                title="Few tutors speak Croatian",
                category="participants_and_matching",
                likelihood=2,
                impact=3,
            ),
        ]
    )
    ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(
                programme=programme, section="team", title="Name the organising team", status="done", order=1
            ),
            ChecklistItem(
                programme=programme,
                section="procurement",
                title="Catering tender",
                procurement_status="tender_published",
                order=2,
            ),
            ChecklistItem(
                programme=programme,
                section="correspondence",
                title="Invitation letters",
                status="in_progress",
                order=3,
                due_date=timezone.localdate() + datetime.timedelta(days=5),
            ),
        ]
    )

    _needs(side, enrolments, topics)
    plan = MatchingPlan.objects.create(programme=programme)
    tutor_enrolment = Enrolment.objects.get(programme=programme, person=side.tutor)
    Pair.objects.bulk_create(
        Pair(
            plan=plan,
            trainee=enrolment,
            tutor=tutor_enrolment,
            score=7.5 - (i % 5) / 2,
            reasons={"topics": [{"topic": t.pk, "points": 3 - j} for j, t in enumerate(topics)]},
        )
        for i, enrolment in enumerate(e for e in enrolments if e.role == EnrolmentRole.TRAINEE)
    )
    for number in range(evaluations):
        evaluation = new_evaluation(
            world, programme, f"Evaluation of workshop {number + 1}", session=made[number % len(made)] if made else None
        )
        for i, enrolment in enumerate(enrolments[:8]):
            invitee = Invitee.objects.create(
                evaluation=evaluation, person=enrolment.person, organisation=enrolment.organisation, role=enrolment.role
            )
            Receipt.objects.create(invitee=invitee)
            submit(
                evaluation,
                {
                    "relevance": 1 + (i + number) % 5,
                    "content": 2 + i % 4,
                    "knowledge": 3 + i % 3,
                    "recommend": 6 + i % 5,
                },
                invitee=invitee,
            )
    return ReportData(enrolments, made, people[0].full_name if people else "")


def _needs(side: Side, enrolments: list[Enrolment], topics: list[Topic]) -> None:
    """Baseline answers of every participant, and a follow-up with higher levels for knowledge gain."""
    follow_up = Campaign.objects.create(
        programme=side.programme,
        title="Follow-up needs assessment",
        kind=CampaignKind.FOLLOW_UP,
        baseline=side.campaign,
        deadline=timezone.now() + datetime.timedelta(days=30),
    )
    follow_up.topics.set(topics)
    for campaign, bonus in ((side.campaign, 0), (follow_up, 1)):
        invitations = Invitation.objects.bulk_create(
            Invitation(campaign=campaign, person=e.person, organisation=e.organisation) for e in enrolments
        )
        responses = Response.objects.bulk_create(
            Response(invitation=invitation, status=ResponseStatus.SUBMITTED, submitted_at=timezone.now())
            for invitation in invitations
        )
        Answer.objects.bulk_create(
            Answer(
                response=response,
                topic=topic,
                current_level=min(5, 1 + (i + j) % 3 + bonus),
                required_level=4 + j % 2,
                priority=1 + (i % 3),
            )
            for i, response in enumerate(responses)
            for j, topic in enumerate(topics)
        )


def outsider_coordinator(world: World) -> User:
    return world.b.coordinator


def municipal_employee(world: World) -> User:
    return member(world.a.municipality, Role.LG_STAFF, full_name="Municipal Clerk")
