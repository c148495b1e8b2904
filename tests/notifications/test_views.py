import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from core.models import User
from notifications.enums import NotificationState as S
from notifications.kinds import optional_kinds
from notifications.models import Notification, NotificationText
from programmes.models import Session

pytestmark = pytest.mark.django_db


def test_my_notifications_lists_mine_and_saves_opt_outs(client, world):
    client.force_login(world.a.employee)

    page = client.get(reverse("notifications:mine"))
    response = client.post(reverse("notifications:mine"), {})  # every optional kind unticked

    world.a.employee.refresh_from_db()
    assert list(page.context["notifications"]) == [world.a.notification]
    optional = sorted(kind.code for kind in optional_kinds())
    assert "session_reminder" in optional
    assert (response.status_code, world.a.employee.notification_opt_outs) == (302, optional)


def test_ticking_a_kind_switches_it_back_on(client, world):
    User.objects.filter(pk=world.a.employee.pk).update(notification_opt_outs=["session_reminder"])
    client.force_login(world.a.employee)

    client.post(reverse("notifications:mine"), {kind.code: "on" for kind in optional_kinds()})

    world.a.employee.refresh_from_db()
    assert world.a.employee.notification_opt_outs == []


def test_calendar_feed_lists_my_sessions_without_login(client, world):
    url = reverse("notifications:feed", kwargs={"token": world.a.employee.calendar_token})

    response = client.get(url)

    calendar = Calendar.from_ical(response.content)
    summaries = [str(event["summary"]) for event in calendar.walk("VEVENT")]
    assert (response.status_code, response["Content-Type"]) == (200, "text/calendar; charset=utf-8")
    assert summaries == ["Workshop A – Programme A"]


def test_calendar_feed_with_unknown_key_is_404(client, world):
    assert client.get(reverse("notifications:feed", kwargs={"token": "x" * 43})).status_code == 404


def test_resetting_the_feed_key_retires_the_old_address(client, world):
    old = reverse("notifications:feed", kwargs={"token": world.a.employee.calendar_token})
    client.force_login(world.a.employee)

    client.post(reverse("notifications:calendar_reset"))

    world.a.employee.refresh_from_db()
    new = reverse("notifications:feed", kwargs={"token": world.a.employee.calendar_token})
    assert (client.get(old).status_code, client.get(new).status_code) == (404, 200)


def test_coordinator_sees_reminders_by_state_with_errors(client, world):
    Notification.objects.filter(pk=world.a.notification.pk).update(state=S.FAILED, last_error="SMTP said no")
    client.force_login(world.a.coordinator)

    everything = client.get(reverse("notifications:programme", kwargs={"pk": world.a.programme.pk}))
    failed = client.get(reverse("notifications:programme", kwargs={"pk": world.a.programme.pk}), {"state": "failed"})
    bogus = client.get(reverse("notifications:programme", kwargs={"pk": world.a.programme.pk}), {"state": "bogus"})

    assert everything.context["counts"]["failed"] == 1
    assert [n.pk for n in failed.context["notifications"]] == [world.a.notification.pk]
    assert "SMTP said no" in failed.content.decode()
    assert bogus.status_code == 200


def test_project_manager_reads_reminders_without_resending_or_editing_texts(client, world):
    Notification.objects.filter(pk=world.a.notification.pk).update(state=S.FAILED, last_error="SMTP said no")
    client.force_login(world.a.project_manager)
    url = reverse("notifications:programme", kwargs={"pk": world.a.programme.pk})

    page = client.get(url).content.decode()
    programme_page = client.get(world.a.programme.get_absolute_url()).content.decode()

    assert ("SMTP said no" in page, "Send again" in page, "Texts of this programme" in page) == (True, False, False)
    assert f'href="{url}"' in programme_page
    assert client.get(reverse("notifications:programme", kwargs={"pk": world.b.programme.pk})).status_code == 404


