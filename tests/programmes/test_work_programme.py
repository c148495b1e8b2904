"""Attendance, the timeline with planned hours, my sessions, workshop series and practical tasks."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from core.concurrency import EditConflict
from programmes import selectors, services
from programmes.enums import Method, TaskStatus
from programmes.models import Attendance, PracticalTask, Session, WorkshopSeries
from programmes.selectors import TopicHours
from tests.factories import (
    EnrolmentFactory,
    LinkMaterialFactory,
    ProgrammeFactory,
    SessionFactory,
    TopicFactory,
    WorkshopSeriesFactory,
)

pytestmark = pytest.mark.django_db


def _started(world):
    start = timezone.now() - datetime.timedelta(hours=1)
    return SessionFactory(programme=world.a.programme, starts_at=start, ends_at=start + datetime.timedelta(hours=2))


def _marks(session):
    return sorted(Attendance.objects.filter(session=session).values_list("person__full_name", "present", "marked_by"))


# --------------------------------------------------------------------------- attendance


def test_coordinator_ticks_who_came_and_the_others_are_absent(client, world):
    session = _started(world)
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("programmes:attendance", kwargs={"pk": session.pk}), {"present": [world.a.employee.pk]}
    )

    assert (response.status_code, response.url) == (302, session.get_absolute_url())
    assert _marks(session) == [("Employee A", True, world.a.coordinator.pk), ("Tutor A", False, world.a.coordinator.pk)]


def test_marking_again_updates_the_same_rows(client, world):
    session = _started(world)
    session.tutors.add(world.a.tutor)
    url = reverse("programmes:attendance", kwargs={"pk": session.pk})
    client.force_login(world.a.coordinator)
    client.post(url, {"present": [world.a.employee.pk]})
    client.force_login(world.a.tutor)

    client.post(url, {"present": [world.a.tutor.pk]})

    assert _marks(session) == [("Employee A", False, world.a.tutor.pk), ("Tutor A", True, world.a.tutor.pk)]


def test_attendance_form_shows_the_saved_ticks(client, world):
    session = _started(world)
    services.attendance_mark(session=session, present={world.a.employee.pk}, by=world.a.coordinator)
    client.force_login(world.a.coordinator)

    response = client.get(reverse("programmes:attendance", kwargs={"pk": session.pk}))

    assert response.context["form"].initial == {"present": [world.a.employee.pk]}


def test_attendance_cannot_be_marked_before_the_session_starts(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("programmes:attendance", kwargs={"pk": world.a.session.pk}), {"present": [world.a.employee.pk]}
    )

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["Attendance can be marked once the session has started."]
    assert Attendance.objects.count() == 0


def test_only_the_sessions_people_can_be_ticked(client, world):
    session = _started(world)
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("programmes:attendance", kwargs={"pk": session.pk}), {"present": [world.b.employee.pk]}
    )

    assert (response.status_code, list(response.context["form"].errors)) == (400, ["present"])


def test_attendee_cannot_mark_attendance(client, world):
    session = _started(world)
    client.force_login(world.a.employee)

    response = client.post(
        reverse("programmes:attendance", kwargs={"pk": session.pk}), {"present": [world.a.employee.pk]}
    )

    assert (response.status_code, Attendance.objects.count()) == (404, 0)


# --------------------------------------------------------------------------- hours and timeline


def _hours_world(world):
    seap, finance = TopicFactory(name="SEAP", order=1), TopicFactory(name="Financing", order=2)
    Session.objects.filter(pk=world.a.session.pk).update(planned_minutes=60, topic=seap)
    SessionFactory(programme=world.a.programme, topic=seap, planned_minutes=90)
    SessionFactory(programme=world.a.programme, topic=finance, planned_minutes=45)
    SessionFactory(programme=world.a.programme, planned_minutes=30)
    SessionFactory(programme=world.b.programme, topic=seap, planned_minutes=600)
    return seap, finance


def test_planned_hours_of_a_programme_are_summed_by_the_database(world, django_assert_num_queries):
    _hours_world(world)

    with django_assert_num_queries(1):
        hours = selectors.planned_hours(world.a.programme.sessions.all())

    assert hours == Decimal("3.75")


def test_planned_hours_per_topic_with_sessions_without_topic_last(world, django_assert_num_queries):
    _hours_world(world)

    with django_assert_num_queries(1):
        rows = selectors.planned_hours_by_topic(world.a.programme.sessions.all())

    assert rows == [
        TopicHours("SEAP", 2, Decimal("2.50")),
        TopicHours("Financing", 1, Decimal("0.75")),
        TopicHours(None, 1, Decimal("0.50")),
    ]


def test_timeline_groups_sessions_by_month_and_draws_the_chart(client, world):
    _hours_world(world)
    march = timezone.make_aware(datetime.datetime(2031, 3, 5, 10))
    SessionFactory(programme=world.a.programme, title="Spring visit", starts_at=march, planned_minutes=60)
    client.force_login(world.a.coordinator)

    response = client.get(reverse("programmes:timeline", kwargs={"pk": world.a.programme.pk}))

    months = response.context["months"]
    assert (months[-1].first_day, [s.title for s in months[-1].sessions]) == (
        datetime.date(2031, 3, 1),
        ["Spring visit"],
    )
    assert response.context["planned_hours"] == Decimal("4.75")
    content = response.content.decode()
    assert content.count('class="bar"') == 5
    assert "<title>Spring visit: 2031-03-05 10:00 – 12:00</title>" in content


def test_participant_timeline_shows_only_their_sessions(client, world):
    other = SessionFactory(programme=world.a.programme, title="For the tutor only")
    other.attendees.add(world.a.tutor)
    client.force_login(world.a.employee)

    response = client.get(reverse("programmes:timeline", kwargs={"pk": world.a.programme.pk}))

    assert [s.title for month in response.context["months"] for s in month.sessions] == ["Workshop A"]


def test_programme_page_shows_planned_hours_and_links(client, world):
    Session.objects.filter(pk=world.a.session.pk).update(planned_minutes=90)
    world.a.programme.method = Method.PEER
    world.a.programme.save()
    WorkshopSeriesFactory(programme=world.a.programme)
    client.force_login(world.a.coordinator)

    response = client.get(world.a.programme.get_absolute_url())

    content = response.content.decode()
    assert response.context["work_programme"] == {
        "planned_hours": Decimal("1.50"),
        "is_peer": True,
        "series_count": 1,
        "open_tasks": 0,
    }
    assert reverse("programmes:timeline", kwargs={"pk": world.a.programme.pk}) in content
    assert reverse("programmes:series_list", kwargs={"pk": world.a.programme.pk}) in content
    assert world.a.session.get_absolute_url() in content


def test_programme_page_lists_only_the_participants_own_sessions(client, world):
    SessionFactory(programme=world.a.programme, title="Tutors only").attendees.add(world.a.tutor)
    client.force_login(world.a.employee)

    response = client.get(world.a.programme.get_absolute_url())

    assert [s.title for s in response.context["sessions"]] == ["Workshop A"]


# --------------------------------------------------------------------------- my sessions


def test_my_sessions_lists_attended_tutored_and_implicit_sessions(client, world):
    other_programme = ProgrammeFactory(organisation=world.a.coordinator_org)
    chosen = SessionFactory(programme=other_programme, title="Chosen")
    chosen.attendees.add(world.a.employee)
    SessionFactory(programme=world.a.programme, title="Others only").attendees.add(world.a.tutor)
    tutored = SessionFactory(programme=other_programme, title="Tutored by me")
    tutored.tutors.add(world.a.employee)
    past = SessionFactory(
        programme=world.a.programme,
        title="Last month",
        starts_at=timezone.now() - datetime.timedelta(days=30),
        ends_at=timezone.now() - datetime.timedelta(days=30) + datetime.timedelta(hours=1),
    )
    LinkMaterialFactory(session=world.a.session, title="Guidebook")
    client.force_login(world.a.employee)

    coming = client.get(reverse("programmes:my_sessions"))
    earlier = client.get(reverse("programmes:my_sessions"), {"when": "past"})

    assert sorted((s.title, s.i_tutor) for s in coming.context["sessions"]) == [
        ("Chosen", False),
        ("Tutored by me", True),
        ("Workshop A", False),
    ]
    assert [s.title for s in earlier.context["sessions"]] == [past.title]
    assert reverse("notifications:mine") in coming.content.decode()
    assert "https://docs.example.org/" in coming.content.decode()


def test_calendar_feed_follows_the_chosen_attendees(client, world):
    SessionFactory(programme=world.a.programme, title="Tutors only").attendees.add(world.a.tutor)

    sessions = selectors.sessions_of_person(world.a.employee, ending_after=timezone.now())

    assert [s.title for s in sessions] == ["Workshop A"]


# --------------------------------------------------------------------------- series and tasks


def _peer(world):
    world.a.programme.method = Method.PEER
    world.a.programme.save()
    return world.a.programme


def test_coordinator_adds_a_workshop_series_to_a_peer_programme(client, world):
    programme = _peer(world)
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("programmes:series_list", kwargs={"pk": programme.pk}), {"title": "Renovation", "description": "Four"}
    )

    assert response.status_code == 302
    assert list(WorkshopSeries.objects.values_list("programme", "title", "description")) == [
        (programme.pk, "Renovation", "Four")
    ]


def test_tutoring_programme_holds_no_workshop_series(world):
    with pytest.raises(services.NotAPeerProgramme):
        services.series_create(programme=world.a.programme, title="Series")


def test_same_series_title_twice_is_refused_with_a_message(client, world):
    programme = _peer(world)
    WorkshopSeriesFactory(programme=programme, title="Renovation")
    client.force_login(world.a.coordinator)

    response = client.post(reverse("programmes:series_list", kwargs={"pk": programme.pk}), {"title": "Renovation"})

    assert (response.status_code, response.context["form"].non_field_errors()) == (
        400,
        ["Workshop series with this Programme and Title already exists."],
    )
    assert WorkshopSeries.objects.count() == 1


def test_project_manager_reads_series_without_the_form(client, world):
    _peer(world)
    client.force_login(world.a.project_manager)

    response = client.get(reverse("programmes:series_list", kwargs={"pk": world.a.programme.pk}))
    refused = client.post(reverse("programmes:series_list", kwargs={"pk": world.a.programme.pk}), {"title": "X"})

    assert (response.status_code, response.context["form"], refused.status_code) == (200, None, 404)


def _task_data(world, **overrides):
    return {
        "title": "Draft the renovation plan",
        "owner": world.a.employee.pk,
        "due_date": "2027-04-01",
        "status": TaskStatus.TO_DO,
    } | overrides


def test_coordinator_creates_and_edits_a_practical_task(client, world):
    programme = _peer(world)
    client.force_login(world.a.coordinator)
    client.post(reverse("programmes:task_create", kwargs={"pk": programme.pk}), _task_data(world))
    task = PracticalTask.objects.get()

    response = client.post(
        reverse("programmes:task_edit", kwargs={"pk": task.pk}),
        _task_data(world, status=TaskStatus.IN_PROGRESS, version=task.version),
    )

    task.refresh_from_db()
    assert response.status_code == 302
    assert (task.title, task.owner, task.due_date, task.status, task.version) == (
        "Draft the renovation plan",
        world.a.employee,
        datetime.date(2027, 4, 1),
        TaskStatus.IN_PROGRESS,
        2,
    )


def test_task_owner_must_take_part_in_the_programme(client, world):
    programme = _peer(world)
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("programmes:task_create", kwargs={"pk": programme.pk}), _task_data(world, owner=world.b.employee.pk)
    )

    assert (response.status_code, list(response.context["form"].errors)) == (400, ["owner"])


def test_second_edit_of_a_task_with_the_old_version_shows_a_conflict(client, world):
    programme = _peer(world)
    task = services.task_save(task=PracticalTask(programme=programme, title="Plan"))
    url = reverse("programmes:task_edit", kwargs={"pk": task.pk})
    client.force_login(world.a.coordinator)
    client.post(url, _task_data(world, status=TaskStatus.DONE, version=1))

    response = client.post(url, _task_data(world, title="Another title", version=1))

    assert response.status_code == 400
    assert "Someone else saved this while you were editing" in response.content.decode()
    assert PracticalTask.objects.get().status == TaskStatus.DONE


def test_task_save_with_old_version_raises_edit_conflict(world):
    programme = _peer(world)
    task = services.task_save(task=PracticalTask(programme=programme, title="Plan"))
    stale = PracticalTask.objects.get(pk=task.pk)
    task.status = TaskStatus.DONE
    services.task_save(task=task, expected_version=1)

    with pytest.raises(EditConflict):
        services.task_save(task=stale, expected_version=1)


def test_participant_reads_tasks_but_cannot_create_them(client, world):
    _peer(world)
    EnrolmentFactory(programme=world.a.programme)
    client.force_login(world.a.employee)

    listing = client.get(reverse("programmes:task_list", kwargs={"pk": world.a.programme.pk}))
    create = client.get(reverse("programmes:task_create", kwargs={"pk": world.a.programme.pk}))

    assert (listing.status_code, listing.context["can_manage"], create.status_code) == (200, False, 404)
