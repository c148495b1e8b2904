"""Reads and aggregation behind the evaluation analysis: one evaluation's results, comparisons
across the sessions of a programme and the programmes of an organisation, knowledge gain, and the
topics people still need support on.

Every function runs a fixed number of queries whatever the number of responses: the database
counts answers grouped by (question, value); mean, median and standard deviation are then computed
exactly from those counts (`summarise`), one code path on every database.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Avg, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import gettext

from assessments.enums import CampaignKind, ResponseStatus
from assessments.models import Answer, Campaign
from core.models import Organisation, Topic
from core.scope import get_or_404, roles_of
from programmes.models import Programme

from .enums import CHOICE_KINDS, SCALE_KINDS, SCALES, TEXT_KINDS, QuestionKind
from .models import AnswerValue, Evaluation, Invitee, Question, Submission

TEXT_CAP = 10  # text answers shown per question before "show all"
# On an anonymous evaluation, a filter that leaves fewer responses than this shows nothing: a
# country and a role together could otherwise single a person out.
ANONYMITY_MIN = 3
# The codes of the method's questionnaire, in its order: comparison columns come in this order.
DEFAULT_CODES = ("relevance", "content", "facilitator", "organisation", "interaction", "knowledge", "recommend")


# --------------------------------------------------------------------------- statistics


@dataclass(frozen=True)
class Summary:
    """Statistics of integer answers, computed from their counts."""

    n: int
    mean: float | None
    median: float | None
    sd: float | None  # the sample standard deviation (n - 1); None below two answers


def summarise(counts: dict[int, int]) -> Summary:
    """Count, mean, median and sample standard deviation of the values `counts` holds
    ({value: how many}). Exact: sums are integers and fractions, rounded only at the end."""
    items = sorted((value, count) for value, count in counts.items() if count)
    n = sum(count for _, count in items)
    if n == 0:
        return Summary(0, None, None, None)
    mean = Fraction(sum(value * count for value, count in items), n)
    sd = None
    if n > 1:
        squares = sum((value - mean) ** 2 * count for value, count in items)
        sd = math.sqrt(squares / (n - 1))
    return Summary(n, float(mean), _median(items, n), sd)


def _median(items: list[tuple[int, int]], n: int) -> float:
    def at(position: int) -> int:  # the value at a 0-based position of the sorted answers
        seen = 0
        for value, count in items:
            seen += count
            if position < seen:
                return value
        raise IndexError(position)

    if n % 2:
        return float(at(n // 2))
    return (at(n // 2 - 1) + at(n // 2)) / 2


def recommendation_score(counts: dict[int, int]) -> float | None:
    """Per cent promoters (9-10) minus per cent detractors (0-6), from -100 to 100."""
    n = sum(counts.values())
    if not n:
        return None
    promoters = sum(count for value, count in counts.items() if value >= 9)
    detractors = sum(count for value, count in counts.items() if value <= 6)
    return float(Fraction(100 * (promoters - detractors), n))


def target_met(mean: float | None, target: Decimal | None) -> bool | None:
    """Whether a mean reaches its target; None when there is no target or no answer."""
    if target is None or mean is None:
        return None
    return Fraction(mean) >= Fraction(target)


# --------------------------------------------------------------------------- filters


@dataclass(frozen=True)
class Filters:
    organisation_kind: str = ""
    country: str = ""
    role: str = ""

    def __bool__(self) -> bool:
        return bool(self.organisation_kind or self.country or self.role)

    def q(self, prefix: str = "") -> Q:
        """The condition on `Submission` fields, through `prefix` ("submission__" from an answer)."""
        lookup = {
            f"{prefix}{name}": value
            for name, value in (
                ("organisation_kind", self.organisation_kind),
                ("country", self.country),
                ("role", self.role),
            )
            if value
        }
        return Q(**lookup)


def countries_answered(submissions: QuerySet[Submission]) -> list[str]:
    """The countries of the responses, for the filter's choices."""
    return sorted(set(submissions.exclude(country="").values_list("country", flat=True).distinct()))


def _topic(row: dict) -> Topic:
    """A topic from the columns of a grouped row (topic_id, topic__name...), as if loaded."""
    names = ["id", "code", "name", "order"]
    return Topic.from_db(
        Topic.objects.db, names, [row["topic_id"], row["topic__code"], row["topic__name"], row["topic__order"]]
    )


# --------------------------------------------------------------------------- one evaluation


