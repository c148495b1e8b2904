"""Another organisation's object is a 404 on every URL that names one, for every method."""

import pytest
from django.urls import resolve, reverse

from .budget import pages_rows as budget_rows
from .evaluation import registry as evaluation_registry
from .factories import FileMaterialFactory, LinkMaterialFactory, PracticalTaskFactory, RiskFactory
from .logistics import pages_rows as logistics_rows
from .matching import pages_rows as matching_rows
from .urlconf import project_routes


# How to fill each URL that names an object of organisation A. A new URL with an id or slug
# must be added here, or test_every_object_url_has_a_fixture fails.
def _report(world):
    from reports.models import Report

    return Report.objects.create(
        kind="programme", object_id=world.a.programme.pk, language="en", fingerprint="test", state="rendering"
    )


OBJECT_URLS = {
    "core:organisation_detail": lambda w: {"pk": w.a.municipality.pk},
    "core:audit": lambda w: {"pk": w.a.programme.pk},
    "programmes:detail": lambda w: {"pk": w.a.programme.pk},
    "programmes:edit": lambda w: {"pk": w.a.programme.pk},
    "programmes:transition": lambda w: {"pk": w.a.programme.pk},
    "programmes:enrol": lambda w: {"pk": w.a.programme.pk},
    "programmes:enrolment_approval": lambda w: {"pk": w.a.enrolment.pk},
    "programmes:enrolment_respond": lambda w: {"pk": w.a.enrolment.pk},
    "programmes:enrolment_remove": lambda w: {"pk": w.a.enrolment.pk},
    "programmes:session_create": lambda w: {"pk": w.a.programme.pk},
    "programmes:session_edit": lambda w: {"pk": w.a.session.pk},
    "programmes:session_delete": lambda w: {"pk": w.a.session.pk},
    "notifications:programme": lambda w: {"pk": w.a.programme.pk},
    "notifications:text": lambda w: {"pk": w.a.programme.pk, "kind": "session_reminder"},
    "notifications:resend": lambda w: {"pk": w.a.notification.pk},
    "assessments:campaign_create": lambda w: {"pk": w.a.programme.pk},
    "assessments:campaign": lambda w: {"pk": w.a.campaign.pk},
    "assessments:campaign_edit": lambda w: {"pk": w.a.campaign.pk},
    "assessments:campaign_close": lambda w: {"pk": w.a.campaign.pk},
    "assessments:invite": lambda w: {"pk": w.a.campaign.pk},
    "assessments:analysis": lambda w: {"pk": w.a.campaign.pk},
    "assessments:adopt": lambda w: {"pk": w.a.campaign.pk},
    "assessments:export": lambda w: {"pk": w.a.campaign.pk, "fmt": "csv"},
    "assessments:profile": lambda w: {"pk": w.a.invitation.pk},
    "programmes:session_detail": lambda w: {"pk": w.a.session.pk},
    "programmes:material_create": lambda w: {"pk": w.a.session.pk},
    "programmes:attendance": lambda w: {"pk": w.a.session.pk},
    "programmes:material_download": lambda w: {"pk": FileMaterialFactory(session=w.a.session).pk},
    "programmes:material_delete": lambda w: {"pk": LinkMaterialFactory(session=w.a.session).pk},
    "programmes:timeline": lambda w: {"pk": w.a.programme.pk},
    "programmes:series_list": lambda w: {"pk": w.a.programme.pk},
    "programmes:task_list": lambda w: {"pk": w.a.programme.pk},
    "programmes:task_create": lambda w: {"pk": w.a.programme.pk},
    "programmes:task_edit": lambda w: {"pk": PracticalTaskFactory(programme=w.a.programme).pk},
    # work-programme object URLs
    "logistics:venue_edit": lambda w: {"pk": logistics_rows.venue(w).pk},
    "logistics:session": lambda w: {"pk": w.a.session.pk},
    "logistics:checklist": lambda w: {"pk": w.a.programme.pk},
    "logistics:checklist_item_create": lambda w: {"pk": w.a.programme.pk},
    "logistics:checklist_apply": lambda w: {"pk": w.a.programme.pk},
    "logistics:checklist_item_edit": lambda w: {"pk": logistics_rows.checklist_item(w).pk},
    "logistics:checklist_item_delete": lambda w: {"pk": logistics_rows.checklist_item(w).pk},
    "logistics:template": lambda w: {"pk": logistics_rows.template(w).pk},
    "logistics:template_item_edit": lambda w: {"pk": logistics_rows.template_item(w).pk},
    "logistics:template_item_delete": lambda w: {"pk": logistics_rows.template_item(w).pk},
    "logistics:swot": lambda w: {"pk": logistics_rows.peer_swot(w).programme_id},
    "logistics:swot_entry_create": lambda w: {"pk": logistics_rows.peer_swot(w).pk},
    "logistics:swot_entry_edit": lambda w: {"pk": logistics_rows.swot_entry(w).pk},
    "logistics:swot_entry_delete": lambda w: {"pk": logistics_rows.swot_entry(w).pk},
    "logistics:swot_comment_create": lambda w: {"pk": logistics_rows.peer_swot(w).pk},
    # logistics object URLs
    "budget:programme": lambda w: {"pk": w.a.programme.pk},
    "budget:export": lambda w: {"pk": w.a.programme.pk},
    "budget:currency": lambda w: {"pk": w.a.programme.pk},
    "budget:cost_line_create": lambda w: {"pk": w.a.programme.pk},
    "budget:cost_line_edit": budget_rows.cost_line_kwargs,
    "budget:cost_line_delete": budget_rows.cost_line_kwargs,
    "budget:funding_create": lambda w: {"pk": w.a.programme.pk},
    "budget:funding_edit": budget_rows.funding_source_kwargs,
    "budget:funding_delete": budget_rows.funding_source_kwargs,
    # budget object URLs
    "risks:register": lambda w: {"pk": w.a.programme.pk},
    "risks:create": lambda w: {"pk": w.a.programme.pk},
    "risks:edit": lambda w: {"pk": RiskFactory(programme=w.a.programme).pk},
    "risks:delete": lambda w: {"pk": RiskFactory(programme=w.a.programme).pk},
    # risks object URLs
    "matching:programme": lambda w: {"pk": w.a.programme.pk},
    "matching:run": lambda w: {"pk": w.a.programme.pk},
    "matching:publish": lambda w: {"pk": w.a.programme.pk},
    "matching:settings": lambda w: {"pk": w.a.programme.pk},
    "matching:modules": lambda w: {"pk": w.a.programme.pk},
    "matching:choose": matching_rows.peer_programme_kwargs,
    "matching:export": lambda w: {"pk": w.a.programme.pk},
    "matching:run_status": lambda w: {"pk": matching_rows.run(w).pk},
    "matching:module_edit": lambda w: {"pk": matching_rows.module(w).pk},
    "matching:module_delete": lambda w: {"pk": matching_rows.module(w).pk},
    "matching:module_members": lambda w: {"pk": matching_rows.module(w).pk},
    "matching:trainee_tutor": lambda w: {"pk": w.a.enrolment.pk},
    "matching:peer_group": lambda w: {"pk": matching_rows.choice(w).pk},
    "matching:pair_lock": lambda w: {"pk": matching_rows.pair(w).pk},
    "matching:pair_answer": lambda w: {"pk": matching_rows.pair(w).pk},
    "matching:member_lock": lambda w: {"pk": matching_rows.member_row(w).pk},
    "matching:member_answer": lambda w: {"pk": matching_rows.member_row(w).pk},
    # matching object URLs
    **evaluation_registry.OBJECT_URLS,
    "reports:document": lambda w: {"kind": "programme", "pk": w.a.programme.pk},
    "reports:status": lambda w: {"pk": _report(w).pk},
    # reports object URLs
}

