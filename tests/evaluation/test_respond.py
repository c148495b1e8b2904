"""Answering an evaluation with a personal link: drafts, sending once, closed and early links,
anonymity, reminders, bad values and a constant number of queries."""

from __future__ import annotations

import datetime
import html

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from core.models import Topic
from evaluation import responding
from evaluation.enums import QuestionKind
from evaluation.models import AnswerValue, Evaluation, Invitee, Question, Questionnaire, Receipt, Section, Submission
from evaluation.services import invitee_plan_reminders
from notifications.enums import NotificationState
from notifications.models import Notification

from . import rows

pytestmark = pytest.mark.django_db


def _url(invitee, secret=None):
    return reverse("evaluation:respond", kwargs={"public_id": invitee.public_id, "secret": secret or invitee.secret})


def _custom(world, *, likert=1, anonymous=False, opens=-1, closes=10) -> tuple[Invitee, dict[str, Question]]:
    """An evaluation with one question of every kind (and `likert` required 1-5 questions), sent to
    side A's employee, with reminders planned."""
    questionnaire = Questionnaire.objects.create(organisation=world.a.coordinator_org, title="Custom questionnaire")
    first = Section.objects.create(questionnaire=questionnaire, title="First part", order=0)
    second = Section.objects.create(questionnaire=questionnaire, title="Second part", order=1)
    questions = {}

    def add(code, kind, section, required=True, options=()):
        questions[code] = Question.objects.create(
            questionnaire=questionnaire,
            section=section,
            order=len(questions),
            kind=kind,
            text=f"Question {code}?",
            help_text=f"Help for {code}",
            required=required,
            options=list(options),
            code=code[:50],
        )

    for i in range(likert):
        add(f"likert{i}", QuestionKind.LIKERT, first)
    add("recommend", QuestionKind.RECOMMEND, first)
    add("single", QuestionKind.SINGLE, second, options=["Online", "In person", "Both"])
    add("multiple", QuestionKind.MULTIPLE, second, required=False, options=["Slides", "Exercises", "Visits"])
    add("topics", QuestionKind.SUPPORT_TOPICS, second, required=False)
    add("short", QuestionKind.SHORT_TEXT, second, required=False)
    add("long", QuestionKind.LONG_TEXT, None, required=False)
    now = timezone.now()
    evaluation = Evaluation.objects.create(
        programme=world.a.programme,
        session=world.a.session,
        questionnaire=questionnaire,
        title="Custom evaluation",
        anonymous=anonymous,
        opens_at=now + datetime.timedelta(days=opens),
        closes_at=now + datetime.timedelta(days=closes),
    )
    invitee = Invitee.objects.create(
        evaluation=evaluation, person=world.a.employee, organisation=world.a.municipality, role="trainee"
    )
    invitee_plan_reminders(invitee=invitee)
    return invitee, questions


def _topics():
    return list(Topic.objects.filter(is_active=True).order_by("order", "name")[:2])


def _complete(questions, **overrides):
    """A valid submission of the custom questionnaire."""
    topics = _topics()
    data = {"action": "submit"}
    for code, question in questions.items():
        if code.startswith("likert"):
            data[f"q_{question.pk}"] = "4"
    data.update(
        {
            f"q_{questions['recommend'].pk}": "9",
            f"q_{questions['single'].pk}": "2",
            f"q_{questions['multiple'].pk}": ["0", "2"],
            f"q_{questions['topics'].pk}": [str(topic.pk) for topic in topics],
            f"q_{questions['short'].pk}": "More on heat pumps",
            f"q_{questions['long'].pk}": "",
        }
    )
    data.update(overrides)
    return data


def test_link_opens_without_account_with_every_question_in_order(client, world):
    invitee, questions = _custom(world)

    response = client.get(_url(invitee))

    assert response.status_code == 200
    page = response.content.decode()
    positions = [page.index(f"Question {code}?") for code in ("long", "likert0", "recommend", "single", "multiple")]
    assert positions == sorted(positions)  # the question outside a section first, then the sections in order
    assert page.index("First part") < page.index("Second part")
    assert page.count("<fieldset") == len(questions)
    assert "Strongly disagree" in page and "Send my answers" in page and "Save draft" in page
    assert all(str(topic) in page for topic in _topics())


def test_default_questionnaire_texts_go_through_gettext_in_the_person_language(client, world):
    invitee = rows.invitee(world)
    invitee.person.preferred_language = "nl"
    invitee.person.save(update_fields=["preferred_language"])

    response = client.get(_url(invitee))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in page and response.headers["Content-Language"] == "nl"
    assert "Mijn antwoorden verzenden" in page  # the page is in Dutch...
    # ...and so are the default questions, which are message ids.
    assert "Het evenement was relevant voor mijn werk." in page
    assert "Hoe waarschijnlijk is het dat je dit evenement aanbeveelt aan een collega?" in page
    assert "The event was relevant to my work." not in page


