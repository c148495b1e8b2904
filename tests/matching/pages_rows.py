"""Rows for the matching pages in tests/pages.py and the object URLs of tests/test_access.py."""

from __future__ import annotations

from django.utils import timezone

from core.enums import Role
from matching.models import GroupMember, MatchingRun, Module, ModuleChoice, Pair, PeerGroup, Unmatched
from matching.selectors import plan_for
from programmes.enums import ApprovalStatus, EnrolmentRole

from ..factories import EnrolmentFactory, ExpertiseFactory, TopicFactory, member
from ..world import World


def _tutor(world: World):
    return world.a.programme.enrolments.get(person=world.a.tutor)


def module(world: World) -> Module:
    found = Module.objects.filter(programme=world.a.programme).first()
    return found or Module.objects.create(programme=world.a.programme, title="Heat", min_size=2, max_size=400)


def choice(world: World) -> ModuleChoice:
    enrolment = world.a.enrolment
    return ModuleChoice.objects.get_or_create(module=module(world), enrolment=enrolment)[0]


def pair(world: World) -> Pair:
    plan = plan_for(world.a.programme)
    found = plan.pairs.filter(trainee=world.a.enrolment).first()
    return found or Pair.objects.create(
        plan=plan, trainee=world.a.enrolment, tutor=_tutor(world), score=1, notified_at=timezone.now()
    )


def group(world: World) -> PeerGroup:
    found = PeerGroup.objects.filter(module=module(world)).first()
    return found or PeerGroup.objects.create(plan=plan_for(world.a.programme), module=module(world), number=1)


def member_row(world: World) -> GroupMember:
    choice(world)
    return GroupMember.objects.get_or_create(
        module=module(world),
        enrolment=world.a.enrolment,
        defaults={"group": group(world), "notified_at": timezone.now()},
    )[0]


def run(world: World) -> MatchingRun:
    return MatchingRun.objects.create(plan=plan_for(world.a.programme), requested_by=world.a.coordinator)


def _enrol(world: World, role: str, *, organisation=None):
    organisation = organisation or world.a.municipality
    person = member(organisation, Role.TUTOR if role == EnrolmentRole.TUTOR else Role.LG_STAFF)
    return EnrolmentFactory(
        programme=world.a.programme,
        person=person,
        organisation=organisation,
        role=role,
        approval=ApprovalStatus.APPROVED,
    )


def draft(world: World, n: int):
    """n pairs (each with its own tutor), n peers in groups of one module, n people left out."""
    plan = plan_for(world.a.programme)
    topic = TopicFactory()
    the_module = module(world)
    the_module.topics.add(topic)
    the_group = group(world)
    for _i in range(n):
        trainee = _enrol(world, EnrolmentRole.TRAINEE)
        tutor = _enrol(world, EnrolmentRole.TUTOR, organisation=world.a.coordinator_org)
        ExpertiseFactory(user=tutor.person, topic=topic, level=4)
        Pair.objects.create(
            plan=plan,
            trainee=trainee,
            tutor=tutor,
            score=3,
            reasons={"topics": [{"topic": topic.pk, "points": 3, "gap": 2, "tutor_level": 4, "weight": 1}]},
        )
        peer = _enrol(world, EnrolmentRole.PEER)
        ModuleChoice.objects.create(module=the_module, enrolment=peer)
        GroupMember.objects.create(group=the_group, module=the_module, enrolment=peer)
        left = _enrol(world, EnrolmentRole.TRAINEE)
        Unmatched.objects.create(plan=plan, enrolment=left, reason="capacity")
    if n > 1:
        # More groups too, with their reasons.
        for number in range(2, min(n, 50) + 2):
            PeerGroup.objects.create(
                plan=plan, module=the_module, number=number, reasons={"topics": [{"topic": topic.pk, "members": 2}]}
            )


def modules(world: World, n: int):
    topics = [TopicFactory() for _ in range(3)]
    for i in range(n):
        created = Module.objects.create(programme=world.a.programme, title=f"Module {i}")
        created.topics.set(topics)


def tutors(world: World, n: int):
    """Tutors to choose from, with expertise on the trainee's needs."""
    topic = TopicFactory()
    for _ in range(n):
        tutor = _enrol(world, EnrolmentRole.TUTOR, organisation=world.a.coordinator_org)
        ExpertiseFactory(user=tutor.person, topic=topic, level=5)


def groups(world: World, n: int):
    the_module = module(world)
    for number in range(n):
        the_group = PeerGroup.objects.create(plan=plan_for(world.a.programme), module=the_module, number=number + 2)
        peer = _enrol(world, EnrolmentRole.PEER)
        ModuleChoice.objects.create(module=the_module, enrolment=peer)
        GroupMember.objects.create(group=the_group, module=the_module, enrolment=peer)


def my_matches(world: World, n: int):
    """The employee is trainee in one pair; they are in n groups of n modules with other members."""
    employee = world.a.enrolment
    pair(world)
    for i in range(n):
        the_module = Module.objects.create(programme=world.a.programme, title=f"Module {i}")
        ModuleChoice.objects.create(module=the_module, enrolment=employee)
        the_group = PeerGroup.objects.create(plan=plan_for(world.a.programme), module=the_module, number=1)
        GroupMember.objects.create(group=the_group, module=the_module, enrolment=employee, notified_at=timezone.now())
        other = _enrol(world, EnrolmentRole.PEER)
        GroupMember.objects.create(group=the_group, module=the_module, enrolment=other, notified_at=timezone.now())


def peer_modules(world: World, n: int):
    """The employee is a peer of programme A, which has n modules."""
    enrolment = world.a.enrolment
    enrolment.role = EnrolmentRole.PEER
    enrolment.save()
    modules(world, n)


def peer_programme_kwargs(world: World) -> dict:
    enrolment = world.a.enrolment
    enrolment.role = EnrolmentRole.PEER
    enrolment.save()
    return {"pk": world.a.programme.pk}


def peers(world: World, n: int):
    for _ in range(n):
        _enrol(world, EnrolmentRole.PEER)
