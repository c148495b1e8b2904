from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core import charts
from core.concurrency import EditConflict
from core.exports import XLSX_TYPE, attachment

from . import selectors, services
from .export import budget_workbook
from .forms import CostLineForm, CurrencyForm, FundingSourceForm


def budget_charts(summary) -> dict:
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
        "charts": budget_charts(summary),
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
        services.programme_budget_set_currency(
            programme=programme, currency=form.cleaned_data["currency"], actor=request.user
        )
        messages.success(request, _("Amounts of this programme are now in %(currency)s.") % form.cleaned_data)
        return redirect("budget:programme", pk=programme.pk)


class ExportView(View):
    def get(self, request, pk):
        programme = selectors.budget_programme_get(request.user, pk)
        return attachment(budget_workbook(programme), f"budget-{programme.pk}.xlsx", XLSX_TYPE)


def _form_page(request, template_name, form, programme, item=None, status=200):
    return render(request, template_name, {"form": form, "programme": programme, "item": item}, status=status)


class _ItemFormView(View):
    """Add or edit one budget item (a cost line or a funding source) of a programme.

    Subclasses name the form, template and success message; creating takes the programme's id,
    editing the item's id (fetched through the user's scope), and an edit loaded at an older
    version is refused with what changed.
    """

    form_class: type
    template_name: str
    saved_message: str

    def get_item(self, request, pk):
        raise NotImplementedError

    def create(self, *, programme, fields, actor):
        raise NotImplementedError

    def update(self, *, item, expected_version, fields, actor):
        raise NotImplementedError

    def _context(self, request, pk):
        if self.creating:
            return selectors.budget_programme_get(request.user, pk, manage=True), None
        item = self.get_item(request, pk)
        return item.programme, item

    def _form(self, request, programme, item):
        data = request.POST if request.method == "POST" else None
        currency = selectors.programme_currency(programme)
        return self.form_class(data, instance=item, programme=programme, currency=currency)

    def get(self, request, pk):
        programme, item = self._context(request, pk)
        return _form_page(request, self.template_name, self._form(request, programme, item), programme, item)

    def post(self, request, pk):
        programme, item = self._context(request, pk)
        form = self._form(request, programme, item)
        if form.is_valid():
            try:
                if item is None:
                    self.create(programme=programme, fields=form.changes, actor=request.user)
                else:
                    self.update(
                        item=item, expected_version=form.expected_version, fields=form.changes, actor=request.user
                    )
            except EditConflict as conflict:
                form.add_conflict(conflict)
            else:
                messages.success(request, str(self.saved_message))
                return redirect("budget:programme", pk=programme.pk)
        return _form_page(request, self.template_name, form, programme, item, status=400)


class _CostLineFormView(_ItemFormView):
    form_class = CostLineForm
    template_name = "budget/cost_line_form.html"
    saved_message = gettext_lazy("Cost line saved.")

    def get_item(self, request, pk):
        return selectors.cost_line_managed(request.user, pk)

    def create(self, *, programme, fields, actor):
        services.cost_line_create(programme=programme, actor=actor, **fields)

    def update(self, *, item, expected_version, fields, actor):
        services.cost_line_update(cost_line=item, expected_version=expected_version, actor=actor, **fields)


class _FundingSourceFormView(_ItemFormView):
    form_class = FundingSourceForm
    template_name = "budget/funding_source_form.html"
    saved_message = gettext_lazy("Funding source saved.")

    def get_item(self, request, pk):
        return selectors.funding_source_managed(request.user, pk)

    def create(self, *, programme, fields, actor):
        services.funding_source_create(programme=programme, actor=actor, **fields)

    def update(self, *, item, expected_version, fields, actor):
        services.funding_source_update(funding_source=item, expected_version=expected_version, actor=actor, **fields)


class CostLineCreateView(_CostLineFormView):
    creating = True


class CostLineUpdateView(_CostLineFormView):
    creating = False


class FundingSourceCreateView(_FundingSourceFormView):
    creating = True


class FundingSourceUpdateView(_FundingSourceFormView):
    creating = False


class CostLineDeleteView(View):
    def post(self, request, pk):
        cost_line = selectors.cost_line_managed(request.user, pk)
        services.cost_line_delete(cost_line=cost_line, actor=request.user)
        messages.success(request, _("Cost line “%(line)s” deleted.") % {"line": cost_line})
        return redirect("budget:programme", pk=cost_line.programme_id)


class FundingSourceDeleteView(View):
    def post(self, request, pk):
        funding_source = selectors.funding_source_managed(request.user, pk)
        services.funding_source_delete(funding_source=funding_source, actor=request.user)
        messages.success(request, _("Funding source “%(source)s” deleted.") % {"source": funding_source})
        return redirect("budget:programme", pk=funding_source.programme_id)
