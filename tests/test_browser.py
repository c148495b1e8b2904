"""The demo coordinator plans a programme in a real browser (Debian's Chromium, driven by Playwright)."""

import os

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from programmes.models import Enrolment, Programme

# Playwright's sync API runs an event loop in this thread; the ORM calls made here happen
# between its calls, never inside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 -- discarded output


def _log_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill("demo-2030!")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def test_coordinator_creates_programme_enrols_and_finds_it(page, live_server, demo):
    _log_in(page, live_server, "coordinator@demo.example")

    page.get_by_role("link", name="New programme").first.click()
    page.get_by_label("Title").fill("Mobility peer exchange 2027")
    page.get_by_label("Method").select_option("peer")
    page.get_by_label("Start date").fill("2027-04-01")
    page.get_by_label("End date").fill("2027-10-31")
    page.get_by_label("Mobility").check()
    page.get_by_label("Goals").fill("Each town drafts a sustainable urban mobility plan.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mobility peer exchange 2027")

    page.get_by_role("link", name="Enrol people").click()
    page.get_by_label("Person").select_option(label="Sofie Maes – Aarschot")
    page.locator("#id_role").first.select_option("peer")
    page.get_by_role("button", name="Enrol", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Sofie Maes was enrolled as Peer.")
    expect(page.get_by_role("cell", name="Sofie Maes Aarschot")).to_be_visible()

    page.get_by_role("link", name="Programmes", exact=True).first.click()
    page.get_by_label("Method").select_option("peer")
    page.get_by_label("Search").fill("Mobility")
    page.get_by_role("button", name="Apply").click()
    results = page.get_by_role("region", name="Results")
    expect(results.get_by_role("link", name="Mobility peer exchange 2027")).to_be_visible()
    expect(results.get_by_role("link", name="Peer groups on renovating public buildings")).to_have_count(0)

    assert list(Enrolment.objects.filter(programme__title="Mobility peer exchange 2027").values_list(
        "person__email", "role", "approval"
    )) == [("employee.aarschot@demo.example", "peer", "pending")]  # fmt: skip


def test_employee_accepts_at_phone_width(page, live_server, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, live_server, "employee@demo.example")

    card = page.locator(".card", has_text="SECAP tutoring for Flemish Brabant municipalities")
    card.get_by_role("button", name="Accept").click()

    expect(page.get_by_role("alert")).to_contain_text("You take part in")
    assert (
        Enrolment.objects.get(person__email="employee@demo.example", programme__status="needs_assessment").acceptance
        == "accepted"
    )


def test_employee_answers_needs_assessment_from_link_at_phone_width(page, live_server, demo):
    from assessments.models import Invitation

    invitation = Invitation.objects.get(
        person__email="employee@demo.example", campaign__title="Baseline training needs"
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{invitation.get_link()}")

    for section in page.locator("section.card").filter(has=page.get_by_text("Where I stand now")).all():
        section.get_by_role("group", name="Where I stand now").get_by_label("2 –").check()
        section.get_by_role("group", name="Where my job needs me").get_by_label("4 –").check()
        section.get_by_label("Priority for me").select_option("3")
    page.get_by_label("How many staff of your organisation work on energy and climate?").fill("3")
    page.get_by_role("button", name="Send my answers").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    answers = invitation.response.answers.values_list("current_level", "required_level", "priority")
    assert sorted(answers) == [(2, 4, 3)] * 3


def test_coordinator_reviews_matching_and_a_peer_accepts_at_phone_width(page, live_server, demo):
    from matching.models import GroupMember

    programme = Programme.objects.get(title="Covenant coaching circles")
    _log_in(page, live_server, "coordinator@demo.example")
    page.goto(f"{live_server.url}/matching/programmes/{programme.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Matching")
    expect(page.get_by_role("heading", name="Tutors and trainees")).to_be_visible()

    # Move the first member of group 1 of the SECAP module to group 2: the page says the affinity change.
    group = page.locator("[id^=group-]", has_text="Group 1").first
    group.get_by_role("link", name="Move").first.click()
    page.get_by_label("Group").select_option(label=page.locator("option", has_text="Group 2").first.inner_text())
    page.get_by_role("button", name="Move and lock").click()
    expect(page.get_by_role("alert")).to_contain_text("moved to group 2")
    assert GroupMember.objects.filter(module__programme=programme, locked=True).count() == 1

    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("alert")).to_contain_text("Published")

    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, live_server, "employee@demo.example")
    page.goto(f"{live_server.url}/matching/mine/")
    card = page.locator(".card", has_text="Writing the SECAP")
    expect(card).to_contain_text("Shared needs")
    card.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("alert")).to_contain_text("you joined the group")
    member = GroupMember.objects.get(
        enrolment__person__email="employee@demo.example", module__title="Writing the SECAP"
    )
    assert member.answer == "accepted"
