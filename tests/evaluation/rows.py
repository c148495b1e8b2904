"""Evaluation objects of side A of tests/world.py, for the registries and the tests of every part.

Each function finds or makes its object, so registry kwargs and add_rows can call them in any order.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from core.enums import Role
from evaluation.enums import Audience, QuestionKind
from evaluation.models import AnswerValue, Evaluation, Invitee, Question, Questionnaire, Receipt, Submission
from evaluation.services import default_questionnaire
from programmes.enums import ApprovalStatus, EnrolmentRole

from ..factories import EnrolmentFactory, member
from ..world import World


def questionnaire(world: World) -> Questionnaire:
    """The default (method) questionnaire of organisation A."""
    return default_questionnaire(organisation=world.a.coordinator_org)


def evaluation(world: World) -> Evaluation:
    """An open evaluation of programme A's session, sent to everyone enrolled (the employee)."""
    found = Evaluation.objects.filter(programme=world.a.programme).first()
    if found:
        return found
    now = timezone.now()
    created = Evaluation.objects.create(
        programme=world.a.programme,
        session=world.a.session,
        questionnaire=questionnaire(world),
        title="Evaluation A",
        audience=Audience.ENROLLED,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=13),
    )
    Invitee.objects.create(
        evaluation=created, person=world.a.employee, organisation=world.a.municipality, role="trainee"
    )
    return created


def invitee(world: World) -> Invitee:
    return evaluation(world).invitees.get(person=world.a.employee)


def respondents(world: World, n: int, *, evaluation_row: Evaluation | None = None) -> list[Invitee]:
    """n more invitees of the evaluation, each with a submitted response to every scale, choice and text question."""
    evaluation_row = evaluation_row or evaluation(world)
    questions = list(evaluation_row.questionnaire.questions.all())
    made = []
    for i in range(n):
        person = member(world.a.municipality, Role.LG_STAFF)
        EnrolmentFactory(
            programme=world.a.programme,
            person=person,
            organisation=world.a.municipality,
            role=EnrolmentRole.TRAINEE,
            approval=ApprovalStatus.APPROVED,
        )
        row = Invitee.objects.create(
            evaluation=evaluation_row, person=person, organisation=world.a.municipality, role=EnrolmentRole.TRAINEE
        )
        Receipt.objects.create(invitee=row)
        submission = Submission.objects.create(
            evaluation=evaluation_row,
            invitee=None if evaluation_row.anonymous else row,
            organisation_kind=world.a.municipality.kind,
            country=str(world.a.municipality.country),
            role=EnrolmentRole.TRAINEE,
            submitted_on=timezone.localdate(),
        )
        answers = []
        for question in questions:
            answers.extend(_answers(question, submission, i))
        AnswerValue.objects.bulk_create(answers)
        made.append(row)
    return made


def _answers(question: Question, submission: Submission, i: int) -> list[AnswerValue]:
    if question.kind == QuestionKind.LIKERT:
        return [AnswerValue(submission=submission, question=question, number=1 + i % 5)]
    if question.kind == QuestionKind.RECOMMEND:
        return [AnswerValue(submission=submission, question=question, number=i % 11)]
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and question.options:
        return [AnswerValue(submission=submission, question=question, number=i % len(question.options))]
    if question.kind == QuestionKind.SUPPORT_TOPICS:
        from core.models import Topic

        topic = Topic.objects.order_by("pk")[i % 3]
        return [AnswerValue(submission=submission, question=question, topic=topic, number=topic.pk)]
    return [AnswerValue(submission=submission, question=question, text=f"Answer {i}")]