@dataclass
class QuestionResult:
    question: Question
    counts: dict[int, int] = field(default_factory=dict)  # scale value or choice index -> answers
    summary: Summary | None = None
    score: float | None = None  # recommendation score
    met: bool | None = None
    topics: list[tuple[Topic, int]] = field(default_factory=list)
    texts: list[dict] = field(default_factory=list)
    text_total: int = 0

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def is_scale(self) -> bool:
        return self.kind in SCALE_KINDS

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def is_topics(self) -> bool:
        return self.kind == QuestionKind.SUPPORT_TOPICS

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS

    @property
    def option_counts(self) -> list[tuple[str, int]]:
        return [(label, self.counts.get(index, 0)) for index, label in enumerate(self.question.display_options)]

    @property
    def texts_capped(self) -> bool:
        return self.text_total > len(self.texts)


@dataclass
class Analysis:
    evaluation: Evaluation
    invited: int
    answered: int  # receipts
    responses: int  # submissions matching the filters
    results: list[QuestionResult]
    hidden: bool = False  # too few responses under the filters of an anonymous evaluation

    @property
    def rate(self) -> int:
        return round(100 * self.answered / self.invited) if self.invited else 0


def questions_of(evaluation: Evaluation) -> list[Question]:
    """The evaluation's questions in questionnaire order (section, then question)."""
    questionnaire = evaluation.questionnaire
    questions = list(
        questionnaire.questions.select_related("section").order_by(
            # As the form shows them: the questions outside a section first, on every database.
            F("section__order").asc(nulls_first=True),
            F("section_id").asc(nulls_first=True),
            "order",
            "pk",
        )
    )
    for question in questions:
        question.questionnaire = questionnaire  # display texts need it: no query per question
        if question.section is not None:
            question.section.questionnaire = questionnaire
    return questions


def evaluation_submissions(evaluation: Evaluation, filters: Filters = Filters()) -> QuerySet[Submission]:
    return evaluation.submissions.filter(filters.q())


def evaluation_analysis(
    evaluation: Evaluation, filters: Filters = Filters(), *, show_all: int | None = None, text_cap: int = TEXT_CAP
) -> Analysis:
    """Everything the analysis page shows, in 6 queries: questions, invitees and receipts,
    responses, (question, value) counts, topic counts and text answers (`text_cap` newest per
    question, every one for the question `show_all`)."""
    questions = questions_of(evaluation)
    people = Invitee.objects.filter(evaluation=evaluation).aggregate(invited=Count("pk"), answered=Count("receipt"))
    responses = evaluation_submissions(evaluation, filters).count()
    analysis = Analysis(evaluation, people["invited"], people["answered"], responses, [])
    if evaluation.anonymous and filters and 0 < responses < ANONYMITY_MIN:
        analysis.hidden = True
        return analysis
    answers = AnswerValue.objects.filter(filters.q("submission__"), submission__evaluation=evaluation)

    counts: dict[int, dict[int, int]] = defaultdict(dict)
    numbered = answers.filter(question__kind__in=[*SCALE_KINDS, *CHOICE_KINDS], number__isnull=False)
    for row in numbered.values("question_id", "number").annotate(n=Count("pk")).order_by():
        counts[row["question_id"]][row["number"]] = row["n"]

    topics: dict[int, list[tuple[Topic, int]]] = defaultdict(list)
    topic_rows = (
        answers.filter(question__kind=QuestionKind.SUPPORT_TOPICS, topic__isnull=False)
        .values("question_id", "topic_id", "topic__name", "topic__code", "topic__order")
        .annotate(n=Count("pk"))
        .order_by("question_id", "-n", "topic__order", "topic__name")
    )
    for row in topic_rows:
        topics[row["question_id"]].append((_topic(row), row["n"]))

    texts = _texts(answers, evaluation, show_all=show_all, text_cap=text_cap)

    for question in questions:
        result = QuestionResult(question)
        if result.is_scale:
            scale = SCALES[question.kind]
            result.counts = {value: count for value, count in counts[question.pk].items() if value in scale}
            result.summary = summarise(result.counts)
            result.met = target_met(result.summary.mean, question.target_mean)
            if question.kind == QuestionKind.RECOMMEND:
                result.score = recommendation_score(result.counts)
        elif result.is_choice:
            result.counts = counts[question.pk]
        elif result.is_topics:
            result.topics = topics[question.pk]
        elif result.is_text:
            result.texts, result.text_total = texts.get(question.pk, ([], 0))
        analysis.results.append(result)
    return analysis


