from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View

from core import charts
from core.concurrency import EditConflict

from . import selectors, services
from .export import budget_workbook
from .forms import CostLineForm, CurrencyForm, FundingSourceForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _charts(summary) -> dict:
    labels = [c.label for c in summary.categories]
    # Floats only for drawing: the amounts themselves stay Decimals in the table beside the charts.
    planned = [float(c.planned) for c in summary.categories]
    actual = [float(c.actual) for c in summary.categories]
    scale = max([*planned, *actual]) or None
    currency = summary.currency
    return {
        "planned": mark_safe(
            charts.bar_chart(
                labels=labels,
                values=planned,
                title=_("Planned costs by category (%(currency)s)") % {"currency": currency},
                description=_("The programme's share of each planned cost."),
                chart_id="budget-planned",
                max_value=scale,
                value_format="{:,.2f}",
            )
        ),
        "actual": mark_safe(
            charts.bar_chart(
                labels=labels,
                values=actual,
                title=_("Actual costs by category (%(currency)s)") % {"currency": currency},
                description=_("On the same scale as the planned costs; categories over plan are highlighted."),
                chart_id="budget-actual",
                max_value=scale,
                value_format="{:,.2f}",
                highlight={i for i, c in enumerate(summary.categories) if c.overrun > 0},
            )
        ),
    }


def _budget_page(request, programme, *, currency_form=None, status=200):
    summary = selectors.budget_summary(programme)
    action = reverse("budget:currency", kwargs={"pk": programme.pk})
    context = {
        "programme": programme,
        "summary": summary,
        "currency": summary.currency,
        "cost_lines": selectors.programme_cost_lines(programme),
        "funding_sources": selectors.programme_funding_sources(programme),
        "charts": _charts(summary),
        "can_manage": selectors.can_manage_budget(request.user, programme),
        "currency_form": currency_form or CurrencyForm(initial={"currency": summary.currency}, action=action),
    }
    return render(request, "budget/programme_budget.html", context, status=status)


class BudgetView(View):
    """The programme's budget: coordinators edit it, project managers of the organisation read it."""

    def get(self, request, pk):
        return _budget_page(request, selectors.budget_programme_get(request.user, pk))


class CurrencyView(View):
    def post(self, request, pk):
        programme = selectors.budget_programme_get(request.user, pk, manage=True)
        form = CurrencyForm(request.POST, action=reverse("budget:currency", kwargs={"pk": pk}))
        if not form.is_valid():
            return _budget_page(request, programme, currency_form=form, status=400)
        services.programme_budget_set_currency(programme=programme, currency=form.cleaned_data["currency"])
        messages.success(request, _("Amounts of this programme are now in %(currency)s.") % form.cleaned_data)
        return redirect("budget:programme", pk=programme.pk)


class ExportView(View):
    def get(self, request, pk):
        programme = selectors.budget_programme_get(request.user, pk)
        response = HttpResponse(budget_workbook(programme), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="budget-{programme.pk}.xlsx"'
        return response


def _form_page(request, template_name, form, programme, item=None, status=200):
    return render(request, template_name, {"form": form, "programme": programme, "item": item}, status=status)


def _cost_line_form(request, programme, cost_line=None) -> CostLineForm:
    data = request.POST if request.method == "POST" else None
    currency = selectors.programme_currency(programme)
    return CostLineForm(data, instance=cost_line, programme=programme, currency=currency)


def _funding_source_form(request, programme, funding_source=None) -> FundingSourceForm:
    data = request.POST if request.method == "POST" else None
    currency = selectors.programme_currency(programme)
    return FundingSourceForm(data, instance=funding_source, programme=programme, currency=currency)


class CostLineCreateView(View):
    template_name = "budget/cost_line_form.html"

    def get(self, request, pk):
        programme = selectors.budget_programme_get(request.user, pk, manage=True)
        return _form_page(request, self.template_name, _cost_line_form(request, programme), programme)

    def post(self, request, pk):
        programme = selectors.budget_programme_get(request.user, pk, manage=True)
        form = _cost_line_form(request, programme)
        if form.is_valid():
            services.cost_line_create(programme=programme, **form.changes)
            messages.success(request, _("Cost line saved."))
            return redirect("budget:programme", pk=programme.pk)
        return _form_page(request, self.template_name, form, programme, status=400)


class CostLineUpdateView(View):
    template_name = "budget/cost_line_form.html"

    def get(self, request, pk):
        cost_line = selectors.cost_line_managed(request.user, pk)
        form = _cost_line_form(request, cost_line.programme, cost_line)
        return _form_page(request, self.template_name, form, cost_line.programme, cost_line)

    def post(self, request, pk):
        cost_line = selectors.cost_line_managed(request.user, pk)
        programme = cost_line.programme
        form = _cost_line_form(request, programme, cost_line)
        if form.is_valid():
            try:
                services.cost_line_update(cost_line=cost_line, expected_version=form.expected_version, **form.changes)
            except EditConflict as conflict:
                form.add_conflict(conflict)
            else:
                messages.success(request, _("Cost line saved."))
                return redirect("budget:programme", pk=programme.pk)
        return _form_page(request, self.template_name, form, programme, cost_line, status=400)


class CostLineDeleteView(View):
    def post(self, request, pk):
        cost_line = selectors.cost_line_managed(request.user, pk)
        services.cost_line_delete(cost_line=cost_line)
        messages.success(request, _("Cost line “%(line)s” deleted.") % {"line": cost_line})
        return redirect("budget:programme", pk=cost_line.programme_id)


class FundingSourceCreateView(View):
    template_name = "budget/funding_source_form.html"

    def get(self, request, pk):
        programme = selectors.budget_programme_get(request.user, pk, manage=True)
        return _form_page(request, self.template_name, _funding_source_form(request, programme), programme)

    def post(self, request, pk):
        programme = selectors.budget_programme_get(request.user, pk, manage=True)
        form = _funding_source_form(request, programme)
        if form.is_valid():
            services.funding_source_create(programme=programme, **form.changes)
            messages.success(request, _("Funding source saved."))
            return redirect("budget:programme", pk=programme.pk)
        return _form_page(request, self.template_name, form, programme, status=400)


class FundingSourceUpdateView(View):
    template_name = "budget/funding_source_form.html"

    def get(self, request, pk):
        funding_source = selectors.funding_source_managed(request.user, pk)
        form = _funding_source_form(request, funding_source.programme, funding_source)
        return _form_page(request, self.template_name, form, funding_source.programme, funding_source)

    def post(self, request, pk):
        funding_source = selectors.funding_source_managed(request.user, pk)
        programme = funding_source.programme
        form = _funding_source_form(request, programme, funding_source)
        if form.is_valid():
            try:
                services.funding_source_update(
                    funding_source=funding_source, expected_version=form.expected_version, **form.changes
                )
            except EditConflict as conflict:
                form.add_conflict(conflict)
            else:
                messages.success(request, _("Funding source saved."))
                return redirect("budget:programme", pk=programme.pk)
        return _form_page(request, self.template_name, form, programme, funding_source, status=400)


class FundingSourceDeleteView(View):
    def post(self, request, pk):
        funding_source = selectors.funding_source_managed(request.user, pk)
        services.funding_source_delete(funding_source=funding_source)
        messages.success(request, _("Funding source “%(source)s” deleted.") % {"source": funding_source})
        return redirect("budget:programme", pk=funding_source.programme_id)
