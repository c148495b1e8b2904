"""Demo data for matching: a programme at the matching stage with tutors, trainees, peers in two
modules, their needs, and a first draft computed by the solvers. Loading it twice changes nothing."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from core.enums import Role
from core.models import Expertise, Membership, Organisation, Topic, User
from programmes.enums import AcceptanceStatus, ApprovalStatus, EnrolmentRole, Method, ProgrammeStatus
from programmes.models import Enrolment, Programme

from .enums import GroupPolicy
from .models import MatchingRun, Module, ModuleChoice
from .selectors import plan_for
from .services import run_execute

TITLE = "Covenant coaching circles"

NEW_TUTOR = ("wim.wouters@demo.example", "Wim Wouters", ["nl", "en", "fr"], {"public-buildings": 5, "financing": 4})
TRAINEES = [
    "employee.tienen@demo.example",
    "employee.aarschot@demo.example",
    "employee.gorica@demo.example",
    "employee.samobor@demo.example",
    "employee.padova@demo.example",
]
TUTORS = ["tutor@demo.example", "tutor.zagreb@demo.example", NEW_TUTOR[0]]
PEER_NAMES = [
    "Noor Jacobs", "Bram Willems", "Elif Demir", "Ruben Mertens", "Hanne Wouters", "Dario Marić",
    "Petra Jurić", "Marco Bianchi", "Chiara Greco", "Laia Serra", "Jordi Vidal", "Sara Goossens",
    "Ivan Petrović", "Emma De Smet",
]  # fmt: skip
MODULES = [
    ("Writing the SECAP", ["seap-secap", "baseline-inventory", "monitoring-reporting"], GroupPolicy.EVEN),
    ("Renovating public buildings", ["public-buildings", "financing"], GroupPolicy.MIXED),
]
LANGUAGES = {"BE": ["nl", "en"], "HR": ["hr", "en"], "IT": ["it", "en"], "ES": ["es", "en"]}


def _person(email: str, name: str, organisation: Organisation, role: str, languages: list[str], hashed: str) -> User:
    user = User.objects.filter(email=email).first() or User(email=email)
    user.full_name, user.languages = name, languages
    user.preferred_language = languages[0] if languages[0] in {"en", "nl", "hr", "it", "es"} else "en"
    user.password = hashed
    user.save()
    Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    return user


def load_matching_demo(*, today: datetime.date, password: str) -> None:
    from assessments.enums import ResponseStatus
    from assessments.models import Answer, Campaign, Invitation, Response

    hashed = make_password(password)  # once: hashing is slow on purpose
    province = Organisation.objects.get(name="Province of Flemish Brabant")
    municipalities = list(Organisation.objects.filter(parent__isnull=False, population__isnull=False).order_by("name"))
    topics = {t.code: t for t in Topic.objects.all()}
    programme, _ = Programme.objects.update_or_create(
        title=TITLE,
        organisation=province,
        defaults={
            "method": Method.BOTH,
            "status": ProgrammeStatus.MATCHING,
            "start_date": today + datetime.timedelta(days=30),
            "end_date": today + datetime.timedelta(days=300),
            "goals": "Each trainee works with a tutor on their largest gaps; peers meet in groups of 6-8 per module.",
        },
    )
    programme.topics.set([topics[c] for m in MODULES for c in m[1] if c in topics])
    email, name, languages, expertise = NEW_TUTOR
    tutor = _person(email, name, province, Role.TUTOR, languages, hashed)
    for code, level in expertise.items():
        Expertise.objects.update_or_create(user=tutor, topic=topics[code], defaults={"level": level})

    def enrol(user: User, organisation: Organisation, role: str) -> Enrolment:
        return Enrolment.objects.update_or_create(
            programme=programme,
            person=user,
            defaults={
                "organisation": organisation,
                "role": role,
                "approval": ApprovalStatus.APPROVED,
                "acceptance": AcceptanceStatus.ACCEPTED,
            },
        )[0]

    for email in TUTORS:
        user = User.objects.get(email=email)
        enrol(user, user.memberships.first().organisation, EnrolmentRole.TUTOR)
    people = []
    for email in TRAINEES:
        user = User.objects.get(email=email)
        people.append(enrol(user, user.memberships.first().organisation, EnrolmentRole.TRAINEE))
    peers = [enrol(User.objects.get(email="employee@demo.example"), Organisation.objects.get(name="Leuven"), "peer")]
    for index, name in enumerate(PEER_NAMES):
        organisation = municipalities[index % len(municipalities)]
        email = f"peer{index + 1:02d}@demo.example"
        languages = LANGUAGES.get(str(organisation.country), ["en"])
        user = _person(email, name, organisation, Role.LG_STAFF, languages, hashed)
        peers.append(enrol(user, organisation, EnrolmentRole.PEER))
    modules = []
    for title, codes, policy in MODULES:
        module, created = Module.objects.get_or_create(programme=programme, title=title, defaults={"policy": policy})
        if created:
            module.topics.set([topics[c] for c in codes if c in topics])
        modules.append(module)
    # All 15 peers write their SECAP (groups of 7 and 8); 8 of them also renovate buildings (one group).
    for index, peer in enumerate(peers):
        ModuleChoice.objects.get_or_create(module=modules[0], enrolment=peer)
        if index % 2 == 0:
            ModuleChoice.objects.get_or_create(module=modules[1], enrolment=peer)
    campaign, _ = Campaign.objects.get_or_create(
        programme=programme,
        title="Needs before matching",
        defaults={"deadline": timezone.now() - datetime.timedelta(days=2)},
    )
    codes = [c for m in MODULES for c in m[1] if c in topics]
    campaign.topics.set([topics[c] for c in codes])
    rng = random.Random(2030)
    for enrolment in people + peers:
        invitation, _ = Invitation.objects.get_or_create(
            campaign=campaign, person=enrolment.person, defaults={"organisation": enrolment.organisation}
        )
        response, created = Response.objects.get_or_create(
            invitation=invitation, defaults={"status": ResponseStatus.SUBMITTED, "submitted_at": timezone.now()}
        )
        if created:
            for code in codes:
                current = rng.randint(1, 3)
                Answer.objects.create(
                    response=response,
                    topic=topics[code],
                    current_level=current,
                    required_level=min(5, current + rng.randint(0, 3)),
                    priority=rng.randint(1, 3),
                )
    plan = plan_for(programme)
    if not plan.runs.exists():
        run = MatchingRun.objects.create(plan=plan)
        run_execute(run_id=run.pk)
