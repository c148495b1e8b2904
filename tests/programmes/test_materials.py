"""Preparation materials: checked uploads, kept privately, served only to the session's people."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programmes.enums import MaterialKind
from programmes.materials import PrivateStorage
from programmes.models import Material
from tests.factories import EnrolmentFactory, FileMaterialFactory, LinkMaterialFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _upload(client, world, **fields):
    data = {"title": "Slides", "kind": MaterialKind.FILE, "study_before": "on"} | fields
    return client.post(reverse("programmes:material_create", kwargs={"pk": world.a.session.pk}), data)


def test_coordinator_uploads_a_file_kept_under_a_random_private_folder(client, world, media):
    client.force_login(world.a.coordinator)

    response = _upload(client, world, file=SimpleUploadedFile("Slides SECAP.pdf", b"%PDF-1.4 body"))

    material = Material.objects.get()
    folders = material.file.name.split("/")
    assert (response.status_code, response.url) == (302, world.a.session.get_absolute_url())
    assert (folders[0], len(folders[3]), folders[4]) == ("materials", 22, "Slides_SECAP.pdf")
    assert (media / material.file.name).read_bytes() == b"%PDF-1.4 body"
    assert (material.uploaded_by, material.study_before, material.session) == (
        world.a.coordinator,
        True,
        world.a.session,
    )


def test_upload_of_a_forbidden_type_is_refused_with_the_reason(client, world):
    client.force_login(world.a.coordinator)

    response = _upload(client, world, file=SimpleUploadedFile("tool.exe", b"MZ"))

    assert response.status_code == 400
    assert response.context["material_form"].errors == {
        "file": [
            "Files of type “exe” cannot be uploaded. Allowed types: pdf, docx, xlsx, pptx, odt, ods, odp, txt, png, "
            "jpg, zip."
        ]
    }
    assert Material.objects.count() == 0


def test_upload_over_the_size_limit_is_refused_with_the_reason(client, world, settings):
    settings.MATERIAL_MAX_BYTES = 1024
    client.force_login(world.a.coordinator)

    response = _upload(client, world, file=SimpleUploadedFile("big.pdf", b"x" * 2048))

    assert response.status_code == 400
    assert response.context["material_form"].errors == {
        "file": ["The file is 2.0\xa0KB; a material may be at most 1.0\xa0KB."]
    }
    assert "a material may be at most" in response.content.decode()


def test_file_material_without_a_file_is_refused(client, world):
    client.force_login(world.a.coordinator)

    response = _upload(client, world)

    assert (response.status_code, response.context["material_form"].errors) == (
        400,
        {"file": ["Choose a file to upload."]},
    )


def test_session_tutor_adds_a_link(client, world):
    world.a.session.tutors.add(world.a.tutor)
    client.force_login(world.a.tutor)

    _upload(client, world, title="Guidebook", kind=MaterialKind.LINK, url="https://docs.example.org/guide")

    assert list(Material.objects.values_list("title", "kind", "url", "file")) == [
        ("Guidebook", "link", "https://docs.example.org/guide", "")
    ]


def test_link_keeps_no_file_chosen_by_mistake(client, world):
    client.force_login(world.a.coordinator)

    _upload(
        client,
        world,
        kind=MaterialKind.LINK,
        url="https://docs.example.org/guide",
        file=SimpleUploadedFile("notes.txt", b"notes"),
    )

    assert list(Material.objects.values_list("kind", "url", "file")) == [("link", "https://docs.example.org/guide", "")]


def test_attendee_cannot_add_materials(client, world):
    client.force_login(world.a.employee)

    response = _upload(client, world, kind=MaterialKind.LINK, url="https://docs.example.org/x")

    assert (response.status_code, Material.objects.count()) == (404, 0)


def test_private_files_have_no_public_address():
    with pytest.raises(ValueError, match="no public URL"):
        PrivateStorage().url("materials/2027/01/x/slides.pdf")


# --------------------------------------------------------------------------- download


def _download(client, user, material):
    client.force_login(user)
    return client.get(reverse("programmes:material_download", kwargs={"pk": material.pk}))


def test_attendee_downloads_the_file_as_an_attachment(client, world):
    material = FileMaterialFactory(session=world.a.session)

    response = _download(client, world.a.employee, material)

    assert (response.status_code, b"".join(response.streaming_content)) == (200, b"%PDF-1.4 slides")
    assert response["Content-Disposition"] == 'attachment; filename="slides.pdf"'


@pytest.mark.parametrize("person", ["coordinator", "project_manager", "tutor"])
def test_organisers_and_tutors_download(client, world, person):
    world.a.session.tutors.add(world.a.tutor)
    world.a.session.attendees.add(world.a.employee)
    material = FileMaterialFactory(session=world.a.session)

    assert _download(client, world.a.people()[person], material).status_code == 200


def test_participant_not_attending_the_session_gets_404(client, world):
    chosen = EnrolmentFactory(programme=world.a.programme).person
    world.a.session.attendees.set([chosen])
    material = FileMaterialFactory(session=world.a.session)

    assert (
        _download(client, world.a.employee, material).status_code,
        _download(client, chosen, material).status_code,
    ) == (
        404,
        200,
    )


def test_participant_who_declined_the_programme_gets_404(client, world):
    world.a.enrolment.acceptance = "declined"
    world.a.enrolment.save()
    material = FileMaterialFactory(session=world.a.session)

    assert _download(client, world.a.employee, material).status_code == 404


@pytest.mark.parametrize("person", ["coordinator", "project_manager", "tutor", "employee"])
def test_other_organisation_gets_404(client, world, person):
    material = FileMaterialFactory(session=world.a.session)

    assert _download(client, world.b.people()[person], material).status_code == 404


def test_removing_a_material_deletes_its_file(client, world, media, django_capture_on_commit_callbacks):
    material = FileMaterialFactory(session=world.a.session)
    path = media / material.file.name
    client.force_login(world.a.coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("programmes:material_delete", kwargs={"pk": material.pk}))

    assert (response.status_code, Material.objects.count(), path.exists()) == (302, 0, False)


def test_session_page_lists_materials_for_the_attendee_without_upload_form(client, world):
    LinkMaterialFactory(session=world.a.session, title="Guidebook")
    client.force_login(world.a.employee)

    response = client.get(world.a.session.get_absolute_url())

    assert response.status_code == 200
    assert [m.title for m in response.context["materials"]] == ["Guidebook"]
    assert response.context["material_form"] is None


def test_admin_shows_a_private_file_through_the_download_view(admin_client, world):
    material = FileMaterialFactory(session=world.a.session)

    pages = [
        admin_client.get(reverse("admin:programmes_material_change", args=[material.pk])),
        admin_client.get(reverse("admin:programmes_session_change", args=[world.a.session.pk])),
    ]

    assert [page.status_code for page in pages] == [200, 200]
    assert all(f'href="{material.href}"' in page.content.decode() for page in pages)
