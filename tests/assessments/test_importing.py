"""Reading a pasted or uploaded list of invitees: every row, every reason, nothing saved."""

from io import BytesIO

import pytest
from openpyxl import Workbook

from assessments.importing import ImportResult, InviteeRow, parse_invitees

ORGANISATIONS = {"Grad Zaprešić": 1, "Consell Comarcal del Vallès": 2, "Gemeente Houten": 3}


def summary(result: ImportResult) -> list[tuple]:
    return [(row.line, row.email, row.organisation_id, row.errors) for row in result.rows]


def paste(text: str, **kwargs) -> ImportResult:
    return parse_invitees(text=text, organisations=ORGANISATIONS, **kwargs)


def upload(filename: str, content: bytes, **kwargs) -> ImportResult:
    return parse_invitees(filename=filename, content=content, organisations=ORGANISATIONS, **kwargs)


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Pasted text -----------------------------------------------------------------------------------------


def test_pasted_comma_separated_lines_are_read_in_full():
    result = paste("Ana Horvat, Ana.Horvat@Zapresic.HR , Grad Zaprešić\nJan de Vries,jan@houten.nl,Gemeente Houten")

    assert result == ImportResult(
        rows=(
            InviteeRow(1, "Ana Horvat", "ana.horvat@zapresic.hr", "Grad Zaprešić", 1, ()),
            InviteeRow(2, "Jan de Vries", "jan@houten.nl", "Gemeente Houten", 3, ()),
        ),
        problems=(),
    )
    assert (result.ok, len(result.valid), result.invalid) == (True, 2, ())


def test_pasted_semicolon_lines_keep_commas_inside_cells():
    result = paste("Vries, Jan de; jan@houten.nl; Gemeente Houten")

    assert [(row.name, row.email, row.organisation_id, row.errors) for row in result.rows] == [
        ("Vries, Jan de", "jan@houten.nl", 3, ())
    ]


def test_pasted_tab_lines_from_a_spreadsheet_keep_commas_and_semicolons_inside_cells():
    result = paste(
        "Vries, Jan; de\tjan@houten.nl\tGemeente Houten\textra column\r\n"
        "Marta Puig\tmarta@vo.cat\tConsell Comarcal del Vallès"
    )

    assert [(row.line, row.name, row.email, row.organisation_id, row.errors) for row in result.rows] == [
        (1, "Vries, Jan; de", "jan@houten.nl", 3, ()),
        (2, "Marta Puig", "marta@vo.cat", 2, ()),
    ]


def test_separator_is_chosen_per_line():
    result = paste(
        "Ana;ana@zapresic.hr;Grad Zaprešić\nJan,jan@houten.nl,Gemeente Houten\nMarta\tmarta@vo.cat\tGemeente Houten"
    )

    assert summary(result) == [(1, "ana@zapresic.hr", 1, ()), (2, "jan@houten.nl", 3, ()), (3, "marta@vo.cat", 3, ())]


def test_quoted_cell_with_a_comma_in_a_pasted_comma_line():
    result = paste('"Vries, Jan de", jan@houten.nl, Gemeente Houten')

    assert [(row.name, row.organisation_id, row.errors) for row in result.rows] == [("Vries, Jan de", 3, ())]


@pytest.mark.parametrize(
    "header",
    [
        "Name, E-mail, Organisation",
        "Naam;E-mailadres;Organisatie",
        "Nom\tCourriel\tOrganisme",
        "Ime i prezime;Adresa e-pošte;Organizacija",
        "Imię i nazwisko,Adres e-mail,Organizacja",
        "Όνομα;Email;Οργανισμός",
        "Nombre,Correo electrónico,Organización",
    ],
)
def test_header_line_is_skipped_and_still_counts_as_line_1(header):
    result = paste(f"{header}\nJan,jan@houten.nl,Gemeente Houten")

    assert summary(result) == [(2, "jan@houten.nl", 3, ())]


def test_first_line_with_an_email_address_is_data_even_with_header_words():
    result = paste("Name Surname,name@houten.nl,Gemeente Houten")

    assert summary(result) == [(1, "name@houten.nl", 3, ())]


def test_only_the_first_line_can_be_a_header():
    result = paste("Name,E-mail,Organisation\nName,E-mail,Organisation")

    assert summary(result) == [
        (
            2,
            "e-mail",
            None,
            (
                "“e-mail” is not a valid e-mail address.",
                "Unknown organisation “Organisation”: add it first or check the spelling.",
            ),
        )
    ]