# Parameters that are not object ids but secrets: the signed token of Django's password reset,
# the calendar-feed key (tested in tests/notifications/test_views.py).
# the personal links of questionnaires (tested in tests/assessments/test_respond.py).
NOT_OBJECT_URLS = {"password_reset_confirm", "notifications:feed", "assessments:respond"} | (
    evaluation_registry.NOT_OBJECT_URLS
)

# Who in organisation A may reach each URL, to prove the fixture names a real object.
OWNER = {
    "programmes:enrolment_respond": "employee",
    "matching:choose": "employee",
    "matching:pair_answer": "employee",
    "matching:member_answer": "employee",
    **evaluation_registry.OWNER,
}

OUTSIDERS = ["coordinator", "project_manager", "tutor", "employee"]


def _methods(url: str) -> list[str]:
    """The methods the view behind a URL answers (a 405 for the others leaks nothing)."""
    view_class = resolve(url).func.view_class
    return [method for method in ("get", "post") if hasattr(view_class, method)]


def _object_routes():
    return [route for route in project_routes() if route.params and route.name not in NOT_OBJECT_URLS]


def test_every_object_url_has_a_fixture():
    missing = {route.name for route in _object_routes()} - set(OBJECT_URLS)
    assert missing == set(), f"add these URLs to OBJECT_URLS in tests/test_access.py: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_owner_reaches_object_url(client, world, name):
    client.force_login(world.a.people()[OWNER.get(name, "coordinator")])
    url = reverse(name, kwargs=OBJECT_URLS[name](world))

    assert client.get(url).status_code in {200, 405}


@pytest.mark.parametrize("outsider", OUTSIDERS)
@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_other_organisation_gets_404(client, world, name, outsider):
    client.force_login(world.b.people()[outsider])
    url = reverse(name, kwargs=OBJECT_URLS[name](world))

    statuses = {method: getattr(client, method)(url).status_code for method in _methods(url)}

    assert statuses == dict.fromkeys(_methods(url), 404)


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_anonymous_is_sent_to_login(client, world, name):
    url = reverse(name, kwargs=OBJECT_URLS[name](world))

    response = client.get(url)

    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("login"))
