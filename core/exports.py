"""Table downloads: the same rows as CSV (UTF-8 with a byte-order mark, for spreadsheet programs) or XLSX.

A list page offers its rows for download on its own URL: `?export=csv` or `?export=xlsx` next to
the page's filters runs the same view, so the same scope and filters apply, and
`export_response` writes every row of the filtered list (not only the page on screen) with the
page's columns (`Column`).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EXPORT_PARAMETER = "export"
FORMATS = ("csv", "xlsx")
ITERATOR_CHUNK = 2000


def cell(value):
    """A value as a spreadsheet shows it, never as a formula: text people typed (a name like
    "=HYPERLINK(...)") is prefixed with an apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(header: Sequence, rows: Iterable[Sequence], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([cell(str(name)) for name in header])
    writer.writerows([cell(value) for value in row] for row in rows)
    return attachment(buffer.getvalue().encode("utf-8-sig"), f"{filename}.csv", "text/csv; charset=utf-8")


def xlsx_response(header: Sequence, rows: Iterable[Sequence], filename: str, *, sheet_title: str) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(sheet_title)[:31])
    sheet.append([cell(str(name)) for name in header])
    for row in rows:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return attachment(buffer.getvalue(), f"{filename}.xlsx", XLSX_TYPE)


def plain(value: Any) -> Any:
    """A value as a list page shows it, for a file: text for names and labels, ISO dates (local
    wall-clock time to the minute), numbers as numbers, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return round(value.total_seconds() / 3600, 2)
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, list | tuple | set):
        return ", ".join(str(plain(item)) for item in value)
    return str(value)


@dataclass(frozen=True)
class Column:
    """One column of a download: its translated header and how to read the value from a row."""

    header: str | Promise
    value: Callable[[Any], Any]


def export_format(request) -> str | None:
    """The download a request asks for (`?export=...`), or None for the page itself."""
    return request.GET.get(EXPORT_PARAMETER) or None


def export_response(
    request, columns: Sequence[Column], rows: Iterable[Any], *, filename: str, sheet_title
) -> HttpResponse:
    """Every row of a list page's (filtered) list as CSV or XLSX, as `?export=` asks.

    A queryset is read with `.iterator()` in large chunks, so its `prefetch_related` still runs once
    per chunk: the number of queries stays that of the page. An unknown format is a 400 that says
    which formats exist.
    """
    fmt = export_format(request)
    if fmt not in FORMATS:
        message = _("Unknown download format “%(format)s”: choose one of %(formats)s.") % {
            "format": fmt,
            "formats": ", ".join(FORMATS),
        }
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    if isinstance(rows, QuerySet):
        rows = rows.iterator(chunk_size=ITERATOR_CHUNK)
    header = [str(column.header) for column in columns]
    values = ([plain(column.value(row)) for column in columns] for row in rows)
    if fmt == "xlsx":
        return xlsx_response(header, values, filename, sheet_title=sheet_title)
    return csv_response(header, values, filename)


class ExportMixin:
    """For a ListView: `?export=csv|xlsx` downloads the whole filtered queryset with `export_columns`."""

    export_columns: Sequence[Column] = ()
    export_filename = "export"
    export_sheet_title: str | Promise = ""

    def get_export_columns(self) -> Sequence[Column]:
        return self.export_columns

    def get_export_filename(self) -> str:
        return self.export_filename

    def get_export_rows(self):
        return self.get_queryset()

    def get(self, request, *args, **kwargs):
        if export_format(request) is None:
            return super().get(request, *args, **kwargs)
        rows = self.get_export_rows()  # first: get_queryset() may set what the file name needs
        return export_response(
            request,
            self.get_export_columns(),
            rows,
            filename=self.get_export_filename(),
            sheet_title=self.export_sheet_title or self.get_export_filename(),
        )
