import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from core.models import User
from notifications import services
from notifications.enums import NotificationState as S
from notifications.models import Notification, NotificationText
from notifications.tasks import dispatch_due
from programmes.models import Session
from programmes.services import session_delete, session_save
from tests.conftest import require
from tests.factories import EnrolmentFactory, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now()
REFUSING = "tests.notifications.failing_backend.RefusingBackend"


def _schedule(enrolment=None, *, kind="enrolment_invitation", due=None, occurrence="", recipient=None):
    enrolment = enrolment or EnrolmentFactory()
    return services.notification_schedule(
        kind=kind,
        recipient=recipient or enrolment.person,
        target=enrolment,
        due_at=due or timezone.now(),
        occurrence=occurrence,
        programme=enrolment.programme,
    )


def test_scheduling_twice_keeps_one_row():
    enrolment = EnrolmentFactory()

    first = _schedule(enrolment)
    second = _schedule(enrolment)

    assert (first.pk, Notification.objects.count()) == (second.pk, 1)


def test_database_refuses_a_second_identical_row():
    notification = _schedule()
    notification.pk = None

    with pytest.raises(Exception, match=r"notification_once_per_occurrence|UNIQUE"):
        notification.save()


def test_unknown_kind_is_refused_where_it_is_made():
    with pytest.raises(ValidationError, match="Unknown notification kind “birthday”"):
        _schedule(kind="birthday")
    assert Notification.objects.count() == 0


def test_recipient_without_email_is_refused():
    enrolment = EnrolmentFactory()
    enrolment.person.email = ""

    with pytest.raises(ValidationError, match="has no e-mail address"):
        _schedule(enrolment, recipient=enrolment.person)


def test_send_delivers_once_in_recipients_language():
    enrolment = EnrolmentFactory(person=UserFactory(preferred_language="nl"))
    notification = _schedule(enrolment)

    first = services.notification_send(notification_id=notification.pk)
    second = services.notification_send(notification_id=notification.pk)

    notification.refresh_from_db()
    assert (first, second, notification.state, notification.attempts) == ("sent", "skipped", S.SENT, 1)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == f"Je bent ingeschreven voor “{enrolment.programme.title}”"
    assert message.extra_headers["Message-ID"] == f"<notification-{notification.pk}@127.0.0.1>"
    assert message.alternatives[0][1] == "text/html"


def test_cancelled_notification_is_not_sent():
    notification = _schedule()
    services.notifications_cancel(target=notification.target)

    assert services.notification_send(notification_id=notification.pk) == "skipped"
    assert mail.outbox == []


def test_claim_takes_only_due_pending_rows_once_until_timeout():
    due = _schedule()
    _schedule(due=timezone.now() + datetime.timedelta(days=1))
    cancelled = _schedule()
    services.notifications_cancel(target=cancelled.target)

    first = services.notifications_claim_due()
    again = services.notifications_claim_due()
    later = services.notifications_claim_due(now=timezone.now() + datetime.timedelta(seconds=301))

    assert (first, again, later) == ([due.pk], [], [due.pk])


@override_settings(EMAIL_BACKEND=REFUSING)
def test_broken_mail_server_retries_with_backoff_then_fails():
    notification = _schedule()

    states = []
    for attempt in range(5):
        states.append(services.notification_send(notification_id=notification.pk))
        notification.refresh_from_db()
        if attempt == 0:
            assert notification.due_at > timezone.now() + datetime.timedelta(seconds=50)
        Notification.objects.filter(pk=notification.pk).update(due_at=timezone.now())

    assert states == ["pending", "pending", "pending", "pending", "failed"]
    assert (notification.state, notification.attempts) == (S.FAILED, 5)
    assert notification.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"


def test_one_broken_notification_does_not_stop_the_others(django_capture_on_commit_callbacks):
    broken = _schedule()
    broken.target.delete()  # the enrolment it was about is gone
    healthy = _schedule()

    queued = dispatch_due()

    broken.refresh_from_db()
    healthy.refresh_from_db()
    assert queued == 2
    assert (broken.state, healthy.state, len(mail.outbox)) == (S.FAILED, S.SENT, 1)
    assert "no longer exists" in broken.last_error


def test_sender_that_died_mid_send_is_recovered_after_the_lease():
    notification = _schedule()
    Notification.objects.filter(pk=notification.pk).update(
        state=S.SENDING, sending_at=timezone.now() - datetime.timedelta(seconds=601)
    )
    fresh = _schedule()
    Notification.objects.filter(pk=fresh.pk).update(state=S.SENDING, sending_at=timezone.now())

    recovered = services.notifications_recover_stuck()

    assert recovered == 1
    assert list(Notification.objects.order_by("pk").values_list("state", flat=True)) == [S.PENDING, S.SENDING]


def test_resend_gives_a_failed_notification_new_attempts():
    notification = _schedule()
    Notification.objects.filter(pk=notification.pk).update(state=S.FAILED, attempts=5, last_error="boom")
    notification.refresh_from_db()

    services.notification_resend(notification=notification)

    assert (notification.state, notification.attempts, notification.last_error) == (S.PENDING, 0, "")
    with pytest.raises(ValidationError):
        services.notification_resend(notification=notification)


