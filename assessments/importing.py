"""Read a list of invitees to a needs-assessment campaign and say what is wrong with it.

A coordinator pastes a list or uploads a CSV or XLSX file: one invitee a row, with name, e-mail and
organisation in the first three columns. :func:`parse_invitees` turns that into an :class:`ImportResult`
for the preview page: every row with the line number the coordinator sees in the source (header
included) and the reasons it cannot be imported, plus problems with the list as a whole.

Promises:

* nothing is saved and nothing is looked up: organisations come in as a name → id mapping;
* bad content never raises: an unreadable file, a strange encoding or a broken row becomes a problem
  or a row error, written as a short sentence for the coordinator and marked for translation;
* only wrong use of the API (no source, or two) raises :class:`ValueError`.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

NAME_MAX_LENGTH = 200  # User.full_name
EMAIL_MAX_LENGTH = 254  # User.email (EmailField's default)
COLUMNS = 3  # name, e-mail, organisation

# Words of a header cell, in the consortium's languages; compared with casefolded words of the cells.
HEADER_WORDS = frozenset(
    {
        # name
        "name",
        "names",
        "naam",
        "nom",
        "nome",
        "nombre",
        "ime",
        "imię",
        "όνομα",
        "ονοματεπώνυμο",
        # e-mail ("e-mail" is split into "e" and "mail")
        "email",
        "mail",
        "emailadres",
        "mailadres",
        "correo",
        "adresa",
        "address",
        "adres",
        "adresse",
        "indirizzo",
        "dirección",
    }
)
_WORD = re.compile(r"\w+")
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"  # zero-width characters that spreadsheets and web pages leave behind


@dataclass(frozen=True)
class InviteeRow:
    """One data row of the list, as read and checked; ``errors`` is empty when it can be imported."""

    line: int  # 1-based line (pasted text, CSV) or row (XLSX) number in the source, header included
    name: str
    email: str  # stripped and lower-cased
    organisation: str  # as typed, stripped
    organisation_id: int | None
    errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class ImportResult:
    """Every data row in source order, and the problems of the list as a whole."""

    rows: tuple[InviteeRow, ...]
    problems: tuple[str, ...] = ()

    @property
    def valid(self) -> tuple[InviteeRow, ...]:
        return tuple(row for row in self.rows if row.ok)

    @property
    def invalid(self) -> tuple[InviteeRow, ...]:
        return tuple(row for row in self.rows if not row.ok)

    @property
    def ok(self) -> bool:
        """True when the whole list can be imported: no problems, at least one row, every row valid."""
        return not self.problems and bool(self.rows) and not self.invalid


class _Unreadable(Exception):
    """The source cannot be read at all; the message is the problem to show."""


class _TooManyRows(Exception):
    pass


def parse_invitees(
    *,
    text: str | None = None,
    filename: str | None = None,
    content: bytes | None = None,
    organisations: dict[str, int],
    max_rows: int = 5000,
    max_bytes: int = 2_000_000,
) -> ImportResult:
    """Read invitees from pasted ``text`` or from an uploaded file (``filename`` and ``content``).

    Exactly one source must be given, else ``ValueError``. Pasted lines are split on a tab if the line
    has one (pasted from a spreadsheet), else on ``;`` if it has one, else on ``,``. A ``.csv`` file is
    decoded as UTF-8 (with or without BOM; UTF-16 with a BOM too), else Windows-1252, else Latin-1, and
    its delimiter is sniffed among ``,``, ``;`` and tab. A ``.xlsx`` file is read from its first
    worksheet. Any other file type, ``.xls`` included, is refused with a problem.

    Blank lines are skipped, and so is a first line that looks like a header. The first three cells are
    name, e-mail and organisation; further cells are ignored. Organisation names are matched against
    ``organisations`` ignoring case, surrounding and repeated spaces and Unicode normalisation form.

    A source over ``max_bytes`` (UTF-8 bytes for text) or with more than ``max_rows`` data rows gives a
    problem and no rows; reading stops there. A list without data rows gives the problem
    “The list is empty.”. Nothing is saved; bad content never raises.
    """
    from_file = filename is not None or content is not None
    if (text is None) == (not from_file):
        raise ValueError("Give either text, or filename and content, not both and not neither.")
    if from_file and (filename is None or content is None):
        raise ValueError("A file needs both filename and content.")

    if text is not None:
        if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
            return _refused(_("The list is larger than %(size)s; split it into smaller lists.") % _size(max_bytes))
        records = _text_records(text)
    else:
        assert filename is not None and content is not None
        if len(content) > max_bytes:
            return _refused(_("The file is larger than %(size)s; split it into smaller files.") % _size(max_bytes))
        suffix = PurePath(filename).suffix.casefold()
        if suffix == ".csv":
            records = _csv_records(content)
        elif suffix == ".xlsx":
            records = _xlsx_records(content)
        elif suffix == ".xls":
            return _refused(
                _(
                    "Old Excel files (.xls) cannot be read. Save the file as an Excel workbook (.xlsx) "
                    "or as CSV and upload it again."
                )
            )
        else:
            return _refused(
                _("“%(filename)s” is neither a CSV nor an XLSX file. Upload a .csv or .xlsx file.")
                % {"filename": PurePath(filename).name}
            )

    try:
        data = _limited(_without_header(_non_blank(records)), max_rows)
    except _Unreadable as error:
        return _refused(str(error))
    except _TooManyRows:
        return _refused(
            _("The list has more than %(max_rows)s rows; split it into smaller lists.") % {"max_rows": max_rows}
        )
    if not data:
        return _refused(_("The list is empty."))
    return ImportResult(rows=_checked(data, _OrganisationIndex(organisations)))


# --- Reading ---------------------------------------------------------------------------------------------

Record = tuple[int, list[str]]  # (line number as the user sees it, cells)


def _text_records(text: str) -> Iterator[Record]:
    for number, line in enumerate(text.splitlines(), start=1):
        separator = "\t" if "\t" in line else ";" if ";" in line else ","
        try:
            # csv copes with quoted cells such as "Jansen, Jan"; a line is never split across records here.
            cells = next(csv.reader([line], delimiter=separator, skipinitialspace=True), [])
        except csv.Error:
            cells = line.split(separator)
        yield number, cells


def _csv_records(content: bytes) -> Iterator[Record]:
    text = _decode(content)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for cells in reader:
            yield start, cells  # a record starts on the line after the previous one ended
            start = reader.line_num + 1
    except csv.Error as error:
        raise _Unreadable(
            _("This file could not be read as CSV (near line %(line)s).") % {"line": reader.line_num}
        ) from error


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's “Unicode text”
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")  # never fails


def _delimiter(text: str) -> str:
    # Whole lines only: a line cut in half can mislead the sniffer.
    sample = [line for line in text.splitlines()[:50] if line.strip()]
    if len(sample) == 1:
        # One line gives the sniffer no consistency to go by, and on a tie it prefers the comma:
        # “Ana;ana@example.org;Grad, Zaprešić” would be split on the comma. Decide as for pasted text.
        line = sample[0]
        return "\t" if "\t" in line else ";" if ";" in line else ","
    try:
        return csv.Sniffer().sniff("\n".join(sample), delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _xlsx_records(content: bytes) -> Iterator[Record]:
    # Imported here: only uploads of workbooks need openpyxl.
    from openpyxl import load_workbook

    unreadable = _Unreadable(_("This file could not be read as an Excel workbook."))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # zipfile, XML and openpyxl errors alike: the upload is not a workbook
        raise unreadable from error
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # stored dimensions can be wrong; read every row there is
        try:
            # Read-only sheets fill in missing rows, so the count is the row number Excel shows.
            for number, values in enumerate(sheet.iter_rows(max_col=COLUMNS, values_only=True), start=1):
                yield number, [_cell_text(value) for value in values]
        except Exception as error:  # the sheet's XML is read lazily, row by row
            raise unreadable from error
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 42.0 as typed: 42
    return str(value)


def _non_blank(records: Iterable[Record]) -> Iterator[Record]:
    for number, cells in records:
        cells = [_clean(cell) for cell in cells]
        if any(cells):
            yield number, cells


def _without_header(records: Iterable[Record]) -> Iterator[Record]:
    records = iter(records)
    for number, cells in records:
        if not _looks_like_header(cells):
            yield number, cells
        break
    yield from records


def _looks_like_header(cells: list[str]) -> bool:
    if any("@" in cell for cell in cells):
        return False  # an e-mail address: data, however it is labelled
    return any(word in HEADER_WORDS for cell in cells[:COLUMNS] for word in _WORD.findall(cell.casefold()))


def _limited(records: Iterable[Record], max_rows: int) -> list[Record]:
    kept = []
    for record in records:
        if len(kept) == max_rows:
            raise _TooManyRows
        kept.append(record)
    return kept


def _clean(value: str) -> str:
    return value.strip().strip(_INVISIBLE).strip()


# --- Checking --------------------------------------------------------------------------------------------


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


class _OrganisationIndex:
    def __init__(self, organisations: dict[str, int]):
        self.exact = {_clean(name): pk for name, pk in organisations.items()}
        self.by_key: dict[str, set[int]] = {}
        for name, pk in organisations.items():
            self.by_key.setdefault(_key(name), set()).add(pk)

    def find(self, typed: str) -> tuple[int | None, str | None]:
        """The id of the organisation typed, or an error."""
        if typed in self.exact:
            return self.exact[typed], None
        matches = self.by_key.get(_key(typed), set())
        if len(matches) == 1:
            return next(iter(matches)), None
        if matches:
            return None, _(
                "“%(organisation)s” matches more than one organisation: type the name exactly as it is listed."
            ) % {"organisation": typed}
        return None, _("Unknown organisation “%(organisation)s”: add it first or check the spelling.") % {
            "organisation": typed
        }


def _checked(records: list[Record], organisations: _OrganisationIndex) -> tuple[InviteeRow, ...]:
    rows = []
    first_line_of: dict[str, int] = {}
    for number, cells in records:
        name, email, organisation = [*cells, "", ""][:COLUMNS]
        email = email.lower()
        errors = []

        if len(cells) == 1:
            errors.append(
                _(
                    "Only one column found: the e-mail address and the organisation are missing. "
                    "Separate name, e-mail and organisation with a tab, a semicolon or a comma."
                )
            )
        elif len(cells) == 2:
            errors.append(_("Only two columns found: the organisation is missing."))

        if not name:
            errors.append(_("The name is missing."))
        elif len(name) > NAME_MAX_LENGTH:
            errors.append(_("The name is longer than %(max)s characters.") % {"max": NAME_MAX_LENGTH})

        if not email:
            if len(cells) >= 2:
                errors.append(_("The e-mail address is missing."))
        elif not _is_email(email):
            errors.append(_("“%(email)s” is not a valid e-mail address.") % {"email": email})

        organisation_id = None
        if not organisation:
            if len(cells) >= COLUMNS:
                errors.append(_("The organisation is missing."))
        else:
            organisation_id, error = organisations.find(organisation)
            if error:
                errors.append(error)

        if email:
            if email in first_line_of:
                errors.append(_("Duplicate of line %(line)s.") % {"line": first_line_of[email]})
            else:
                first_line_of[email] = number

        rows.append(
            InviteeRow(
                line=number,
                name=name,
                email=email,
                organisation=organisation,
                organisation_id=organisation_id,
                errors=tuple(errors),
            )
        )
    return tuple(rows)


def _is_email(email: str) -> bool:
    if len(email) > EMAIL_MAX_LENGTH:
        return False
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


def _refused(problem: str) -> ImportResult:
    return ImportResult(rows=(), problems=(problem,))


def _size(max_bytes: int) -> dict[str, str]:
    return {"size": filesizeformat(max_bytes)}