def test_resend_failed_from_the_page(client, world, django_capture_on_commit_callbacks):
    Notification.objects.filter(pk=world.a.notification.pk).update(state=S.FAILED, attempts=5)
    client.force_login(world.a.coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifications:resend", kwargs={"pk": world.a.notification.pk}))

    world.a.notification.refresh_from_db()
    assert (world.a.notification.state, len(mail.outbox)) == (S.SENT, 1)


def test_resend_of_a_pending_notification_is_refused_with_message(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(reverse("notifications:resend", kwargs={"pk": world.a.notification.pk}), follow=True)

    assert "Only a failed notification can be sent again." in response.content.decode()


def _text_url(world, kind="session_reminder"):
    return reverse("notifications:text", kwargs={"pk": world.a.programme.pk, "kind": kind})


def test_text_preview_shows_filled_placeholders_without_saving(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(
        _text_url(world), {"action": "preview", "subject": "Soon: {session}", "opening": "Hello {name}, see {place}."}
    )

    assert response.context["preview"]["subject"] == "Soon: Workshop A"
    assert "Hello Coordinator, see Town hall." in response.context["preview"]["text"]
    assert NotificationText.objects.count() == 0


def test_text_with_unknown_placeholder_shows_error_and_keeps_input(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(_text_url(world), {"action": "save", "subject": "Soon: {sesion}", "opening": "Hi"})

    assert response.status_code == 400
    assert response.context["form"].errors["subject"][0].startswith("Unknown placeholder(s): {sesion}")
    assert 'value="Soon: {sesion}"' in response.content.decode()
    assert NotificationText.objects.count() == 0


def test_text_saved_then_reset(client, world):
    client.force_login(world.a.coordinator)

    client.post(_text_url(world), {"action": "save", "subject": "Soon: {session}", "opening": "Hi {name}"})
    saved = list(NotificationText.objects.values_list("kind", "subject"))
    client.post(_text_url(world), {"action": "reset", "subject": "", "opening": ""})

    assert (saved, NotificationText.objects.count()) == ([("session_reminder", "Soon: {session}")], 0)


def test_unknown_kind_in_text_url_is_404(client, world):
    client.force_login(world.a.coordinator)

    assert client.get(_text_url(world, kind="birthday")).status_code == 404


def test_new_session_from_the_page_invites_participants(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.a.coordinator)
    start = timezone.localtime() + datetime.timedelta(days=20)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("programmes:session_create", kwargs={"pk": world.a.programme.pk}),
            {
                "title": "Study visit",
                "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
                "ends_at": (start + datetime.timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
                "location": "Leuven",
            },
        )

    session = Session.objects.get(title="Study visit")
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.a.employee.email, world.a.tutor.email])
    assert Notification.objects.filter(object_id=session.pk, kind="session_reminder").count() == 4


def test_session_ending_before_it_starts_is_refused(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("programmes:session_create", kwargs={"pk": world.a.programme.pk}),
        {"title": "Backwards", "starts_at": "2027-03-01T10:00", "ends_at": "2027-03-01T09:00"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["ends_at"] == ["A session must end after it starts."]


def test_participant_sees_next_sessions_on_dashboard(client, world):
    client.force_login(world.a.employee)

    response = client.get(reverse("core:dashboard"))

    assert [s.title for s in response.context["next_sessions"]] == ["Workshop A"]


def test_health_reports_overdue_reminders(client, world):
    Notification.objects.filter(pk=world.a.notification.pk).update(due_at=timezone.now() - datetime.timedelta(hours=1))

    health = client.get(reverse("core:health"))
    reminders = client.get(reverse("core:health_reminders"))

    assert (health.status_code, health.json()["reminders_overdue"]) == (200, 1)
    assert (reminders.status_code, reminders.json()["reminders_overdue"]) == (503, 1)


def test_reminders_health_command(world):
    call_command("reminders_health", stdout=open("/dev/null", "w"))  # noqa: SIM115 -- discarded output
    Notification.objects.filter(pk=world.a.notification.pk).update(due_at=timezone.now() - datetime.timedelta(hours=1))

    with pytest.raises(CommandError, match="1 reminder"):
        call_command("reminders_health")


def test_deliver_reminders_command_sends_due_ones_eagerly(world):
    Notification.objects.filter(pk=world.a.notification.pk).update(due_at=timezone.now())

    call_command("deliver_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115 -- discarded output

    world.a.notification.refresh_from_db()
    assert (world.a.notification.state, mail.outbox[0].to) == (S.SENT, [world.a.employee.email])