def test_blank_lines_are_ignored_but_line_numbers_stay_as_the_user_sees_them():
    result = paste(
        "\n"
        "Name,E-mail,Organisation\n"
        "   \n"
        "Ana,ana@zapresic.hr,Grad Zaprešić\n"
        "\t\t\n"
        ",,\n"
        "\n"
        "Jan,jan@houten.nl,Gemeente Houten\n"
    )

    assert summary(result) == [(4, "ana@zapresic.hr", 1, ()), (8, "jan@houten.nl", 3, ())]


def test_organisation_matches_ignoring_case_and_spaces_but_keeps_what_was_typed():
    result = paste("Ana, ana@zapresic.hr,   GRAD   zaprešić \nMarta;marta@vo.cat;consell comarcal\u00a0del VALLÈS")

    assert [(row.organisation, row.organisation_id, row.errors) for row in result.rows] == [
        ("GRAD   zaprešić", 1, ()),
        ("consell comarcal\u00a0del VALLÈS", 2, ()),
    ]


def test_organisation_written_with_decomposed_accents_matches():
    decomposed = "Consell Comarcal del Valle\u0300s"  # how macOS may write è

    result = paste(f"Marta;marta@vo.cat;{decomposed}")

    assert summary(result) == [(1, "marta@vo.cat", 2, ())]


def test_organisation_names_equal_but_for_case_must_be_typed_exactly():
    organisations = {"Gemeente Houten": 3, "GEMEENTE HOUTEN": 4}

    result = parse_invitees(
        text="A,a@houten.nl,Gemeente Houten\nB,b@houten.nl,GEMEENTE HOUTEN\nC,c@houten.nl,gemeente houten",
        organisations=organisations,
    )

    assert summary(result) == [
        (1, "a@houten.nl", 3, ()),
        (2, "b@houten.nl", 4, ()),
        (
            3,
            "c@houten.nl",
            None,
            ("“gemeente houten” matches more than one organisation: type the name exactly as it is listed.",),
        ),
    ]


# --- Row errors ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "errors"),
    [
        (" , jan@houten.nl, Gemeente Houten", ("The name is missing.",)),
        ("Jan, , Gemeente Houten", ("The e-mail address is missing.",)),
        ("Jan, jan(at)houten.nl, Gemeente Houten", ("“jan(at)houten.nl” is not a valid e-mail address.",)),
        ("Jan, jan@houten, Gemeente Houten", ("“jan@houten” is not a valid e-mail address.",)),
        ("Jan, jan@houten.nl,", ("The organisation is missing.",)),
        (
            "Jan, jan@houten.nl, Gemeente Houtem",
            ("Unknown organisation “Gemeente Houtem”: add it first or check the spelling.",),
        ),
        ("J" * 201 + ", jan@houten.nl, Gemeente Houten", ("The name is longer than 200 characters.",)),
        (
            "Jan Jansen jan@houten.nl Gemeente Houten",
            (
                "Only one column found: the e-mail address and the organisation are missing. "
                "Separate name, e-mail and organisation with a tab, a semicolon or a comma.",
            ),
        ),
        ("Jan, jan@houten.nl", ("Only two columns found: the organisation is missing.",)),
        (
            ",,Nowhere",
            (
                "The name is missing.",
                "The e-mail address is missing.",
                "Unknown organisation “Nowhere”: add it first or check the spelling.",
            ),
        ),
    ],
)
def test_row_error(line, errors):
    result = paste(line)

    assert ([row.errors for row in result.rows], result.problems, result.ok) == ([errors], (), False)


def test_name_of_exactly_200_characters_is_accepted():
    result = paste("J" * 200 + ", jan@houten.nl, Gemeente Houten")

    assert summary(result) == [(1, "jan@houten.nl", 3, ())]


def test_email_longer_than_the_user_model_allows_is_invalid():
    email = "j" * 64 + "@" + ".".join(["h" * 60] * 3) + ".nl"  # 250 characters with the dot: valid
    too_long = "j" * 64 + "@" + ".".join(["h" * 63] * 3) + ".nl"  # 259, though every part is within its limit

    result = paste(f"Jan,{email},Gemeente Houten\nJan,{too_long},Gemeente Houten")

    assert summary(result) == [
        (1, email, 3, ()),
        (2, too_long, 3, (f"“{too_long}” is not a valid e-mail address.",)),
    ]


