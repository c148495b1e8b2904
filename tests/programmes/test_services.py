import datetime

import pytest
from django.core.exceptions import ValidationError

from core.enums import Role
from core.models import Membership, Topic, User
from programmes import services
from programmes.enums import TRANSITIONS, AcceptanceStatus, ApprovalStatus, EnrolmentRole, Method, ProgrammeStatus
from programmes.models import Enrolment, Programme
from tests.factories import CoordinatorOrganisationFactory, OrganisationFactory, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_programme_create_saves_fields_and_topics():
    organisation = CoordinatorOrganisationFactory()
    creator = UserFactory()
    topics = list(Topic.objects.order_by("order")[:2])

    programme = services.programme_create(
        organisation=organisation,
        created_by=creator,
        topics=topics,
        title="SECAP coaching",
        method=Method.TUTORING,
        start_date=datetime.date(2027, 2, 1),
        end_date=datetime.date(2027, 5, 1),
        goals="Submit SECAPs",
    )

    programme.refresh_from_db()
    assert (programme.title, programme.status, programme.created_by, list(programme.topics.order_by("order"))) == (
        "SECAP coaching",
        ProgrammeStatus.DRAFT,
        creator,
        topics,
    )


def test_programme_create_refuses_end_before_start():
    with pytest.raises(ValidationError) as error:
        services.programme_create(
            organisation=CoordinatorOrganisationFactory(),
            created_by=UserFactory(),
            title="Backwards",
            method=Method.PEER,
            start_date=datetime.date(2027, 5, 1),
            end_date=datetime.date(2027, 2, 1),
        )
    assert "end_date" in error.value.message_dict
    assert Programme.objects.count() == 0


@pytest.mark.parametrize(("from_status", "to_status"), [(f, t) for f, targets in TRANSITIONS.items() for t in targets])
def test_transition_allowed_steps(from_status, to_status):
    programme = ProgrammeFactory(status=from_status)

    services.programme_transition(programme=programme, to_status=to_status)

    programme.refresh_from_db()
    assert programme.status == to_status


def test_every_status_can_be_left_and_reached():
    reachable = {target for targets in TRANSITIONS.values() for target in targets}
    assert (set(TRANSITIONS), reachable | {ProgrammeStatus.DRAFT}) == (set(ProgrammeStatus), set(ProgrammeStatus))


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [
        (ProgrammeStatus.DRAFT, ProgrammeStatus.RUNNING),
        (ProgrammeStatus.DRAFT, ProgrammeStatus.CLOSED),
        (ProgrammeStatus.RUNNING, ProgrammeStatus.DRAFT),
        (ProgrammeStatus.CLOSED, ProgrammeStatus.DRAFT),
        (ProgrammeStatus.PLANNED, "nonsense"),
    ],
)
def test_transition_refuses_steps_outside_the_workflow(from_status, to_status):
    programme = ProgrammeFactory(status=from_status)

    with pytest.raises(services.TransitionNotAllowed):
        services.programme_transition(programme=programme, to_status=to_status)

    programme.refresh_from_db()
    assert programme.status == from_status


def test_enrolment_twice_is_refused_and_keeps_the_first():
    programme = ProgrammeFactory()
    person = UserFactory()
    organisation = OrganisationFactory()
    first = services.enrolment_create(
        programme=programme, person=person, organisation=organisation, role=EnrolmentRole.TRAINEE
    )

    with pytest.raises(services.DuplicateEnrolment):
        services.enrolment_create(
            programme=programme, person=person, organisation=organisation, role=EnrolmentRole.TUTOR
        )

    assert list(Enrolment.objects.values_list("pk", "role")) == [(first.pk, EnrolmentRole.TRAINEE)]


def test_person_invite_creates_pending_account_with_membership():
    organisation = OrganisationFactory()

    user, created = services.person_invite(
        email="New.Person@Example.org", full_name="New Person", organisation=organisation
    )

    assert (created, user.email, user.has_usable_password()) == (True, "new.person@example.org", False)
    assert list(Membership.objects.filter(user=user).values_list("organisation", "role")) == [
        (organisation.pk, Role.LG_STAFF)
    ]


def test_person_invite_reuses_an_existing_account():
    existing = UserFactory(email="known@example.org")

    user, created = services.person_invite(
        email="KNOWN@example.org", full_name="Other name", organisation=OrganisationFactory()
    )

    assert (user, created, User.objects.count()) == (existing, False, 1)


def test_approval_records_who_and_when():
    enrolment = Enrolment.objects.create(
        programme=ProgrammeFactory(), person=UserFactory(), organisation=OrganisationFactory(), role="trainee"
    )
    approver = UserFactory()

    services.enrolment_decide_approval(enrolment=enrolment, approve=True, by=approver)

    enrolment.refresh_from_db()
    assert (enrolment.approval, enrolment.approved_by, enrolment.approved_at is not None) == (
        ApprovalStatus.APPROVED,
        approver,
        True,
    )


def test_person_declines_freely():
    enrolment = Enrolment.objects.create(
        programme=ProgrammeFactory(), person=UserFactory(), organisation=OrganisationFactory(), role="peer"
    )

    services.enrolment_respond(enrolment=enrolment, accept=False)

    enrolment.refresh_from_db()
    assert (enrolment.acceptance, enrolment.is_active) == (AcceptanceStatus.DECLINED, False)
