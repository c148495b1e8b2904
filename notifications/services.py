"""The outbox: schedule, re-plan and cancel notifications; claim due ones; send each exactly once.

Guarantee (see README, "Reminders"): every notification is sent at least once unless it is
cancelled or fails after MAX_ATTEMPTS; it is sent twice only when the process sending it dies
after the mail server accepted the message and before the single UPDATE marking it sent reached
the database.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.broker import task_enqueue
from core.models import User

from .enums import NotificationState
from .kinds import KINDS, Kind
from .models import Notification, NotificationText
from .placeholders import fill, validate_placeholders

log = logging.getLogger(__name__)
State = NotificationState


def _config(name: str):
    return settings.NOTIFICATIONS[name]


def _kind(code: str) -> Kind:
    try:
        return KINDS[code]
    except KeyError:
        raise ValidationError(_("Unknown notification kind “%(kind)s”.") % {"kind": code}) from None


def _check_recipient(recipient: User) -> None:
    if not recipient.email:
        raise ValidationError(_("%(person)s has no e-mail address.") % {"person": recipient})


@dataclass(frozen=True)
class Planned:
    recipient: User
    occurrence: str
    due_at: datetime.datetime


def notification_schedule(
    *, kind: str, recipient: User, target, due_at: datetime.datetime, occurrence: str = "", programme=None
) -> Notification:
    """Schedule one notification. Scheduling the same (kind, recipient, target, occurrence) again
    returns the existing row, whatever its state: a reminder is never created twice."""
    _kind(kind)
    _check_recipient(recipient)
    content_type = ContentType.objects.get_for_model(target)
    notification, _created = Notification.objects.get_or_create(
        kind=kind,
        recipient=recipient,
        content_type=content_type,
        object_id=target.pk,
        occurrence=occurrence,
        defaults={"due_at": due_at, "programme": programme},
    )
    return notification


@transaction.atomic
def notifications_plan(*, kind: str, target, planned: Iterable[Planned], programme=None) -> dict[str, int]:
    """Make the pending notifications of one kind for one target exactly `planned`.

    Missing ones are scheduled, pending ones whose due time changed are moved, pending ones no
    longer planned are cancelled. Sent ones stay as they are: history is not rewritten.
    """
    _kind(kind)
    planned = list(planned)
    for item in planned:
        _check_recipient(item.recipient)
    content_type = ContentType.objects.get_for_model(target)
    existing = {
        (n.recipient_id, n.occurrence): n
        for n in Notification.objects.select_for_update().filter(
            kind=kind, content_type=content_type, object_id=target.pk
        )
    }
    counts = {"scheduled": 0, "moved": 0, "cancelled": 0}
    wanted = set()
    for item in planned:
        key = (item.recipient.pk, item.occurrence)
        wanted.add(key)
        current = existing.get(key)
        if current is None:
            Notification.objects.create(
                kind=kind,
                recipient=item.recipient,
                content_type=content_type,
                object_id=target.pk,
                occurrence=item.occurrence,
                due_at=item.due_at,
                programme=programme,
            )
            counts["scheduled"] += 1
        elif current.state in (State.PENDING, State.CANCELLED) and (
            current.due_at != item.due_at or current.state == State.CANCELLED
        ):
            current.due_at, current.state, current.claimed_at = item.due_at, State.PENDING, None
            current.save(update_fields=["due_at", "state", "claimed_at"])
            counts["moved"] += 1
    for key, notification in existing.items():
        if key not in wanted and notification.state == State.PENDING:
            notification.state = State.CANCELLED
            notification.save(update_fields=["state"])
            counts["cancelled"] += 1
    return counts


def notifications_reschedule(*, kind: str, target, due_at: datetime.datetime, occurrence: str | None = None) -> int:
    """Move the pending notifications of a kind for a target to a new due time."""
    _kind(kind)
    rows = Notification.objects.filter(
        kind=kind, content_type=ContentType.objects.get_for_model(target), object_id=target.pk, state=State.PENDING
    )
    if occurrence is not None:
        rows = rows.filter(occurrence=occurrence)
    return rows.update(due_at=due_at, claimed_at=None)


def notifications_cancel(*, target, kind: str | None = None, recipient: User | None = None) -> int:
    """Cancel what is still pending for a target (for example: the respondent answered)."""
    rows = Notification.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk, state=State.PENDING
    )
    if kind is not None:
        _kind(kind)
        rows = rows.filter(kind=kind)
    if recipient is not None:
        rows = rows.filter(recipient=recipient)
    return rows.update(state=State.CANCELLED)


def notification_resend(*, notification: Notification) -> Notification:
    """Give a failed notification a new round of attempts, due now."""
    if notification.state != State.FAILED:
        raise ValidationError(_("Only a failed notification can be sent again."))
    Notification.objects.filter(pk=notification.pk, state=State.FAILED).update(
        state=State.PENDING, attempts=0, due_at=timezone.now(), claimed_at=None, last_error=""
    )
    notification.refresh_from_db()
    return notification


def notifications_claim_due(*, now: datetime.datetime | None = None, batch: int | None = None) -> list[int]:
    """Claim one batch of due notifications for sending; two dispatchers never claim the same rows.

    A row claimed earlier whose send task was lost (a Redis restart, a killed worker) becomes
    claimable again after CLAIM_TIMEOUT; the send task's own check makes a second task harmless.
    """
    now = now or timezone.now()
    batch = batch or _config("BATCH")
    stale = now - datetime.timedelta(seconds=_config("CLAIM_TIMEOUT"))
    with transaction.atomic():
        ids = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(state=State.PENDING, due_at__lte=now)
            .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
            .order_by("due_at", "pk")
            .values_list("pk", flat=True)[:batch]
        )
        if ids:
            Notification.objects.filter(pk__in=ids).update(claimed_at=now)
    return ids


def notifications_recover_stuck(*, now: datetime.datetime | None = None) -> int:
    """Return to pending the rows whose sender died mid-send (older than SENDING_LEASE)."""
    now = now or timezone.now()
    lease = now - datetime.timedelta(seconds=_config("SENDING_LEASE"))
    return Notification.objects.filter(state=State.SENDING, sending_at__lt=lease).update(
        state=State.PENDING, claimed_at=None, last_error=_("The sending process stopped; sending again.")
    )


def _backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=_config("RETRY_BASE") * 2 ** max(attempts - 1, 0))


def _start_sending(notification_id: int) -> Notification | None:
    """Phase 1: lock the row and move it from pending to sending; None when there is nothing to do."""
    with transaction.atomic():
        notification = (
            # of=("self",): lock the outbox row only, not the recipient's user row it joins.
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.state != State.PENDING:
            return None
        kind = KINDS.get(notification.kind)
        if (
            kind is not None
            and not kind.essential
            and notification.kind in notification.recipient.notification_opt_outs
        ):
            notification.state = State.CANCELLED
            notification.last_error = _("The recipient switched this kind of notification off.")
            notification.save(update_fields=["state", "last_error"])
            return None
        notification.state = State.SENDING
        notification.sending_at = timezone.now()
        notification.attempts += 1
        notification.save(update_fields=["state", "sending_at", "attempts"])
    return notification


def _mark_sent(notification_id: int) -> None:
    """Phase 3: one autocommitted statement, so the window after the mail server accepted is tiny."""
    table = Notification._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET state = %s, sent_at = %s, last_error = '' WHERE id = %s AND state = %s",
            [State.SENT, timezone.now(), notification_id, State.SENDING],
        )


def _mark_failed_or_retry(notification: Notification, error: str, *, retry: bool) -> str:
    if retry and notification.attempts < _config("MAX_ATTEMPTS"):
        Notification.objects.filter(pk=notification.pk, state=State.SENDING).update(
            state=State.PENDING,
            due_at=timezone.now() + _backoff(notification.attempts),
            claimed_at=None,
            last_error=error[:2000],
        )
        return State.PENDING
    Notification.objects.filter(pk=notification.pk, state=State.SENDING).update(
        state=State.FAILED, last_error=error[:2000]
    )
    return State.FAILED


def notification_send(*, notification_id: int) -> str:
    """Send one notification if it is still pending; safe to call any number of times.

    Returns the state it leaves the row in, or "skipped" when another sender has it or it is done.
    """
    notification = _start_sending(notification_id)
    if notification is None:
        return "skipped"
    try:
        message = notification_message(notification)
    except Exception as error:
        log.exception("notification %s could not be rendered", notification_id)
        return _mark_failed_or_retry(notification, f"{type(error).__name__}: {error}", retry=False)
    try:
        message.send()
    except Exception as error:
        log.warning("notification %s not accepted by the mail server: %s", notification_id, error)
        return _mark_failed_or_retry(notification, f"{type(error).__name__}: {error}", retry=True)
    _mark_sent(notification_id)
    return State.SENT


def texts_for(kind: Kind, programme) -> tuple[str, str]:
    """The subject and opening to use: the programme's own, or the kind's default."""
    if programme is not None:
        custom = NotificationText.objects.filter(programme=programme, kind=kind.code).first()
        if custom is not None:
            return custom.subject, custom.opening
    return kind.subject, kind.opening


def render_texts(*, kind: Kind, subject: str, opening: str, rendering, recipient: User) -> dict[str, str]:
    """Subject, text and HTML bodies in the recipient's language."""
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        subject, opening = str(subject), str(opening)  # the kinds' defaults are lazy: translate them here
        filled_subject = fill(subject, rendering.values).replace("\n", " ").strip()
        context = {
            "kind": kind,
            "recipient": recipient,
            "opening": fill(opening, rendering.values),
            "values": rendering.values,
            "programme": rendering.programme,
            "session": rendering.session,
            "site_url": settings.SITE_URL.rstrip("/"),
            **rendering.extra,
        }
        text = render_to_string(f"notifications/email/{kind.code}.txt", context)
        html = render_to_string(f"notifications/email/{kind.code}.html", context)
    return {"subject": filled_subject, "text": text, "html": html}