@pytest.mark.parametrize(
    ("cookie", "query", "expected"), [("en", "", "Send my answers"), ("", "?lang=en", "Send my answers")]
)
def test_visitor_choice_of_language_wins_over_the_person_language(client, world, cookie, query, expected):
    invitee = rows.invitee(world)
    invitee.person.preferred_language = "nl"
    invitee.person.save(update_fields=["preferred_language"])
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie

    response = client.get(_url(invitee) + query)

    assert expected in response.content.decode()


def test_draft_is_saved_and_restored(client, world):
    invitee, questions = _custom(world)
    single, short = questions["single"], questions["short"]

    saved = client.post(_url(invitee), {"action": "draft", f"q_{single.pk}": "1", f"q_{short.pk}": "Half done"})
    page = client.get(_url(invitee)).content.decode()

    invitee.refresh_from_db()
    assert saved.status_code == 302
    assert invitee.draft == {str(single.pk): 1, str(short.pk): "Half done"}
    assert f'value="1" id="id_q_{single.pk}_1" checked' in page
    assert 'value="Half done"' in page
    assert Submission.objects.count() == 0


def test_required_answers_are_enforced_on_sending_only(client, world):
    invitee, questions = _custom(world, likert=2)
    draft = client.post(_url(invitee), {"action": "draft", f"q_{questions['likert0'].pk}": "5"})
    data = _complete(questions)
    del data[f"q_{questions['likert1'].pk}"]
    del data[f"q_{questions['single'].pk}"]

    sent = client.post(_url(invitee), data)

    invitee.refresh_from_db()
    assert (draft.status_code, sent.status_code) == (302, 400)
    assert sent.context["form"].errors == {
        f"q_{questions['likert1'].pk}": ["Please answer this question."],
        f"q_{questions['single'].pk}": ["Please answer this question."],
    }
    assert "More on heat pumps" in sent.content.decode()  # what was typed is shown again
    assert invitee.draft == {str(questions["likert0"].pk): 5}
    assert (Submission.objects.count(), Receipt.objects.count()) == (0, 0)


def test_sending_makes_one_submission_with_the_answers(client, world):
    invitee, questions = _custom(world)
    client.post(_url(invitee), {"action": "draft", f"q_{questions['short'].pk}": "Draft text"})
    topics = _topics()

    response = client.post(_url(invitee), _complete(questions))

    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    submission = Submission.objects.get()
    assert (
        submission.evaluation,
        submission.invitee,
        submission.organisation_kind,
        submission.country,
        submission.role,
        submission.submitted_on,
    ) == (
        invitee.evaluation,
        invitee,
        world.a.municipality.kind,
        "BE",
        "trainee",
        timezone.localdate(),
    )
    answers = sorted(
        (answer.question.code, answer.number, answer.topic_id, answer.text)
        for answer in submission.answers.select_related("question")
    )
    assert answers == sorted(
        [
            ("likert0", 4, None, ""),
            ("recommend", 9, None, ""),
            ("single", 2, None, ""),
            ("multiple", 0, None, ""),
            ("multiple", 2, None, ""),
            *(("topics", topic.pk, topic.pk, "") for topic in topics),
            ("short", None, None, "More on heat pumps"),
        ]
    )
    invitee.refresh_from_db()
    assert invitee.draft == {}
    assert Receipt.objects.filter(invitee=invitee).count() == 1


def test_double_submit_keeps_one_response(client, world):
    invitee, questions = _custom(world)

    first = client.post(_url(invitee), _complete(questions))
    second = client.post(_url(invitee), _complete(questions, **{f"q_{questions['single'].pk}": "0"}))
    later = client.get(_url(invitee))

    assert (first.status_code, second.status_code, later.status_code) == (200, 200, 200)
    assert "Thank you" in second.content.decode() and "Thank you" in later.content.decode()
    assert Submission.objects.count() == 1
    assert AnswerValue.objects.get(question=questions["single"]).number == 2


def test_service_refuses_a_second_submission(world):
    invitee, questions = _custom(world)
    values = {questions["likert0"].pk: 3, questions["recommend"].pk: 7, questions["single"].pk: 0}

    responding.response_save(invitee=invitee, values=values, submit=True)
    with pytest.raises(responding.AlreadyAnswered):
        responding.response_save(invitee=invitee, values=values, submit=True)
    with pytest.raises(responding.AlreadyAnswered):
        responding.response_save(invitee=invitee, values=values, submit=False)

    assert (Submission.objects.count(), Receipt.objects.count()) == (1, 1)


