"""A person's data: the page and download of their own data, and their erasure."""

import json

import pytest
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse

from assessments.models import Answer, Response
from assessments.selectors import campaign_analysis
from core.admin import UserAdmin
from core.enums import Role
from core.gdpr import person_erase
from core.models import Expertise, Membership, User
from evaluation.analysis import evaluation_analysis
from evaluation.models import AnswerValue, Submission
from notifications.enums import NotificationState
from notifications.models import Notification

from ..evaluation import rows
from ..evaluation.registry_analysis import submit
from ..factories import TopicFactory, member

pytestmark = pytest.mark.django_db


def _needs_answer(world, person, organisation, *, challenges: str) -> Answer:
    from assessments.models import Invitation

    invitation, _created = Invitation.objects.get_or_create(
        campaign=world.a.campaign, person=person, defaults={"organisation": organisation}
    )
    response, _created = Response.objects.get_or_create(invitation=invitation, defaults={"status": "submitted"})
    topic = world.a.campaign.topics.first() or TopicFactory()
    world.a.campaign.topics.add(topic)
    return Answer.objects.create(
        response=response, topic=topic, current_level=2, required_level=5, challenges=challenges, expectations="More"
    )


def _evaluation_answer(world, invitee, text: str) -> Submission:
    return submit(rows.evaluation(world), {"relevance": 4, "comments": text}, invitee=invitee)


def test_my_data_download_has_my_answers_and_not_someone_elses(client, world):
    employee = world.a.employee
    other = member(world.a.municipality, Role.LG_STAFF, full_name="Somebody Else")
    _needs_answer(world, employee, world.a.municipality, challenges="My own challenge")
    _needs_answer(world, other, world.a.municipality, challenges="Their challenge")
    _evaluation_answer(world, rows.invitee(world), "My evaluation remark")
    client.force_login(employee)

    response = client.get(reverse("core:my_data") + "?format=json")

    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)
    assert data["profile"]["email"] == employee.email
    assert [a["challenges"] for a in data["needs_assessment_answers"]] == ["My own challenge"]
    assert "My evaluation remark" in [a["text"] for a in data["evaluation_answers"]]
    assert [e["programme"] for e in data["enrolments"]] == [world.a.programme.title]
    assert [n["state"] for n in data["notifications"]] == ["Pending"]
    assert "Their challenge" not in response.content.decode()
    assert "Somebody Else" not in response.content.decode()


def test_my_data_page_shows_the_sections_and_is_linked_from_the_profile(client, world):
    _needs_answer(world, world.a.employee, world.a.municipality, challenges="Heat pumps in schools")
    client.force_login(world.a.employee)

    page = client.get(reverse("core:my_data")).content.decode()

    assert "Heat pumps in schools" in page
    assert "anonymous evaluations" in page
    assert reverse("core:my_data") in client.get(reverse("core:profile")).content.decode()


def test_my_data_needs_a_login(client):
    response = client.get(reverse("core:my_data"))

    assert response.status_code == 302


# --------------------------------------------------------------------------- erasure


def _campaign_ranking(world):
    return [
        (r.topic.pk, r.respondents, r.mean_current, r.mean_gap) for r in campaign_analysis(world.a.campaign).ranking
    ]


def _relevance_mean(world):
    analysis = evaluation_analysis(rows.evaluation(world))
    return [(r.question.code, r.summary.mean if r.summary else None) for r in analysis.results]


def test_erasure_keeps_the_statistics_and_removes_name_email_and_texts(client, world):
    employee = world.a.employee
    email = employee.email
    _needs_answer(world, employee, world.a.municipality, challenges="Secret challenge")
    _needs_answer(world, world.a.tutor, world.a.coordinator_org, challenges="Tutor challenge")
    submission = _evaluation_answer(world, rows.invitee(world), "Secret remark")
    submit(rows.evaluation(world), {"relevance": 2, "comments": "Other remark"})
    Expertise.objects.create(user=employee, topic=TopicFactory(), level=3)
    gap_before, mean_before = _campaign_ranking(world), _relevance_mean(world)

    person_erase(user=employee)

    employee.refresh_from_db()
    assert (employee.full_name, employee.email) == (f"Erased person #{employee.pk}", f"erased-{employee.pk}@invalid")
    assert (employee.is_active, employee.has_usable_password(), employee.languages, employee.job_title) == (
        False,
        False,
        [],
        "",
    )
    assert (_campaign_ranking(world), _relevance_mean(world)) == (gap_before, mean_before)
    submission.refresh_from_db()
    assert submission.invitee is None
    assert not AnswerValue.objects.filter(text="Secret remark").exists()
    assert AnswerValue.objects.filter(text="Other remark").exists()
    assert not Answer.objects.filter(challenges="Secret challenge").exists()
    assert Answer.objects.filter(challenges="Tutor challenge").exists()
    assert not Membership.objects.filter(user=employee).exists()
    assert not Expertise.objects.filter(user=employee).exists()
    assert client.get(world.a.invitation.get_link()).status_code == 404
    assert set(Notification.objects.filter(recipient=employee).values_list("state", flat=True)) == {
        NotificationState.CANCELLED
    }
    client.force_login(world.a.coordinator)
    page = client.get(reverse("programmes:detail", kwargs={"pk": world.a.programme.pk})).content.decode()
    assert "Employee A" not in page and email not in page
    assert f"Erased person #{employee.pk}" in page
    client.logout()
    employee.set_password("known-password-123")  # even with a password, an erased person stays out
    User.objects.filter(pk=employee.pk).update(password=employee.password)
    client.post(reverse("login"), {"username": email, "password": "known-password-123"})
    client.post(reverse("login"), {"username": employee.email, "password": "known-password-123"})
    assert "_auth_user_id" not in client.session


def test_erasing_twice_changes_nothing_more(world):
    person_erase(user=world.a.employee)
    first = User.objects.values().get(pk=world.a.employee.pk)

    person_erase(user=world.a.employee)

    second = User.objects.values().get(pk=world.a.employee.pk)
    first.pop("calendar_token"), second.pop("calendar_token"), first.pop("password"), second.pop("password")
    assert first == second


def test_erase_person_command_erases_with_yes_and_refuses_an_unknown_email(world):
    email = world.a.employee.email

    call_command("erase_person", email.upper(), "--yes")

    assert not User.objects.filter(email=email).exists()
    with pytest.raises(CommandError, match="No person"):
        call_command("erase_person", "nobody@example.org", "--yes")


def test_erase_person_command_without_yes_asks_and_stops_on_no(world, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Nothing erased"):
        call_command("erase_person", world.a.employee.email)

    assert User.objects.filter(email=world.a.employee.email).exists()


def test_admin_action_erases_the_selected_people(world):
    superuser = User.objects.create_superuser(email="root@example.org", password="x", full_name="Root")
    request = RequestFactory().post("/")
    request.user = superuser
    model_admin = UserAdmin(User, admin.site)
    model_admin.message_user = lambda *args, **kwargs: None

    model_admin.erase_people(request, User.objects.filter(pk=world.a.employee.pk))

    world.a.employee.refresh_from_db()
    assert world.a.employee.full_name == f"Erased person #{world.a.employee.pk}"
