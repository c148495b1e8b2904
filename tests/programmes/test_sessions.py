"""Sessions: the form (times in their zone, capacity, duration), their people, reminders with materials."""

import datetime

import pytest
from django.urls import reverse

from core.concurrency import EditConflict
from notifications.models import Notification
from notifications.services import notification_message
from programmes import selectors, services
from programmes.enums import AcceptanceStatus, SessionKind
from programmes.forms import SessionForm
from programmes.models import Session
from tests.factories import EnrolmentFactory, FileMaterialFactory, LinkMaterialFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
_HOUR = datetime.timedelta(hours=1)


def _data(**overrides):
    data = {
        "title": "Baseline inventories",
        "kind": SessionKind.LECTURE,
        "starts_at": "2030-03-01T10:00",
        "ends_at": "2030-03-01T12:30",
        "time_zone": "Europe/Brussels",
        "channel": "in_person",
        "location": "Provinciehuis",
        "language": "nl",
    }
    data.update(overrides)
    return data


def _form(world, **overrides):
    programme = world.a.programme
    return SessionForm(_data(**overrides), instance=Session(programme=programme), programme=programme)


def test_form_reads_the_times_in_the_chosen_time_zone(world):
    form = _form(world, time_zone="Asia/Tokyo")

    assert form.is_valid(), form.errors
    assert (form.instance.starts_at, form.instance.ends_at, form.instance.time_zone) == (
        datetime.datetime(2030, 3, 1, 1, 0, tzinfo=UTC),
        datetime.datetime(2030, 3, 1, 3, 30, tzinfo=UTC),
        "Asia/Tokyo",
    )


def test_form_without_time_zone_uses_the_site_zone(world):
    form = _form(world, time_zone="")

    assert form.is_valid(), form.errors
    assert (form.instance.starts_at, form.instance.time_zone) == (
        datetime.datetime(2030, 3, 1, 9, 0, tzinfo=UTC),
        "Europe/Brussels",
    )


def test_edit_form_shows_the_times_in_the_session_zone(world):
    session = SessionFactory(
        programme=world.a.programme,
        starts_at=datetime.datetime(2030, 3, 1, 1, 0, tzinfo=UTC),
        ends_at=datetime.datetime(2030, 3, 1, 3, 0, tzinfo=UTC),
        time_zone="Asia/Tokyo",
    )

    form = SessionForm(instance=session, programme=world.a.programme)

    assert (form["starts_at"].value(), form["ends_at"].value()) == (
        datetime.datetime(2030, 3, 1, 10, 0),
        datetime.datetime(2030, 3, 1, 12, 0),
    )
    assert 'value="2030-03-01T10:00"' in str(form["starts_at"])


def test_time_skipped_by_the_clock_change_is_refused(world):
    form = _form(world, starts_at="2030-03-31T02:30", ends_at="2030-03-31T04:00")

    assert form.errors == {"starts_at": ["This time does not exist in Europe/Brussels: the clocks change then."]}


def test_unknown_time_zone_is_refused(world):
    form = _form(world, time_zone="Mars/Olympus")

    assert list(form.errors) == ["time_zone"]


def test_session_ending_before_it_starts_is_refused(world):
    form = _form(world, ends_at="2030-03-01T09:00")

    assert form.errors == {"ends_at": ["A session must end after it starts."]}


def test_planned_duration_defaults_to_the_time_from_start_to_end(world):
    form = _form(world)

    assert form.is_valid(), form.errors
    assert form.instance.planned_minutes == 150


def test_email_exchange_keeps_its_own_planned_duration(world):
    form = _form(world, kind=SessionKind.EMAIL_EXCHANGE, ends_at="2030-03-15T10:00", planned_minutes="240")

    assert form.is_valid(), form.errors
    assert (form.instance.planned_minutes, form.instance.kind) == (240, SessionKind.EMAIL_EXCHANGE)


def test_moved_session_whose_duration_followed_its_times_keeps_following(world):
    session = services.session_save(session=_form(world).save(commit=False))
    data = _data(ends_at="2030-03-01T13:00", planned_minutes="150", version=session.version)

    form = SessionForm(data, instance=session, programme=world.a.programme)

    assert form.is_valid(), form.errors
    assert form.instance.planned_minutes == 180