@pytest.mark.parametrize("how", ["deadline passed", "closed early"])
def test_closed_link_shows_a_clear_410_page(client, world, how):
    invitee, questions = _custom(world)
    if how == "deadline passed":
        Evaluation.objects.filter(pk=invitee.evaluation_id).update(
            opens_at=timezone.now() - datetime.timedelta(days=5), closes_at=timezone.now() - datetime.timedelta(days=1)
        )
    else:
        Evaluation.objects.filter(pk=invitee.evaluation_id).update(closed_at=timezone.now())

    shown = client.get(_url(invitee))
    posted = client.post(_url(invitee), _complete(questions))

    assert (shown.status_code, posted.status_code) == (410, 410)
    assert "This questionnaire is closed" in shown.content.decode()
    assert (Submission.objects.count(), Receipt.objects.count()) == (0, 0)


def test_answered_link_thanks_even_after_closing(client, world):
    invitee, questions = _custom(world)
    client.post(_url(invitee), _complete(questions))
    Evaluation.objects.filter(pk=invitee.evaluation_id).update(closed_at=timezone.now())

    response = client.get(_url(invitee))

    assert response.status_code == 200
    assert "Thank you" in response.content.decode()


def test_link_before_opening_says_when_it_opens(client, world):
    invitee, questions = _custom(world, opens=2)

    shown = client.get(_url(invitee))
    posted = client.post(_url(invitee), {"action": "draft", f"q_{questions['short'].pk}": "Early"})

    assert (shown.status_code, posted.status_code) == (200, 200)
    page = shown.content.decode()
    assert "This questionnaire is not open yet" in page and 'name="action"' not in page
    opens = formats.date_format(timezone.localtime(invitee.evaluation.opens_at), "DATETIME_FORMAT")
    assert f"opens on {opens}" in html.unescape(page)
    invitee.refresh_from_db()
    assert invitee.draft == {}


@pytest.mark.parametrize("secret", ["x" * 43, "wrong"])
def test_wrong_secret_is_a_clear_404(client, world, secret):
    invitee, _questions = _custom(world)

    response = client.get(_url(invitee, secret=secret))

    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_unknown_link_is_a_clear_404(client, world):
    invitee, _questions = _custom(world)
    url = _url(invitee).replace(str(invitee.public_id), "00000000-0000-4000-8000-000000000000")

    response = client.post(url, {"action": "submit"})

    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_anonymous_submission_is_not_linked_to_the_invitee(client, world):
    invitee, questions = _custom(world, anonymous=True)
    client.post(_url(invitee), {"action": "draft", f"q_{questions['short'].pk}": "Draft"})

    page = client.get(_url(invitee)).content.decode()
    response = client.post(_url(invitee), _complete(questions))

    assert "This questionnaire is anonymous." in page
    assert response.status_code == 200
    assert "Your answers are kept without your name" in response.content.decode()
    submission = Submission.objects.get()
    invitee.refresh_from_db()
    assert (submission.invitee, invitee.draft, Receipt.objects.filter(invitee=invitee).count()) == (None, {}, 1)
    assert submission.answers.filter(question=questions["short"]).get().text == "More on heat pumps"


def test_sending_cancels_the_pending_reminders(client, world):
    invitee, questions = _custom(world)
    reminders = Notification.objects.filter(kind="evaluation_reminder", object_id=invitee.pk)
    assert set(reminders.values_list("state", flat=True)) == {NotificationState.PENDING}
    assert reminders.count() == 2

    client.post(_url(invitee), _complete(questions))

    assert set(reminders.values_list("state", flat=True)) == {NotificationState.CANCELLED}


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("likert0", "6"),
        ("likert0", "0"),
        ("recommend", "11"),
        ("single", "3"),
        ("single", "-1"),
        ("single", ["0", "1"]),
        ("likert0", ["3", "4"]),
        ("multiple", ["0", "7"]),
        ("topics", ["999999"]),
        ("topics", ["abc"]),
        ("short", "x" * 501),
        ("short", ["a", "b"]),
        ("long", "y" * 5001),
    ],
)
@pytest.mark.parametrize("action", ["draft", "submit"])
def test_impossible_values_are_field_errors_and_keep_the_draft(client, world, code, value, action):
    invitee, questions = _custom(world)
    client.post(_url(invitee), {"action": "draft", f"q_{questions['recommend'].pk}": "8"})
    name = f"q_{questions[code].pk}"

    response = client.post(_url(invitee), _complete(questions, action=action, **{name: value}))

    invitee.refresh_from_db()
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [name]
    assert invitee.draft == {str(questions["recommend"].pk): 8}
    assert Submission.objects.count() == 0


def _respond_queries(client, world, likert):
    invitee, _questions = _custom(world, likert=likert)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url(invitee))
    assert response.status_code == 200
    assert response.content.decode().count("<fieldset") == likert + 6
    Evaluation.objects.filter(pk=invitee.evaluation_id).delete()
    return len(queries)


def test_respond_page_queries_do_not_grow_with_the_questions(client, world):
    assert _respond_queries(client, world, 5) == _respond_queries(client, world, 40)
