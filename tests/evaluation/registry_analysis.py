"""The evaluation analysis pages in the shared test registries (merged by tests/pages.py,
tests/test_access.py and tests/test_query_counts.py), and the helpers that make their rows.

PAGES: (label, url name, viewer key of Side.people(), kwargs(world), add_rows(world, n), small, large)
OBJECT_URLS: url name -> kwargs(world) naming an object of side A
OWNER: url name -> the side-A person who may open it (default the coordinator)
NOT_LIST_OR_DETAIL: url names that neither list nor show rows (forms, POST-only)
NOT_OBJECT_URLS: url names whose parameters are secrets, not object ids
"""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from assessments.enums import CampaignKind, ResponseStatus
from assessments.models import Answer, Campaign, Invitation, Response
from core.enums import OrganisationKind, Role
from core.models import Topic
from evaluation.enums import QuestionKind
from evaluation.models import AnswerValue, Evaluation, Submission
from programmes.enums import EnrolmentRole

from ..factories import ProgrammeFactory, member
from . import rows


def submit(
    evaluation: Evaluation,
    answers: dict,
    *,
    invitee=None,
    organisation_kind: str = OrganisationKind.LOCAL_GOVERNMENT,
    country: str = "BE",
    role: str = EnrolmentRole.TRAINEE,
) -> Submission:
    """One response: `answers` maps a question code to a number, a text, a Topic or a list of them."""
    questions = {question.code: question for question in evaluation.questionnaire.questions.all()}
    submission = Submission.objects.create(
        evaluation=evaluation,
        invitee=None if evaluation.anonymous else invitee,
        organisation_kind=organisation_kind,
        country=country,
        role=role,
        submitted_on=timezone.localdate(),
    )
    made = []
    for code, value in answers.items():
        for one in value if isinstance(value, list) else [value]:
            made.append(_value(submission, questions[code], one))
    AnswerValue.objects.bulk_create(made)
    return submission


def _value(submission, question, value) -> AnswerValue:
    if isinstance(value, Topic):
        return AnswerValue(submission=submission, question=question, topic=value, number=value.pk)
    if isinstance(value, str):
        return AnswerValue(submission=submission, question=question, text=value)
    return AnswerValue(submission=submission, question=question, number=value)


def bulk_responses(evaluation: Evaluation, n: int) -> None:
    """n responses to every question, in a handful of queries (for 1,000 and more)."""
    questions = list(evaluation.questionnaire.questions.all())
    topics = list(Topic.objects.order_by("pk")[:3])
    today = timezone.localdate()
    submissions = Submission.objects.bulk_create(
        Submission(
            evaluation=evaluation,
            organisation_kind=OrganisationKind.LOCAL_GOVERNMENT,
            country="BE",
            role=EnrolmentRole.TRAINEE,
            submitted_on=today,
        )
        for _ in range(n)
    )
    made = []
    for i, submission in enumerate(submissions):
        for question in questions:
            if question.kind == QuestionKind.LIKERT:
                made.append(AnswerValue(submission=submission, question=question, number=1 + i % 5))
            elif question.kind == QuestionKind.RECOMMEND:
                made.append(AnswerValue(submission=submission, question=question, number=i % 11))
            elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and question.options:
                made.append(AnswerValue(submission=submission, question=question, number=i % len(question.options)))
            elif question.kind == QuestionKind.SUPPORT_TOPICS:
                made.append(AnswerValue(submission=submission, question=question, topic=topics[i % len(topics)]))
            else:
                made.append(AnswerValue(submission=submission, question=question, text=f"Bulk answer {i}"))
    AnswerValue.objects.bulk_create(made, batch_size=2000)


def new_evaluation(world, programme, title: str, *, anonymous: bool = False, session=None) -> Evaluation:
    now = timezone.now()
    return Evaluation.objects.create(
        programme=programme,
        session=session,
        questionnaire=rows.questionnaire(world),
        title=title,
        anonymous=anonymous,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=13),
    )


def follow_up_campaign(world) -> Campaign:
    """A follow-up of programme A's baseline (world.a.campaign), made once."""
    found = Campaign.objects.filter(programme=world.a.programme, kind=CampaignKind.FOLLOW_UP).first()
    if found:
        return found
    created = Campaign.objects.create(
        programme=world.a.programme,
        title="Follow-up A",
        kind=CampaignKind.FOLLOW_UP,
        baseline=world.a.campaign,
        deadline=timezone.now() + datetime.timedelta(days=10),
    )
    created.topics.set(world.a.campaign.topics.all())
    return created


def levels(campaign: Campaign, person, organisation, by_topic: dict, *, status=ResponseStatus.SUBMITTED) -> None:
    """A person's needs-assessment answer: {topic: current level}."""
    invitation = Invitation.objects.create(campaign=campaign, person=person, organisation=organisation)
    response = Response.objects.create(invitation=invitation, status=status, submitted_at=timezone.now())
    Answer.objects.bulk_create(
        Answer(response=response, topic=topic, current_level=level, required_level=5)
        for topic, level in by_topic.items()
    )


# --------------------------------------------------------------------------- add_rows


def _evaluations_answered(world, n):
    for i in range(n):
        evaluation = new_evaluation(world, world.a.programme, f"Compared evaluation {i}")
        submit(evaluation, {"relevance": 1 + i % 5, "recommend": i % 11})


def _programmes_answered(world, n):
    for i in range(n):
        programme = ProgrammeFactory(organisation=world.a.coordinator_org, title=f"Compared programme {i}")
        submit(new_evaluation(world, programme, "Evaluation"), {"relevance": 1 + i % 5})


def _gain_topics(world, n):
    """n new topics answered in the baseline and the follow-up by one more person."""
    follow_up = follow_up_campaign(world)
    topics = [Topic.objects.create(code=f"gain-{uuid.uuid4().hex[:12]}", name=f"Gain topic {i}") for i in range(n)]
    person = member(world.a.municipality, Role.LG_STAFF)
    levels(world.a.campaign, person, world.a.municipality, dict.fromkeys(topics, 2))
    levels(follow_up, person, world.a.municipality, dict.fromkeys(topics, 4))


def _programme(world):
    return {"pk": world.a.programme.pk}


def _organisation(world):
    return {"pk": world.a.coordinator_org.pk}


def _evaluation(world):
    return {"pk": rows.evaluation(world).pk}


def _export(world):
    return {"pk": rows.evaluation(world).pk, "fmt": "csv"}


PAGES: list[tuple] = [
    ("evaluation analysis", "evaluation:analysis", "project_manager", _evaluation, rows.respondents, 1, 60),
    ("evaluation export", "evaluation:export", "project_manager", _export, rows.respondents, 1, 60),
    (
        "evaluation programme comparison",
        "evaluation:programme_comparison",
        "project_manager",
        _programme,
        _evaluations_answered,
        1,
        60,
    ),
    (
        "evaluation organisation comparison",
        "evaluation:organisation_comparison",
        "project_manager",
        _organisation,
        _programmes_answered,
        1,
        60,
    ),
    ("evaluation knowledge gain", "evaluation:knowledge_gain", "project_manager", _programme, _gain_topics, 1, 60),
]
OBJECT_URLS: dict = {
    "evaluation:analysis": _evaluation,
    "evaluation:export": _export,
    "evaluation:programme_comparison": _programme,
    "evaluation:organisation_comparison": _organisation,
    "evaluation:knowledge_gain": _programme,
    "evaluation:follow_up": _programme,
}
OWNER: dict = {}
NOT_LIST_OR_DETAIL: set[str] = {"evaluation:follow_up"}
NOT_OBJECT_URLS: set[str] = set()