def _texts(answers: QuerySet[AnswerValue], evaluation: Evaluation, *, show_all, text_cap) -> dict:
    """{question id: ([{text, submitted_on, person?}], how many in all)}: the newest first (in
    alphabetical order on an anonymous evaluation), in one query (a window numbers each question's
    answers). No author on an anonymous evaluation."""
    newest = ("-submission__submitted_on", "-submission_id", "-pk")
    if evaluation.anonymous:
        newest = ("text", "pk")  # the order of answering could line answers up with who answered when
    fields = ["question_id", "text", "submission__submitted_on", "position", "total"]
    if not evaluation.anonymous:
        fields.append("submission__invitee__person__full_name")
    rows = (
        answers.filter(question__kind__in=TEXT_KINDS)
        .exclude(text="")
        .annotate(
            position=Window(RowNumber(), partition_by=[F("question_id")], order_by=newest),
            total=Window(Count("pk"), partition_by=[F("question_id")]),
        )
        .filter(Q(position__lte=text_cap) | Q(question_id=show_all or 0))
        .values(*fields)
        .order_by("question_id", "position")
    )
    result: dict[int, tuple[list[dict], int]] = {}
    for row in rows:
        listed, _ = result.setdefault(row["question_id"], ([], row["total"]))
        listed.append(
            {
                "text": row["text"],
                "submitted_on": row["submission__submitted_on"],
                "person": row.get("submission__invitee__person__full_name", ""),
            }
        )
    return result


# --------------------------------------------------------------------------- export


def export_table(evaluation: Evaluation, filters: Filters = Filters()) -> tuple[list[str], list[list]]:
    """A header and one row per response (one column per question, several choices joined with
    "; "), in 3 queries. An anonymous evaluation gets no person, organisation or invitee column."""
    questions = questions_of(evaluation)
    submissions = evaluation_submissions(evaluation, filters).order_by("pk")
    if evaluation.anonymous:
        if filters and 0 < submissions.count() < ANONYMITY_MIN:
            submissions = submissions.none()
        header = [gettext("response")]
        # A running number, not the submission id: nothing to line up with anything else.
        leading = {pk: [position] for position, pk in enumerate(submissions.values_list("pk", flat=True), start=1)}
    else:
        header = [
            gettext("person"),
            gettext("organisation"),
            gettext("organisation kind"),
            gettext("country"),
            gettext("role"),
            gettext("submitted on"),
        ]
        listed = submissions.values(
            "pk",
            "invitee__person__full_name",
            "invitee__organisation__name",
            "organisation_kind",
            "country",
            "role",
            "submitted_on",
        )
        leading = {
            row["pk"]: [
                row["invitee__person__full_name"] or "",
                row["invitee__organisation__name"] or "",
                row["organisation_kind"],
                row["country"],
                row["role"],
                row["submitted_on"].isoformat(),
            ]
            for row in listed
        }
    header += [question.code or question.display_text for question in questions]

    cells: dict[tuple[int, int], list] = defaultdict(list)
    answers = (
        AnswerValue.objects.filter(submission_id__in=submissions.values("pk"))
        .values("submission_id", "question_id", "number", "text", "topic__name")
        .order_by("submission_id", "pk")
    )
    for row in answers.iterator(chunk_size=2000):
        cells[row["submission_id"], row["question_id"]].append(row)

    rows = [
        first + [_cell(question, cells.get((submission_id, question.pk), [])) for question in questions]
        for submission_id, first in leading.items()
    ]
    return header, rows


def _cell(question: Question, answers: list[dict]):
    if not answers:
        return ""
    if question.kind in SCALE_KINDS:
        return answers[0]["number"]
    if question.kind in CHOICE_KINDS:
        options = question.display_options
        labels = [
            options[row["number"]] if row["number"] is not None and 0 <= row["number"] < len(options) else ""
            for row in answers
        ]
        return "; ".join(label for label in labels if label)
    if question.kind == QuestionKind.SUPPORT_TOPICS:
        return "; ".join(gettext(row["topic__name"]) for row in answers if row["topic__name"])
    return "\n".join(row["text"] for row in answers if row["text"])


# --------------------------------------------------------------------------- comparison


@dataclass
class Cell:
    summary: Summary
    target: Decimal | None
    met: bool | None


@dataclass
class ComparisonRow:
    label: str
    url: str
    cells: list[Cell | None]


@dataclass
class Comparison:
    codes: list[str]
    labels: dict[str, str]  # code -> question text
    kinds: dict[str, str]  # code -> question kind
    rows: list[ComparisonRow]

    def column(self, code: str) -> list[tuple[ComparisonRow, Cell | None]]:
        index = self.codes.index(code)
        return [(row, row.cells[index]) for row in self.rows]


@dataclass(frozen=True)
class Columns:
    codes: list[str]
    labels: dict[str, str]  # code -> question text
    kinds: dict[str, str]  # code -> question kind


