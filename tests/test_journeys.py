"""The three user groups end to end in a real browser (Debian's Chromium, driven by Playwright): a coordinator
plans a programme, a municipal employee answers from their links on a phone, a project manager downloads the
programme report."""

import datetime
import io
import os
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from programmes.models import Enrolment, Programme

# Playwright's sync API runs an event loop in this thread; the ORM calls made here happen
# between its calls, never inside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Public lighting peer exchange 2027"
SCALE_QUESTIONS = [
    "The event was relevant to my work.",
    "The content was clear and of good quality.",
    "The tutor or facilitator was well prepared and helpful.",
    "The organisation and logistics were good.",
    "There was enough interaction and exchange with peers.",
    "I gained knowledge I can use in my job.",
]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 -- discarded output


def _log_in(page, live_server, email):
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill("demo-2030!")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def _open_programme(page, title):
    page.get_by_role("link", name="Programmes", exact=True).first.click()
    page.get_by_role("region", name="Results").get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_coordinator_plans_a_programme_end_to_end(page, live_server, demo):
    from assessments.models import Campaign
    from budget.models import CostLine
    from evaluation.models import Evaluation

    page.set_viewport_size({"width": 1440, "height": 900})
    _log_in(page, live_server, "coordinator@demo.example")

    # The programme.
    page.get_by_role("link", name="New programme").first.click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Method").select_option("peer")
    page.get_by_label("Start date").fill("2027-03-01")
    page.get_by_label("End date").fill("2027-11-30")
    page.get_by_label("Public lighting").check()
    page.get_by_label("Goals").fill("Each town plans the renovation of its street lighting.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Programme created.")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    # A participant.
    page.get_by_role("link", name="Enrol people").click()
    page.get_by_label("Person").select_option(label="Sofie Maes – Aarschot")
    page.locator("#id_role").first.select_option("peer")
    page.get_by_role("button", name="Enrol", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Sofie Maes was enrolled as Peer.")
    expect(page.get_by_role("cell", name="Sofie Maes Aarschot")).to_be_visible()

    # The needs assessment, sent to the enrolled people.
    page.get_by_role("link", name="New campaign").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New needs-assessment campaign")
    page.get_by_label("Title").fill("Lighting needs 2027")
    page.get_by_label("Deadline").fill("2027-02-15T17:00")
    page.get_by_label("Public lighting").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Campaign opened; 1 people invited.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lighting needs 2027")
    campaign = Campaign.objects.get(title="Lighting needs 2027")
    assert list(campaign.invitations.values_list("person__email", flat=True)) == ["employee.aarschot@demo.example"]

    # A session.
    _open_programme(page, TITLE)
    page.get_by_role("link", name="New session").click()
    page.get_by_label("Title").fill("Kick-off: street lighting audits")
    page.get_by_label("Starts at").fill("2027-03-10T09:30")
    page.get_by_label("Ends at").fill("2027-03-10T12:30")
    page.get_by_label("Venue or address").fill("Town hall, Aarschot")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Session saved")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kick-off: street lighting audits")

    # A budget cost line.
    programme = Programme.objects.get(title=TITLE)
    page.goto(f"{live_server.url}/budget/programmes/{programme.pk}/")
    page.get_by_role("link", name=re.compile("cost line", re.I)).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New cost line")
    page.get_by_label("Category").select_option(index=1)
    page.get_by_label("Description").fill("Catering for the kick-off")
    page.get_by_label("Planned amount (EUR)").fill("450")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("cell", name="Catering for the kick-off", exact=True)).to_be_visible()
    assert CostLine.objects.filter(programme=programme, description="Catering for the kick-off").count() == 1

    # Matching of the demo programme: run it and see the pairs.
    coaching = Programme.objects.get(title="Covenant coaching circles")
    _open_programme(page, coaching.title)
    page.get_by_role("link", name="Matching: tutors and peer groups").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Matching")
    page.get_by_role("button", name=re.compile("Re-run around the locks|Run matching")).click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.get_by_role("heading", name="Tutors and trainees")).to_be_visible()
    expect(page.get_by_role("button", name="Lock Sofie Maes")).to_be_visible()

    # The evaluation of the new session, with the method's questionnaire.
    _open_programme(page, TITLE)
    page.get_by_role("link", name="Evaluation: questionnaires and results").click()
    page.get_by_role("link", name=re.compile("New evaluation")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New evaluation")
    page.get_by_label("Session").select_option(index=1)
    expect(page.get_by_label("Questionnaire")).not_to_have_value("")
    page.get_by_label("Everyone enrolled in the programme").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    evaluation = Evaluation.objects.get(programme=programme)
    assert evaluation.session.title == "Kick-off: street lighting audits"
    assert evaluation.questionnaire.questions.filter(code="recommend").exists()  # the method's questionnaire


def test_employee_answers_needs_and_evaluation_links_at_phone_width(page, live_server, demo):
    from assessments.models import Invitation
    from evaluation.enums import Audience
    from evaluation.models import Submission
    from evaluation.services import default_questionnaire, evaluation_create, invitees_add

    invitation = Invitation.objects.get(
        person__email="employee@demo.example", campaign__title="Baseline training needs"
    )
    programme = Programme.objects.get(title="Peer groups on renovating public buildings")
    now = timezone.now()
    evaluation = evaluation_create(
        programme=programme,
        questionnaire=default_questionnaire(organisation=programme.organisation),
        title="Mid-term evaluation",
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=14),
        audience=Audience.ENROLLED,
    )
    invitees_add(  # a no-op when creating it already invited everyone enrolled
        evaluation=evaluation,
        enrolments=Enrolment.objects.filter(programme=programme, person__email="employee@demo.example"),
    )
    invitee = evaluation.invitees.get(person__email="employee@demo.example")

    page.set_default_timeout(10_000)
    page.set_viewport_size({"width": 390, "height": 844})

    # The needs assessment.
    page.goto(f"{live_server.url}{invitation.get_link()}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sticks out sideways
    for section in page.locator("section.card").filter(has=page.get_by_text("Where I stand now")).all():
        section.get_by_role("group", name="Where I stand now").get_by_label("2 –").check()
        section.get_by_role("group", name="Where my job needs me").get_by_label("4 –").check()
        section.get_by_label("Priority for me").select_option("3")
    page.get_by_label("How many staff of your organisation work on energy and climate?").fill("3")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    invitation.refresh_from_db()
    assert (
        sorted(invitation.response.answers.values_list("current_level", "required_level", "priority"))
        == [(2, 4, 3)] * 3
    )

    # The evaluation.
    # It opens in her preferred language (Dutch); she chooses English with the link's language switch.
    page.goto(f"{live_server.url}{invitee.get_link()}")
    expect(page.get_by_role("heading", name="Het evenement")).to_be_visible()
    page.goto(f"{live_server.url}{invitee.get_link()}?lang=en")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for question in SCALE_QUESTIONS:
        page.get_by_role("group", name=question).get_by_label("Agree", exact=True).check()
    recommend = page.get_by_role("group", name="How likely are you to recommend this event")
    recommend.locator("label", has_text=re.compile(r"^8$")).click()
    page.get_by_role("group", name="On which topics do you need further support?").get_by_role("checkbox").first.check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")

    submission = Submission.objects.get(evaluation=evaluation)
    assert submission.invitee == invitee
    assert submission.answers.get(question__code="recommend").number == 8


def test_manager_downloads_the_programme_report_as_pdf(page, live_server, demo):
    from pypdf import PdfReader

    title = "Peer groups on renovating public buildings"
    page.set_viewport_size({"width": 1440, "height": 900})
    _log_in(page, live_server, "manager@demo.example")
    _open_programme(page, title)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Programme report (PDF)").click()
    data = open(download_info.value.path(), "rb").read()  # noqa: SIM115 -- read once, closed by GC

    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 3
    text = " ".join((p.extract_text() or "") for p in reader.pages)
    assert title in re.sub(r"\s+", " ", text)
