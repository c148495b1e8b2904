import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from core.enums import Role
from core.models import Topic, User
from programmes.enums import AcceptanceStatus, ApprovalStatus, EnrolmentRole, ProgrammeStatus
from programmes.models import Enrolment, Programme
from tests.factories import MembershipFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _programme_data(world, **overrides):
    data = {
        "title": "Public lighting tutoring",
        "organisation": world.a.coordinator_org.pk,
        "method": "tutoring",
        "start_date": "2027-03-01",
        "end_date": "2027-09-30",
        "topics": [Topic.objects.get(code="public-lighting").pk],
        "goals": "LED retrofits tendered in every town",
    }
    data.update(overrides)
    return data


def test_coordinator_creates_programme(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(reverse("programmes:create"), _programme_data(world))

    programme = Programme.objects.get(title="Public lighting tutoring")
    assert (response.status_code, response.url) == (302, programme.get_absolute_url())
    assert (programme.organisation, programme.created_by, programme.status) == (
        world.a.coordinator_org,
        world.a.coordinator,
        ProgrammeStatus.DRAFT,
    )


def test_invalid_programme_form_keeps_what_was_typed(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("programmes:create"), _programme_data(world, start_date="2027-09-30", end_date="2027-03-01")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == ["The programme cannot end before it starts."]
    assert 'value="Public lighting tutoring"' in response.content.decode()
    assert not Programme.objects.filter(title="Public lighting tutoring").exists()


def test_programme_cannot_be_created_for_another_organisation(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("programmes:create"), _programme_data(world, organisation=world.b.coordinator_org.pk)
    )

    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors


@pytest.mark.parametrize("role", ["project_manager", "tutor", "employee"])
def test_only_coordinators_open_new_programme(client, world, role):
    client.force_login(world.a.people()[role])

    assert client.get(reverse("programmes:create")).status_code == 403


def test_project_manager_reads_but_cannot_edit(client, world):
    client.force_login(world.a.project_manager)

    detail = client.get(world.a.programme.get_absolute_url())
    edit = client.get(reverse("programmes:edit", kwargs={"pk": world.a.programme.pk}))

    assert (detail.status_code, detail.context["can_manage"], edit.status_code) == (200, False, 404)


def test_participant_sees_own_programme_only(client, world):
    client.force_login(world.a.employee)
    other = ProgrammeFactory(organisation=world.a.coordinator_org)

    response = client.get(reverse("programmes:list"))

    assert list(response.context["programmes"]) == [world.a.programme]
    assert client.get(other.get_absolute_url()).status_code == 404


def test_participant_sees_only_own_enrolments_on_detail(client, world):
    client.force_login(world.a.employee)

    response = client.get(world.a.programme.get_absolute_url())

    assert [e.person for e in response.context["enrolments"]] == [world.a.employee]


def test_edit_saves_changes(client, world):
    client.force_login(world.a.coordinator)

    client.post(
        reverse("programmes:edit", kwargs={"pk": world.a.programme.pk}), _programme_data(world, title="Renamed")
    )

    world.a.programme.refresh_from_db()
    assert world.a.programme.title == "Renamed"


def test_transition_button_moves_programme(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("programmes:transition", kwargs={"pk": world.a.programme.pk}), {"to_status": "matching"}
    )

    world.a.programme.refresh_from_db()
    assert (world.a.programme.status, _messages(response)) == ("matching", ["The programme is now in “Matching”."])


def test_detail_shows_only_allowed_transitions_as_buttons(client, world):
    client.force_login(world.a.coordinator)

    response = client.get(world.a.programme.get_absolute_url())

    assert [s.value for s in response.context["next_statuses"]] == ["matching", "draft"]
    assert 'name="to_status" value="matching"' in response.content.decode()
    assert 'name="to_status" value="closed"' not in response.content.decode()


@pytest.mark.parametrize("to_status", ["closed", "", "<script>"])
def test_transition_not_allowed_is_refused_with_message(client, world, to_status):
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("programmes:transition", kwargs={"pk": world.a.programme.pk}), {"to_status": to_status}
    )

    world.a.programme.refresh_from_db()
    assert (response.status_code, world.a.programme.status) == (302, ProgrammeStatus.NEEDS_ASSESSMENT)
    assert _messages(response)[0].startswith("A programme cannot go from “Needs assessment”")


def test_enrol_existing_person(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.a.coordinator)
    membership = MembershipFactory(organisation=world.a.municipality, role=Role.LG_STAFF)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("programmes:enrol", kwargs={"pk": world.a.programme.pk}),
            {"action": "existing", "membership": membership.pk, "role": "trainee"},
        )

    enrolment = Enrolment.objects.get(programme=world.a.programme, person=membership.user)
    assert (response.status_code, enrolment.organisation, enrolment.approval, enrolment.acceptance) == (
        302,
        world.a.municipality,
        ApprovalStatus.PENDING,
        AcceptanceStatus.PENDING,
    )
    assert [m.to for m in mail.outbox] == [[membership.user.email]]


