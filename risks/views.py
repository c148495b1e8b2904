from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from core.concurrency import EditConflict
from core.exports import Column, export_format, export_response

from . import selectors, services
from .forms import RiskFilterForm, RiskForm
from .models import Risk


class RiskRegisterView(ListView):
    """The register of one programme: coordinators and project managers of its organisation."""

    template_name = "risks/register.html"
    context_object_name = "risks"
    paginate_by = 50
    export_columns = (
        Column(gettext_lazy("Risk"), lambda r: r.title),
        Column(gettext_lazy("Category"), lambda r: r.get_category_display()),
        Column(gettext_lazy("Description"), lambda r: r.description),
        Column(gettext_lazy("Likelihood"), lambda r: r.likelihood),
        Column(gettext_lazy("Impact"), lambda r: r.impact),
        Column(gettext_lazy("Score"), lambda r: r.score_value),
        Column(gettext_lazy("Status"), lambda r: r.get_status_display()),
        Column(gettext_lazy("Owner"), lambda r: r.owner),
        Column(gettext_lazy("Review"), lambda r: r.review_date),
        Column(gettext_lazy("Review overdue"), lambda r: r.is_review_overdue),
        Column(gettext_lazy("Mitigation"), lambda r: r.mitigation),
    )

    def get(self, request, *args, **kwargs):
        self.programme = selectors.risk_programme_get(request.user, kwargs["pk"])
        self.filter_form = RiskFilterForm(request.GET or None)
        if export_format(request) and not self.filter_form.errors:
            return export_response(
                request,
                self.export_columns,
                self.get_queryset(),
                filename=f"risks-{self.programme.pk}",
                sheet_title=_("Risk register"),
            )
        response = super().get(request, *args, **kwargs)
        if self.filter_form.errors:
            response.status_code = 400
        return response

    def get_queryset(self):
        return selectors.programme_risks(self.programme, **self.filter_form.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            programme=self.programme,
            filter_form=self.filter_form,
            querystring=query.urlencode(),
            can_manage=selectors.can_manage_risks(self.request.user, self.programme),
            counts=selectors.risk_counts(self.programme),
        )
        return context


class RiskCreateView(View):
    template_name = "risks/risk_form.html"

    def get(self, request, pk):
        programme = selectors.risk_programme_get(request.user, pk, manage=True)
        return self._render(request, programme, RiskForm(user=request.user))

    def post(self, request, pk):
        programme = selectors.risk_programme_get(request.user, pk, manage=True)
        form = RiskForm(request.POST, user=request.user, instance=Risk(programme=programme))
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in RiskForm.Meta.fields}
            risk = services.risk_create(programme=programme, **data)
            messages.success(request, _("Risk “%(risk)s” added to the register.") % {"risk": risk})
            return redirect(risk)
        return self._render(request, programme, form, status=400)

    def _render(self, request, programme, form, status=200):
        return render(request, self.template_name, {"form": form, "programme": programme}, status=status)


class RiskUpdateView(View):
    template_name = "risks/risk_form.html"

    def get(self, request, pk):
        risk = selectors.risk_managed(request.user, pk)
        return self._render(request, risk, RiskForm(instance=risk, user=request.user))

    def post(self, request, pk):
        risk = selectors.risk_managed(request.user, pk)
        form = RiskForm(request.POST, instance=risk, user=request.user)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in RiskForm.Meta.fields}
            try:
                services.risk_update(risk=risk, expected_version=form.expected_version, **data)
            except EditConflict as conflict:
                form.add_conflict(conflict)
            else:
                messages.success(request, _("Risk “%(risk)s” saved.") % {"risk": risk})
                return redirect(risk)
        return self._render(request, risk, form, status=400)

    def _render(self, request, risk, form, status=200):
        context = {"form": form, "programme": risk.programme, "risk": risk}
        return render(request, self.template_name, context, status=status)


class RiskDeleteView(View):
    def post(self, request, pk):
        risk = selectors.risk_managed(request.user, pk)
        programme = risk.programme
        services.risk_delete(risk=risk)
        messages.success(request, _("Risk “%(risk)s” deleted.") % {"risk": risk})
        return redirect("risks:register", pk=programme.pk)