def test_duplicate_email_keeps_the_first_and_points_later_ones_to_it():
    result = paste(
        "Name;E-mail;Organisation\n"
        "Ana;ana@zapresic.hr;Grad Zaprešić\n"
        "Jan;jan@houten.nl;Gemeente Houten\n"
        "Ana Horvat;ANA@Zapresic.hr;Grad Zaprešić\n"
        "Ana again;ana@zapresic.hr;Nowhere\n"
    )

    assert summary(result) == [
        (2, "ana@zapresic.hr", 1, ()),
        (3, "jan@houten.nl", 3, ()),
        (4, "ana@zapresic.hr", 1, ("Duplicate of line 2.",)),
        (
            5,
            "ana@zapresic.hr",
            None,
            ("Unknown organisation “Nowhere”: add it first or check the spelling.", "Duplicate of line 2."),
        ),
    ]
    assert ([row.line for row in result.valid], [row.line for row in result.invalid], result.ok) == (
        [2, 3],
        [4, 5],
        False,
    )


def test_zero_width_spaces_around_cells_are_dropped():
    result = paste("\ufeffJan\u200b,\u200bjan@houten.nl\u200b,Gemeente Houten")

    assert [(row.name, row.email, row.errors) for row in result.rows] == [("Jan", "jan@houten.nl", ())]


# --- CSV -------------------------------------------------------------------------------------------------


def test_csv_in_utf8_with_bom_and_comma():
    content = "Name,E-mail,Organisation\r\nAna Horvat,ana@zapresic.hr,Grad Zaprešić\r\n".encode("utf-8-sig")

    result = upload("invitees.csv", content)

    assert result.rows == (InviteeRow(2, "Ana Horvat", "ana@zapresic.hr", "Grad Zaprešić", 1, ()),)


def test_csv_in_cp1252_from_excel_with_semicolons():
    content = (
        "Nom;Correu;Organització\r\nMarta Puig;marta@vo.cat;Consell Comarcal del Vallès\r\n"
        "Jordi Solé;jordi@vo.cat;Consell Comarcal del Vallès Oriental\r\n"
    ).encode("cp1252")

    result = upload("Convidats.CSV", content)

    assert [(row.line, row.name, row.email, row.organisation, row.organisation_id) for row in result.rows] == [
        (2, "Marta Puig", "marta@vo.cat", "Consell Comarcal del Vallès", 2),
        (3, "Jordi Solé", "jordi@vo.cat", "Consell Comarcal del Vallès Oriental", None),
    ]
    assert result.rows[1].errors == (
        "Unknown organisation “Consell Comarcal del Vallès Oriental”: add it first or check the spelling.",
    )


def test_csv_with_bytes_undefined_in_cp1252_falls_back_to_latin1():
    content = "Marta Puig;marta@vo.cat;Consell Comarcal del Vallès\r\n".encode("cp1252") + b"X\x81;x@vo.cat;Nowhere\r\n"

    result = upload("invitees.csv", content)

    assert [(row.name, row.organisation_id) for row in result.rows] == [("Marta Puig", 2), ("X\x81", None)]


def test_csv_tab_separated_with_a_quoted_cell_over_two_lines_numbers_the_lines():
    content = (
        'Name\tE-mail\tOrganisation\n"Jan\nde Vries"\tjan@houten.nl\tGemeente Houten\n'
        "\n"
        "Ana\tana@zapresic.hr\tGrad Zaprešić\n"
    ).encode()

    result = upload("invitees.csv", content)

    assert [(row.line, row.name, row.email, row.organisation_id, row.errors) for row in result.rows] == [
        (2, "Jan\nde Vries", "jan@houten.nl", 3, ()),
        (5, "Ana", "ana@zapresic.hr", 1, ()),
    ]


def test_csv_of_one_semicolon_line_with_a_comma_in_the_organisation():
    organisations = {"Grad Zaprešić, Gradska uprava": 7}
    content = "Ana;ana@zapresic.hr;Grad Zaprešić, Gradska uprava\n".encode()

    result = parse_invitees(filename="invitees.csv", content=content, organisations=organisations)

    assert summary(result) == [(1, "ana@zapresic.hr", 7, ())]


