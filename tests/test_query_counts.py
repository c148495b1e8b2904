import pytest
from django.urls import reverse

from .evaluation import registry as evaluation_registry
from .pages import PAGES
from .querycount import measure_page
from .urlconf import project_routes

# Pages that neither list nor show objects, or that only take a POST.
NOT_LIST_OR_DETAIL = {
    "core:health",
    "core:health_live",
    "core:health_reminders",
    "notifications:calendar_reset",
    "notifications:resend",
    "programmes:session_delete",
    # Forms whose fields do not depend on rows.
    "programmes:session_create",
    "programmes:session_edit",
    "notifications:text",
    "assessments:campaign_create",
    "assessments:campaign_edit",
    "assessments:invite",
    # Only POST.
    "assessments:campaign_close",
    "assessments:adopt",
    "programmes:material_create",
    "programmes:material_delete",
    "programmes:material_download",  # one file, no rows
    # work-programme forms and POST-only URLs
    "logistics:venue_create",
    "logistics:venue_edit",
    "logistics:template_create",
    "logistics:template_item_edit",
    "logistics:swot_entry_create",
    "logistics:swot_entry_edit",
    "logistics:swot_comment_create",
    "logistics:checklist_item_delete",
    "logistics:template_item_delete",
    "logistics:swot_entry_delete",
    # logistics forms and POST-only URLs
    "budget:funding_create",
    "budget:funding_edit",
    "budget:currency",
    "budget:cost_line_delete",
    "budget:funding_delete",
    # budget forms and POST-only URLs
    "risks:delete",
    # risks forms and POST-only URLs
    "matching:run",
    "matching:publish",
    "matching:run_status",  # one run's progress
    "matching:module_delete",
    "matching:pair_lock",
    "matching:pair_answer",
    "matching:member_lock",
    "matching:member_answer",
    # matching POST-only URLs
    "reports:document",  # a PDF (tests/reports read it back), or the page following its rendering
    "reports:status",  # one rendering's progress
    "programmes:transition",
    "programmes:enrolment_approval",
    "programmes:enrolment_respond",
    "programmes:enrolment_remove",
    "set_language",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


@pytest.mark.parametrize("page", PAGES, ids=[page.label for page in PAGES])
def test_page_query_count_does_not_grow_with_rows(client, world, page):
    client.force_login(world.a.people()[page.viewer])
    url = reverse(page.url_name, kwargs=page.kwargs(world))

    measure = measure_page(client, url, lambda n: page.add_rows(world, n), small=page.small, large=page.large)

    assert (measure.constant, measure.rows_shown) == (True, True), measure


def test_every_page_is_in_the_query_count_list():
    measured = {page.url_name for page in PAGES}
    missing = (
        {route.name for route in project_routes()}
        - measured
        - NOT_LIST_OR_DETAIL
        - evaluation_registry.NOT_LIST_OR_DETAIL
    )
    assert missing == set(), f"add these pages to tests/pages.py: {sorted(missing)}"
