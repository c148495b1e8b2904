"""Sending an evaluation: who is asked, their links and reminders, editing and closing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation import services
from evaluation.enums import Audience
from evaluation.models import Evaluation, Questionnaire, Receipt
from notifications.models import Notification
from programmes.enums import ApprovalStatus, EnrolmentRole
from programmes.models import Attendance

from ..factories import EnrolmentFactory, SessionFactory, UserFactory
from . import rows

pytestmark = pytest.mark.django_db


def _approve(world):
    world.a.enrolment.approval = ApprovalStatus.APPROVED
    world.a.enrolment.save()


def _form(world, **overrides):
    now = timezone.localtime().replace(second=0, microsecond=0)
    data = {
        "title": "After the kick-off",
        "session": world.a.session.pk,
        "questionnaire": rows.questionnaire(world).pk,
        "audience": Audience.ENROLLED,
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + datetime.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
    }
    return data | overrides


def test_default_questionnaire_follows_the_method_and_is_made_once(world):
    first = services.default_questionnaire(organisation=world.a.coordinator_org)
    again = services.default_questionnaire(organisation=world.a.coordinator_org)
    assert first.pk == again.pk and first.translatable
    codes = list(first.questions.values_list("code", flat=True))
    assert codes == [
        "relevance",
        "content",
        "facilitator",
        "organisation",
        "interaction",
        "knowledge",
        "recommend",
        "support_topics",
        "support_text",
        "comments",
    ]
    assert Questionnaire.objects.filter(organisation=world.b.coordinator_org).count() == 0


def test_coordinator_sends_to_everyone_enrolled_with_invitation_and_reminders(client, world):
    _approve(world)
    tutor_enrolment = world.a.programme.enrolments.get(person=world.a.tutor)
    tutor_enrolment.approval = ApprovalStatus.APPROVED
    tutor_enrolment.save()
    client.force_login(world.a.coordinator)
    response = client.post(reverse("evaluation:create", args=[world.a.programme.pk]), _form(world))
    evaluation = Evaluation.objects.get(title="After the kick-off")
    assert response.status_code == 302 and response.url == evaluation.get_absolute_url()
    # Trainees and peers are asked, tutors not.
    assert list(evaluation.invitees.values_list("person__full_name", "role")) == [("Employee A", "trainee")]
    invitee = evaluation.invitees.get()
    kinds = sorted(
        Notification.objects.filter(object_id=invitee.pk, kind__startswith="evaluation").values_list(
            "kind", "occurrence"
        )
    )
    assert [k for k, _ in kinds] == ["evaluation_invitation", "evaluation_reminder", "evaluation_reminder"]
    page = client.get(evaluation.get_absolute_url()).content.decode()
    assert "0 of 1 answered (0 %)" in page


def test_attendees_audience_asks_only_those_marked_present(client, world):
    _approve(world)
    absent = UserFactory(full_name="Absent Person")
    EnrolmentFactory(
        programme=world.a.programme,
        person=absent,
        organisation=world.a.municipality,
        role=EnrolmentRole.PEER,
        approval=ApprovalStatus.APPROVED,
    )
    now = timezone.now()
    Attendance.objects.create(session=world.a.session, person=world.a.employee, present=True, marked_at=now)
    Attendance.objects.create(session=world.a.session, person=absent, present=False, marked_at=now)
    other_session = SessionFactory(programme=world.a.programme)
    client.force_login(world.a.coordinator)
    client.post(reverse("evaluation:create", args=[world.a.programme.pk]), _form(world, audience=Audience.ATTENDEES))
    evaluation = Evaluation.objects.get()
    assert list(evaluation.invitees.values_list("person__full_name", flat=True)) == ["Employee A"]
    # A session nobody attended asks nobody, and the page says so.
    client.post(
        reverse("evaluation:create", args=[world.a.programme.pk]),
        _form(world, title="Empty", session=other_session.pk, audience=Audience.ATTENDEES),
    )
    empty = Evaluation.objects.get(title="Empty")
    assert "Nobody: no attendance is marked" in client.get(empty.get_absolute_url()).content.decode()


def test_bad_dates_and_another_programmes_session_are_field_errors(client, world):
    client.force_login(world.a.coordinator)
    url = reverse("evaluation:create", args=[world.a.programme.pk])
    backwards = client.post(url, _form(world, closes_at="2020-01-01T10:00"))
    assert backwards.status_code == 400 and "must close after it opens" in backwards.content.decode()
    foreign = client.post(url, _form(world, session=world.b.session.pk))
    assert foreign.status_code == 400
    not_a_date = client.post(url, _form(world, opens_at="soon"))
    assert not_a_date.status_code == 400
    assert not Evaluation.objects.exists()


def test_closing_cancels_reminders_and_new_dates_move_them(client, world):
    _approve(world)
    evaluation = services.evaluation_create(
        programme=world.a.programme,
        questionnaire=rows.questionnaire(world),
        title="E",
        opens_at=timezone.now(),
        closes_at=timezone.now() + datetime.timedelta(days=10),
        audience=Audience.ENROLLED,
    )
    invitee = evaluation.invitees.get()
    reminders = Notification.objects.filter(kind="evaluation_reminder", object_id=invitee.pk)
    services.evaluation_update(evaluation=evaluation, closes_at=timezone.now() + datetime.timedelta(days=20))
    pending = reminders.filter(state="pending")
    assert pending.count() == 2 and all(n.due_at > timezone.now() + datetime.timedelta(days=16) for n in pending)
    client.force_login(world.a.coordinator)
    client.post(reverse("evaluation:close", args=[evaluation.pk]))
    evaluation.refresh_from_db()
    assert evaluation.closed_at is not None and not evaluation.is_open
    assert not reminders.filter(state="pending").exists()


def test_anonymity_is_fixed_once_answers_came_in(client, world):
    evaluation = rows.evaluation(world)
    rows.respondents(world, 1)
    client.force_login(world.a.coordinator)
    data = _form(world, title="Renamed", anonymous="on")
    response = client.post(reverse("evaluation:edit", args=[evaluation.pk]), data)
    assert response.status_code == 400 and "Anonymity cannot change" in response.content.decode()
    evaluation.refresh_from_db()
    assert (evaluation.title, evaluation.anonymous) == ("Evaluation A", False)


def test_answered_list_and_rate(client, world):
    evaluation = rows.evaluation(world)
    rows.respondents(world, 3)
    assert Receipt.objects.filter(invitee__evaluation=evaluation).count() == 3
    client.force_login(world.a.project_manager)
    page = client.get(evaluation.get_absolute_url()).content.decode()
    assert "3 of 4 answered (75 %)" in page
    assert "Edit" not in page.split("<main")[1].split("</h1>")[1][:400]


def test_session_page_offers_its_evaluation_and_the_dashboard_lists_open_ones(client, world):
    client.force_login(world.a.coordinator)
    session_page = client.get(world.a.session.get_absolute_url()).content.decode()
    link = reverse("evaluation:create", args=[world.a.programme.pk]) + f"?session={world.a.session.pk}"
    assert link in session_page
    form = client.get(link).content.decode()
    assert f"Evaluation of “{world.a.session.title}”" in form
    evaluation = rows.evaluation(world)
    client.force_login(world.a.employee)
    dashboard = client.get(reverse("core:dashboard")).content.decode()
    assert evaluation.title in dashboard and rows.invitee(world).get_link() in dashboard
    rows.respondents(world, 0)
    from evaluation.models import Receipt

    Receipt.objects.create(invitee=rows.invitee(world))
    dashboard = client.get(reverse("core:dashboard")).content.decode()
    assert rows.invitee(world).get_link() not in dashboard and "answered" in dashboard


@pytest.mark.parametrize("language", ["nl", "hr", "it", "es", "el", "pl"])
def test_default_questionnaire_is_translated_into_every_interface_language(language):
    from django.utils import translation

    from evaluation import defaults

    texts = [defaults.TITLE, defaults.INTRODUCTION]
    for section, questions in defaults.SECTIONS:
        texts.append(section)
        texts += [text for _code, _kind, text, help_text, *_ in questions] + [q[3] for q in questions if q[3]]
    with translation.override(language):
        untranslated = [text for text in texts if translation.gettext(text) == text]
    assert untranslated == []


def test_newcomers_are_asked_once_and_a_closed_evaluation_asks_nobody(client, world):
    _approve(world)
    evaluation = services.evaluation_create(
        programme=world.a.programme,
        questionnaire=rows.questionnaire(world),
        title="E",
        opens_at=timezone.now(),
        closes_at=timezone.now() + datetime.timedelta(days=10),
        audience=Audience.ENROLLED,
    )
    newcomer = UserFactory(full_name="Late Peer")
    EnrolmentFactory(
        programme=world.a.programme,
        person=newcomer,
        organisation=world.a.municipality,
        role=EnrolmentRole.PEER,
        approval=ApprovalStatus.APPROVED,
    )
    client.force_login(world.a.coordinator)
    url = reverse("evaluation:newcomers", args=[evaluation.pk])
    client.post(url)
    client.post(url)
    names = sorted(evaluation.invitees.values_list("person__full_name", flat=True))
    assert names == ["Employee A", "Late Peer"]
    assert Notification.objects.filter(kind="evaluation_invitation", recipient=newcomer).count() == 1
    services.evaluation_close(evaluation=evaluation)
    another = UserFactory(full_name="Too Late")
    EnrolmentFactory(
        programme=world.a.programme,
        person=another,
        organisation=world.a.municipality,
        role=EnrolmentRole.PEER,
        approval=ApprovalStatus.APPROVED,
    )
    response = client.post(url, follow=True)
    assert "The questionnaire is closed" in response.content.decode()
    assert not evaluation.invitees.filter(person=another).exists()


def test_an_opening_at_the_start_of_the_calendar_is_refused_with_a_message(client, world):
    evaluation = rows.evaluation(world)
    opens_at = evaluation.opens_at
    client.force_login(world.a.coordinator)

    response = client.post(reverse("evaluation:edit", args=[evaluation.pk]), _form(world, opens_at="0001-01-01T00:00"))

    assert response.status_code == 400
    assert response.context["form"].errors["opens_at"] == ["Enter a date between Jan. 1, 2000 and Dec. 31, 2099."]
    evaluation.refresh_from_db()
    assert evaluation.opens_at == opens_at
