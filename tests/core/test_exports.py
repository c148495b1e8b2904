"""Every list page downloads as CSV and XLSX: the rows on screen (same scope, same filters), all of them."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments.models import Campaign
from core.enums import Role
from core.exports import Column, cell, plain
from evaluation.enums import Audience
from evaluation.models import Evaluation, Questionnaire
from evaluation.services import default_questionnaire
from matching.models import Module
from notifications.enums import NotificationState
from notifications.models import Notification
from notifications.services import notification_schedule
from programmes.enums import ApprovalStatus, ProgrammeStatus

from ..evaluation import rows as evaluation_rows
from ..factories import (
    ChecklistItemFactory,
    ChecklistTemplateFactory,
    EnrolmentFactory,
    OrganisationFactory,
    PracticalTaskFactory,
    ProgrammeFactory,
    RiskFactory,
    SessionFactory,
    VenueFactory,
    WorkshopSeriesFactory,
    member,
)
from ..pages import PAGES
from ..querycount import measure_page
from ..world import Side, World

PROGRAMME_KWARGS: Callable[[World], dict] = lambda world: {"pk": world.a.programme.pk}  # noqa: E731 -- a constant
NO_KWARGS: Callable[[World], dict] = lambda world: {}  # noqa: E731 -- a constant
EVALUATION_KWARGS: Callable[[World], dict] = lambda world: {"pk": evaluation_rows.evaluation(world).pk}  # noqa: E731


@dataclass(frozen=True)
class Case:
    """A list page: `arrange` makes its rows and answers (filters, names listed, names not listed)."""

    label: str  # the label of the same page in tests/pages.py
    url_name: str
    viewer: str
    kwargs: Callable[[World], dict]
    arrange: Callable[[World], tuple[dict, list[str], list[str]]]
    first_header: str


def _programmes(world):
    ProgrammeFactory(title="=Solar A", organisation=world.a.coordinator_org)
    ProgrammeFactory(title="Solar B", organisation=world.b.coordinator_org)
    return {"q": "Solar"}, ["=Solar A"], ["Programme A", "Solar B"]


def _stage(status):
    def arrange(world):
        ProgrammeFactory(title="=Stage A", organisation=world.a.coordinator_org, status=status)
        ProgrammeFactory(title="Stage B", organisation=world.b.coordinator_org, status=status)
        ProgrammeFactory(title="Elsewhere A", organisation=world.a.coordinator_org, status=ProgrammeStatus.DRAFT)
        return {}, ["=Stage A"], ["Stage B", "Elsewhere A"]

    return arrange


def _campaigns(world):
    deadline = timezone.now() + datetime.timedelta(days=3)
    Campaign.objects.create(programme=world.a.programme, title="=Needs extra", deadline=deadline)
    return {}, ["=Needs extra", "Needs A"], ["Needs B"]


def _organisations(world):
    OrganisationFactory(name="=Village A", parent=world.a.coordinator_org)
    OrganisationFactory(name="Village B", parent=world.b.coordinator_org)
    return {}, ["=Village A", "Town A"], ["Village B", "Town B"]


def _pending(side: Side, name: str):
    person = member(side.municipality, Role.LG_STAFF, full_name=name)
    EnrolmentFactory(
        programme=side.programme, person=person, organisation=side.coordinator_org, approval=ApprovalStatus.PENDING
    )


def _approvals(world):
    _pending(world.a, "=Pending A")
    _pending(world.b, "Pending B")
    return {}, ["=Pending A"], ["Pending B"]


def _my_sessions(world):
    past = timezone.now() - datetime.timedelta(days=10)
    SessionFactory(programme=world.a.programme, title="=Old A", starts_at=past)
    SessionFactory(programme=world.b.programme, title="Old B", starts_at=past)
    return {"when": "past"}, ["=Old A"], ["Workshop A", "Old B", "Workshop B"]


def _series(world):
    WorkshopSeriesFactory(programme=world.a.programme, title="=Series A")
    WorkshopSeriesFactory(programme=world.b.programme, title="Series B")
    return {}, ["=Series A"], ["Series B"]


def _tasks(world):
    PracticalTaskFactory(programme=world.a.programme, title="=Task A")
    PracticalTaskFactory(programme=world.b.programme, title="Task B")
    return {}, ["=Task A"], ["Task B"]


def _timeline(world):
    SessionFactory(programme=world.a.programme, title="=Visit A")
    SessionFactory(programme=world.b.programme, title="Visit B")
    return {}, ["=Visit A", "Workshop A"], ["Visit B", "Workshop B"]


def _venues(world):
    VenueFactory(organisation=world.a.coordinator_org, name="=Hall A")
    VenueFactory(organisation=world.b.coordinator_org, name="Hall B")
    return {}, ["=Hall A"], ["Hall B"]


def _checklist(world):
    ChecklistItemFactory(programme=world.a.programme, title="=Rooms booked", status="done")
    ChecklistItemFactory(programme=world.a.programme, title="Rooms to find", status="todo")
    ChecklistItemFactory(programme=world.b.programme, title="Rooms B", status="done")
    return {"status": "done"}, ["=Rooms booked"], ["Rooms to find", "Rooms B"]


def _templates(world):
    ChecklistTemplateFactory(organisation=world.a.coordinator_org, name="=Template A")
    ChecklistTemplateFactory(organisation=world.b.coordinator_org, name="Template B")
    return {}, ["=Template A"], ["Template B"]


def _risks(world):
    RiskFactory(programme=world.a.programme, title="=Flood", status="open")
    RiskFactory(programme=world.a.programme, title="Closed risk", status="closed")
    RiskFactory(programme=world.b.programme, title="Risk of B")
    return {"status": "open"}, ["=Flood"], ["Closed risk", "Risk of B"]


def _my_notifications(world):
    return {}, ["Programme A"], ["Programme B"]


def _failed(side: Side, name: str):
    notification = notification_schedule(
        kind="session_reminder",
        recipient=member(side.municipality, Role.LG_STAFF, full_name=name),
        target=side.session,
        due_at=timezone.now(),
        occurrence="day",
        programme=side.programme,
    )
    Notification.objects.filter(pk=notification.pk).update(state=NotificationState.FAILED, last_error="=bounced")


def _reminders(world):
    _failed(world.a, "=Failed A")
    _failed(world.b, "Failed B")
    return {"state": NotificationState.FAILED}, ["=Failed A", "=bounced"], ["Employee A", "Failed B"]


def _modules(world):
    Module.objects.create(programme=world.a.programme, title="=Module A")
    Module.objects.create(programme=world.b.programme, title="Module B")
    return {}, ["=Module A"], ["Module B"]


def _evaluations(world):
    Evaluation.objects.filter(pk=evaluation_rows.evaluation(world).pk).update(title="=Evaluation A")
    now = timezone.now()
    Evaluation.objects.create(
        programme=world.b.programme,
        questionnaire=default_questionnaire(organisation=world.b.coordinator_org),
        title="Evaluation B",
        audience=Audience.ENROLLED,
        opens_at=now,
        closes_at=now + datetime.timedelta(days=5),
    )
    return {}, ["=Evaluation A"], ["Evaluation B"]


def _invitees(world):
    evaluation = evaluation_rows.evaluation(world)
    person = member(world.a.municipality, Role.LG_STAFF, full_name="=Invited A")
    evaluation.invitees.create(person=person, organisation=world.a.municipality)
    return {}, ["=Invited A", "Employee A"], ["Employee B"]


def _questionnaires(world):
    Questionnaire.objects.create(organisation=world.a.coordinator_org, title="=Questionnaire A")
    Questionnaire.objects.create(organisation=world.b.coordinator_org, title="Questionnaire B")
    return {}, ["=Questionnaire A"], ["Questionnaire B"]


CASES = [
    Case("programme list", "programmes:list", "coordinator", NO_KWARGS, _programmes, "Programme"),
    Case(
        "needs assessment index",
        "assessments:index",
        "coordinator",
        NO_KWARGS,
        _stage(ProgrammeStatus.NEEDS_ASSESSMENT),
        "Programme",
    ),
    Case("matching index", "matching:index", "coordinator", NO_KWARGS, _stage(ProgrammeStatus.MATCHING), "Programme"),
    Case(
        "evaluation index",
        "evaluation:index",
        "coordinator",
        NO_KWARGS,
        _stage(ProgrammeStatus.EVALUATION),
        "Programme",
    ),
    Case("campaign list", "assessments:campaigns", "coordinator", NO_KWARGS, _campaigns, "Campaign"),
    Case("organisation list", "core:organisation_list", "coordinator", NO_KWARGS, _organisations, "Name"),
    Case("approvals", "programmes:approvals", "project_manager", NO_KWARGS, _approvals, "Person"),
    Case("my sessions", "programmes:my_sessions", "employee", NO_KWARGS, _my_sessions, "Session"),
    Case("workshop series", "programmes:series_list", "coordinator", PROGRAMME_KWARGS, _series, "Series"),
    Case("practical tasks", "programmes:task_list", "coordinator", PROGRAMME_KWARGS, _tasks, "Task"),
    Case("timeline", "programmes:timeline", "coordinator", PROGRAMME_KWARGS, _timeline, "Start"),
    Case("timeline (participant)", "programmes:timeline", "employee", PROGRAMME_KWARGS, _timeline, "Start"),
    Case("venue list", "logistics:venues", "coordinator", NO_KWARGS, _venues, "Venue"),
    Case("checklist", "logistics:checklist", "coordinator", PROGRAMME_KWARGS, _checklist, "Section"),
    Case("checklist templates", "logistics:templates", "coordinator", NO_KWARGS, _templates, "Template"),
    Case("risk register", "risks:register", "coordinator", PROGRAMME_KWARGS, _risks, "Risk"),
    Case("my notifications", "notifications:mine", "employee", NO_KWARGS, _my_notifications, "What"),
    Case("programme reminders", "notifications:programme", "coordinator", PROGRAMME_KWARGS, _reminders, "What"),
    Case("matching modules", "matching:modules", "coordinator", PROGRAMME_KWARGS, _modules, "Module"),
    Case(
        "programme evaluations",
        "evaluation:programme",
        "project_manager",
        PROGRAMME_KWARGS,
        _evaluations,
        "Evaluation",
    ),
    Case("evaluation invitees", "evaluation:detail", "project_manager", EVALUATION_KWARGS, _invitees, "Person"),
    Case("questionnaires", "evaluation:questionnaires", "coordinator", NO_KWARGS, _questionnaires, "Questionnaire"),
]
IDS = [case.label for case in CASES]


def _read(response, fmt: str) -> list[list[str]]:
    """The downloaded table, every cell as text."""
    assert response.status_code == 200, response.content[:300]
    if fmt == "csv":
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [["" if value is None else str(value) for value in row] for row in sheet.iter_rows(values_only=True)]


def _url(case: Case, world: World, query: dict, fmt: str | None = None) -> str:
    params = {**query, **({"export": fmt} if fmt else {})}
    url = reverse(case.url_name, kwargs=case.kwargs(world))
    return url + ("?" + "&".join(f"{key}={value}" for key, value in params.items()) if params else "")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_download_lists_the_filtered_rows_of_the_page(client, world, case, fmt):
    query, shown, hidden = case.arrange(world)
    client.force_login(world.a.people()[case.viewer])

    page = client.get(_url(case, world, query)).content.decode()
    table = _read(client.get(_url(case, world, query, fmt)), fmt)

    assert [name in page for name in shown + hidden] == [True] * len(shown) + [False] * len(hidden)
    header, *rows = table
    assert header[0] == case.first_header
    assert all(header)
    assert all(len(row) == len(header) for row in rows)
    cells = {value for row in rows for value in row}
    text = " ".join(cells)
    expected = [cell(name) for name in shown]  # "=…" comes back as the text "'=…", never a formula
    assert [name in cells or name in text for name in expected] == [True] * len(expected)
    assert [name in text for name in hidden] == [False] * len(hidden)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_download_has_every_row_not_only_the_first_page(client, world, case):
    page = next(page for page in PAGES if page.label == case.label)
    client.force_login(world.a.people()[case.viewer])
    url = reverse(case.url_name, kwargs=case.kwargs(world)) + "?export=csv"
    before = len(_read(client.get(url), "csv"))

    page.add_rows(world, 120)

    assert len(_read(client.get(url), "csv")) >= before + 120


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_download_query_count_does_not_grow_with_rows(client, world, case, fmt):
    page = next(page for page in PAGES if page.label == case.label)
    client.force_login(world.a.people()[case.viewer])
    url = reverse(case.url_name, kwargs=case.kwargs(world)) + f"?export={fmt}"

    measure = measure_page(client, url, lambda n: page.add_rows(world, n), small=page.small, large=page.large)

    assert (measure.queries_small, measure.rows_shown) == (measure.queries_large, True)


@pytest.mark.parametrize("case", [case for case in CASES if case.kwargs is not NO_KWARGS], ids=lambda case: case.label)
def test_outsider_cannot_download_another_organisations_list(client, world, case):
    client.force_login(world.b.people()[case.viewer])

    response = client.get(reverse(case.url_name, kwargs=case.kwargs(world)) + "?export=csv")

    assert response.status_code == 404


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_unknown_format_is_a_bad_request_that_says_why(client, world, case):
    client.force_login(world.a.people()[case.viewer])

    response = client.get(reverse(case.url_name, kwargs=case.kwargs(world)) + "?export=pdf")

    assert response.status_code == 400
    assert "csv, xlsx" in response.content.decode()


# The evaluation page (templates/evaluation/detail.html) does not link its invitee download yet.
LINKED = [case for case in CASES if case.url_name != "evaluation:detail"]


@pytest.mark.parametrize("case", LINKED, ids=lambda case: case.label)
def test_page_links_to_its_downloads_with_its_filters(client, world, case):
    query, _shown, _hidden = case.arrange(world)
    client.force_login(world.a.people()[case.viewer])

    page = client.get(_url(case, world, {**query, "page": 1})).content.decode()

    for fmt in ("csv", "xlsx"):
        link = "?" + "&amp;".join(f"{key}={value}" for key, value in {**query, "export": fmt}.items())
        assert link in page


def test_values_read_as_the_page_shows_them(settings):
    settings.TIME_ZONE = "Europe/Brussels"
    moment = datetime.datetime(2027, 3, 1, 8, 30, tzinfo=datetime.UTC)

    values = [
        plain(value)
        for value in (None, True, 3, Decimal("2.50"), datetime.date(2027, 3, 1), moment, ["a", "b"], "=1+1")
    ]

    assert values == ["", "Yes", 3, Decimal("2.50"), "2027-03-01", "2027-03-01 09:30", "a, b", "=1+1"]
    assert [cell(value) for value in values[-1:]] == ["'=1+1"]


def test_xlsx_keeps_numbers_as_numbers(rf):
    from core.exports import export_response

    request = rf.get("/?export=xlsx")
    columns = [Column("Name", lambda row: row[0]), Column("Amount", lambda row: row[1])]

    response = export_response(request, columns, [("-SUM(A1)", Decimal("12.50"))], filename="t", sheet_title="T")

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert list(sheet.iter_rows(values_only=True)) == [("Name", "Amount"), ("'-SUM(A1)", 12.5)]
