"""The kinds of notification, each with its default texts, essentialness and what it is about.

Another app adds a kind by registering it here; the outbox refuses any kind it does not know.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _


@dataclass
class Rendering:
    """What one notification says: placeholder values, the programme, and an optional calendar file."""

    values: dict[str, str]
    programme: object | None = None
    session: object | None = None
    extra: dict = field(default_factory=dict)
    calendar: bytes | None = None


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    essential: bool  # essential notifications cannot be switched off by the recipient
    subject: str
    opening: str
    describe: Callable[[object, object], Rendering]  # (notification, target) -> Rendering
    help: str = ""


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def session_when(session) -> str:
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    return f"{formats.date_format(start, 'DATETIME_FORMAT')} – {formats.time_format(end, 'TIME_FORMAT')}"


def _enrolment(notification, enrolment) -> Rendering:
    person = notification.recipient
    link = absolute(reverse("core:dashboard"))
    set_password_url = None
    if not person.has_usable_password():
        set_password_url = absolute(
            reverse(
                "password_reset_confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
                    "token": default_token_generator.make_token(person),
                },
            )
        )
        link = set_password_url
    programme = enrolment.programme
    return Rendering(
        values={"name": person.get_short_name(), "programme": programme.title, "link": link},
        programme=programme,
        extra={"enrolment": enrolment, "set_password_url": set_password_url},
    )


def _approval(notification, enrolment) -> Rendering:
    return Rendering(
        values={
            "name": notification.recipient.get_short_name(),
            "programme": enrolment.programme.title,
            "link": absolute(reverse("programmes:approvals")),
        },
        programme=enrolment.programme,
        extra={"enrolment": enrolment},
    )


def _session(notification, session) -> Rendering:
    from .calendar import session_calendar

    return Rendering(
        values={
            "name": notification.recipient.get_short_name(),
            "programme": session.programme.title,
            "session": session.title,
            "date": session_when(session),
            "place": session.place,
            "link": absolute(session.get_absolute_url()),
        },
        programme=session.programme,
        session=session,
        extra={"materials": _study_before(session)},
        calendar=session_calendar([session], method="REQUEST", attendee=notification.recipient.email),
    )


def _study_before(session) -> list[dict[str, str]]:
    """The materials to study before a session, each with the address that opens it."""
    return [
        {"title": material.title, "link": absolute(material.href) if material.is_file else material.href}
        for material in session.materials.filter(study_before=True).order_by("created")
    ]


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.code] = kind
    return kind


ENROLMENT_INVITATION = register(
    Kind(
        code="enrolment_invitation",
        label=_("Enrolment in a programme"),
        essential=True,
        subject=_("You are enrolled in “{programme}”"),
        opening=_("Dear {name},\n\nYou were enrolled in the programme “{programme}”. Taking part is your choice."),
        describe=_enrolment,
    )
)
APPROVAL_REQUEST = register(
    Kind(
        code="approval_request",
        label=_("Request to approve a participation"),
        essential=True,
        subject=_("Please approve a participation in “{programme}”"),
        opening=_("Dear {name},\n\nA member of your staff was enrolled in the programme “{programme}”."),
        describe=_approval,
    )
)
SESSION_INVITATION = register(
    Kind(
        code="session_invitation",
        label=_("Session invitation"),
        essential=True,
        subject=_("Invitation: {session} ({date})"),
        opening=_("Dear {name},\n\nYou are invited to “{session}” of the programme “{programme}”."),
        describe=_session,
    )
)
SESSION_REMINDER = register(
    Kind(
        code="session_reminder",
        label=_("Session reminder"),
        essential=False,
        subject=_("Reminder: {session} on {date}"),
        opening=_("Dear {name},\n\nA reminder that “{session}” of the programme “{programme}” is coming up."),
        describe=_session,
        help=_("Sent a week and a day before each session."),
    )
)


def optional_kinds() -> list[Kind]:
    return [kind for kind in KINDS.values() if not kind.essential]
