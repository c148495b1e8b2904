"""Demo data for evaluation: the method's questionnaire sent after the energy-poverty programme,
answered by its trainees. Loading it twice changes nothing."""

from __future__ import annotations

import datetime

from django.utils import timezone

from core.models import Organisation, Topic
from notifications.services import notifications_cancel
from programmes.models import Programme

from .enums import Audience, QuestionKind
from .models import AnswerValue, Evaluation, Receipt, Submission
from .services import audience_of, default_questionnaire, invitees_add

# Per trainee e-mail: answers by question code.
ANSWERS = {
    "employee.gorica@demo.example": {
        "relevance": 5, "content": 4, "facilitator": 5, "organisation": 3, "interaction": 4, "knowledge": 4,
        "recommend": 9, "support_topics": ["financing", "energy-poverty"],
        "comments": "The study visit to Samobor was the most useful part.",
    },
    "employee.samobor@demo.example": {
        "relevance": 4, "content": 4, "facilitator": 4, "organisation": 2, "interaction": 5, "knowledge": 3,
        "recommend": 7, "support_topics": ["financing"], "support_text": "Help with the first EU funding application.",
    },
}  # fmt: skip


def load_evaluation_demo(*, today: datetime.date) -> None:
    programme = Programme.objects.filter(title="Tackling energy poverty in Croatian and Italian cities").first()
    if programme is None or programme.evaluations.exists():
        return
    agency = Organisation.objects.get(pk=programme.organisation_id)
    questionnaire = default_questionnaire(organisation=agency)
    closes = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=10), datetime.time(17)))
    evaluation = Evaluation.objects.create(
        programme=programme,
        questionnaire=questionnaire,
        title="Evaluation of the programme",
        audience=Audience.ENROLLED,
        opens_at=closes - datetime.timedelta(days=20),
        closes_at=closes,
    )
    invitees = invitees_add(
        evaluation=evaluation, enrolments=audience_of(programme=programme, session=None, audience=Audience.ENROLLED)
    )
    questions = {q.code: q for q in questionnaire.questions.all()}
    topics = {t.code: t for t in Topic.objects.all()}
    for invitee in invitees:
        answers = ANSWERS.get(invitee.person.email)
        if not answers:
            continue
        Receipt.objects.create(invitee=invitee)
        submission = Submission.objects.create(
            evaluation=evaluation,
            invitee=invitee,
            organisation_kind=invitee.organisation.kind,
            country=str(invitee.organisation.country),
            role=invitee.role,
            submitted_on=today - datetime.timedelta(days=3),
        )
        rows = []
        for code, value in answers.items():
            question = questions[code]
            if question.kind == QuestionKind.SUPPORT_TOPICS:
                rows += [
                    AnswerValue(submission=submission, question=question, topic=topics[c], number=topics[c].pk)
                    for c in value
                ]
            elif isinstance(value, int):
                rows.append(AnswerValue(submission=submission, question=question, number=value))
            else:
                rows.append(AnswerValue(submission=submission, question=question, text=value))
        AnswerValue.objects.bulk_create(rows)
        notifications_cancel(target=invitee, kind="evaluation_reminder")
