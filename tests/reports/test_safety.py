"""Documents fetch nothing from outside: only the project's static files and the document's own
uploads, never the network or the file system; user text is shown as text; renders time out."""

import io
import socket

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reports import programme as programme_report
from reports import rendering
from reports.rendering import FetchRefused, RenderTimeout, make_fetcher, render_pdf

from .programme_data import build_report_data

pytestmark = pytest.mark.django_db

IMG_HTTP = '<img src="http://127.0.0.1:9/x.png">'
IMG_FILE = '<img src="file:///etc/passwd">'
STYLE_IMPORT = '<style>@import url("http://127.0.0.1:9/x.css");</style>'
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def no_network(monkeypatch):
    """Any connection attempt is recorded and refused."""
    attempts = []

    def connect(self, address, *args):
        attempts.append(address)
        raise OSError("network is off in this test")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect)
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: connect(None, address))
    return attempts


@pytest.fixture
def fetched(monkeypatch):
    """Every URL the renderer's fetcher is asked for, allowed or not."""
    urls = []
    original = rendering.make_fetcher

    def recording(allowed_uploads=()):
        fetcher = original(allowed_uploads)
        inner = fetcher.fetch

        def fetch(url, headers=None):
            urls.append(url)
            return inner(url, headers)

        fetcher.fetch = fetch
        return fetcher

    monkeypatch.setattr(rendering, "make_fetcher", recording)
    return urls


def test_markup_in_user_text_is_printed_as_text_and_fetches_nothing(client, world, no_network, fetched):
    build_report_data(world, participants=3, sessions=2)
    programme = world.a.programme
    programme.title = f"Programme A {IMG_FILE}"
    programme.goals = f"Reach every town. {IMG_HTTP} {STYLE_IMPORT}"
    programme.save()
    client.force_login(world.a.project_manager)

    response = client.get(reverse("reports:document", kwargs={"kind": "programme", "pk": programme.pk}))

    assert response.status_code == 200
    pdf = b"".join(response.streaming_content)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for payload in (IMG_HTTP, IMG_FILE, "@import url("):
        assert payload in text
    assert "static:css/print.css" in fetched  # the recorder sees what the renderer fetches
    assert [url for url in fetched if not url.startswith(("static:", "upload:"))] == []
    assert no_network == []


def test_a_tag_that_escaped_the_template_would_still_be_refused(no_network, fetched):
    html = (
        f'<html><head>{STYLE_IMPORT}<link rel="stylesheet" href="static:css/print.css"></head>'
        f'<body><p>x</p>{IMG_HTTP}{IMG_FILE}<img src="upload:logos/other/logo.png"></body></html>'
    )

    pdf = rendering.html_to_pdf(html)

    assert pdf.startswith(b"%PDF")
    assert "http://127.0.0.1:9/x.png" in fetched and "file:///etc/passwd" in fetched  # asked, and refused
    assert no_network == []


def test_fetcher_serves_static_files():
    response = make_fetcher().fetch("static:css/print.css")

    assert b"@page" in response.read()


@pytest.mark.parametrize(
    "url",
    [
        "static:../miaproject/settings/base.py",
        "static:css/../../manage.py",
        "static:/etc/passwd",
        "static:no-such-file.css",
        "http://127.0.0.1:9/x.png",
        "https://example.org/x.css",
        "file:///etc/passwd",
        "data:image/png;base64,iVBORw0KGgo=",
        "ftp://example.org/x",
    ],
)
def test_fetcher_refuses_everything_else(url, no_network):
    with pytest.raises(FetchRefused):
        make_fetcher().fetch(url)
    assert no_network == []


def test_fetcher_serves_an_allowed_upload_and_refuses_the_others(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    for name in ("logos/mine/logo.png", "logos/theirs/logo.png"):
        (tmp_path / name).parent.mkdir(parents=True)
        (tmp_path / name).write_bytes(PNG)
    (tmp_path.parent / "secret.txt").write_text("secret")
    fetcher = make_fetcher(["logos/mine/logo.png"])

    assert fetcher.fetch("upload:logos/mine/logo.png").read() == PNG
    for refused in (
        "upload:logos/theirs/logo.png",
        "upload:logos/mine/../theirs/logo.png",
        "upload:../secret.txt",
        "upload:/etc/passwd",
    ):
        with pytest.raises(FetchRefused):
            fetcher.fetch(refused)


def test_the_report_embeds_the_organisation_logo_and_nothing_else(world, settings, tmp_path, fetched):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = str(tmp_path)
    organisation = world.a.coordinator_org
    organisation.logo.save("agency.png", ContentFile(PNG))
    programme = programme_report.load(world.a.programme.pk)

    allowed = programme_report.allowed_uploads(programme)
    pdf = render_pdf("reports/programme.html", programme_report.context(programme), allowed_uploads=allowed)

    assert pdf.startswith(b"%PDF")
    assert allowed == (organisation.logo.name,) and organisation.logo.name.startswith("logos/")
    assert f"upload:{organisation.logo.name}" in fetched
    assert PdfReader(io.BytesIO(pdf)).pages[0].images  # the logo is on the cover


def test_a_render_over_its_time_limit_stops(world):
    build_report_data(world, participants=60, sessions=80)
    programme = programme_report.load(world.a.programme.pk)
    context = programme_report.context(programme)

    with pytest.raises(RenderTimeout):
        render_pdf("reports/programme.html", context, seconds=0.001)