def test_duplicate_enrolment_gets_friendly_message(client, world):
    client.force_login(world.a.coordinator)
    membership = world.a.employee.memberships.get()

    response = client.post(
        reverse("programmes:enrol", kwargs={"pk": world.a.programme.pk}),
        {"action": "existing", "membership": membership.pk, "role": "peer"},
    )

    assert response.status_code == 400
    assert "Employee A is already enrolled in this programme." in response.content.decode()
    assert Enrolment.objects.get(programme=world.a.programme, person=world.a.employee).role == EnrolmentRole.TRAINEE


def test_enrol_refuses_person_outside_scope(client, world):
    client.force_login(world.a.coordinator)
    outsider_membership = world.b.employee.memberships.get()

    response = client.post(
        reverse("programmes:enrol", kwargs={"pk": world.a.programme.pk}),
        {"action": "existing", "membership": outsider_membership.pk, "role": "trainee"},
    )

    assert response.status_code == 400
    assert "membership" in response.context["existing_form"].errors


def test_invite_creates_pending_account_and_sends_link(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.a.coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("programmes:enrol", kwargs={"pk": world.a.programme.pk}),
            {
                "action": "invite",
                "full_name": "Nina Nieuw",
                "email": "nina@town-a.example",
                "organisation": world.a.municipality.pk,
                "membership_role": "lg_staff",
                "role": "trainee",
            },
        )

    person = User.objects.get(email="nina@town-a.example")
    assert (person.has_usable_password(), person.enrolments.get().programme) == (False, world.a.programme)
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_invite_with_bad_email_keeps_input(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("programmes:enrol", kwargs={"pk": world.a.programme.pk}),
        {
            "action": "invite",
            "full_name": "Nina",
            "email": "not-an-email",
            "membership_role": "lg_staff",
            "role": "trainee",
        },
    )

    assert response.status_code == 400
    assert set(response.context["invite_form"].errors) == {"email", "organisation"}
    assert 'value="Nina"' in response.content.decode()


def test_organisation_manager_approves_staff_participation(client, world):
    manager = MembershipFactory(organisation=world.a.municipality, role=Role.PROJECT_MANAGER).user
    client.force_login(manager)

    listing = client.get(reverse("programmes:approvals"))
    client.post(reverse("programmes:enrolment_approval", kwargs={"pk": world.a.enrolment.pk}), {"decision": "yes"})

    world.a.enrolment.refresh_from_db()
    assert list(listing.context["enrolments"]) == [world.a.enrolment]
    assert (world.a.enrolment.approval, world.a.enrolment.approved_by) == (ApprovalStatus.APPROVED, manager)


def test_approval_with_bad_decision_changes_nothing(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("programmes:enrolment_approval", kwargs={"pk": world.a.enrolment.pk}), {"decision": "maybe"}
    )

    world.a.enrolment.refresh_from_db()
    assert (response.status_code, world.a.enrolment.approval) == (302, ApprovalStatus.PENDING)


def test_approval_next_parameter_cannot_leave_the_site(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("programmes:enrolment_approval", kwargs={"pk": world.a.enrolment.pk}),
        {"decision": "yes", "next": "https://evil.example/"},
    )

    assert response.url == reverse("programmes:approvals")