def notification_message(notification: Notification) -> EmailMultiAlternatives:
    kind = _kind(notification.kind)
    target = notification.target
    if target is None:
        raise ValidationError(_("The object this notification was about no longer exists."))
    rendering = kind.describe(notification, target)
    subject, opening = texts_for(kind, rendering.programme)
    texts = render_texts(
        kind=kind, subject=subject, opening=opening, rendering=rendering, recipient=notification.recipient
    )
    message = EmailMultiAlternatives(
        subject=texts["subject"],
        body=texts["text"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
        headers={"Message-ID": f"<notification-{notification.pk}@{_message_domain()}>"},
    )
    message.attach_alternative(texts["html"], "text/html")
    if rendering.calendar:
        message.attach("invite.ics", rendering.calendar, "text/calendar; method=REQUEST; charset=utf-8")
    return message


def _message_domain() -> str:
    from urllib.parse import urlsplit

    return urlsplit(settings.SITE_URL).hostname or "localhost"


def notification_text_save(*, programme, kind: str, subject: str, opening: str) -> NotificationText:
    _kind(kind)
    validate_placeholders(subject)
    validate_placeholders(opening)
    text, _created = NotificationText.objects.update_or_create(
        programme=programme, kind=kind, defaults={"subject": subject, "opening": opening}
    )
    return text


def overdue(*, minutes: int = 15, now: datetime.datetime | None = None):
    """Pending notifications more than `minutes` past their due time: the dispatcher is not running."""
    now = now or timezone.now()
    return Notification.objects.filter(state=State.PENDING, due_at__lt=now - datetime.timedelta(minutes=minutes))


def dispatch_soon() -> None:
    """Send what is due now without waiting for the next beat (inline when tasks run eagerly).

    With the broker down the rows stay pending in the outbox; the next dispatcher run sends them."""
    from .tasks import dispatch_due

    transaction.on_commit(lambda: task_enqueue(dispatch_due))
