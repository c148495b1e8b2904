"""The questionnaire builder: reads for its pages and the services that change a questionnaire.

Every change goes through `_working_version`, which decides where it lands:

- a questionnaire that has answers is frozen: the change is made on a new version (same family,
  version + 1), so the answers keep the questions they answered and evaluations already sent keep
  the old version;
- the first change of a text of a translatable questionnaire (the method's default, whose texts
  are message ids) resolves all its texts in the editor's language: a text someone typed cannot
  be translated any more, so the questionnaire stops being translatable;
- a superseded version is never changed: `QuestionnaireSuperseded` names the current one.

The questionnaire row is locked for the whole change, so two people editing at once cannot make
two versions 2 (and the unique family+version constraint catches it where rows cannot be locked).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from core.models import Organisation, User
from core.scope import get_or_404, roles_of

from .enums import CHOICE_KINDS, SCALES
from .models import AnswerValue, Evaluation, Question, Questionnaire, Section, Submission

MIN_OPTIONS = 2
MAX_OPTIONS = 20
UP, DOWN = "up", "down"


class QuestionnaireSuperseded(ValidationError):
    """The questionnaire was changed into a newer version meanwhile; nothing was saved."""

    def __init__(self, current: Questionnaire | None):
        self.current = current
        super().__init__(
            gettext(
                "Meanwhile this questionnaire got a newer version (version %(version)s), so your change was not "
                "saved. Make it on the newest version."
            )
            % {"version": current.version if current else "?"}
        )


# Reads


def questionnaires_for(user, *, manage: bool = False) -> QuerySet[Questionnaire]:
    roles = roles_of(user)
    return Questionnaire.objects.filter(organisation_id__in=roles.coordinated if manage else roles.managed)


def questionnaire_list(user) -> QuerySet[Questionnaire]:
    """The current version of each questionnaire of the user's organisations, with `question_count`
    and `evaluation_count` (evaluations using any version of it)."""
    family_evaluations = (
        Evaluation.objects.filter(questionnaire__family=OuterRef("family"))
        .order_by()
        .values("questionnaire__family")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        questionnaires_for(user)
        .filter(is_current=True)
        .select_related("organisation")
        .annotate(
            question_count=Count("questions", distinct=True),
            evaluation_count=Coalesce(Subquery(family_evaluations), 0),
        )
        .order_by("organisation__name", "title", "pk")
    )


def questionnaire_get(user, pk, *, manage: bool = False) -> Questionnaire:
    return get_or_404(questionnaires_for(user, manage=manage).select_related("organisation"), pk=pk)


def section_get(user, pk, *, manage: bool = False) -> Section:
    roles = roles_of(user)
    scoped = Section.objects.filter(
        questionnaire__organisation_id__in=roles.coordinated if manage else roles.managed
    ).select_related("questionnaire__organisation")
    return get_or_404(scoped, pk=pk)


def question_get(user, pk, *, manage: bool = False) -> Question:
    roles = roles_of(user)
    scoped = Question.objects.filter(
        questionnaire__organisation_id__in=roles.coordinated if manage else roles.managed
    ).select_related("questionnaire__organisation", "section")
    return get_or_404(scoped, pk=pk)


@dataclass
class Part:
    """A section of the builder page (or the questions without one) with its questions in order."""

    section: Section | None
    questions: list[Question] = field(default_factory=list)
    first: bool = False  # the first section: it cannot move up
    last: bool = False


def questionnaire_outline(questionnaire: Questionnaire) -> list[Part]:
    """Sections in order with their questions; questions without a section come first, as the
    respondent reads them (responding.py). Two queries."""
    sections = list(questionnaire.sections.order_by("order", "pk"))
    for section in sections:
        section.questionnaire = questionnaire  # display_title reads it: no query per section
    parts = {
        section.pk: Part(section, first=index == 0, last=index == len(sections) - 1)
        for index, section in enumerate(sections)
    }
    loose = Part(None)
    for question in questionnaire.questions.order_by("order", "pk"):
        question.questionnaire = questionnaire
        parts.get(question.section_id, loose).questions.append(question)
    outline = [*([loose] if loose.questions else []), *parts.values()]
    number = 0
    for part in outline:
        for question in part.questions:
            number += 1
            question.number = number  # as the respondent reads it
    return outline


def questionnaire_versions(questionnaire: Questionnaire) -> list[Questionnaire]:
    return list(Questionnaire.objects.filter(family=questionnaire.family).order_by("version"))


def questionnaire_is_frozen(questionnaire: Questionnaire) -> bool:
    """Whether anyone answered it: then a change makes a new version."""
    return (
        Submission.objects.filter(evaluation__questionnaire=questionnaire).exists()
        or AnswerValue.objects.filter(question__questionnaire=questionnaire).exists()
    )


def check_question(*, kind: str, options: list[str], target_mean: Decimal | None) -> dict[str, list[str]]:
    """The rules a question's options and target follow, as field errors (empty when it is fine)."""
    errors: dict[str, list[str]] = {}
    if kind in CHOICE_KINDS:
        if len(options) < MIN_OPTIONS:
            errors["options"] = [gettext("Give at least %(count)s options, one per line.") % {"count": MIN_OPTIONS}]
        elif len(options) > MAX_OPTIONS:
            errors["options"] = [gettext("Give at most %(count)s options.") % {"count": MAX_OPTIONS}]
        else:
            seen, doubles = set(), []
            for option in options:
                if option.casefold() in seen:
                    doubles.append(option)
                seen.add(option.casefold())
            if doubles:
                errors["options"] = [gettext("Each option only once: %(options)s.") % {"options": ", ".join(doubles)}]
    if target_mean is not None:
        scale = SCALES.get(kind)
        if scale is None:
            errors["target_mean"] = [gettext("Only a question on a scale (1 to 5 or 0 to 10) can have a target.")]
        elif not scale.start <= target_mean <= scale.stop - 1:
            errors["target_mean"] = [
                gettext("The target must lie on the scale, from %(low)s to %(high)s.")
                % {"low": scale.start, "high": scale.stop - 1}
            ]
    return errors


