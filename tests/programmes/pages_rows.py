"""Rows for the work-programme pages of tests/pages.py: sessions, materials, series, tasks."""

from __future__ import annotations

import datetime

from django.utils import timezone

from programmes.enums import EnrolmentRole

from ..factories import (
    EnrolmentFactory,
    LinkMaterialFactory,
    PracticalTaskFactory,
    SessionFactory,
    TopicFactory,
    WorkshopSeriesFactory,
)
from ..world import World


def participants(world: World, n: int):
    """People enrolled in programme A: attendees of its sessions, choices of its forms."""
    for _ in range(n):
        EnrolmentFactory(programme=world.a.programme, organisation=world.a.municipality)


def tutors(world: World, n: int):
    for _ in range(n):
        EnrolmentFactory(programme=world.a.programme, organisation=world.a.coordinator_org, role=EnrolmentRole.TUTOR)


def materials_and_people(world: World, n: int):
    participants(world, n)
    for _ in range(n):
        LinkMaterialFactory(session=world.a.session)


def started_session(world: World) -> dict:
    start = timezone.now() - datetime.timedelta(hours=1)
    session = SessionFactory(programme=world.a.programme, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    return {"pk": session.pk}


def planned_sessions(world: World, n: int):
    """Sessions of programme A, each with a topic, a tutor and a material."""
    for _ in range(n):
        session = SessionFactory(programme=world.a.programme, topic=TopicFactory())
        session.tutors.add(world.a.tutor)
        LinkMaterialFactory(session=session)


def my_sessions(world: World, n: int):
    """Sessions the employee of A attends: by enrolment, chosen as attendee, with materials."""
    for i in range(n):
        session = SessionFactory(programme=world.a.programme)
        if i % 2:
            session.attendees.add(world.a.employee)
        LinkMaterialFactory(session=session)


def series(world: World, n: int):
    for _ in range(n):
        workshop_series = WorkshopSeriesFactory(programme=world.a.programme)
        SessionFactory(programme=world.a.programme, series=workshop_series)
        PracticalTaskFactory(programme=world.a.programme, series=workshop_series)


def tasks(world: World, n: int):
    workshop_series = WorkshopSeriesFactory(programme=world.a.programme)
    for _ in range(n):
        PracticalTaskFactory(programme=world.a.programme, series=workshop_series, owner=world.a.employee)


def task(world: World) -> dict:
    return {"pk": PracticalTaskFactory(programme=world.a.programme).pk}
