"""iCalendar files: one session as an invitation attachment, or a person's feed of sessions."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText


def _domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def session_event(session, *, attendee: str = "") -> Event:
    event = Event()
    event.add("uid", f"session-{session.pk}@{_domain()}")
    event.add("summary", f"{session.title} – {session.programme.title}")
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("dtstamp", session.updated)
    # A moved session keeps its UID; the growing sequence makes calendars replace the old one.
    event.add("sequence", int(session.updated.timestamp()) - int(session.created.timestamp()))
    if session.place:
        event.add("location", vText(session.place))
    if session.online_url:
        event.add("url", session.online_url)
    if session.description:
        event.add("description", session.description)
    if attendee:
        # An invitation (METHOD:REQUEST) names who sends it and who it is for.
        event.add("organizer", vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}"))
        event.add("attendee", vCalAddress(f"mailto:{attendee}"), parameters={"RSVP": "FALSE"})
    return event


def session_calendar(sessions: Iterable, *, method: str = "PUBLISH", name: str = "", attendee: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//MIA tutoring and peer support//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    for session in sessions:
        calendar.add_component(session_event(session, attendee=attendee))
    return calendar.to_ical()
