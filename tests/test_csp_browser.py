"""In a real browser (Debian's Chromium), the Content-Security-Policy refuses nothing the pages use."""

import os

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from programmes.models import Programme

# Playwright's sync API runs an event loop in this thread; the ORM calls made here happen between its calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Recorded by the page itself, so a violation before the listener of Playwright is attached still counts.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 -- discarded output


def test_pages_run_their_scripts_and_styles_without_violations(page, live_server, demo):
    page.set_viewport_size({"width": 1600, "height": 900})  # the navigation bar expanded
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(message.text))
    programme = Programme.objects.filter(status="matching").first() or Programme.objects.first()

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill("coordinator@demo.example")
    page.get_by_label("Password").fill("demo-2030!")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    violations = []
    for path in ["/", "/programmes/", programme.get_absolute_url(), "/matching/", "/evaluation/"]:
        page.goto(f"{live_server.url}{path}")
        violations += page.evaluate("window.__cspViolations")

    assert violations == []
    assert [text for text in console if "Content Security Policy" in text] == []
    # Bootstrap's script works: the account menu opens.
    page.locator(".navbar .dropdown-toggle").last.click()
    expect(page.get_by_role("link", name="My profile")).to_be_visible()
    # Stylesheets from the site apply: Bootstrap's navbar is laid out as a flex box.
    assert page.locator("nav.navbar").evaluate("element => getComputedStyle(element).display") == "flex"
