"""The analysis of evaluations: one evaluation's results and export, comparisons across sessions
and programmes, knowledge gain, and the follow-up needs assessment made from the support asked."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View

from assessments.enums import CampaignKind
from assessments.services import campaign_create
from core import charts
from core.exports import csv_response, xlsx_response

from . import analysis, selectors
from .analysis import Filters
from .enums import LIKERT_LABELS, SCALES, QuestionKind
from .forms_analysis import AnalysisFilterForm
from .models import Submission


def _filter_form(request, submissions, *, codes=None) -> tuple[AnalysisFilterForm, Filters, bool]:
    """The filter form, the filters to apply, and whether the input was valid (else: no filter)."""
    form = AnalysisFilterForm(request.GET or None, countries=analysis.countries_answered(submissions), codes=codes)
    if not form.is_bound:
        return form, Filters(), True
    if form.is_valid():
        return form, form.filters(), True
    return form, Filters(), False


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def scale_chart(result) -> str:
    kind = result.question.kind
    labels = {value: str(label) for value, label in LIKERT_LABELS.items()} if kind == QuestionKind.LIKERT else None
    return charts.distribution(
        counts=result.counts,
        categories=list(SCALES[kind]),
        category_labels=labels,
        title=result.question.display_text,
        description=_("Number of answers per value."),
        chart_id=f"question-{result.question.pk}",
    )


def result_chart(result) -> str:
    if result.is_scale:
        return scale_chart(result)
    if result.is_choice:
        options = result.option_counts
        return charts.bar_chart(
            labels=[label for label, _count in options],
            values=[count for _label, count in options],
            title=result.question.display_text,
            description=_("Number of answers per option."),
            chart_id=f"question-{result.question.pk}",
            value_format="{:.0f}",
        )
    if result.is_topics:
        return _topics_chart(result.topics, chart_id=f"question-{result.question.pk}")
    return ""


def _topics_chart(topics, *, chart_id: str) -> str:
    return charts.bar_chart(
        labels=[str(topic) for topic, _count in topics],
        values=[count for _topic, count in topics],
        title=_("Topics for further support"),
        description=_("Number of people who asked for further support per topic."),
        chart_id=chart_id,
        value_format="{:.0f}",
    )


class AnalysisView(View):
    template_name = "evaluation/analysis/analysis.html"

    def get(self, request, pk):
        evaluation = selectors.evaluation_get(request.user, pk)
        form, filters, valid = _filter_form(request, evaluation.submissions.all())
        show_all = _int(request.GET.get("show"))
        result = analysis.evaluation_analysis(evaluation, filters, show_all=show_all)
        query = request.GET.copy()
        query.pop("show", None)
        context = {
            "evaluation": evaluation,
            "programme": evaluation.programme,
            "analysis": result,
            "results": [(row, mark_safe(result_chart(row))) for row in result.results],
            "filter_form": form,
            "filters": filters,
            "query": query.urlencode(),
            "show_all": show_all,
            "can_manage": selectors.can_manage(request.user, evaluation.programme),
        }
        return render(request, self.template_name, context, status=200 if valid else 400)


class ExportView(View):
    def get(self, request, pk, fmt):
        evaluation = selectors.evaluation_get(request.user, pk)
        if fmt not in {"csv", "xlsx"}:
            raise Http404
        form, filters, valid = _filter_form(request, evaluation.submissions.all())
        if not valid:
            context = {"evaluation": evaluation, "programme": evaluation.programme, "filter_form": form}
            return render(request, "evaluation/analysis/export_invalid.html", context, status=400)
        header, rows = analysis.export_table(evaluation, filters)
        filename = f"evaluation-{evaluation.pk}"
        if fmt == "xlsx":
            return xlsx_response(header, rows, filename, sheet_title=_("Responses"))
        return csv_response(header, rows, filename)


def _comparison_context(request, *, questions, submissions, compare):
    """The comparison table and the chart of one chosen question code, with the filters."""
    columns = analysis.comparison_columns(questions)
    choices = [(code, f"{code} – {columns.labels[code]}") for code in columns.codes]
    form, filters, valid = _filter_form(request, submissions, codes=choices)
    table = compare(filters, columns=columns)
    code = request.GET.get("code")
    if code not in table.codes:
        code = table.codes[0] if table.codes else None
    chart = ""
    if code:
        pairs = [(row, cell) for row, cell in table.column(code) if cell is not None and cell.summary.mean is not None]
        chart = charts.bar_chart(
            labels=[row.label for row, _cell in pairs],
            values=[cell.summary.mean for _row, cell in pairs],
            title=_("Mean of “%(question)s”") % {"question": table.labels[code]},
            description=_("Highlighted: the target is met."),
            chart_id="comparison",
            max_value=10 if table.kinds[code] == QuestionKind.RECOMMEND else 5,
            value_format="{:.2f}",
            highlight={index for index, (_row, cell) in enumerate(pairs) if cell.met},
        )
    context = {
        "table": table,
        "filter_form": form,
        "code": code,
        "chart": mark_safe(chart),
        "filtered": bool(filters),
        "anonymity_min": analysis.ANONYMITY_MIN,
    }
    return context, valid


class ProgrammeComparisonView(View):
    template_name = "evaluation/analysis/programme_comparison.html"

    def get(self, request, pk):
        programme = selectors.programme_get(request.user, pk)
        context, valid = _comparison_context(
            request,
            questions=analysis.programme_questions(programme),
            submissions=Submission.objects.filter(evaluation__programme=programme),
            compare=lambda filters, columns: analysis.programme_comparison(programme, filters, columns=columns),
        )
        topics = analysis.support_topics(programme)
        context.update(
            {
                "programme": programme,
                "topics": topics,
                "topics_chart": mark_safe(_topics_chart(topics, chart_id="support")),
                "can_manage": selectors.can_manage(request.user, programme),
            }
        )
        return render(request, self.template_name, context, status=200 if valid else 400)


class OrganisationComparisonView(View):
    template_name = "evaluation/analysis/organisation_comparison.html"

    def get(self, request, pk):
        organisation = analysis.organisation_get(request.user, pk)
        context, valid = _comparison_context(
            request,
            questions=analysis.organisation_questions(organisation),
            submissions=Submission.objects.filter(evaluation__programme__organisation=organisation),
            compare=lambda filters, columns: analysis.organisation_comparison(organisation, filters, columns=columns),
        )
        context["organisation"] = organisation
        return render(request, self.template_name, context, status=200 if valid else 400)


class KnowledgeGainView(View):
    template_name = "evaluation/analysis/knowledge_gain.html"

    def get(self, request, pk):
        programme = selectors.programme_get(request.user, pk)
        gain = analysis.knowledge_gain(programme)
        chart = analysis.knowledge_gain_chart(gain)
        context = {"programme": programme, "gain": gain, "chart": mark_safe(chart)}
        return render(request, self.template_name, context)


class FollowUpView(View):
    """The loop: a draft needs assessment on the topics people asked further support on."""

    def post(self, request, pk):
        programme = selectors.programme_get(request.user, pk, manage=True)
        topics = [topic for topic, _count in analysis.support_topics(programme)]
        if not topics:
            messages.warning(request, _("Nobody asked for further support on a topic yet: no campaign was created."))
            return redirect("evaluation:programme_comparison", pk=programme.pk)
        title = _("Further support after “%(programme)s”") % {"programme": programme.title}
        try:
            with transaction.atomic():
                campaign = campaign_create(
                    programme=programme,
                    title=title[:200],
                    deadline=timezone.now() + datetime.timedelta(days=30),
                    kind=CampaignKind.BASELINE,
                    topics=topics,
                    invite_enrolled=False,
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("evaluation:programme_comparison", pk=programme.pk)
        messages.success(
            request,
            _("A draft needs assessment on %(count)s topics was created; nobody is invited yet.")
            % {"count": len(topics)},
        )
        return redirect(campaign.get_absolute_url())