def comparison_columns(questions: QuerySet[Question]) -> Columns:
    """The scale questions with a code, one column per code: the method's codes in its order, then
    the others alphabetically. Questions of other questionnaires and versions meet by code."""
    columns: dict[str, tuple[int, str, str]] = {}  # code -> (order, text, kind)
    rows = questions.exclude(code="").filter(kind__in=SCALE_KINDS).select_related("questionnaire")
    for question in rows.order_by("-questionnaire__translatable", "-questionnaire_id", "order", "pk"):
        order = DEFAULT_CODES.index(question.code) if question.code in DEFAULT_CODES else len(DEFAULT_CODES)
        columns.setdefault(question.code, (order, question.display_text, question.kind))
    codes = sorted(columns, key=lambda code: (columns[code][0], code))
    return Columns(
        codes=codes,
        labels={code: columns[code][1] for code in codes},
        kinds={code: columns[code][2] for code in codes},
    )


def _comparison(
    *,
    answers: QuerySet[AnswerValue],
    columns: Columns,
    group: str,
    rows: list[tuple[int, str, str]],
    filters: Filters,
) -> Comparison:
    """Means per (row, code) in one grouped query; `group` is the answer's path to the row id and
    `rows` lists (id, label, url). A row's target for a code is the strictest of its questions'."""
    codes = columns.codes
    counts: dict[tuple[int, str], dict[int, int]] = defaultdict(dict)
    anonymous: dict[tuple[int, str], int] = defaultdict(int)  # answers from anonymous evaluations
    targets: dict[tuple[int, str], Decimal] = {}
    grouped = (
        answers.filter(question__kind__in=SCALE_KINDS, question__code__in=codes, number__isnull=False)
        .values(group, "question__code", "question__target_mean", "submission__evaluation__anonymous", "number")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in grouped:
        key = (row[group], row["question__code"])
        counts[key][row["number"]] = counts[key].get(row["number"], 0) + row["n"]
        if row["submission__evaluation__anonymous"]:
            anonymous[key] += row["n"]
        target = row["question__target_mean"]
        if target is not None and (key not in targets or target > targets[key]):
            targets[key] = target

    table = []
    for pk, label, url in rows:
        cells: list[Cell | None] = []
        for code in codes:
            # As on the analysis page: filters must not narrow anonymous answers down to a person.
            hidden = filters and 0 < anonymous[pk, code] < ANONYMITY_MIN
            if (pk, code) not in counts or hidden:
                cells.append(None)
                continue
            summary = summarise(counts[pk, code])
            target = targets.get((pk, code))
            cells.append(Cell(summary, target, target_met(summary.mean, target)))
        table.append(ComparisonRow(label, url, cells))
    return Comparison(codes=codes, labels=columns.labels, kinds=columns.kinds, rows=table)


def programme_questions(programme: Programme) -> QuerySet[Question]:
    return Question.objects.filter(questionnaire__evaluations__programme=programme).distinct()


def programme_comparison(
    programme: Programme, filters: Filters = Filters(), *, columns: Columns | None = None
) -> Comparison:
    """One row per evaluation of the programme (sessions in time order, then the whole programme)."""
    evaluations = list(
        programme.evaluations.select_related("session").order_by(
            F("session__starts_at").asc(nulls_last=True), "opens_at", "pk"
        )
    )
    rows = [
        (
            evaluation.pk,
            f"{evaluation.session.title if evaluation.session else gettext('Whole programme')} – {evaluation.title}",
            reverse("evaluation:analysis", kwargs={"pk": evaluation.pk}),
        )
        for evaluation in evaluations
    ]
    return _comparison(
        answers=AnswerValue.objects.filter(filters.q("submission__"), submission__evaluation__programme=programme),
        columns=columns or comparison_columns(programme_questions(programme)),
        group="submission__evaluation_id",
        rows=rows,
        filters=filters,
    )


def organisation_get(user, pk) -> Organisation:
    """An organisation whose programmes the user reads (coordinator or project manager)."""
    return get_or_404(Organisation.objects.filter(pk__in=roles_of(user).managed), pk=pk)


def organisation_questions(organisation: Organisation) -> QuerySet[Question]:
    return Question.objects.filter(questionnaire__evaluations__programme__organisation=organisation).distinct()


def organisation_comparison(
    organisation: Organisation, filters: Filters = Filters(), *, columns: Columns | None = None
) -> Comparison:
    """One row per programme of the organisation that has an evaluation, its evaluations pooled."""
    programmes = list(
        Programme.objects.filter(organisation=organisation, evaluations__isnull=False)
        .distinct()
        .order_by("-start_date", "title", "pk")
    )
    rows = [
        (programme.pk, programme.title, reverse("evaluation:programme_comparison", kwargs={"pk": programme.pk}))
        for programme in programmes
    ]
    return _comparison(
        answers=AnswerValue.objects.filter(
            filters.q("submission__"), submission__evaluation__programme__organisation=organisation
        ),
        columns=columns or comparison_columns(organisation_questions(organisation)),
        group="submission__evaluation__programme_id",
        rows=rows,
        filters=filters,
    )


# --------------------------------------------------------------------------- the loop


def support_topics(programme: Programme) -> list[tuple[Topic, int]]:
    """The topics people asked further support on, over the programme's evaluations, most asked first."""
    rows = (
        AnswerValue.objects.filter(
            submission__evaluation__programme=programme,
            question__kind=QuestionKind.SUPPORT_TOPICS,
            topic__isnull=False,
        )
        .values("topic_id", "topic__name", "topic__code", "topic__order")
        .annotate(n=Count("pk"))
        .order_by("-n", "topic__order", "topic__name")
    )
    return [(_topic(row), row["n"]) for row in rows]


# --------------------------------------------------------------------------- knowledge gain


@dataclass(frozen=True)
class TopicGain:
    topic: Topic
    people: int  # who answered the topic in both campaigns
    baseline_mean: float
    follow_up_mean: float
    mean_change: float
    improved: int

    @property
    def improved_share(self) -> float:
        return 100 * self.improved / self.people if self.people else 0.0


@dataclass
class KnowledgeGain:
    baseline: Campaign | None
    follow_up: Campaign | None
    topics: list[TopicGain]
    self_reported: Summary


def knowledge_gain(programme: Programme) -> KnowledgeGain:
    """Per topic, the change of current level between the programme's baseline and its newest
    follow-up, over the people who answered both (submitted); beside it the mean of the
    evaluations' "knowledge" question. 3 queries."""
    follow_up = (
        Campaign.objects.filter(
            programme=programme,
            kind=CampaignKind.FOLLOW_UP,
            baseline__programme=programme,
            baseline__kind=CampaignKind.BASELINE,
        )
        .select_related("baseline")
        .order_by("-created", "-pk")
        .first()
    )
    knowledge = (
        AnswerValue.objects.filter(
            submission__evaluation__programme=programme,
            question__code="knowledge",
            question__kind__in=SCALE_KINDS,
            number__isnull=False,
        )
        .values("number")
        .annotate(n=Count("pk"))
        .order_by()
    )
    self_reported = summarise({row["number"]: row["n"] for row in knowledge})
    if follow_up is None:
        return KnowledgeGain(None, None, [], self_reported)

    submitted = Q(response__status=ResponseStatus.SUBMITTED, current_level__isnull=False)
    before = Answer.objects.filter(
        submitted,
        response__invitation__campaign=follow_up.baseline,
        response__invitation__person_id=OuterRef("response__invitation__person_id"),
        topic_id=OuterRef("topic_id"),
    ).values("current_level")[:1]
    rows = (
        Answer.objects.filter(submitted, response__invitation__campaign=follow_up)
        .annotate(before=Subquery(before, output_field=IntegerField()))
        .filter(before__isnull=False)
        .values("topic_id", "topic__name", "topic__code", "topic__order")
        .annotate(
            people=Count("pk"),
            baseline_mean=Avg("before"),
            follow_up_mean=Avg("current_level"),
            mean_change=Avg(F("current_level") - F("before")),
            improved=Count("pk", filter=Q(current_level__gt=F("before"))),
        )
        .order_by("topic__order", "topic__name")
    )
    topics = [
        TopicGain(
            topic=_topic(row),
            people=row["people"],
            baseline_mean=float(row["baseline_mean"]),
            follow_up_mean=float(row["follow_up_mean"]),
            mean_change=float(row["mean_change"]),
            improved=row["improved"],
        )
        for row in rows
    ]
    return KnowledgeGain(follow_up.baseline, follow_up, topics, self_reported)


def knowledge_gain_chart(gain) -> str:
    """The share of people who improved per topic, as the knowledge-gain page and the report draw it."""
    from django.utils.translation import gettext as _

    from core import charts

    return charts.bar_chart(
        labels=[str(row.topic) for row in gain.topics],
        values=[row.improved_share for row in gain.topics],
        title=_("Share of people who improved, per topic"),
        description=_("Per cent of the people who answered both needs assessments whose current level rose."),
        chart_id="knowledge-gain",
        max_value=100,
        value_format="{:.0f} %",
    )