def test_csv_with_semicolons_and_commas_inside_names():
    content = (
        b"Name;Email;Organisation\n"
        b"de Vries, Jan;jan@houten.nl;Gemeente Houten\n"
        b"Horvat, Ana;ana@zapresic.hr;Gemeente Houten\n"
    )

    result = upload("invitees.csv", content)

    assert [(row.line, row.name, row.organisation_id, row.errors) for row in result.rows] == [
        (2, "de Vries, Jan", 3, ()),
        (3, "Horvat, Ana", 3, ()),
    ]


def test_csv_with_a_single_column_is_read_with_commas():
    result = upload("invitees.csv", b"Jan Jansen\n")

    assert [(row.line, row.name, len(row.errors)) for row in result.rows] == [(1, "Jan Jansen", 1)]


def test_csv_saved_by_excel_as_unicode_text_is_read():
    content = "Name\tE-mail\tOrganisation\r\nAna\tana@zapresic.hr\tGrad Zaprešić\r\n".encode("utf-16")

    result = upload("invitees.csv", content)

    assert summary(result) == [(2, "ana@zapresic.hr", 1, ())]


def test_binary_garbage_named_csv_does_not_raise():
    result = upload("invitees.csv", bytes(range(256)) * 4)

    assert isinstance(result, ImportResult) and result.ok is False


# --- XLSX ------------------------------------------------------------------------------------------------


def test_xlsx_with_numbers_and_empty_cells():
    content = xlsx(
        [
            ["Name", "E-mail", "Organisation", "Notes"],
            ["Ana Horvat", "Ana@Zapresic.hr", "Grad Zaprešić", "first"],
            [],
            [42, "jan@houten.nl", "Gemeente Houten"],
            [3.0, None, "Gemeente Houten"],
            ["Marta", "marta@vo.cat", None],
            [None, None, None, "only a note"],
            ["Pi", "pi@houten.nl", 3.5],
        ]
    )

    result = upload("invitees.xlsx", content)

    assert [
        (row.line, row.name, row.email, row.organisation, row.organisation_id, row.errors) for row in result.rows
    ] == [
        (2, "Ana Horvat", "ana@zapresic.hr", "Grad Zaprešić", 1, ()),
        (4, "42", "jan@houten.nl", "Gemeente Houten", 3, ()),
        (5, "3", "", "Gemeente Houten", 3, ("The e-mail address is missing.",)),
        (6, "Marta", "marta@vo.cat", "", None, ("The organisation is missing.",)),
        (8, "Pi", "pi@houten.nl", "3.5", None, ("Unknown organisation “3.5”: add it first or check the spelling.",)),
    ]


def test_xlsx_reads_the_first_worksheet_only():
    workbook = Workbook()
    workbook.active.append(["Jan", "jan@houten.nl", "Gemeente Houten"])
    workbook.create_sheet("Other").append(["Ana", "ana@zapresic.hr", "Grad Zaprešić"])
    buffer = BytesIO()
    workbook.save(buffer)

    result = upload("invitees.xlsx", buffer.getvalue())

    assert summary(result) == [(1, "jan@houten.nl", 3, ())]


def test_xlsx_whose_data_starts_lower_down_keeps_the_row_numbers():
    workbook = Workbook()
    workbook.active["A5"] = "Jan"
    workbook.active["B5"] = "jan@houten.nl"
    workbook.active["C5"] = "Gemeente Houten"
    buffer = BytesIO()
    workbook.save(buffer)

    result = upload("invitees.xlsx", buffer.getvalue())

    assert summary(result) == [(5, "jan@houten.nl", 3, ())]


@pytest.mark.parametrize(
    "content",
    [b"not a workbook at all", b"PK\x03\x04" + b"\x00" * 100, b""],
    ids=["text", "broken-zip", "empty"],
)
def test_corrupt_xlsx_is_a_problem_not_an_exception(content):
    assert upload("invitees.xlsx", content) == ImportResult(
        rows=(), problems=("This file could not be read as an Excel workbook.",)
    )


def test_xlsx_that_is_a_zip_but_not_a_workbook_is_a_problem():
    import zipfile

    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")

    assert upload("invitees.xlsx", buffer.getvalue()).problems == ("This file could not be read as an Excel workbook.",)


def test_empty_xlsx_is_an_empty_list():
    assert upload("invitees.xlsx", xlsx([])) == ImportResult(rows=(), problems=("The list is empty.",))


# --- Refused files and lists -----------------------------------------------------------------------------


