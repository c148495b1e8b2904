"""The evaluation builder pages in the shared test registries (merged by tests/pages.py,
tests/test_access.py and tests/test_query_counts.py).

PAGES: (label, url name, viewer key of Side.people(), kwargs(world), add_rows(world, n), small, large)
OBJECT_URLS: url name -> kwargs(world) naming an object of side A
OWNER: url name -> the side-A person who may open it (default the coordinator)
NOT_LIST_OR_DETAIL: url names that neither list nor show rows (forms, POST-only)
NOT_OBJECT_URLS: url names whose parameters are secrets, not object ids
"""

from evaluation.enums import QuestionKind
from evaluation.models import Question, Questionnaire, Section

from . import rows


def _questionnaire(world):
    return {"pk": rows.questionnaire(world).pk}


def _answered_questionnaire(world):
    """The default questionnaire once someone answered it (frozen)."""
    if not rows.evaluation(world).submissions.exists():
        rows.respondents(world, 1)
    return {"pk": rows.questionnaire(world).pk}


def _section(world):
    return {"pk": rows.questionnaire(world).sections.order_by("order", "pk").first().pk}


def _question(world):
    return {"pk": rows.questionnaire(world).questions.order_by("order", "pk").first().pk}


def _questionnaires(world, n):
    """n more questionnaires of organisation A, with a question each."""
    for i in range(n):
        made = Questionnaire.objects.create(organisation=world.a.coordinator_org, title=f"Questionnaire {i}")
        Question.objects.create(questionnaire=made, kind=QuestionKind.LIKERT, text=f"Question {i}", order=1)


def _questions(world, n):
    """n more questions of every kind in the default questionnaire (also once it is frozen: straight
    into the database), in its sections and without one."""
    questionnaire = rows.questionnaire(world)
    sections = [*questionnaire.sections.all(), None]
    kinds = QuestionKind.values
    start = questionnaire.questions.count()
    Question.objects.bulk_create(
        Question(
            questionnaire=questionnaire,
            section=sections[i % len(sections)],
            order=start + i + 1,
            kind=kinds[i % len(kinds)],
            text=f"Added question {i}",
            help_text=f"Help {i}",
            options=["Yes", "No"] if kinds[i % len(kinds)] in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) else [],
            code=f"added-{start + i}",
        )
        for i in range(n)
    )


def _sections(world, n):
    questionnaire = rows.questionnaire(world)
    start = questionnaire.sections.count()
    Section.objects.bulk_create(
        Section(questionnaire=questionnaire, title=f"Section {start + i}", order=start + i + 1) for i in range(n)
    )


PAGES: list[tuple] = [
    ("questionnaires", "evaluation:questionnaires", "coordinator", lambda world: {}, _questionnaires, 1, 200),
    (
        "questionnaires (project manager)",
        "evaluation:questionnaires",
        "project_manager",
        lambda world: {},
        _questionnaires,
        1,
        200,
    ),
    ("questionnaire builder", "evaluation:questionnaire", "coordinator", _questionnaire, _questions, 1, 200),
    (
        "questionnaire (project manager)",
        "evaluation:questionnaire",
        "project_manager",
        _questionnaire,
        _questions,
        1,
        200,
    ),
    (
        "questionnaire with answers",
        "evaluation:questionnaire",
        "coordinator",
        _answered_questionnaire,
        _questions,
        1,
        200,
    ),
    ("new question", "evaluation:question_create", "coordinator", _questionnaire, _sections, 1, 200),
    ("question edit", "evaluation:question_edit", "coordinator", _question, _sections, 1, 200),
]
OBJECT_URLS: dict = {
    "evaluation:questionnaire": _questionnaire,
    "evaluation:questionnaire_edit": _questionnaire,
    "evaluation:questionnaire_copy": _questionnaire,
    "evaluation:section_create": _questionnaire,
    "evaluation:section_edit": _section,
    "evaluation:section_delete": _section,
    "evaluation:section_move": _section,
    "evaluation:question_create": _questionnaire,
    "evaluation:question_edit": _question,
    "evaluation:question_delete": _question,
    "evaluation:question_move": _question,
}
OWNER: dict = {}
NOT_LIST_OR_DETAIL: set[str] = {
    # Forms whose fields do not depend on rows.
    "evaluation:questionnaire_create",
    "evaluation:questionnaire_edit",
    "evaluation:section_create",
    "evaluation:section_edit",
    # Only POST.
    "evaluation:questionnaire_copy",
    "evaluation:section_delete",
    "evaluation:section_move",
    "evaluation:question_delete",
    "evaluation:question_move",
}
NOT_OBJECT_URLS: set[str] = set()
