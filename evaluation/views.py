"""Sending evaluations: a programme's evaluations, a new one, its invitees and response rate, closing."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.exports import Column, export_format, export_response

from . import selectors, services
from .forms import EvaluationForm
from .models import Evaluation


class ProgrammeEvaluationsView(View):
    template_name = "evaluation/programme.html"
    export_columns = (
        Column(gettext_lazy("Evaluation"), lambda e: e.title),
        Column(gettext_lazy("Questionnaire"), lambda e: e.questionnaire.display_title),
        Column(gettext_lazy("Version"), lambda e: e.questionnaire.version),
        Column(gettext_lazy("Session"), lambda e: e.session.title if e.session else _("Whole programme")),
        Column(gettext_lazy("Anonymous"), lambda e: e.anonymous),
        Column(gettext_lazy("Opens"), lambda e: e.opens_at),
        Column(gettext_lazy("Closes"), lambda e: e.closes_at),
        Column(gettext_lazy("Open"), lambda e: e.is_open),
        Column(gettext_lazy("Answered"), lambda e: e.answered),
        Column(gettext_lazy("Invited"), lambda e: e.invited),
    )

    def get(self, request, pk):
        programme = selectors.programme_get(request.user, pk)
        evaluations = selectors.programme_evaluations(programme)
        if export_format(request):
            return export_response(
                request,
                self.export_columns,
                evaluations,
                filename=f"evaluations-{programme.pk}",
                sheet_title=_("Evaluation"),
            )
        context = {
            "programme": programme,
            "evaluations": evaluations,
            "can_manage": selectors.can_manage(request.user, programme),
        }
        return render(request, self.template_name, context)


class EvaluationCreateView(View):
    template_name = "evaluation/evaluation_form.html"

    def _initial(self, request, programme):
        now = timezone.localtime().replace(second=0, microsecond=0)
        session = (
            programme.sessions.filter(pk=request.GET.get("session")).first() if request.GET.get("session") else None
        )
        opens = max(now, timezone.localtime(session.ends_at)) if session else now
        title = _("Evaluation of “%(event)s”") % {"event": session.title if session else programme.title}
        return {"session": session, "title": title, "opens_at": opens, "closes_at": opens + datetime.timedelta(days=14)}

    def get(self, request, pk):
        programme = selectors.programme_get(request.user, pk, manage=True)
        services.default_questionnaire(organisation=programme.organisation, user=request.user)
        initial = self._initial(request, programme)
        initial["questionnaire"] = selectors.questionnaire_choices(programme).filter(translatable=True).first()
        form = EvaluationForm(programme=programme, initial=initial)
        return render(request, self.template_name, {"form": form, "programme": programme})

    def post(self, request, pk):
        programme = selectors.programme_get(request.user, pk, manage=True)
        form = EvaluationForm(request.POST, programme=programme, instance=Evaluation(programme=programme))
        if form.is_valid():
            try:
                evaluation = services.evaluation_create(
                    programme=programme, **{name: form.cleaned_data[name] for name in EvaluationForm.Meta.fields}
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Evaluation created: %(count)s people are asked to answer.")
                    % {"count": evaluation.invitees.count()},
                )
                return redirect(evaluation)
        return render(request, self.template_name, {"form": form, "programme": programme}, status=400)


class EvaluationDetailView(View):
    template_name = "evaluation/detail.html"
    export_columns = (
        Column(gettext_lazy("Person"), lambda i: i.person),
        Column(gettext_lazy("Organisation"), lambda i: i.organisation),
        Column(gettext_lazy("Role"), lambda i: i.get_role_display()),
        Column(gettext_lazy("Answered"), lambda i: hasattr(i, "receipt")),
    )

    def get(self, request, pk):
        evaluation = selectors.evaluation_get(request.user, pk)
        if export_format(request):
            return export_response(
                request,
                self.export_columns,
                selectors.evaluation_invitees(evaluation),
                filename=f"evaluation-{evaluation.pk}-invitees",
                sheet_title=_("Invitees"),
            )
        invitees = list(selectors.evaluation_invitees(evaluation))
        answered = sum(1 for invitee in invitees if hasattr(invitee, "receipt"))
        context = {
            "evaluation": evaluation,
            "programme": evaluation.programme,
            "invitees": invitees,
            "answered": answered,
            "rate": round(100 * answered / len(invitees)) if invitees else 0,
            "can_manage": selectors.can_manage(request.user, evaluation.programme),
        }
        return render(request, self.template_name, context)


class EvaluationUpdateView(View):
    template_name = "evaluation/evaluation_form.html"

    def get(self, request, pk):
        evaluation = selectors.evaluation_get(request.user, pk, manage=True)
        form = EvaluationForm(instance=evaluation, programme=evaluation.programme)
        return render(
            request, self.template_name, {"form": form, "programme": evaluation.programme, "evaluation": evaluation}
        )

    def post(self, request, pk):
        evaluation = selectors.evaluation_get(request.user, pk, manage=True)
        form = EvaluationForm(
            request.POST, instance=Evaluation.objects.get(pk=evaluation.pk), programme=evaluation.programme
        )
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in ("title", "anonymous", "opens_at", "closes_at")}
            try:
                services.evaluation_update(evaluation=evaluation, **fields)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Evaluation saved; the reminders follow the new dates."))
                return redirect(evaluation)
        context = {"form": form, "programme": evaluation.programme, "evaluation": evaluation}
        return render(request, self.template_name, context, status=400)


class EvaluationCloseView(View):
    def post(self, request, pk):
        evaluation = selectors.evaluation_get(request.user, pk, manage=True)
        services.evaluation_close(evaluation=evaluation)
        messages.success(request, _("The questionnaire is closed; no more answers or reminders."))
        return redirect(evaluation)


class InviteNewcomersView(View):
    """Ask the people the audience has gained since the evaluation was sent (newly marked present or enrolled)."""

    def post(self, request, pk):
        evaluation = selectors.evaluation_get(request.user, pk, manage=True)
        if not evaluation.is_open:
            messages.error(request, _("The questionnaire is closed; nobody new can be asked."))
            return redirect(evaluation)
        audience = services.audience_of(
            programme=evaluation.programme, session=evaluation.session, audience=evaluation.audience
        )
        added = services.invitees_add(evaluation=evaluation, enrolments=audience)
        messages.success(request, _("%(count)s more people are asked to answer.") % {"count": len(added)})
        return redirect(evaluation)