def test_opted_out_reminder_is_cancelled_but_essential_mail_still_goes():
    enrolment = EnrolmentFactory(person=UserFactory(notification_opt_outs=["session_reminder", "enrolment_invitation"]))
    session = Session.objects.create(
        programme=enrolment.programme,
        title="Workshop",
        starts_at=timezone.now() + datetime.timedelta(days=10),
        ends_at=timezone.now() + datetime.timedelta(days=10, hours=2),
    )
    reminder = services.notification_schedule(
        kind="session_reminder", recipient=enrolment.person, target=session, due_at=timezone.now(), occurrence="day"
    )
    invitation = _schedule(enrolment)

    results = [services.notification_send(notification_id=n.pk) for n in (reminder, invitation)]

    reminder.refresh_from_db()
    assert (results, reminder.state) == (["skipped", "sent"], S.CANCELLED)


def test_programme_text_with_placeholders_is_used():
    enrolment = EnrolmentFactory()
    services.notification_text_save(
        programme=enrolment.programme, kind="enrolment_invitation", subject="Welkom {name}!", opening="Hallo {name}."
    )
    notification = _schedule(enrolment)

    services.notification_send(notification_id=notification.pk)

    assert mail.outbox[0].subject == f"Welkom {enrolment.person.get_short_name()}!"
    assert mail.outbox[0].body.startswith(f"Hallo {enrolment.person.get_short_name()}.")


@pytest.mark.parametrize(
    ("subject", "message"),
    [("Hi {nmae}", "Unknown placeholder(s): {nmae}"), ("Hi {name", "Unbalanced braces")],
)
def test_text_with_bad_placeholder_is_refused(subject, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        services.notification_text_save(
            programme=ProgrammeFactory(), kind="enrolment_invitation", subject=subject, opening="x"
        )
    assert NotificationText.objects.count() == 0


def _session(programme, days):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    return Session(
        programme=programme, title="Study visit", starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )


def _planned(session):
    return sorted(
        Notification.objects.filter(object_id=session.pk, kind__startswith="session").values_list(
            "kind", "occurrence", "state"
        )
    )


def test_session_invites_and_plans_reminders_a_week_and_a_day_before(django_capture_on_commit_callbacks):
    enrolment = EnrolmentFactory()
    session = _session(enrolment.programme, days=10)

    with django_capture_on_commit_callbacks(execute=True):
        session_save(session=session)

    stamp = session.starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M")
    assert _planned(session) == [
        ("session_invitation", stamp, S.SENT),
        ("session_reminder", f"day:{stamp}", S.PENDING),
        ("session_reminder", f"week:{stamp}", S.PENDING),
    ]
    day = Notification.objects.get(occurrence=f"day:{stamp}")
    assert day.due_at == session.starts_at - datetime.timedelta(days=1)
    assert mail.outbox[0].attachments[0][0] == "invite.ics"
    assert "BEGIN:VEVENT" in mail.outbox[0].attachments[0][1]


def test_moved_session_replans_and_deleted_session_cancels():
    enrolment = EnrolmentFactory()
    session = session_save(session=_session(enrolment.programme, days=10))
    old = session.starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M")

    session.starts_at += datetime.timedelta(days=3)
    session.ends_at += datetime.timedelta(days=3)
    session_save(session=session)
    new = session.starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M")
    states = {occurrence: state for _kind, occurrence, state in _planned(session)}

    assert states == {
        old: S.CANCELLED,
        f"day:{old}": S.CANCELLED,
        f"week:{old}": S.CANCELLED,
        new: S.PENDING,
        f"day:{new}": S.PENDING,
        f"week:{new}": S.PENDING,
    }
    session_delete(session=session)
    assert set(Notification.objects.values_list("state", flat=True)) == {S.CANCELLED}


def test_session_in_three_days_gets_no_late_week_reminder():
    enrolment = EnrolmentFactory()
    session = session_save(session=_session(enrolment.programme, days=3))

    assert [occurrence.split(":")[0] for _k, occurrence, _s in _planned(session) if _k == "session_reminder"] == ["day"]


def test_overdue_reports_pending_rows_15_minutes_late():
    _schedule(due=timezone.now() - datetime.timedelta(minutes=16))
    _schedule(due=timezone.now() - datetime.timedelta(minutes=5))

    assert services.overdue().count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_dispatchers_claim_disjoint_rows():
    require("PostgreSQL", connection.vendor == "postgresql", "SKIP LOCKED needs DATABASE_URL=postgres://...")
    enrolment = EnrolmentFactory()
    for i in range(300):
        _schedule(enrolment, occurrence=str(i))
    claimed: list[list[int]] = [[], []]
    barrier = threading.Barrier(2)

    def claim(slot):
        barrier.wait()
        while ids := services.notifications_claim_due(batch=20):
            claimed[slot].extend(ids)
        connection.close()

    threads = [threading.Thread(target=claim, args=(slot,)) for slot in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert (len(claimed[0]) + len(claimed[1]), set(claimed[0]) & set(claimed[1])) == (300, set())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_send_is_not_skipped_while_the_recipients_user_row_is_locked():
    require("PostgreSQL", connection.vendor == "postgresql", "row locks need DATABASE_URL=postgres://...")
    notification = _schedule()
    locked, release = threading.Event(), threading.Event()

    def hold_user_row():
        from django.db import transaction

        with transaction.atomic():
            User.objects.select_for_update().get(pk=notification.recipient_id)
            locked.set()
            release.wait(10)
        connection.close()

    holder = threading.Thread(target=hold_user_row)
    holder.start()
    locked.wait(10)
    try:
        result = services.notification_send(notification_id=notification.pk)
    finally:
        release.set()
        holder.join()

    assert result == "sent"
