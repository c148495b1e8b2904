"""The Content-Security-Policy: sent with every page, and no page needs inline script or style."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from .evaluation import rows
from .pages import PAGES

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Not web pages: e-mails are read by mail programs, print templates by WeasyPrint, never by a browser
# under the policy.
NOT_WEB_PAGES = [TEMPLATES / "notifications" / "email", TEMPLATES / "reports"]
# Web partials that live among the print templates: htmx swaps them into pages.
WEB_PARTIALS_IN_NOT_WEB_PAGES = [TEMPLATES / "reports" / "includes" / "status.html"]

EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


class InlineFinder(HTMLParser):
    """Collects what a policy without 'unsafe-inline' refuses: inline scripts, style elements and
    attributes, and event-handler attributes."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _value in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        if "style" in names:
            self.found.append(f"style attribute on <{tag}>")
        self.found.extend(f"{name} on <{tag}>" for name in names if name.startswith("on"))
        self.found.extend(
            f"javascript: link on <{tag}>" for _name, value in attrs if (value or "").strip().startswith("javascript:")
        )


def inline_parts(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.found


def policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def check_page(response) -> None:
    assert response.status_code == 200, response.status_code
    assert policy(response) == EXPECTED_POLICY
    if response["Content-Type"].startswith("text/html"):
        assert inline_parts(response.content.decode()) == []


def test_finder_sees_every_kind_of_inline_code():
    html = (
        '<script>alert(1)</script><script src="/a.js"></script><style>p{}</style>'
        '<p style="color:red" onclick="x()"><a href="javascript:x()">x</a></p>'
    )

    assert inline_parts(html) == [
        "<script> without src",
        "<style>",
        "style attribute on <p>",
        "onclick on <p>",
        "javascript: link on <a>",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=[page.label for page in PAGES])
def test_page_has_the_policy_and_no_inline_code(client, world, page):
    page.add_rows(world, page.small)
    client.force_login(world.a.people()[page.viewer])

    response = client.get(reverse(page.url_name, kwargs=page.kwargs(world)))

    check_page(response)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["login", "password_reset"])
def test_anonymous_pages_have_the_policy_and_no_inline_code(client, url_name):
    check_page(client.get(reverse(url_name)))


@pytest.mark.django_db
def test_evaluation_answer_page_has_the_policy_and_no_inline_code(client, world):
    invitee = rows.invitee(world)

    check_page(client.get(reverse("evaluation:respond", args=[invitee.public_id, invitee.secret])))


@pytest.mark.django_db
def test_refusal_pages_have_no_inline_code(client, world, settings):
    settings.LINK_FAILURE_RATE = "1/m"
    settings.AXES_FAILURE_LIMIT = 1
    wrong_link = reverse("assessments:respond", args=[world.a.invitation.public_id, "wrong"])
    client.get(wrong_link)
    wrong_login = {"username": world.a.employee.email, "password": "wrong"}
    client.post(reverse("login"), wrong_login)

    for response in [client.get(wrong_link), client.post(reverse("login"), wrong_login)]:
        assert response.status_code == 429
        assert policy(response) == EXPECTED_POLICY
        assert inline_parts(response.content.decode()) == []


@pytest.mark.django_db
def test_admin_pages_have_the_policy(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert policy(response) == EXPECTED_POLICY


def web_templates() -> list[Path]:
    return [
        path
        for path in sorted(TEMPLATES.rglob("*.html"))
        if path in WEB_PARTIALS_IN_NOT_WEB_PAGES or not any(path.is_relative_to(other) for other in NOT_WEB_PAGES)
    ]


INLINE_IN_TEMPLATE = re.compile(
    r"""<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=["']|javascript:""", re.IGNORECASE
)


def test_no_web_page_template_has_inline_script_or_style():
    templates = web_templates()
    offending = {
        str(path.relative_to(TEMPLATES)): INLINE_IN_TEMPLATE.findall(path.read_text(encoding="utf-8"))
        for path in templates
    }

    assert len(templates) > 50
    assert {name: found for name, found in offending.items() if found} == {}
