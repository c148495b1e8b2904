"""The session documents: the attendance sheet, the certificates of participation and the
evaluation report, read back from the PDF; who may get them; the buttons that lead to them."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from core.enums import Role
from core.models import Membership
from evaluation.models import Invitee, Receipt
from programmes.enums import AcceptanceStatus, ApprovalStatus, EnrolmentRole
from programmes.models import Attendance
from reports import session_documents
from reports.session_documents import attendance_context, attendance_fingerprint, certificates_fingerprint

from ..evaluation import rows
from ..evaluation.registry_analysis import new_evaluation, submit
from ..factories import EnrolmentFactory, OrganisationFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def _url(kind, pk):
    return reverse("reports:document", kwargs={"kind": kind, "pk": pk})


def _pdf_pages(client, kind, pk) -> list[str]:
    response = client.get(_url(kind, pk))
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    return [page.extract_text() for page in reader.pages]


def _attendees(session, count: int, organisations) -> list:
    people = [UserFactory(full_name=f"Signer {i:03d}", email=f"signer{i}@example.org") for i in range(count)]
    for i, person in enumerate(people):
        EnrolmentFactory(
            programme=session.programme,
            person=person,
            organisation=organisations[i % len(organisations)],
            approval=ApprovalStatus.APPROVED,
        )
    session.attendees.add(*people)
    return people


def _mark(session, present, absent=()):
    now = timezone.now()
    Attendance.objects.bulk_create(
        [Attendance(session=session, person=person, present=True, marked_at=now) for person in present]
        + [Attendance(session=session, person=person, present=False, marked_at=now) for person in absent]
    )


# --------------------------------------------------------------------------- attendance sheet


def test_attendance_sheet_of_60_people_lists_everyone_with_the_signature_header_on_every_page(client, world):
    session = world.a.session
    organisations = [OrganisationFactory(name="Zeta town"), OrganisationFactory(name="Alpha town")]
    people = _attendees(session, 60, organisations)
    client.force_login(world.a.coordinator)

    pages = _pdf_pages(client, "attendance", session.pk)

    assert len(pages) >= 3
    assert all("Signature" in page and "Organisation" in page for page in pages)
    text = "\n".join(pages)
    assert all(person.full_name in text for person in people)
    assert "Attendance sheet" in pages[0] and session.title in pages[0] and world.a.programme.title in pages[0]
    # By organisation, then name: every Alpha town signer comes before the first Zeta town one.
    assert text.index("Signer 059") < text.index("Signer 000")
    assert text.index("Signer 001") < text.index("Signer 003")


def test_attendance_sheet_without_chosen_attendees_lists_approved_trainees_and_peers_and_the_tutors(world):
    session, programme, town = world.a.session, world.a.programme, world.a.municipality
    approved = {}
    for role in (EnrolmentRole.TRAINEE, EnrolmentRole.PEER):
        approved[role] = EnrolmentFactory(
            programme=programme, organisation=town, role=role, approval=ApprovalStatus.APPROVED
        ).person
    declined = EnrolmentFactory(
        programme=programme, organisation=town, approval=ApprovalStatus.APPROVED, acceptance=AcceptanceStatus.DECLINED
    ).person
    session.tutors.add(world.a.tutor)

    people = attendance_context(session)["people"]

    listed = {person.name: person for person in people}
    assert set(listed) == {approved[EnrolmentRole.TRAINEE].full_name, approved[EnrolmentRole.PEER].full_name, "Tutor A"}
    assert declined.full_name not in listed and world.a.employee.full_name not in listed  # pending approval
    assert listed["Tutor A"].is_tutor and listed["Tutor A"].organisation == "Agency A"
    assert [person.number for person in people] == [1, 2, 3]


def test_chosen_attendees_replace_the_enrolled_ones(world):
    session = world.a.session
    EnrolmentFactory(programme=world.a.programme, approval=ApprovalStatus.APPROVED)
    chosen = member(world.a.municipality, Role.LG_STAFF, full_name="Chosen one")
    session.attendees.add(chosen)

    people = attendance_context(session)["people"]

    assert [(person.name, person.organisation) for person in people] == [("Chosen one", "Town A")]


def test_attendance_fingerprint_follows_the_attendees_in_a_fixed_number_of_queries(world, django_assert_num_queries):
    session = world.a.session
    with django_assert_num_queries(3):
        before = attendance_fingerprint(session)
    _attendees(session, 30, [world.a.municipality])
    with django_assert_num_queries(3):
        after = attendance_fingerprint(session)

    assert before != after and after == attendance_fingerprint(session) and len(after) == 64


# --------------------------------------------------------------------------- certificates


def test_certificates_one_page_per_person_present_and_none_for_the_absent(client, world):
    session = world.a.session
    people = _attendees(session, 5, [world.a.municipality])
    present, absent = people[:3], people[3:]
    _mark(session, present, absent)
    client.force_login(world.a.project_manager)

    pages = _pdf_pages(client, "certificates", session.pk)

    assert len(pages) == 3
    for page, person in zip(pages, present, strict=True):
        assert person.full_name in page
        assert "has taken part in" in page and session.title in page and "Agency A" in page
        assert "2 hours" in page  # planned_minutes 120
    text = "\n".join(pages)
    assert not any(person.full_name in text for person in absent)


def test_certificates_of_a_session_nobody_came_to_say_so_on_one_page(client, world):
    _mark(world.a.session, [], [world.a.employee])
    client.force_login(world.a.coordinator)

    pages = _pdf_pages(client, "certificates", world.a.session.pk)

    assert len(pages) == 1 and "Nobody is marked present" in pages[0]


def test_certificates_carry_the_organisation_logo(client, world):
    organisation = world.a.coordinator_org
    picture = io.BytesIO()
    Image.new("RGB", (40, 20), "#1f6f50").save(picture, format="PNG")
    organisation.logo.save("logo.png", ContentFile(picture.getvalue()))
    _mark(world.a.session, [world.a.employee])
    client.force_login(world.a.coordinator)
    try:
        response = client.get(_url("certificates", world.a.session.pk))
        reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    finally:
        organisation.logo.delete(save=False)

    assert len(reader.pages) == 1 and len(reader.pages[0].images) == 1


def test_certificates_fingerprint_follows_the_marks(world):
    session = world.a.session
    before = certificates_fingerprint(session)
    _mark(session, [world.a.employee])

    assert certificates_fingerprint(session) != before


# --------------------------------------------------------------------------- evaluation report


def test_evaluation_report_shows_sections_questions_rate_means_targets_and_texts_without_names(client, world):
    evaluation = new_evaluation(world, world.a.programme, "Workshop feedback", anonymous=True, session=world.a.session)
    invitees = []
    for i in range(4):
        person = member(world.a.municipality, Role.LG_STAFF, full_name=f"Respondent {i}")
        invitees.append(Invitee.objects.create(evaluation=evaluation, person=person, organisation=world.a.municipality))
    for invitee, (relevance, recommend) in zip(invitees, [(1, 10), (2, 9), (4, 8)], strict=False):
        Receipt.objects.create(invitee=invitee)
        submit(evaluation, {"relevance": relevance, "recommend": recommend, "comments": f"Liked it, {relevance}"})
    client.force_login(world.a.coordinator)

    text = "\n".join(_pdf_pages(client, "session_evaluation", evaluation.pk))

    assert "Evaluation report" in text and "Workshop feedback" in text
    assert "The event" in text and "What you take away" in text and "What next" in text
    assert "The event was relevant to my work." in text
    assert "3 of 4 invitees answered (75 %)" in text
    assert "2.33" in text  # mean relevance (1 + 2 + 4) / 3
    assert "not met" in text  # target 4 on relevance
    assert "Liked it, 4" in text
    assert not any(f"Respondent {i}" in text for i in range(4))


def test_evaluation_report_uses_the_analysis_page_charts(world):
    evaluation = rows.evaluation(world)
    rows.respondents(world, 2)
    from evaluation.views_analysis import result_chart

    context = session_documents.evaluation_context(evaluation)

    assert [chart for _row, chart in context["results"]] == [result_chart(row) for row in context["analysis"].results]
    assert any('class="column"' in chart for _row, chart in context["results"])


# --------------------------------------------------------------------------- access and buttons


@pytest.mark.parametrize("kind", ["attendance", "certificates", "session_evaluation"])
@pytest.mark.parametrize("viewer", ["outsider", "tutor", "employee"])
def test_only_the_organisers_get_the_documents(client, world, kind, viewer):
    pk = rows.evaluation(world).pk if kind == "session_evaluation" else world.a.session.pk
    world.a.session.tutors.add(world.a.tutor)
    people = {"outsider": world.b.coordinator, "tutor": world.a.tutor, "employee": world.a.employee}
    client.force_login(people[viewer])

    assert client.get(_url(kind, pk)).status_code == 404


def test_outsiders_session_ids_are_404_even_for_a_coordinator(client, world):
    client.force_login(world.a.coordinator)

    assert client.get(_url("attendance", world.b.session.pk)).status_code == 404
    assert client.get(_url("certificates", world.b.session.pk)).status_code == 404


def test_session_page_shows_the_pdf_buttons_to_coordinators_and_project_managers_only(client, world):
    session = world.a.session
    session.tutors.add(world.a.tutor)
    links = (_url("attendance", session.pk), _url("certificates", session.pk))
    shown = {}
    for name in ("coordinator", "project_manager", "tutor", "employee"):
        client.force_login(getattr(world.a, name))
        content = client.get(session.get_absolute_url()).content.decode()
        shown[name] = all(link in content for link in links)

    assert shown == {"coordinator": True, "project_manager": True, "tutor": False, "employee": False}


def test_evaluation_page_links_to_its_report(client, world):
    evaluation = rows.evaluation(world)
    client.force_login(world.a.project_manager)

    content = client.get(evaluation.get_absolute_url()).content.decode()

    assert _url("session_evaluation", evaluation.pk) in content and "Report (PDF)" in content


def test_a_tutor_from_outside_is_listed_with_the_organisation_they_work_for(world):
    outsider = UserFactory(full_name="Visiting expert")
    Membership.objects.create(user=outsider, organisation=world.b.coordinator_org, role=Role.TUTOR)
    world.a.session.tutors.add(outsider)

    people = attendance_context(world.a.session)["people"]

    assert [(p.name, p.organisation, p.is_tutor) for p in people] == [("Visiting expert", "Agency B", True)]
