import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

D = Decimal


def _workbook(client, world):
    client.force_login(world.a.project_manager)
    response = client.get(reverse("budget:export", kwargs={"pk": world.a.programme.pk}))
    assert (response.status_code, response["Content-Disposition"]) == (
        200,
        f'attachment; filename="budget-{world.a.programme.pk}.xlsx"',
    )
    return load_workbook(io.BytesIO(response.content))


def _rows(sheet) -> list[tuple]:
    return [
        tuple(D(str(v)) if isinstance(v, float | int) else v for v in row) for row in sheet.iter_rows(values_only=True)
    ]


def _local(moment) -> datetime.datetime:
    return timezone.localtime(moment).replace(tzinfo=None, second=0, microsecond=0)


def test_workbook_has_budget_funding_and_schedule_sheets(client, world, budget):
    assert _workbook(client, world).sheetnames == ["Budget", "Funding", "Schedule"]


def test_budget_sheet_lists_lines_with_shares_and_totals(client, world, budget):
    sheet = _workbook(client, world)["Budget"]

    assert _rows(sheet) == [
        (
            "Category",
            "Description",
            "Session",
            "Shared with",
            "Share (%)",
            "Planned (EUR)",
            "Actual (EUR)",
            "Programme's planned share (EUR)",
            "Programme's actual share (EUR)",
        ),
        ("Rent", "Conference hall", None, "Energy Week 2027", D("25"), D("800"), D("1000"), D("200"), D("250")),
        (
            "Travel and accommodation",
            "Bus to Tienen",
            "Study visit",
            "Mobility network",
            D("33.33"),
            D("333.33"),
            None,
            D("111.098889"),
            None,
        ),
        ("Catering", "Lunches", "Workshop A", None, None, D("1234.56"), D("1300"), D("1234.56"), D("1300")),
        ("Total", None, None, None, None, D("2367.89"), D("2300"), D("1545.658889"), D("1550")),
    ]


def test_budget_sheet_formats_amounts_with_two_decimals(client, world, budget):
    sheet = _workbook(client, world)["Budget"]

    assert [cell.number_format for cell in sheet[2][5:9]] == ["#,##0.00"] * 4


def test_funding_sheet_lists_sources_and_the_gap(client, world, budget):
    sheet = _workbook(client, world)["Funding"]

    assert _rows(sheet) == [
        ("Kind", "Name", "Status", "Amount (EUR)"),
        ("Own funds", "Agency", "Received", D("500")),
        ("EU programme", "LIFE", "Granted", D("900")),
        ("National", "Energy ministry", "Requested", D("400")),
        ("Secured (granted and received)", None, None, D("1400")),
        ("Requested", None, None, D("400")),
        ("Planned costs", None, None, D("1545.658889")),
        ("Funding gap", None, None, D("145.658889")),
        ("Surplus", None, None, D("0")),
    ]


def test_schedule_sheet_lists_sessions_with_hours(client, world, budget):
    sheet = _workbook(client, world)["Schedule"]
    first, second = world.a.session, budget.session

    assert _rows(sheet) == [
        ("Title", "Start", "End", "Duration (hours)", "Location"),
        ("Workshop A", _local(first.starts_at), _local(first.ends_at), D("2"), "Town hall"),
        ("Study visit", _local(second.starts_at), _local(second.ends_at), D("3.5"), "Tienen"),
    ]


def test_currency_names_the_amount_columns(client, world, budget):
    client.force_login(world.a.coordinator)
    client.post(reverse("budget:currency", kwargs={"pk": world.a.programme.pk}), {"currency": "SEK"})

    sheet = _workbook(client, world)["Funding"]

    assert next(sheet.iter_rows(values_only=True)) == ("Kind", "Name", "Status", "Amount (SEK)")
