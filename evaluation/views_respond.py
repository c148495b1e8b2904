"""Answering an evaluation with a personal link: no account, a draft to come back to, one response."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from core.link_limits import limit_link_lookups, link_lookup_failed

from . import responding, selectors
from .forms_respond import RespondForm
from .responding import LinkState

LANGUAGES = dict(settings.LANGUAGES)


def respond_language(request, person) -> str | None:
    """The language of the page: the one chosen with ?lang=, else the visitor's own choice (the
    language cookie, left to the middleware), else the invitee's preferred language."""
    chosen = request.GET.get("lang", "")
    if chosen in LANGUAGES:
        return chosen
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
        return None
    preferred = person.preferred_language
    return preferred if preferred in LANGUAGES else None


@method_decorator(login_not_required, name="dispatch")
class RespondView(View):
    template_name = "evaluation/respond/respond.html"

    @limit_link_lookups
    def dispatch(self, request, public_id, secret):
        self.invitee = selectors.invitee_by_link(public_id, secret)
        if self.invitee is None:
            link_lookup_failed(request)
            return render(request, "evaluation/respond/link_invalid.html", status=404)
        self.evaluation = self.invitee.evaluation
        language = respond_language(request, self.invitee.person)
        if language is None:
            return self._dispatch(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = self._dispatch(request)
        response.headers["Content-Language"] = language
        return response

    def _dispatch(self, request):
        state = responding.link_state(self.invitee)
        if state == LinkState.ANSWERED:
            return self._thanks(request)
        if state == LinkState.CLOSED:
            return self._closed(request)
        if state == LinkState.NOT_OPEN:
            return render(request, "evaluation/respond/not_open.html", {"evaluation": self.evaluation})
        return super().dispatch(request)

    def _form(self, data=None, *, submitting=False):
        groups = responding.questionnaire_layout(self.evaluation.questionnaire)
        questions = responding.questions_of(groups)
        topics = responding.support_topics(questions)
        if data is None:
            initial = RespondForm.initial_from(responding.draft_values(self.invitee, questions))
            return RespondForm(initial=initial, groups=groups, topics=topics, submitting=False)
        return RespondForm(data, groups=groups, topics=topics, submitting=submitting)

    def get(self, request):
        return self._render(request, self._form())

    def post(self, request):
        submitting = request.POST.get("action") == "submit"
        form = self._form(request.POST, submitting=submitting)
        if not form.is_valid():
            return self._invalid(request, form)
        try:
            responding.response_save(invitee=self.invitee, values=form.values(), submit=submitting)
        except ValidationError as error:
            form.add_error(None, error)
            return self._invalid(request, form)
        except responding.AlreadyAnswered:
            return self._thanks(request)
        except responding.EvaluationClosed:
            return self._closed(request)
        if submitting:
            return self._thanks(request)
        messages.success(
            request,
            _("Draft saved. Come back with the same link to finish before %(closes)s.")
            % {"closes": timezone.localtime(self.evaluation.closes_at).strftime("%Y-%m-%d %H:%M")},
        )
        return redirect(request.get_full_path())

    def _invalid(self, request, form):
        messages.error(request, _("Some answers need your attention; nothing you typed is lost."))
        return self._render(request, form, status=400)

    def _render(self, request, form, status=200):
        context = {"invitee": self.invitee, "evaluation": self.evaluation, "form": form}
        return render(request, self.template_name, context, status=status)

    def _thanks(self, request):
        return render(request, "evaluation/respond/thanks.html", {"evaluation": self.evaluation})

    def _closed(self, request):
        return render(request, "evaluation/respond/closed.html", {"evaluation": self.evaluation}, status=410)