def test_old_excel_xls_is_refused_naming_the_accepted_formats():
    result = upload("Invitees.XLS", b"\xd0\xcf\x11\xe0")

    assert result == ImportResult(
        rows=(),
        problems=(
            "Old Excel files (.xls) cannot be read. Save the file as an Excel workbook (.xlsx) "
            "or as CSV and upload it again.",
        ),
    )


@pytest.mark.parametrize("filename", ["invitees.ods", "invitees.txt", "invitees", "C:\\Users\\ana\\list.pdf"])
def test_other_file_types_are_refused_naming_the_accepted_formats(filename):
    result = upload(filename, b"Jan,jan@houten.nl,Gemeente Houten")

    assert (result.rows, len(result.problems), "CSV" in result.problems[0], "XLSX" in result.problems[0]) == (
        (),
        1,
        True,
        True,
    )


def test_other_file_type_problem_names_the_file():
    assert upload("lijst.ods", b"").problems == (
        "“lijst.ods” is neither a CSV nor an XLSX file. Upload a .csv or .xlsx file.",
    )


def test_too_many_rows_is_a_problem_and_gives_no_rows():
    lines = "\n".join(f"P{n},p{n}@houten.nl,Gemeente Houten" for n in range(4))

    result = paste("Name,E-mail,Organisation\n" + lines, max_rows=3)

    assert result == ImportResult(rows=(), problems=("The list has more than 3 rows; split it into smaller lists.",))
    assert result.ok is False


def test_exactly_max_rows_with_header_and_blank_lines_is_accepted():
    lines = "\n\n".join(f"P{n},p{n}@houten.nl,Gemeente Houten" for n in range(3))

    result = paste("Name,E-mail,Organisation\n" + lines, max_rows=3)

    assert (result.ok, [row.line for row in result.rows]) == (True, [2, 4, 6])


def test_too_many_rows_in_xlsx():
    result = upload("invitees.xlsx", xlsx([["P", f"p{n}@houten.nl", "Gemeente Houten"] for n in range(6)]), max_rows=5)

    assert result.problems == ("The list has more than 5 rows; split it into smaller lists.",)


def test_too_large_file_is_a_problem_and_is_not_read():
    content = b"Jan,jan@houten.nl,Gemeente Houten\nAna,ana@zapresic.hr,Grad Zapre\xc5\xa1i\xc4\x87\n"
    assert len(content) == 70

    assert upload("invitees.csv", content, max_bytes=69) == ImportResult(
        rows=(), problems=("The file is larger than 69\xa0bytes; split it into smaller files.",)
    )
    assert upload("invitees.csv", content, max_bytes=70).ok is True


def test_too_large_pasted_text_counts_bytes_not_characters():
    text = "Ana,ana@zapresic.hr,Grad Zaprešić"  # 33 characters, 35 bytes in UTF-8

    assert paste(text, max_bytes=34) == ImportResult(
        rows=(), problems=("The list is larger than 34\xa0bytes; split it into smaller lists.",)
    )
    assert paste(text, max_bytes=35).ok is True


@pytest.mark.parametrize("text", ["", "\n\n  \n", "Name;E-mail;Organisation\n\n", ";;\n,,"])
def test_empty_list_is_a_problem(text):
    result = paste(text)

    assert (result, result.ok) == (ImportResult(rows=(), problems=("The list is empty.",)), False)


def test_empty_csv_is_an_empty_list():
    assert upload("invitees.csv", b"\xef\xbb\xbf").problems == ("The list is empty.",)


def test_result_with_rows_and_a_problem_is_not_ok():
    row = InviteeRow(1, "Jan", "jan@houten.nl", "Gemeente Houten", 3, ())

    assert (ImportResult(rows=(row,)).ok, ImportResult(rows=(row,), problems=("x",)).ok, ImportResult(rows=()).ok) == (
        True,
        False,
        False,
    )


# --- Wrong use of the API --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sources",
    [
        {},
        {"text": "Jan,jan@houten.nl,Gemeente Houten", "filename": "a.csv", "content": b""},
        {"text": "", "content": b""},
        {"filename": "a.csv"},
        {"content": b"Jan,jan@houten.nl,Gemeente Houten"},
    ],
    ids=["neither", "both", "text-and-content", "filename-only", "content-only"],
)
def test_value_error_unless_exactly_one_source(sources):
    with pytest.raises(ValueError):
        parse_invitees(organisations=ORGANISATIONS, **sources)