def test_interpretation_languages_are_read_as_a_list_of_codes(world):
    good, bad = _form(world, interpretation_languages="fr, de,fr"), _form(world, interpretation_languages="fr, d e")

    assert (good.is_valid(), good.cleaned_data["interpretation_languages"]) == (True, ["fr", "de"])
    assert bad.errors == {
        "interpretation_languages": ["“d e” is not a language code; use a code such as en, fr or pt-BR."]
    }


def test_tutors_are_limited_to_the_programmes_tutors(world):
    form = _form(world, tutors=[world.a.employee.pk])
    allowed = _form(world, tutors=[world.a.tutor.pk])

    assert list(form.errors) == ["tutors"]
    assert allowed.is_valid(), allowed.errors


def test_attendees_are_limited_to_participants_who_did_not_decline(world):
    declined = EnrolmentFactory(programme=world.a.programme, acceptance=AcceptanceStatus.DECLINED).person

    form = _form(world, attendees=[declined.pk])

    assert list(form.errors) == ["attendees"]


def test_more_attendees_than_capacity_is_refused(world):
    form = _form(world, capacity="1", attendees=[world.a.employee.pk, world.a.tutor.pk])

    assert form.errors == {"attendees": ["The session has room for 1 person, but 2 are invited."]}


def test_capacity_below_everyone_enrolled_is_refused_when_nobody_is_chosen(world):
    form = _form(world, capacity="1")

    assert form.errors == {"capacity": ["The session has room for 1 person, but 2 are invited."]}


def test_capacity_error_keeps_the_typed_input_on_the_page(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("programmes:session_create", kwargs={"pk": world.a.programme.pk}),
        _data(capacity="1", attendees=[world.a.employee.pk, world.a.tutor.pk]),
    )

    assert response.status_code == 400
    assert "The session has room for 1 person, but 2 are invited." in response.content.decode()
    assert 'value="Baseline inventories"' in response.content.decode()
    assert not Session.objects.filter(title="Baseline inventories").exists()


def test_coordinator_creates_a_session_with_tutor_and_attendees(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("programmes:session_create", kwargs={"pk": world.a.programme.pk}),
        _data(tutors=[world.a.tutor.pk], attendees=[world.a.employee.pk], capacity="10"),
    )

    session = Session.objects.get(title="Baseline inventories")
    assert (response.status_code, response.url) == (302, session.get_absolute_url())
    assert (list(session.tutors.all()), list(session.attendees.all()), session.capacity) == (
        [world.a.tutor],
        [world.a.employee],
        10,
    )


# --------------------------------------------------------------------------- people


def test_without_chosen_attendees_everyone_enrolled_who_did_not_decline_attends(world):
    EnrolmentFactory(programme=world.a.programme, acceptance=AcceptanceStatus.DECLINED)

    people = set(selectors.session_people(world.a.session))

    assert people == {world.a.tutor, world.a.employee}


def test_chosen_attendees_and_tutors_are_the_sessions_people(world):
    other = EnrolmentFactory(programme=world.a.programme).person
    session = world.a.session
    session.attendees.set([other])
    session.tutors.set([world.a.tutor])

    assert set(selectors.session_people(session)) == {other, world.a.tutor}


def test_only_the_chosen_attendees_are_invited_and_reminded(world):
    other = EnrolmentFactory(programme=world.a.programme).person
    start = datetime.datetime.now(UTC).replace(microsecond=0) + datetime.timedelta(days=10)
    session = Session(programme=world.a.programme, title="Small group", starts_at=start, ends_at=start + _HOUR)

    services.session_save(session=session, attendees=[other], tutors=[world.a.tutor])

    reminded = Notification.objects.filter(object_id=session.pk, kind="session_reminder", content_type__model="session")
    assert sorted(set(reminded.values_list("recipient__email", flat=True))) == sorted(
        [other.email, world.a.tutor.email]
    )
    assert reminded.count() == 4