# Services


@transaction.atomic
def questionnaire_create(
    *, organisation: Organisation, title: str, introduction: str = "", user: User | None = None
) -> Questionnaire:
    """A new, empty questionnaire (version 1 of a new family)."""
    questionnaire = Questionnaire(organisation=organisation, title=title, introduction=introduction, created_by=user)
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire


@transaction.atomic
def questionnaire_copy(*, source: Questionnaire, user: User | None = None) -> Questionnaire:
    """A copy of any version as a new questionnaire of the same organisation (a new family, version 1).
    A copy of a translatable questionnaire gets its texts in the current language: it is the
    organisation's own from now on, and the method's default stays as it is."""
    copy = _copy(
        source,
        family=None,
        version=1,
        user=user,
        resolve=source.translatable,
        title=gettext("%(title)s (copy)") % {"title": source.display_title},
    )
    return copy.questionnaire


@transaction.atomic
def questionnaire_update(*, questionnaire: Questionnaire, title: str, introduction: str) -> Questionnaire:
    """Change the title and introduction. Returns the questionnaire changed (a new version if frozen)."""
    changed = title != questionnaire.display_title or introduction != questionnaire.display_introduction
    if not changed:
        return questionnaire
    working = _working_version(questionnaire, resolve=True)
    target = working.questionnaire
    target.title, target.introduction = title, introduction
    target.full_clean()
    target.save(update_fields=["title", "introduction"])
    return target


@transaction.atomic
def section_create(*, questionnaire: Questionnaire, title: str) -> Questionnaire:
    """Add a section after the others."""
    working = _working_version(questionnaire, resolve=True)
    target = working.questionnaire
    last = target.sections.aggregate(last=Max("order"))["last"] or 0
    section = Section(questionnaire=target, title=title, order=last + 1)
    section.full_clean()
    section.save()
    return target


@transaction.atomic
def section_update(*, section: Section, title: str) -> Questionnaire:
    if title == section.display_title:
        return section.questionnaire
    working = _working_version(section.questionnaire, resolve=True)
    target = working.sections[section.pk]
    target.title = title
    target.full_clean()
    target.save(update_fields=["title"])
    return working.questionnaire


@transaction.atomic
def section_delete(*, section: Section) -> Questionnaire:
    """Remove a section; its questions stay, without a section."""
    working = _working_version(section.questionnaire, resolve=False)
    working.sections[section.pk].delete()
    return working.questionnaire


@transaction.atomic
def section_move(*, section: Section, direction: str) -> Questionnaire:
    """Swap the section with the one before (up) or after (down); at either end nothing changes."""
    if _neighbour(list(section.questionnaire.sections.order_by("order", "pk")), section, direction) is None:
        return section.questionnaire  # no version is made for a move that moves nothing
    working = _working_version(section.questionnaire, resolve=False)
    siblings = list(working.questionnaire.sections.order_by("order", "pk"))
    _swap(siblings, working.sections[section.pk], direction)
    Section.objects.bulk_update(siblings, ["order"])
    return working.questionnaire


