"""A participant answers the default evaluation from the personal link on a phone (Debian's Chromium,
driven by Playwright)."""

import os
import re

import pytest
from playwright.sync_api import expect

from evaluation.models import Submission

from . import rows

# Playwright's sync API runs an event loop in this thread; the ORM calls made here happen
# between its calls, never inside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCALE_QUESTIONS = [
    "The event was relevant to my work.",
    "The content was clear and of good quality.",
    "The tutor or facilitator was well prepared and helpful.",
    "The organisation and logistics were good.",
    "There was enough interaction and exchange with peers.",
    "I gained knowledge I can use in my job.",
]


def test_participant_saves_a_draft_then_sends_at_phone_width(page, live_server, world):
    invitee = rows.invitee(world)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{invitee.get_link()}")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sticks out sideways
    page.get_by_role("group", name=SCALE_QUESTIONS[0]).get_by_label("Agree", exact=True).check()
    page.get_by_role("group", name="Other support you need").get_by_role("textbox").fill("Help with tenders")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("alert")).to_contain_text("Draft saved")

    expect(page.get_by_role("group", name=SCALE_QUESTIONS[0]).get_by_label("Agree", exact=True)).to_be_checked()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("group", name=SCALE_QUESTIONS[1])).to_contain_text("Please answer this question.")

    for question in SCALE_QUESTIONS[1:]:
        page.get_by_role("group", name=question).get_by_label("Strongly agree").check()
    recommend = page.get_by_role("group", name="How likely are you to recommend this event")
    recommend.locator("label", has_text=re.compile(r"^9$")).click()
    page.get_by_role("group", name="On which topics do you need further support?").get_by_role("checkbox").first.check()
    page.get_by_role("button", name="Send my answers").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    submission = Submission.objects.get(invitee=invitee)
    numbers = sorted(submission.answers.exclude(number=None).values_list("question__code", "number"))
    expected = [("relevance", 4), ("recommend", 9)] + [
        (code, 5) for code in ("content", "facilitator", "organisation", "interaction", "knowledge")
    ]
    assert [pair for pair in numbers if pair[0] != "support_topics"] == sorted(expected)
    assert submission.answers.get(question__code="support_text").text == "Help with tenders"