def test_removing_an_attendee_cancels_their_reminders(world):
    start = datetime.datetime.now(UTC).replace(microsecond=0) + datetime.timedelta(days=10)
    session = services.session_save(
        session=Session(programme=world.a.programme, title="Visit", starts_at=start, ends_at=start + _HOUR),
        attendees=[world.a.employee],
    )

    services.session_save(session=session, expected_version=session.version, attendees=[world.a.tutor])

    pending = Notification.objects.filter(object_id=session.pk, kind="session_reminder", state="pending")
    assert set(pending.values_list("recipient__email", flat=True)) == {world.a.tutor.email}


# --------------------------------------------------------------------------- reminders


def test_reminder_lists_the_materials_to_study_before_with_their_links(world):
    LinkMaterialFactory(session=world.a.session, title="SECAP guidebook", url="https://docs.example.org/guide")
    LinkMaterialFactory(session=world.a.session, title="Optional extra", study_before=False)

    message = notification_message(world.a.notification)

    html = message.alternatives[0][0]
    assert "SECAP guidebook: https://docs.example.org/guide" in message.body
    assert "Optional extra" not in message.body
    assert '<a href="https://docs.example.org/guide">SECAP guidebook</a>' in html
    assert f"/programmes/sessions/{world.a.session.pk}/" in message.body


def test_reminder_links_an_uploaded_material_to_its_checked_download(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "https://mia.example.org"
    material = FileMaterialFactory(session=world.a.session, title="Slides")

    message = notification_message(world.a.notification)

    assert f"Slides: https://mia.example.org/programmes/materials/{material.pk}/download/" in message.body


# --------------------------------------------------------------------------- concurrency


def test_second_save_of_a_session_with_the_old_version_is_refused(world):
    first, second = Session.objects.get(pk=world.a.session.pk), Session.objects.get(pk=world.a.session.pk)
    first.kind = SessionKind.STUDY_VISIT
    services.session_save(session=first, expected_version=1)
    second.capacity = 12

    with pytest.raises(EditConflict) as conflict:
        services.session_save(session=second, expected_version=1)

    changes = {label: value for label, value in conflict.value.changes.items() if label != "updated"}
    assert changes == {"kind": "Study visit", "capacity": "–"}
    assert Session.objects.get(pk=world.a.session.pk).capacity is None


def test_nobody_outside_the_programme_is_a_session_person(world):
    assert UserFactory() not in set(selectors.session_people(world.a.session))


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "refused"),
    [
        ("0001-01-01T00:00", "2030-03-01T12:30", "starts_at"),
        ("2030-03-01T10:00", "9999-12-31T23:59", "ends_at"),
    ],
)
def test_times_at_the_ends_of_the_calendar_are_refused_with_a_message(client, world, starts_at, ends_at, refused):
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("programmes:session_edit", kwargs={"pk": world.a.session.pk}),
        _data(starts_at=starts_at, ends_at=ends_at, version=world.a.session.version),
    )

    assert response.status_code == 400
    assert "Enter a date between Jan. 1, 2000 and Dec. 31, 2099." in response.context["form"].errors[refused]
    assert Session.objects.filter(pk=world.a.session.pk).values_list("starts_at", "ends_at").get() == (
        world.a.session.starts_at,
        world.a.session.ends_at,
    )


def test_a_refused_end_time_is_the_only_message_on_the_end(client, world):
    """The stored end is before the new start: only the refused value is reported, not the order."""
    client.force_login(world.a.coordinator)
    later = (world.a.session.ends_at + datetime.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M")

    response = client.post(
        reverse("programmes:session_edit", kwargs={"pk": world.a.session.pk}),
        _data(starts_at=later, ends_at="not a time", version=world.a.session.version),
    )

    assert (response.status_code, response.context["form"].errors["ends_at"]) == (400, ["Enter a valid date/time."])
    assert "A session must end after it starts." not in response.content.decode()
    assert Session.objects.get(pk=world.a.session.pk).ends_at == world.a.session.ends_at


def test_an_attendee_id_larger_than_any_is_refused_with_a_message(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("programmes:session_create", kwargs={"pk": world.a.programme.pk}), _data(attendees=["9" * 300])
    )

    assert response.status_code == 400
    assert response.context["form"].errors["attendees"] == [
        f"Select a valid choice. {'9' * 300} is not one of the available choices."
    ]
    assert not Session.objects.filter(title="Baseline inventories").exists()
