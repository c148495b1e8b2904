"""The programme report: read back from the PDF, cached by its data, long ones in the worker,
for the owning organisation's coordinators and project managers only, in the asker's language."""

import dataclasses
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from budget.models import CostLine
from budget.templatetags.budget_tags import money
from reports import programme as programme_report
from reports.documents import DOCUMENTS, LONG_PAGES
from reports.models import Report, ReportState

from .programme_data import build_report_data, municipal_employee

pytestmark = pytest.mark.django_db

SECTION_TITLES = [
    "Contents",
    "Summary",
    "Goals",
    "Participants",
    "Training needs",
    "Matches and groups",
    "Work programme",
    "Logistics",
    "Budget and funding",
    "Risks and readiness",
    "Evaluation results",
    "Knowledge gain",
]


def _url(programme):
    return reverse("reports:document", kwargs={"kind": "programme", "pk": programme.pk})


def _pdf(response) -> bytes:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def _text(pdf: bytes) -> tuple[list[str], str]:
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    return pages, "\n".join(pages)


@pytest.fixture
def data(world):
    return build_report_data(world)


def test_project_manager_downloads_a_report_with_every_section_names_totals_and_page_numbers(client, world, data):
    client.force_login(world.a.project_manager)

    pages, text = _text(_pdf(client.get(_url(world.a.programme))))

    for title in SECTION_TITLES:
        assert title in text, title
    assert data.first_name in text
    assert "Programme A" in pages[0] and "Agency A" in pages[0]
    # The totals as the budget page writes them: planned 11,700.50, secured 10,500.00, gap 1,200.50.
    for amount in ("11700.50", "10500.00", "1200.50"):
        assert money(amount, "EUR") in text, money(amount, "EUR")
    assert len(pages) >= 3
    assert f"page 2 of {len(pages)}" in pages[1]
    assert f"page {len(pages)} of {len(pages)}" in pages[-1]
    assert "Programme A · Programme report" in pages[2]


def test_second_request_reuses_the_rendered_report(client, world, data):
    client.force_login(world.a.coordinator)
    first = _pdf(client.get(_url(world.a.programme)))

    second = _pdf(client.get(_url(world.a.programme)))

    assert Report.objects.filter(kind="programme", object_id=world.a.programme.pk).count() == 1
    assert first == second


def test_changed_data_gets_a_new_fingerprint_and_a_new_render(client, world, data):
    client.force_login(world.a.project_manager)
    before = programme_report.fingerprint(world.a.programme)
    _pdf(client.get(_url(world.a.programme)))

    CostLine.objects.create(
        programme=world.a.programme, category="equipment", description="Projector", planned_amount="450.00"
    )
    _pages, text = _text(_pdf(client.get(_url(world.a.programme))))

    assert programme_report.fingerprint(world.a.programme) != before
    assert Report.objects.filter(kind="programme", object_id=world.a.programme.pk).count() == 2
    assert "Projector" not in text  # cost lines are summed by category, not listed
    assert money("12150.50", "EUR") in text


def test_fingerprint_takes_a_fixed_number_of_queries(world, data, django_assert_num_queries):
    with django_assert_num_queries(1):
        programme_report.fingerprint(world.a.programme)
    with django_assert_num_queries(1):
        programme_report.estimate_pages(world.a.programme)


def test_a_long_report_is_made_by_the_worker_and_then_downloaded(
    client, world, data, monkeypatch, django_capture_on_commit_callbacks
):
    long_report = dataclasses.replace(DOCUMENTS["programme"], estimate_pages=lambda programme: LONG_PAGES + 30)
    monkeypatch.setitem(DOCUMENTS, "programme", long_report)
    client.force_login(world.a.project_manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(_url(world.a.programme))

    assert response.status_code == 202
    assert b"report-status" in response.content
    report = Report.objects.get(kind="programme", object_id=world.a.programme.pk)
    assert (report.state, report.progress) == (ReportState.READY, 100)
    status = client.get(reverse("reports:status", kwargs={"pk": report.pk}))
    assert "Download the PDF" in status.content.decode()
    _pages, text = _text(_pdf(client.get(_url(world.a.programme))))
    assert "Work programme" in text


@pytest.mark.parametrize("outsider", ["other_coordinator", "employee", "tutor"])
def test_nobody_outside_the_owning_organisation_management_gets_the_report(client, world, data, outsider):
    people = {
        "other_coordinator": world.b.coordinator,
        "employee": municipal_employee(world),
        "tutor": world.a.tutor,
    }
    client.force_login(people[outsider])

    assert client.get(_url(world.a.programme)).status_code == 404
    assert not Report.objects.exists()


def test_report_is_made_in_the_language_of_the_person_asking(client, world, data):
    manager = world.a.project_manager
    manager.preferred_language = "nl"
    manager.save()
    client.force_login(manager)

    _pdf(client.get(_url(world.a.programme), HTTP_ACCEPT_LANGUAGE="nl"))
    client.cookies["django_language"] = "en"
    _pdf(client.get(_url(world.a.programme), HTTP_ACCEPT_LANGUAGE="en"))

    assert sorted(Report.objects.values_list("language", flat=True)) == ["en", "nl"]


def test_programme_page_links_the_report_for_its_managers_only(client, world):
    url = reverse("programmes:detail", kwargs={"pk": world.a.programme.pk})
    link = _url(world.a.programme)

    for manager in (world.a.coordinator, world.a.project_manager):
        client.force_login(manager)
        assert link in client.get(url).content.decode()
    client.force_login(world.a.employee)
    assert link not in client.get(url).content.decode()


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.mark.parametrize(
    ("name", "content", "valid"),
    [
        ("logo.png", PNG, True),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", False),
        ("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", False),  # the name lies
        ("logo.jpg", PNG + b"\0" * (2 * 1024 * 1024), False),  # over 2 MB
    ],
)
def test_organisation_logo_is_a_png_or_jpeg_of_at_most_2_mb(world, settings, tmp_path, name, content, valid):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    organisation = world.a.coordinator_org
    organisation.logo = SimpleUploadedFile(name, content)

    if valid:
        organisation.full_clean()
        organisation.save()
        assert organisation.logo.name.startswith("logos/") and organisation.logo.name.endswith("/logo.png")
    else:
        with pytest.raises(ValidationError):
            organisation.full_clean()


def test_empty_sections_say_that_there_is_nothing_yet(client, world):
    client.force_login(world.a.project_manager)

    _pages, text = _text(_pdf(client.get(_url(world.a.programme))))

    for line in (
        "No goals written yet.",
        "Nobody has answered the needs assessment yet.",
        "No matches or groups yet.",
        "No checklist yet.",
        "No costs or funding recorded yet.",
        "No evaluation yet.",
        "knowledge gain cannot be measured.",
    ):
        assert line in text, line
