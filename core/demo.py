"""Demo data: two coordinators, eight municipalities, people of every role, four programmes.

Loading it twice changes nothing: every row is found by its natural key first.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from programmes.enums import AcceptanceStatus, ApprovalStatus, EnrolmentRole, Method, ProgrammeStatus
from programmes.models import Enrolment, Programme, Session
from programmes.services import session_save

from .enums import OrganisationKind, PlanStatus, Role
from .models import Expertise, Membership, Organisation, Topic, User

DEMO_PASSWORD = "demo-2030!"

COORDINATORS = [
    ("Province of Flemish Brabant", "BE"),
    ("Zagreb Regional Energy Agency", "HR"),
]

MUNICIPALITIES = [
    # name, country, coordinator index, population, plan status, target
    ("Leuven", "BE", 0, 101_000, PlanStatus.SECAP, 55),
    ("Tienen", "BE", 0, 35_000, PlanStatus.SEAP, 40),
    ("Aarschot", "BE", 0, 30_000, PlanStatus.NONE, None),
    ("Velika Gorica", "HR", 1, 61_000, PlanStatus.SECAP, 40),
    ("Samobor", "HR", 1, 37_000, PlanStatus.MONITORING, 45),
    ("Zaprešić", "HR", 1, 25_000, PlanStatus.NONE, None),
    ("Sant Cugat del Vallès", "ES", 0, 95_000, PlanStatus.SECAP, 50),
    ("Padova", "IT", 1, 208_000, PlanStatus.MONITORING, 55),
]

# e-mail, name, organisation, role, languages, expertise {topic code: level}
PEOPLE = [
    ("admin@demo.example", "Ada Admin", None, None, ["en"], {}),
    (
        "coordinator@demo.example",
        "Clara Coordinator",
        "Province of Flemish Brabant",
        Role.COORDINATOR,
        ["nl", "en", "fr"],
        {},
    ),
    ("manager@demo.example", "Pieter Manager", "Province of Flemish Brabant", Role.PROJECT_MANAGER, ["nl", "en"], {}),
    (
        "coordinator.zagreb@demo.example",
        "Marko Horvat",
        "Zagreb Regional Energy Agency",
        Role.COORDINATOR,
        ["hr", "en"],
        {},
    ),
    (
        "tutor@demo.example",
        "Tomas Tutor",
        "Province of Flemish Brabant",
        Role.TUTOR,
        ["nl", "en"],
        {"seap-secap": 5, "baseline-inventory": 5, "monitoring-reporting": 4, "financing": 3},
    ),
    (
        "tutor.zagreb@demo.example",
        "Iva Babić",
        "Zagreb Regional Energy Agency",
        Role.TUTOR,
        ["hr", "en", "it"],
        {"financing": 5, "energy-poverty": 5, "public-buildings": 4},
    ),
    (
        "employee@demo.example",
        "Lotte Peeters",
        "Leuven",
        Role.LG_STAFF,
        ["nl", "en"],
        {"seap-secap": 2, "baseline-inventory": 1, "public-buildings": 3},
    ),
    ("employee.tienen@demo.example", "Jan Claes", "Tienen", Role.LG_STAFF, ["nl"], {"seap-secap": 1, "mobility": 3}),
    ("employee.aarschot@demo.example", "Sofie Maes", "Aarschot", Role.LG_STAFF, ["nl", "fr"], {"public-lighting": 2}),
    (
        "employee.santcugat@demo.example",
        "Marta Puig",
        "Sant Cugat del Vallès",
        Role.LG_STAFF,
        ["es", "ca", "en"],
        {"renewable-energy": 3},
    ),
    ("employee.gorica@demo.example", "Ana Kovač", "Velika Gorica", Role.LG_STAFF, ["hr", "en"], {"energy-poverty": 2}),
    ("employee.samobor@demo.example", "Luka Novak", "Samobor", Role.LG_STAFF, ["hr"], {"public-buildings": 2}),
    ("employee.padova@demo.example", "Giulia Rossi", "Padova", Role.LG_STAFF, ["it", "en"], {"financing": 2}),
    ("mayor.leuven@demo.example", "Koen Janssens", "Leuven", Role.PROJECT_MANAGER, ["nl", "en"], {}),
]


# Sessions from today: kind, length, tutor and a link to study before (None: no planned duration of its own)
SESSIONS = [
    {
        "title": "Workshop 3: school renovation plans",
        "topic": "public-buildings",
        "programme": "Peer groups on renovating public buildings",
        "days": 2,
        "hour": 9,
        "hours_long": 3,
        "kind": "workshop",
        "channel": "in_person",
        "planned_minutes": None,
        "location": "Provinciehuis Leuven, room 1.12",
        "online": "",
        "tutor": "tutor@demo.example",
        "material": (
            "Checklist for reviewing a renovation plan",
            "https://docs.example.org/renovation-review-checklist",
        ),
    },
    {
        "title": "E-mail exchange: comments on each other's plans",
        "topic": "public-buildings",
        "programme": "Peer groups on renovating public buildings",
        "days": 3,
        "hour": 9,
        "hours_long": 24 * 7,
        "kind": "email_exchange",
        "channel": "email",
        "planned_minutes": 240,
        "location": "",
        "online": "",
        "tutor": "tutor@demo.example",
        "material": None,
    },
    {
        "title": "Study visit: passive town hall of Tienen",
        "topic": "public-buildings",
        "programme": "Peer groups on renovating public buildings",
        "days": 12,
        "hour": 10,
        "hours_long": 4,
        "kind": "study_visit",
        "channel": "in_person",
        "planned_minutes": None,
        "location": "Grote Markt 27, Tienen",
        "online": "",
        "tutor": None,
        "material": ("How the town hall was renovated", "https://docs.example.org/tienen-town-hall"),
    },
    {
        "title": "Kick-off: what a SECAP must contain",
        "topic": "seap-secap",
        "programme": "SECAP tutoring for Flemish Brabant municipalities",
        "days": 50,
        "hour": 14,
        "hours_long": 2,
        "kind": "online_meeting",
        "channel": "video_call",
        "planned_minutes": None,
        "location": "",
        "online": "https://meet.example.org/secap-kickoff",
        "tutor": "tutor@demo.example",
        "material": ("Guidebook: how to develop a SECAP", "https://docs.example.org/secap-guidebook"),
    },
]


def _programmes(today: datetime.date):
    return [
        {
            "title": "SECAP tutoring for Flemish Brabant municipalities",
            "organisation": "Province of Flemish Brabant",
            "method": Method.TUTORING,
            "status": ProgrammeStatus.NEEDS_ASSESSMENT,
            "start_date": today + datetime.timedelta(days=45),
            "end_date": today + datetime.timedelta(days=270),
            "goals": "Every participating municipality submits a SECAP with a baseline emission inventory "
            "and a first monitoring plan.",
            "topics": ["seap-secap", "baseline-inventory", "monitoring-reporting"],
            "enrolments": [
                (
                    "tutor@demo.example",
                    "Province of Flemish Brabant",
                    EnrolmentRole.TUTOR,
                    ApprovalStatus.APPROVED,
                    AcceptanceStatus.ACCEPTED,
                ),
                (
                    "employee@demo.example",
                    "Leuven",
                    EnrolmentRole.TRAINEE,
                    ApprovalStatus.PENDING,
                    AcceptanceStatus.PENDING,
                ),
                (
                    "employee.tienen@demo.example",
                    "Tienen",
                    EnrolmentRole.TRAINEE,
                    ApprovalStatus.APPROVED,
                    AcceptanceStatus.ACCEPTED,
                ),
                (
                    "employee.aarschot@demo.example",
                    "Aarschot",
                    EnrolmentRole.TRAINEE,
                    ApprovalStatus.PENDING,
                    AcceptanceStatus.PENDING,
                ),
            ],
        },
        {
            "title": "Peer groups on renovating public buildings",
            "organisation": "Province of Flemish Brabant",
            "method": Method.PEER,
            "status": ProgrammeStatus.RUNNING,
            "start_date": today - datetime.timedelta(days=60),
            "end_date": today + datetime.timedelta(days=120),
            "goals": "Peers review each other's renovation plans for schools and town halls in a series of four workshops.",
            "topics": ["public-buildings", "financing", "green-procurement"],
            "enrolments": [
                (
                    "employee@demo.example",
                    "Leuven",
                    EnrolmentRole.PEER,
                    ApprovalStatus.APPROVED,
                    AcceptanceStatus.ACCEPTED,
                ),
                (
                    "employee.santcugat@demo.example",
                    "Sant Cugat del Vallès",
                    EnrolmentRole.PEER,
                    ApprovalStatus.APPROVED,
                    AcceptanceStatus.ACCEPTED,
                ),
                (
                    "employee.tienen@demo.example",
                    "Tienen",
                    EnrolmentRole.PEER,
                    ApprovalStatus.APPROVED,
                    AcceptanceStatus.PENDING,
                ),
                (
                    "tutor@demo.example",
                    "Province of Flemish Brabant",
                    EnrolmentRole.FACILITATOR,
                    ApprovalStatus.APPROVED,
                    AcceptanceStatus.ACCEPTED,
                ),
            ],
        },
        {
            "title": "Tackling energy poverty in Croatian and Italian cities",
            "organisation": "Zagreb Regional Energy Agency",
            "method": Method.BOTH,
            "status": ProgrammeStatus.EVALUATION,
            "start_date": today - datetime.timedelta(days=240),
            "end_date": today - datetime.timedelta(days=10),
            "goals": "Municipal staff can identify energy-poor households and fund their first renovation measures.",
            "topics": ["energy-poverty", "financing"],
            "enrolments": [
                (
                    "tutor.zagreb@demo.example",
                    "Zagreb Regional Energy Agency",
                    EnrolmentRole.TUTOR,
                    ApprovalStatus.APPROVED,
                    AcceptanceStatus.ACCEPTED,
                ),
                (
                    "employee.gorica@demo.example",
                    "Velika Gorica",
                    EnrolmentRole.TRAINEE,
                    ApprovalStatus.APPROVED,
                    AcceptanceStatus.ACCEPTED,
                ),
                (
                    "employee.samobor@demo.example",
                    "Samobor",
                    EnrolmentRole.TRAINEE,
                    ApprovalStatus.APPROVED,
                    AcceptanceStatus.ACCEPTED,
                ),
                (
                    "employee.padova@demo.example",
                    "Padova",
                    EnrolmentRole.TRAINEE,
                    ApprovalStatus.DECLINED,
                    AcceptanceStatus.ACCEPTED,
                ),
            ],
        },
    ]


@transaction.atomic
def load_demo(*, today: datetime.date) -> dict[str, int]:
    organisations: dict[str, Organisation] = {}
    for name, country in COORDINATORS:
        organisations[name], _ = Organisation.objects.update_or_create(
            name=name, country=country, defaults={"kind": OrganisationKind.COORDINATOR}
        )
    for name, country, parent_index, population, plan_status, target in MUNICIPALITIES:
        organisations[name], _ = Organisation.objects.update_or_create(
            name=name,
            country=country,
            defaults={
                "kind": OrganisationKind.LOCAL_GOVERNMENT,
                "parent": organisations[COORDINATORS[parent_index][0]],
                "population": population,
                "plan_status": plan_status,
                "co2_target_pct": target,
            },
        )
    _ensure_topic_catalogue()
    topics = {topic.code: topic for topic in Topic.objects.all()}
    people: dict[str, User] = {}
    for email, full_name, organisation, role, languages, expertise in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email)
        user.full_name = full_name
        user.languages = languages
        user.preferred_language = languages[0] if languages[0] in {"en", "nl", "hr", "it", "es", "el", "pl"} else "en"
        user.is_staff = user.is_superuser = organisation is None
        user.set_password(DEMO_PASSWORD)
        user.save()
        people[email] = user
        if organisation:
            Membership.objects.get_or_create(user=user, organisation=organisations[organisation], role=role)
        for code, level in expertise.items():
            if code in topics:
                Expertise.objects.update_or_create(user=user, topic=topics[code], defaults={"level": level})
    for spec in _programmes(today):
        programme, _ = Programme.objects.update_or_create(
            title=spec["title"],
            organisation=organisations[spec["organisation"]],
            defaults={key: spec[key] for key in ("method", "status", "start_date", "end_date", "goals")}
            | {"created_by": people["coordinator@demo.example"]},
        )
        programme.topics.set([topics[code] for code in spec["topics"] if code in topics])
        for email, organisation, role, approval, acceptance in spec["enrolments"]:
            Enrolment.objects.update_or_create(
                programme=programme,
                person=people[email],
                defaults={
                    "organisation": organisations[organisation],
                    "role": role,
                    "approval": approval,
                    "acceptance": acceptance,
                },
            )
    for spec in SESSIONS:
        programme = Programme.objects.get(title=spec["programme"], organisation__name__in=[c for c, _ in COORDINATORS])
        start = datetime.datetime.combine(today + datetime.timedelta(days=spec["days"]), datetime.time(spec["hour"], 0))
        start = timezone.make_aware(start)
        session = Session.objects.filter(programme=programme, title=spec["title"]).first() or Session(
            programme=programme, title=spec["title"]
        )
        session.starts_at, session.ends_at = start, start + datetime.timedelta(hours=spec["hours_long"])
        session.location, session.online_url = spec["location"], spec["online"]
        session.kind, session.channel, session.language = spec["kind"], spec["channel"], "en"
        session.planned_minutes = spec["planned_minutes"]
        session.topic = topics.get(spec["topic"])
        tutors = [people[spec["tutor"]]] if spec["tutor"] else []
        session_save(session=session, tutors=tutors)
        if spec["material"]:
            title, url = spec["material"]
            session.materials.update_or_create(
                title=title,
                defaults={
                    "kind": "link",
                    "url": url,
                    "study_before": True,
                    "uploaded_by": tutors[0] if tutors else None,
                },
            )
    _demo_campaign(today, topics)
    _demo_planning()
    from matching.demo import load_matching_demo

    load_matching_demo(today=today, password=DEMO_PASSWORD)
    from evaluation.demo import load_evaluation_demo

    load_evaluation_demo(today=today)
    return {
        "organisations": len(organisations),
        "people": len(people),
        "programmes": Programme.objects.filter(organisation__name__in=[c for c, _ in COORDINATORS]).count(),
    }


# e-mail: levels per topic code (current, required, priority)
DEMO_ANSWERS = {
    "employee.tienen@demo.example": {
        "seap-secap": (1, 4, 3),
        "baseline-inventory": (1, 4, 3),
        "monitoring-reporting": (2, 3, 2),
    },
    "employee.aarschot@demo.example": {
        "seap-secap": (2, 4, 3),
        "baseline-inventory": (2, 5, 2),
        "monitoring-reporting": (1, 4, 3),
    },
}


def _demo_campaign(today: datetime.date, topics: dict) -> None:
    """A baseline needs assessment of the SECAP programme, two of three trainees answered."""
    from assessments.models import Campaign, Response
    from assessments.services import campaign_create, response_save

    programme = Programme.objects.get(title="SECAP tutoring for Flemish Brabant municipalities")
    campaign = Campaign.objects.filter(programme=programme, title="Baseline training needs").first()
    if campaign is None:
        deadline = timezone.make_aware(
            datetime.datetime.combine(today + datetime.timedelta(days=20), datetime.time(17))
        )
        campaign = campaign_create(
            programme=programme,
            title="Baseline training needs",
            deadline=deadline,
            introduction="Tell us where you stand on the SECAP topics, so the tutors can start from there.",
        )
    for invitation in campaign.invitations.select_related("person"):
        levels = DEMO_ANSWERS.get(invitation.person.email)
        if levels is None or Response.objects.filter(invitation=invitation).exists():
            continue
        answers = {
            topics[code].pk: {
                "current_level": c,
                "required_level": r,
                "priority": p,
                "challenges": "",
                "expectations": "",
            }
            for code, (c, r, p) in levels.items()
        }
        capacity = {"staff_on_energy": 2, "budget_band": "lt50k", "plan_status": "seap", "earlier_training": ""}
        response_save(invitation=invitation, answers=answers, organisation=capacity, submit=True)


def _ensure_topic_catalogue() -> None:
    """The demo needs the Covenant themes: put back any the database lacks (the data migration's list)."""
    import importlib

    catalogue = importlib.import_module("core.migrations.0002_topic_catalogue").TOPICS
    for order, (code, name, description) in enumerate(catalogue, start=1):
        Topic.objects.get_or_create(code=code, defaults={"name": name, "description": description, "order": order * 10})


def _demo_planning() -> None:
    """Risks for every demo programme, and a checklist and a budget for the peer programme."""
    from decimal import Decimal

    from budget.models import CostLine, FundingSource
    from budget.services import cost_line_create, funding_source_create
    from logistics.services import checklist_create_from_template, checklist_default_template
    from risks.services import risks_seed_for_programme

    programmes = Programme.objects.filter(organisation__name__in=[c for c, _ in COORDINATORS])
    for programme in programmes:
        risks_seed_for_programme(programme=programme)
    peer = programmes.get(title="Peer groups on renovating public buildings")
    if not peer.checklist_items.exists():
        template = checklist_default_template(organisation=peer.organisation)
        checklist_create_from_template(programme=peer, template=template)
    if not CostLine.objects.filter(programme=peer).exists():
        for category, description, planned, actual in [
            ("staff_time", "Facilitation, four workshops", "4800.00", "2400.00"),
            ("rent", "Meeting room, Provinciehuis", "600.00", "300.00"),
            ("catering", "Lunches, 4 × 12 people", "960.00", "540.00"),
            ("travel", "Study visit bus to Tienen", "450.00", None),
        ]:
            cost_line_create(
                programme=peer,
                category=category,
                description=description,
                planned_amount=Decimal(planned),
                actual_amount=Decimal(actual) if actual else None,
            )
    if not FundingSource.objects.filter(programme=peer).exists():
        funding_source_create(
            programme=peer, kind="own", name="Province own budget", amount=Decimal("4000.00"), status="received"
        )
        funding_source_create(
            programme=peer, kind="eu_programme", name="LIFE CET project", amount=Decimal("2500.00"), status="requested"
        )