@transaction.atomic
def question_create(
    *,
    questionnaire: Questionnaire,
    kind: str,
    text: str,
    help_text: str = "",
    required: bool = True,
    section: Section | None = None,
    options: list[str] | None = None,
    code: str = "",
    target_mean: Decimal | None = None,
) -> Questionnaire:
    """Add a question at the end of its section (or of the questionnaire)."""
    working = _working_version(questionnaire, resolve=True)
    target = working.questionnaire
    last = target.questions.aggregate(last=Max("order"))["last"] or 0
    question = Question(questionnaire=target, order=last + 1)
    _fill(
        question,
        working,
        kind=kind,
        text=text,
        help_text=help_text,
        required=required,
        section=section,
        options=options or [],
        code=code,
        target_mean=target_mean,
    )
    return target


@transaction.atomic
def question_update(
    *,
    question: Question,
    kind: str,
    text: str,
    help_text: str = "",
    required: bool = True,
    section: Section | None = None,
    options: list[str] | None = None,
    code: str = "",
    target_mean: Decimal | None = None,
) -> Questionnaire:
    """Change a question. A question moved to another section goes to the end of it."""
    options = options or []
    texts_changed = (
        text != question.display_text or help_text != question.display_help or options != question.display_options
    )
    unchanged = not texts_changed and (kind, required, section.pk if section else None, code, target_mean) == (
        question.kind,
        question.required,
        question.section_id,
        question.code,
        question.target_mean,
    )
    if unchanged:
        return question.questionnaire  # saving the form as it was makes no version
    working = _working_version(question.questionnaire, resolve=texts_changed)
    target = working.questions[question.pk]
    if not texts_changed:  # a translatable question keeps its message ids
        text, help_text, options = target.text, target.help_text, target.options
    new_section = working.sections.get(section.pk) if section is not None else None
    if (new_section.pk if new_section else None) != target.section_id:
        target.order = (working.questionnaire.questions.aggregate(last=Max("order"))["last"] or 0) + 1
    _fill(
        target,
        working,
        kind=kind,
        text=text,
        help_text=help_text,
        required=required,
        section=section,
        options=options,
        code=code,
        target_mean=target_mean,
    )
    return working.questionnaire


@transaction.atomic
def question_delete(*, question: Question) -> Questionnaire:
    """Remove a question (from a new version if it has answers: the answers keep the old one)."""
    working = _working_version(question.questionnaire, resolve=False)
    working.questions[question.pk].delete()
    return working.questionnaire


@transaction.atomic
def question_move(*, question: Question, direction: str) -> Questionnaire:
    """Swap the question with its neighbour in the same section; at either end nothing changes."""
    shown = [q for part in questionnaire_outline(question.questionnaire) for q in part.questions]
    if _neighbour([q for q in shown if q.section_id == question.section_id], question, direction) is None:
        return question.questionnaire  # no version is made for a move that moves nothing
    working = _working_version(question.questionnaire, resolve=False)
    moved = working.questions[question.pk]
    ordered = [q for part in questionnaire_outline(working.questionnaire) for q in part.questions]
    for position, each in enumerate(ordered, start=1):  # 1..n in the order shown, whatever came before
        each.order = position
    moved = next(q for q in ordered if q.pk == moved.pk)
    _swap([q for q in ordered if q.section_id == moved.section_id], moved, direction, renumber=False)
    Question.objects.bulk_update(ordered, ["order"])
    return working.questionnaire


# The version a change lands in


@dataclass
class _Working:
    questionnaire: Questionnaire
    sections: dict[int, Section]  # pk of the section edited -> the same section in `questionnaire`
    questions: dict[int, Question]


def _working_version(questionnaire: Questionnaire, *, resolve: bool) -> _Working:
    """Lock the questionnaire and give the version to change: itself, or a new version if it has
    answers; with its texts resolved in the current language when `resolve` and it is translatable.
    Must run inside a transaction."""
    locked = Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk).first()
    if locked is None or not locked.is_current:
        raise QuestionnaireSuperseded(
            Questionnaire.objects.filter(family=questionnaire.family, is_current=True).first()
        )
    resolve = resolve and locked.translatable
    if questionnaire_is_frozen(locked):
        try:
            with transaction.atomic():  # a savepoint: the constraint's refusal leaves the transaction usable
                working = _copy(locked, family=locked.family, version=locked.version + 1, resolve=resolve)
        except IntegrityError as error:  # another version was made at the same moment
            current = Questionnaire.objects.filter(family=locked.family, version=locked.version + 1).first()
            raise QuestionnaireSuperseded(current) from error
        Questionnaire.objects.filter(pk=locked.pk).update(is_current=False)
        questionnaire.is_current = False
        return working
    sections = {section.pk: section for section in locked.sections.all()}
    questions = {question.pk: question for question in locked.questions.all()}
    for row in [*sections.values(), *questions.values()]:
        row.questionnaire = locked
    if resolve:
        _resolve_texts(locked, sections.values(), questions.values())
    return _Working(locked, sections, questions)


