"""The budget workbook: cost lines, funding and the schedule of a programme, one sheet each."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.exports import cell as safe_value
from programmes.models import Programme

from . import selectors
from .summary import ZERO, hours

MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.00"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def _cells(sheet, values, *, formats=None, bold=False):
    """One row of cells; `formats` maps a column index to its number format."""
    row = []
    for index, value in enumerate(values):
        cell = WriteOnlyCell(sheet, value=safe_value(value))
        if formats and index in formats and value is not None:
            cell.number_format = formats[index]
        if bold:
            cell.font = Font(bold=True)
        row.append(cell)
    return row


def _local(moment):
    # Excel has no time zones and keeps milliseconds at best: write the site's wall-clock time to the minute.
    return timezone.localtime(moment).replace(tzinfo=None, second=0, microsecond=0)


def _budget_sheet(workbook, programme, currency):
    sheet = workbook.create_sheet(_("Budget"))
    sheet.append(
        _cells(
            sheet,
            [
                _("Category"),
                _("Description"),
                _("Session"),
                _("Shared with"),
                _("Share (%)"),
                _("Planned (%(currency)s)") % {"currency": currency},
                _("Actual (%(currency)s)") % {"currency": currency},
                _("Programme's planned share (%(currency)s)") % {"currency": currency},
                _("Programme's actual share (%(currency)s)") % {"currency": currency},
            ],
            bold=True,
        )
    )
    formats = {4: PERCENT_FORMAT, 5: MONEY_FORMAT, 6: MONEY_FORMAT, 7: MONEY_FORMAT, 8: MONEY_FORMAT}
    totals = [ZERO, ZERO, ZERO, ZERO]
    for line in selectors.programme_cost_lines(programme):
        amounts = [line.planned_amount, line.actual_amount, line.planned_share, line.actual_share]
        totals = [total + (amount or ZERO) for total, amount in zip(totals, amounts, strict=True)]
        row = [
            line.get_category_display(),
            line.description,
            line.session.title if line.session else "",
            line.shared_with,
            line.shared_share_pct,
            *amounts,
        ]
        sheet.append(_cells(sheet, row, formats=formats))
    sheet.append(_cells(sheet, [_("Total"), "", "", "", None, *totals], formats=formats, bold=True))


def _funding_sheet(workbook, programme, currency, summary):
    sheet = workbook.create_sheet(_("Funding"))
    amount_header = _("Amount (%(currency)s)") % {"currency": currency}
    sheet.append(_cells(sheet, [_("Kind"), _("Name"), _("Status"), amount_header], bold=True))
    formats = {3: MONEY_FORMAT}
    for source in selectors.programme_funding_sources(programme):
        row = [source.get_kind_display(), source.name, source.get_status_display(), source.amount]
        sheet.append(_cells(sheet, row, formats=formats))
    for label, amount in (
        (_("Secured (granted and received)"), summary.funding.secured),
        (_("Requested"), summary.funding.requested),
        (_("Planned costs"), summary.planned),
        (_("Funding gap"), summary.gap),
        (_("Surplus"), summary.surplus),
    ):
        sheet.append(_cells(sheet, [label, "", "", amount], formats=formats, bold=True))


def _schedule_sheet(workbook, programme):
    sheet = workbook.create_sheet(_("Schedule"))
    headers = [_("Title"), _("Start"), _("End"), _("Duration (hours)"), _("Location")]
    sheet.append(_cells(sheet, headers, bold=True))
    formats = {1: DATETIME_FORMAT, 2: DATETIME_FORMAT, 3: "0.00"}
    for session in selectors.programme_schedule(programme):
        duration = hours(int(session.duration.total_seconds())).quantize(Decimal("0.01"))
        row = [session.title, _local(session.starts_at), _local(session.ends_at), duration, session.place]
        sheet.append(_cells(sheet, row, formats=formats))


def budget_workbook(programme: Programme) -> bytes:
    """The XLSX file of a programme's budget, in a fixed number of queries."""
    summary = selectors.budget_summary(programme)
    workbook = Workbook(write_only=True)
    _budget_sheet(workbook, programme, summary.currency)
    _funding_sheet(workbook, programme, summary.currency, summary)
    _schedule_sheet(workbook, programme)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
