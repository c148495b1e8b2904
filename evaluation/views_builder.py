"""The questionnaire builder: the questionnaires of one's organisations, and a questionnaire's
sections and questions to add, edit, remove and reorder. Coordinators change; project managers read.

A change to a questionnaire with answers lands in a new version (see builder.py); the page then
moves to that version and says so.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.exports import Column, export_format, export_response
from core.models import Organisation
from core.permissions import CoordinatorRequiredMixin
from core.scope import roles_of

from . import builder, services
from .forms_builder import QuestionForm, QuestionnaireCreateForm, QuestionnaireForm, SectionForm
from .models import Questionnaire

FORM_TEMPLATE = "evaluation/builder/form.html"


def _done(request, before: Questionnaire, after: Questionnaire, message: str):
    """Say what was saved (and that a new version was made, if it was) and show the questionnaire."""
    if after.pk != before.pk:
        messages.info(
            request,
            _(
                "The questionnaire already has answers, so version %(version)s was made for your change. "
                "The answers given, and the evaluations already sent, keep version %(old)s."
            )
            % {"version": after.version, "old": before.version},
        )
    messages.success(request, message)
    return redirect(after)


def _refused(request, error: builder.QuestionnaireSuperseded, questionnaire: Questionnaire):
    messages.error(request, error.messages[0])
    return redirect(error.current or questionnaire)


def _superseded_page(request, questionnaire: Questionnaire):
    """A form of an old version sends the reader to the questionnaire page, which links the newest."""
    messages.warning(request, _("This is an old version of the questionnaire: it cannot be changed any more."))
    return redirect(questionnaire)


def _form_page(request, form, questionnaire, *, title, status=200, error=None, **extra):
    context = {
        "form": form,
        "questionnaire": questionnaire,
        "here": title,
        "frozen": questionnaire is not None and builder.questionnaire_is_frozen(questionnaire),
        "current": error.current if isinstance(error, builder.QuestionnaireSuperseded) else None,
        **extra,
    }
    return render(request, FORM_TEMPLATE, context, status=status)


# Questionnaires


class QuestionnaireListView(View):
    template_name = "evaluation/builder/list.html"
    export_columns = (
        Column(gettext_lazy("Questionnaire"), lambda q: q.display_title),
        Column(gettext_lazy("Organisation"), lambda q: q.organisation.name),
        Column(gettext_lazy("Version"), lambda q: q.version),
        Column(gettext_lazy("Questions"), lambda q: q.question_count),
        Column(gettext_lazy("Evaluations"), lambda q: q.evaluation_count),
    )

    def get(self, request):
        roles = roles_of(request.user)
        if not roles.managed:
            raise PermissionDenied
        # The method's default questionnaire is there to copy from the start, as when sending an evaluation.
        for organisation in Organisation.objects.filter(pk__in=roles.coordinated).order_by("pk"):
            services.default_questionnaire(organisation=organisation, user=request.user)
        if export_format(request):
            return export_response(
                request,
                self.export_columns,
                builder.questionnaire_list(request.user),
                filename="questionnaires",
                sheet_title=_("Questionnaires"),
            )
        context = {
            "questionnaires": builder.questionnaire_list(request.user),
            "can_create": bool(roles.coordinated),
            "coordinated": roles.coordinated,
            "several_organisations": len(roles.managed) > 1,
        }
        return render(request, self.template_name, context)


class QuestionnaireCreateView(CoordinatorRequiredMixin, View):
    def _form(self, request, data=None):
        organisations = Organisation.objects.filter(pk__in=roles_of(request.user).coordinated).order_by("name")
        return QuestionnaireCreateForm(data, organisations=organisations)

    def get(self, request):
        return _form_page(request, self._form(request), None, title=_("New questionnaire"))

    def post(self, request):
        form = self._form(request, request.POST)
        if form.is_valid():
            try:
                questionnaire = builder.questionnaire_create(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Questionnaire created: add its sections and questions."))
                return redirect(questionnaire)
        return _form_page(request, form, None, title=_("New questionnaire"), status=400)


class QuestionnaireCopyView(View):
    def post(self, request, pk):
        source = builder.questionnaire_get(request.user, pk, manage=True)
        copy = builder.questionnaire_copy(source=source, user=request.user)
        messages.success(request, _("Copy made: change it as you like, the original stays as it is."))
        return redirect(copy)


class QuestionnaireDetailView(View):
    template_name = "evaluation/builder/detail.html"

    def get(self, request, pk):
        questionnaire = builder.questionnaire_get(request.user, pk)
        versions = builder.questionnaire_versions(questionnaire)
        current = next((version for version in versions if version.is_current), None)
        can_copy = questionnaire.organisation_id in roles_of(request.user).coordinated
        can_manage = can_copy and questionnaire.is_current
        section_form = None
        if can_manage:
            section_form = SectionForm()
            section_form.helper.form_action = reverse("evaluation:section_create", kwargs={"pk": questionnaire.pk})
        context = {
            "questionnaire": questionnaire,
            "parts": builder.questionnaire_outline(questionnaire),
            "versions": versions,
            "current": current,
            "evaluations": questionnaire.evaluations.select_related("programme", "session").order_by("-opens_at"),
            "frozen": builder.questionnaire_is_frozen(questionnaire),
            "can_manage": can_manage,
            "can_copy": can_copy,
            "section_form": section_form,
        }
        return render(request, self.template_name, context)


class QuestionnaireEditView(View):
    def get(self, request, pk):
        questionnaire = builder.questionnaire_get(request.user, pk, manage=True)
        if not questionnaire.is_current:
            return _superseded_page(request, questionnaire)
        form = QuestionnaireForm(questionnaire=questionnaire)
        return _form_page(request, form, questionnaire, title=_("Title and introduction"))

    def post(self, request, pk):
        questionnaire = builder.questionnaire_get(request.user, pk, manage=True)
        form = QuestionnaireForm(request.POST, questionnaire=questionnaire)
        error = None
        if form.is_valid():
            try:
                changed = builder.questionnaire_update(questionnaire=questionnaire, **form.cleaned_data)
            except ValidationError as refused:
                form.add_error(None, refused)
                error = refused
            else:
                return _done(request, questionnaire, changed, _("Title and introduction saved."))
        return _form_page(request, form, questionnaire, title=_("Title and introduction"), status=400, error=error)


# Sections


class SectionCreateView(View):
    def get(self, request, pk):
        questionnaire = builder.questionnaire_get(request.user, pk, manage=True)
        if not questionnaire.is_current:
            return _superseded_page(request, questionnaire)
        return _form_page(request, SectionForm(), questionnaire, title=_("New section"))

    def post(self, request, pk):
        questionnaire = builder.questionnaire_get(request.user, pk, manage=True)
        form = SectionForm(request.POST)
        error = None
        if form.is_valid():
            try:
                changed = builder.section_create(questionnaire=questionnaire, **form.cleaned_data)
            except ValidationError as refused:
                form.add_error(None, refused)
                error = refused
            else:
                return _done(request, questionnaire, changed, _("Section added."))
        return _form_page(request, form, questionnaire, title=_("New section"), status=400, error=error)


class SectionEditView(View):
    def get(self, request, pk):
        section = builder.section_get(request.user, pk, manage=True)
        if not section.questionnaire.is_current:
            return _superseded_page(request, section.questionnaire)
        return _form_page(request, SectionForm(section=section), section.questionnaire, title=_("Edit the section"))

    def post(self, request, pk):
        section = builder.section_get(request.user, pk, manage=True)
        questionnaire = section.questionnaire
        form = SectionForm(request.POST, section=section)
        error = None
        if form.is_valid():
            try:
                changed = builder.section_update(section=section, **form.cleaned_data)
            except ValidationError as refused:
                form.add_error(None, refused)
                error = refused
            else:
                return _done(request, questionnaire, changed, _("Section saved."))
        return _form_page(request, form, questionnaire, title=_("Edit the section"), status=400, error=error)


class SectionDeleteView(View):
    def post(self, request, pk):
        section = builder.section_get(request.user, pk, manage=True)
        questionnaire = section.questionnaire
        try:
            changed = builder.section_delete(section=section)
        except builder.QuestionnaireSuperseded as error:
            return _refused(request, error, questionnaire)
        return _done(request, questionnaire, changed, _("Section removed; its questions stay, without a section."))


class SectionMoveView(View):
    def post(self, request, pk):
        section = builder.section_get(request.user, pk, manage=True)
        questionnaire = section.questionnaire
        try:
            changed = builder.section_move(section=section, direction=request.POST.get("direction", ""))
        except builder.QuestionnaireSuperseded as error:
            return _refused(request, error, questionnaire)
        return _done(request, questionnaire, changed, _("Section moved."))


# Questions


class QuestionCreateView(View):
    def _form(self, request, questionnaire, data=None):
        initial = {"required": True, "section": request.GET.get("section")}
        return QuestionForm(data, questionnaire=questionnaire, initial=initial)

    def get(self, request, pk):
        questionnaire = builder.questionnaire_get(request.user, pk, manage=True)
        if not questionnaire.is_current:
            return _superseded_page(request, questionnaire)
        return _form_page(request, self._form(request, questionnaire), questionnaire, title=_("New question"))

    def post(self, request, pk):
        questionnaire = builder.questionnaire_get(request.user, pk, manage=True)
        form = self._form(request, questionnaire, request.POST)
        error = None
        if form.is_valid():
            try:
                changed = builder.question_create(questionnaire=questionnaire, **form.cleaned_data)
            except ValidationError as refused:
                form.add_error(None, refused)
                error = refused
            else:
                return _done(request, questionnaire, changed, _("Question added."))
        return _form_page(request, form, questionnaire, title=_("New question"), status=400, error=error)


class QuestionEditView(View):
    def get(self, request, pk):
        question = builder.question_get(request.user, pk, manage=True)
        questionnaire = question.questionnaire
        if not questionnaire.is_current:
            return _superseded_page(request, questionnaire)
        form = QuestionForm(questionnaire=questionnaire, question=question)
        return _form_page(request, form, questionnaire, title=_("Edit the question"), question=question)

    def post(self, request, pk):
        question = builder.question_get(request.user, pk, manage=True)
        questionnaire = question.questionnaire
        form = QuestionForm(request.POST, questionnaire=questionnaire, question=question)
        error = None
        if form.is_valid():
            try:
                changed = builder.question_update(question=question, **form.cleaned_data)
            except ValidationError as refused:
                form.add_error(None, refused)
                error = refused
            else:
                return _done(request, questionnaire, changed, _("Question saved."))
        return _form_page(
            request, form, questionnaire, title=_("Edit the question"), status=400, error=error, question=question
        )


class QuestionDeleteView(View):
    def post(self, request, pk):
        question = builder.question_get(request.user, pk, manage=True)
        questionnaire = question.questionnaire
        try:
            changed = builder.question_delete(question=question)
        except builder.QuestionnaireSuperseded as error:
            return _refused(request, error, questionnaire)
        return _done(request, questionnaire, changed, _("Question removed."))


class QuestionMoveView(View):
    def post(self, request, pk):
        question = builder.question_get(request.user, pk, manage=True)
        questionnaire = question.questionnaire
        try:
            changed = builder.question_move(question=question, direction=request.POST.get("direction", ""))
        except builder.QuestionnaireSuperseded as error:
            return _refused(request, error, questionnaire)
        return _done(request, questionnaire, changed, _("Question moved."))