def _copy(
    source: Questionnaire,
    *,
    family,
    version: int,
    resolve: bool,
    user: User | None = None,
    title: str | None = None,
) -> _Working:
    """Copy a questionnaire with its sections and questions (orders, codes and targets kept)."""
    copy = Questionnaire(
        organisation_id=source.organisation_id,
        title=source.title,
        introduction=source.introduction,
        version=version,
        is_current=True,
        translatable=source.translatable,
        created_by=user or source.created_by,
    )
    if family is not None:
        copy.family = family
    sections = {
        section.pk: Section(questionnaire=copy, title=section.title, order=section.order)
        for section in source.sections.order_by("order", "pk")
    }
    questions = {
        question.pk: Question(
            questionnaire=copy,
            section=sections.get(question.section_id),
            order=question.order,
            kind=question.kind,
            text=question.text,
            help_text=question.help_text,
            required=question.required,
            options=list(question.options),
            code=question.code,
            target_mean=question.target_mean,
        )
        for question in source.questions.order_by("order", "pk")
    }
    if resolve:
        _resolve_texts(copy, sections.values(), questions.values(), save=False)
    if title is not None:
        copy.title = title
    copy.save()
    # Saving sets the ids the sections and questions were built pointing at (Django fills them in).
    Section.objects.bulk_create(sections.values())
    Question.objects.bulk_create(questions.values())
    return _Working(copy, sections, questions)


def _resolve_texts(questionnaire: Questionnaire, sections, questions, *, save: bool = True) -> None:
    """Replace the message ids of a translatable questionnaire by their text in the current language."""
    if not questionnaire.translatable:
        return
    questionnaire.title = questionnaire.display_title
    questionnaire.introduction = questionnaire.display_introduction
    sections, questions = list(sections), list(questions)
    for section in sections:
        section.title = gettext(section.title)
    for question in questions:
        question.text = gettext(question.text)
        question.help_text = gettext(question.help_text) if question.help_text else ""
        question.options = [gettext(option) for option in question.options]
    questionnaire.translatable = False
    if save:
        questionnaire.save(update_fields=["title", "introduction", "translatable"])
        Section.objects.bulk_update(sections, ["title"])
        Question.objects.bulk_update(questions, ["text", "help_text", "options"])


def _fill(question: Question, working: _Working, *, section: Section | None, **fields) -> None:
    """Set the fields of a question of the working version, check them and save."""
    if section is not None:
        if section.pk not in working.sections:
            raise ValidationError({"section": gettext("Choose a section of this questionnaire.")})
        section = working.sections[section.pk]
    if fields["kind"] not in CHOICE_KINDS:
        fields["options"] = []
    errors = check_question(kind=fields["kind"], options=fields["options"], target_mean=fields["target_mean"])
    code = fields["code"]
    if code and working.questionnaire.questions.filter(code=code).exclude(pk=question.pk).exists():
        errors["code"] = [gettext("Another question of this questionnaire has this code.")]
    if errors:
        raise ValidationError(errors)
    question.section = section
    for name, value in fields.items():
        setattr(question, name, value)
    question.full_clean()
    question.save()


def _neighbour(rows: list, row, direction: str) -> int | None:
    """The index in `rows` (in order) of the row `row` swaps with, or None at either end."""
    index = next((i for i, each in enumerate(rows) if each.pk == row.pk), None)
    if index is None or direction not in (UP, DOWN):
        return None
    other = index - 1 if direction == UP else index + 1
    return other if 0 <= other < len(rows) else None


def _swap(rows: list, row, direction: str, *, renumber: bool = True) -> None:
    """Swap `row` with its neighbour in `rows` (already in order), after numbering them 1..n."""
    if renumber:
        for position, each in enumerate(rows, start=1):
            each.order = position
    other = _neighbour(rows, row, direction)
    if other is not None:
        index = next(i for i, each in enumerate(rows) if each.pk == row.pk)
        rows[index].order, rows[other].order = rows[other].order, rows[index].order
