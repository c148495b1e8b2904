import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from core.enums import Role
from logistics.models import SessionLogistics, Venue
from programmes.enums import AcceptanceStatus
from tests.factories import EnrolmentFactory, SessionLogisticsFactory, VenueFactory, member

pytestmark = pytest.mark.django_db


def _venue_data(world, **overrides):
    return {
        "organisation": world.a.coordinator_org.pk,
        "name": "Provincial hall",
        "address": "Provincieplein 1, Leuven",
        "capacity": "40",
        "accessibility": "Step-free entrance",
        "equipment": "Projector, microphones",
    } | overrides


def test_coordinator_lists_venues_of_own_organisations_only(client, world):
    VenueFactory(organisation=world.a.coordinator_org, name="Hall A")
    VenueFactory(organisation=world.b.coordinator_org, name="Hall B")
    client.force_login(world.a.coordinator)

    response = client.get(reverse("logistics:venues"))

    assert [venue.name for venue in response.context["venues"]] == ["Hall A"]


def test_coordinator_creates_a_venue(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(reverse("logistics:venue_create"), _venue_data(world))

    venue = Venue.objects.get(name="Provincial hall")
    assert (response.status_code, venue.organisation, venue.capacity) == (302, world.a.coordinator_org, 40)


def test_venue_for_another_organisation_is_refused(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("logistics:venue_create"), _venue_data(world, organisation=world.b.coordinator_org.pk)
    )

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["organisation"]
    assert not Venue.objects.filter(name="Provincial hall").exists()


def test_bad_capacity_keeps_the_input(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(reverse("logistics:venue_create"), _venue_data(world, capacity="-3"))

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["capacity"]
    assert 'value="Provincial hall"' in response.content.decode()


def test_renaming_a_venue_to_a_taken_name_is_refused(client, world):
    VenueFactory(organisation=world.a.coordinator_org, name="Hall A")
    venue = VenueFactory(organisation=world.a.coordinator_org, name="Hall B")
    client.force_login(world.a.coordinator)

    response = client.post(reverse("logistics:venue_edit", kwargs={"pk": venue.pk}), _venue_data(world, name="Hall A"))

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["The organisation already has a venue with this name."]
    assert Venue.objects.get(pk=venue.pk).name == "Hall B"


@pytest.mark.parametrize("role", ["project_manager", "tutor", "employee"])
def test_only_coordinators_keep_venues(client, world, role):
    client.force_login(world.a.people()[role])

    assert client.get(reverse("logistics:venues")).status_code == 403


def _logistics_data(venue, **overrides):
    return {
        "venue": venue.pk if venue else "",
        "equipment": "Flip charts",
        "interpretation_languages": "English ↔ Dutch",
        "interpretation_notes": "",
        "catering_headcount": "12",
        "version": "1",
    } | overrides


def test_coordinator_saves_the_logistics_of_a_session(client, world):
    venue = VenueFactory(organisation=world.a.coordinator_org, capacity=30)
    client.force_login(world.a.coordinator)

    response = client.post(reverse("logistics:session", kwargs={"pk": world.a.session.pk}), _logistics_data(venue))

    saved = SessionLogistics.objects.get(session=world.a.session)
    assert (response.status_code, response.url) == (302, world.a.programme.get_absolute_url())
    assert (saved.venue, saved.catering_headcount, saved.interpretation_languages, saved.version) == (
        venue,
        12,
        "English ↔ Dutch",
        2,
    )


def test_page_warns_when_headcount_and_participants_exceed_the_capacity(client, world):
    venue = VenueFactory(organisation=world.a.coordinator_org, name="Small room", capacity=2)
    SessionLogisticsFactory(session=world.a.session, venue=venue, catering_headcount=5)
    EnrolmentFactory(programme=world.a.programme, organisation=world.a.municipality)
    EnrolmentFactory(programme=world.a.programme, acceptance=AcceptanceStatus.DECLINED)
    client.force_login(world.a.coordinator)

    response = client.get(reverse("logistics:session", kwargs={"pk": world.a.session.pk}))

    assert response.context["warnings"] == [
        "The catering headcount (5) exceeds the capacity of Small room (2).",
        "The programme has 3 participants, more than the capacity of Small room (2).",
    ]


def test_saving_a_too_small_venue_warns_after_saving(client, world):
    venue = VenueFactory(organisation=world.a.coordinator_org, name="Small room", capacity=10)
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("logistics:session", kwargs={"pk": world.a.session.pk}), _logistics_data(venue, catering_headcount="11")
    )

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Logistics of the session saved.",
        "The catering headcount (11) exceeds the capacity of Small room (10).",
    ]


def test_venue_fitting_everyone_gives_no_warning(client, world):
    SessionLogisticsFactory(session=world.a.session, venue__capacity=50, catering_headcount=20)
    client.force_login(world.a.coordinator)

    response = client.get(reverse("logistics:session", kwargs={"pk": world.a.session.pk}))

    assert response.context["warnings"] == []


def test_venue_of_another_organisation_cannot_be_chosen(client, world):
    other = VenueFactory(organisation=world.b.coordinator_org)
    client.force_login(world.a.coordinator)

    response = client.post(reverse("logistics:session", kwargs={"pk": world.a.session.pk}), _logistics_data(other))

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["venue"]
    assert 'value="Flip charts"' not in response.content.decode()  # a textarea keeps it as content instead
    assert "Flip charts" in response.content.decode()


def test_two_coordinators_filling_the_same_empty_logistics_conflict(client, world):
    venue = VenueFactory(organisation=world.a.coordinator_org, name="Hall A")
    other = member(world.a.coordinator_org, Role.COORDINATOR)
    url = reverse("logistics:session", kwargs={"pk": world.a.session.pk})
    client.force_login(world.a.coordinator)
    loaded = client.get(url).context["form"].initial["version"]
    client.force_login(other)
    client.post(url, _logistics_data(venue, version=loaded, catering_headcount="20"))
    client.force_login(world.a.coordinator)

    response = client.post(url, _logistics_data(None, version=loaded, catering_headcount="8"))

    body = response.content.decode()
    assert (loaded, response.status_code) == (1, 400)
    assert "Someone else saved this while you were editing" in body and "catering headcount: 20" in body
    assert SessionLogistics.objects.filter(session=world.a.session).values_list(
        "catering_headcount", "version"
    ).get() == (
        20,
        2,
    )


def test_programme_page_shows_the_logistics_section_to_its_coordinator(client, world):
    SessionLogisticsFactory(session=world.a.session, venue__name="Hall A", venue__capacity=1)
    client.force_login(world.a.coordinator)

    response = client.get(world.a.programme.get_absolute_url())

    section = response.context["logistics"]
    assert (section.progress.total, section.can_manage, section.swot_visible) == (0, True, False)
    assert [(row.session, row.logistics.venue.name, len(row.warnings)) for row in section.sessions] == [
        (world.a.session, "Hall A", 2)
    ]
    assert reverse("logistics:checklist", kwargs={"pk": world.a.programme.pk}) in response.content.decode()


def test_programme_page_hides_logistics_from_trainees(client, world):
    client.force_login(world.a.employee)

    response = client.get(world.a.programme.get_absolute_url())

    assert (response.context["logistics"].progress, response.context["logistics"].sessions) == (None, [])
    assert reverse("logistics:checklist", kwargs={"pk": world.a.programme.pk}) not in response.content.decode()