@pytest.mark.parametrize("target", ["2", "programmes:list", "approvals"])
def test_approval_next_parameter_that_is_no_path_is_ignored(client, world, target):
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("programmes:enrolment_approval", kwargs={"pk": world.a.enrolment.pk}),
        {"decision": "yes", "next": target},
    )

    assert (response.status_code, response.url) == (302, reverse("programmes:approvals"))


def test_participant_accepts_from_dashboard(client, world):
    client.force_login(world.a.employee)

    response = client.post(
        reverse("programmes:enrolment_respond", kwargs={"pk": world.a.enrolment.pk}), {"decision": "yes"}
    )

    world.a.enrolment.refresh_from_db()
    assert (response.url, world.a.enrolment.acceptance) == (reverse("core:dashboard"), AcceptanceStatus.ACCEPTED)


def test_coordinator_cannot_answer_for_the_participant(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("programmes:enrolment_respond", kwargs={"pk": world.a.enrolment.pk}), {"decision": "yes"}
    )

    assert response.status_code == 404


def test_remove_enrolment(client, world):
    client.force_login(world.a.coordinator)

    client.post(reverse("programmes:enrolment_remove", kwargs={"pk": world.a.enrolment.pk}))

    assert not Enrolment.objects.filter(pk=world.a.enrolment.pk).exists()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "running"}, ["Running one"]),
        ({"method": "peer"}, ["Peer one"]),
        ({"q": "lighting"}, ["Running one"]),
        ({"country": "BE"}, ["Peer one", "Programme A", "Running one"]),
        ({"active_from": "2028-01-01"}, ["Peer one"]),
        ({"active_until": "2026-12-31"}, ["Running one"]),
    ],
)
def test_list_filters(client, world, query, expected):
    ProgrammeFactory(
        organisation=world.a.coordinator_org,
        title="Running one",
        status="running",
        goals="Street lighting",
        start_date="2026-01-01",
        end_date="2026-12-31",
    )
    ProgrammeFactory(
        organisation=world.a.coordinator_org,
        title="Peer one",
        method="peer",
        start_date="2028-01-01",
        end_date="2028-06-30",
    )
    client.force_login(world.a.coordinator)

    response = client.get(reverse("programmes:list"), query)

    assert sorted(p.title for p in response.context["programmes"]) == expected


def test_country_filter_offers_only_the_countries_of_the_programmes_seen(client, world):
    client.force_login(world.a.coordinator)

    response = client.get(reverse("programmes:list"))

    choices = [code for code, _name in response.context["filter"].form.fields["country"].choices]
    assert choices == ["", world.a.coordinator_org.country.code]
    assert world.a.coordinator_org.country.code != world.b.coordinator_org.country.code


def test_list_with_invalid_filter_shows_errors_not_500(client, world):
    client.force_login(world.a.coordinator)

    response = client.get(reverse("programmes:list"), {"status": "bogus", "active_from": "yesterday"})

    assert response.status_code == 200
    assert set(response.context["filter"].errors) == {"status", "active_from"}


def test_list_paginates(client, world):
    for _ in range(25):
        ProgrammeFactory(organisation=world.a.coordinator_org)
    client.force_login(world.a.coordinator)

    first = client.get(reverse("programmes:list"))
    second = client.get(reverse("programmes:list"), {"page": 2})
    beyond = client.get(reverse("programmes:list"), {"page": 99})

    assert (len(first.context["programmes"]), len(second.context["programmes"]), beyond.status_code) == (20, 6, 404)


def test_enrolment_asks_the_persons_organisation_to_approve(client, world, django_capture_on_commit_callbacks):
    manager = MembershipFactory(organisation=world.a.municipality, role=Role.PROJECT_MANAGER).user
    manager.preferred_language = "nl"
    manager.save()
    membership = MembershipFactory(organisation=world.a.municipality, role=Role.LG_STAFF)
    client.force_login(world.a.coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("programmes:enrol", kwargs={"pk": world.a.programme.pk}),
            {"action": "existing", "membership": membership.pk, "role": "trainee"},
        )

    to_manager = [m for m in mail.outbox if m.to == [manager.email]]
    assert len(to_manager) == 1
    assert to_manager[0].subject.startswith("Graag je goedkeuring voor een deelname aan")
    assert reverse("programmes:approvals") in to_manager[0].body
