"""Answering an evaluation through a personal link: the layout of the form, the draft and the one
submission per invitee.

Values are keyed by question id: an int for a scale or a single choice (the index of the option),
a list of ints for several choices (option indexes) or support topics (topic ids), a string for a
text. Empty answers are left out. A draft is kept on the invitee as JSON (keys are the question ids
as strings) until the answers are sent; then it is emptied.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Topic
from notifications.services import notifications_cancel

from .enums import SCALES, QuestionKind
from .models import AnswerValue, Evaluation, Invitee, Question, Questionnaire, Receipt, Section, Submission
from .notifications import EVALUATION_REMINDER

TEXT_LIMITS = {QuestionKind.SHORT_TEXT: 500, QuestionKind.LONG_TEXT: 5000}
MULTIPLE_KINDS = (QuestionKind.MULTIPLE, QuestionKind.SUPPORT_TOPICS)


class LinkState:
    OPEN = "open"
    NOT_OPEN = "not_open"
    CLOSED = "closed"
    ANSWERED = "answered"


class EvaluationClosed(Exception):
    """The evaluation does not accept answers (not open yet, or closed)."""


class AlreadyAnswered(Exception):
    """The invitee has sent their answers already: there is no second response."""


@dataclass
class Group:
    """A section of the form (None: the questions outside any section) with its questions in order."""

    section: Section | None
    questions: list[Question] = field(default_factory=list)


def accepting_state(evaluation: Evaluation, *, now: datetime.datetime | None = None) -> str:
    now = now or timezone.now()
    if evaluation.closed_at is not None or now >= evaluation.closes_at:
        return LinkState.CLOSED
    if now < evaluation.opens_at:
        return LinkState.NOT_OPEN
    return LinkState.OPEN


def link_state(invitee: Invitee, *, now: datetime.datetime | None = None) -> str:
    """What the personal link shows: the form, a thank-you (answered), or why it is not open."""
    if Receipt.objects.filter(invitee_id=invitee.pk).exists():
        return LinkState.ANSWERED
    return accepting_state(invitee.evaluation, now=now)


def questionnaire_layout(questionnaire: Questionnaire) -> list[Group]:
    """Sections in order with their questions; questions outside a section come first. Two queries,
    whatever the number of questions (the related managers hand each row its questionnaire)."""
    groups = {None: Group(section=None)}
    for section in questionnaire.sections.order_by("order", "pk"):
        groups[section.pk] = Group(section=section)
    for question in questionnaire.questions.order_by("order", "pk"):
        groups.get(question.section_id, groups[None]).questions.append(question)
    return [group for group in groups.values() if group.questions]


def questions_of(groups: Iterable[Group]) -> list[Question]:
    return [question for group in groups for question in group.questions]


def support_topics(questions: Iterable[Question]) -> list[Topic]:
    """The active topics of the catalogue, when a question asks for them (no query otherwise)."""
    if not any(question.kind == QuestionKind.SUPPORT_TOPICS for question in questions):
        return []
    return list(Topic.objects.filter(is_active=True).order_by("order", "name"))


def is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == ()


def draft_values(invitee: Invitee, questions: Iterable[Question]) -> dict[int, object]:
    """The saved draft, for the questions still in the questionnaire."""
    draft = invitee.draft if isinstance(invitee.draft, dict) else {}
    return {q.pk: draft[str(q.pk)] for q in questions if str(q.pk) in draft and not is_empty(draft[str(q.pk)])}


def missing_required(questions: Iterable[Question], values: Mapping[int, object]) -> list[Question]:
    return [q for q in questions if q.required and is_empty(values.get(q.pk))]


def _check(question: Question, value, topic_ids: set[int]) -> None:
    """Refuse a value the question cannot hold (the form refuses them first, with field errors)."""
    kind = question.kind
    if kind in SCALES:
        ok = isinstance(value, int) and value in SCALES[kind]
    elif kind == QuestionKind.SINGLE:
        ok = isinstance(value, int) and 0 <= value < len(question.options)
    elif kind == QuestionKind.MULTIPLE:
        ok = isinstance(value, list) and all(isinstance(v, int) and 0 <= v < len(question.options) for v in value)
    elif kind == QuestionKind.SUPPORT_TOPICS:
        ok = isinstance(value, list) and all(isinstance(v, int) and v in topic_ids for v in value)
    else:
        ok = isinstance(value, str) and len(value) <= TEXT_LIMITS.get(kind, 5000)
    if not ok:
        raise ValidationError({f"q_{question.pk}": _("This answer is not one of the possible answers.")})


def _answer_rows(question: Question, value, submission: Submission) -> list[AnswerValue]:
    if question.kind == QuestionKind.MULTIPLE:
        return [AnswerValue(submission=submission, question=question, number=index) for index in sorted(set(value))]
    if question.kind == QuestionKind.SUPPORT_TOPICS:
        return [
            AnswerValue(submission=submission, question=question, topic_id=topic_id, number=topic_id)
            for topic_id in sorted(set(value))
        ]
    if question.kind in TEXT_LIMITS:
        return [AnswerValue(submission=submission, question=question, text=value)]
    return [AnswerValue(submission=submission, question=question, number=value)]


@transaction.atomic
def response_save(*, invitee: Invitee, values: Mapping[int, object], submit: bool) -> Submission | None:
    """Save the draft (submit=False), or send the answers (submit=True) and return the submission.

    Sending is all or nothing, under a lock on the invitee row: a receipt (unique per invitee) is
    made first, so a double click or two tabs end with exactly one submission; the loser gets
    AlreadyAnswered. Anonymous evaluations keep no link from the submission to the invitee, and
    the draft is emptied. Pending reminders are cancelled. Raises EvaluationClosed when the
    evaluation does not accept answers and ValidationError for a missing required answer.
    """
    locked = (
        Invitee.objects.select_for_update()
        .select_related("evaluation__questionnaire", "organisation")
        .get(pk=invitee.pk)
    )
    if Receipt.objects.filter(invitee=locked).exists():
        raise AlreadyAnswered
    evaluation = locked.evaluation
    if accepting_state(evaluation) != LinkState.OPEN:
        raise EvaluationClosed
    questions = {q.pk: q for q in evaluation.questionnaire.questions.all()}
    kept = {pk: value for pk, value in values.items() if pk in questions and not is_empty(value)}
    topic_ids = {topic.pk for topic in support_topics(questions.values())}
    for pk, value in kept.items():
        _check(questions[pk], value, topic_ids)
    if not submit:
        locked.draft = {str(pk): value for pk, value in kept.items()}
        locked.save(update_fields=["draft"])
        invitee.draft = locked.draft
        return None
    missing = missing_required(questions.values(), kept)
    if missing:
        raise ValidationError({f"q_{q.pk}": _("Please answer this question.") for q in missing})
    try:
        with transaction.atomic():
            Receipt.objects.create(invitee=locked)
    except IntegrityError:
        raise AlreadyAnswered from None
    organisation = locked.organisation
    submission = Submission.objects.create(
        evaluation=evaluation,
        invitee=None if evaluation.anonymous else locked,
        organisation_kind=organisation.kind or "",
        country=str(organisation.country or ""),
        role=locked.role,
        submitted_on=timezone.localdate(),
    )
    rows = []
    for pk, value in kept.items():
        rows.extend(_answer_rows(questions[pk], value, submission))
    AnswerValue.objects.bulk_create(rows)
    locked.draft = {}
    locked.save(update_fields=["draft"])
    invitee.draft = {}
    notifications_cancel(target=locked, kind=EVALUATION_REMINDER.code)
    return submission
