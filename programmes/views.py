from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from assessments import selectors as assessment_selectors
from core.concurrency import EditConflict
from core.models import Organisation
from core.permissions import CoordinatorRequiredMixin
from core.scope import roles_of

from . import selectors, services
from .enums import ProgrammeStatus
from .filters import ProgrammeFilter
from .forms import DecisionForm, EnrolExistingForm, InviteForm, ProgrammeForm, SessionForm
from .models import Session


class ProgrammeListView(ListView):
    template_name = "programmes/programme_list.html"
    context_object_name = "programmes"
    paginate_by = 20

    def get_queryset(self):
        base = selectors.programme_list(self.request.user)
        organisations = Organisation.objects.filter(
            pk__in=selectors.programmes_for(self.request.user).values("organisation_id")
        )
        self.filterset = ProgrammeFilter(self.request.GET or None, queryset=base, organisations=organisations)
        if self.filterset.is_bound and not self.filterset.is_valid():
            return base.none()
        return self.filterset.qs.order_by("-start_date", "title")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter=self.filterset,
            querystring=query.urlencode(),
            can_create=bool(roles_of(self.request.user).coordinated),
        )
        return context


class ProgrammeDetailView(DetailView):
    template_name = "programmes/programme_detail.html"
    context_object_name = "programme"

    def get_object(self, queryset=None):
        return selectors.programme_get(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme = self.object
        manage = selectors.can_manage(self.request.user, programme)
        context.update(
            can_manage=manage,
            enrolments=selectors.programme_enrolments_for(self.request.user, programme),
            counts=selectors.enrolment_counts(programme),
            topics=programme.topics.all(),
            sessions=selectors.programme_sessions(programme),
            campaigns=assessment_selectors.programme_campaigns(programme)
            if programme.organisation_id in roles_of(self.request.user).managed
            else [],
            next_statuses=programme.next_statuses if manage else [],
            statuses=ProgrammeStatus.choices,
        )
        return context


class ProgrammeCreateView(CoordinatorRequiredMixin, View):
    template_name = "programmes/programme_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ProgrammeForm(user=request.user)})

    def post(self, request):
        form = ProgrammeForm(request.POST, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            programme = services.programme_create(created_by=request.user, **data)
            messages.success(request, _("Programme created."))
            return redirect(programme)
        return render(request, self.template_name, {"form": form})


class ProgrammeUpdateView(View):
    template_name = "programmes/programme_form.html"

    def get(self, request, pk):
        programme = selectors.programme_get(request.user, pk, manage=True)
        form = ProgrammeForm(instance=programme, user=request.user)
        return render(request, self.template_name, {"form": form, "programme": programme})

    def post(self, request, pk):
        programme = selectors.programme_get(request.user, pk, manage=True)
        form = ProgrammeForm(request.POST, instance=programme, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            services.programme_update(programme=programme, **data)
            messages.success(request, _("Programme saved."))
            return redirect(programme)
        return render(request, self.template_name, {"form": form, "programme": programme})


class ProgrammeTransitionView(View):
    def post(self, request, pk):
        programme = selectors.programme_get(request.user, pk, manage=True)
        to_status = request.POST.get("to_status", "")
        try:
            services.programme_transition(programme=programme, to_status=to_status)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The programme is now in “%(status)s”.") % {"status": ProgrammeStatus(to_status).label}
            )
        return redirect(programme)


class EnrolView(View):
    """Enrol people who already have an account, or invite someone new by e-mail."""

    template_name = "programmes/enrol.html"

    def get(self, request, pk):
        programme = selectors.programme_get(request.user, pk, manage=True)
        return self._render(request, programme, EnrolExistingForm(user=request.user), InviteForm(user=request.user))

    def post(self, request, pk):
        programme = selectors.programme_get(request.user, pk, manage=True)
        existing = EnrolExistingForm(user=request.user)
        invite = InviteForm(user=request.user)
        if request.POST.get("action") == "invite":
            invite = InviteForm(request.POST, user=request.user)
            form = invite
        else:
            existing = EnrolExistingForm(request.POST, user=request.user)
            form = existing
        if form.is_valid():
            try:
                enrolment, created = self._enrol(request, programme, form)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if created:
                    messages.success(
                        request,
                        _("%(person)s was invited by e-mail and enrolled as %(role)s.")
                        % {"person": enrolment.person, "role": enrolment.get_role_display()},
                    )
                else:
                    messages.success(
                        request,
                        _("%(person)s was enrolled as %(role)s.")
                        % {"person": enrolment.person, "role": enrolment.get_role_display()},
                    )
                return redirect(programme)
        return self._render(request, programme, existing, invite, status=400)

    @transaction.atomic
    def _enrol(self, request, programme, form):
        data = form.cleaned_data
        if isinstance(form, InviteForm):
            person, created = services.person_invite(
                email=data["email"],
                full_name=data["full_name"],
                organisation=data["organisation"],
                membership_role=data["membership_role"],
            )
            organisation = data["organisation"]
        else:
            person, organisation, created = data["membership"].user, data["membership"].organisation, False
        enrolment = services.enrolment_create(
            programme=programme, person=person, organisation=organisation, role=data["role"]
        )
        services.enrolment_notify(enrolment=enrolment)
        return enrolment, created

    def _render(self, request, programme, existing, invite, status=200):
        context = {"programme": programme, "existing_form": existing, "invite_form": invite}
        return render(request, self.template_name, context, status=status)


class EnrolmentRemoveView(View):
    def post(self, request, pk):
        enrolment = selectors.enrolment_managed(request.user, pk)
        programme = enrolment.programme
        services.enrolment_delete(enrolment=enrolment)
        messages.success(request, _("%(person)s was removed from the programme.") % {"person": enrolment.person})
        return redirect(programme)


class ApprovalListView(ListView):
    template_name = "programmes/approval_list.html"
    context_object_name = "enrolments"
    paginate_by = 50

    def get_queryset(self):
        return selectors.enrolments_to_approve(self.request.user)


class EnrolmentApprovalView(View):
    """The person's organisation (or the programme's coordinator on its behalf) decides."""

    def post(self, request, pk):
        enrolment = selectors.enrolment_for_approval(request.user, pk)
        form = DecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose to approve or decline."))
        else:
            services.enrolment_decide_approval(enrolment=enrolment, approve=form.is_yes, by=request.user)
            if form.is_yes:
                text = _("Participation of %(person)s approved.")
            else:
                text = _("Participation of %(person)s declined.")
            messages.success(request, text % {"person": enrolment.person})
        return redirect(_safe_next(request) or "programmes:approvals")


class EnrolmentRespondView(View):
    """A participant accepts or declines their own enrolment."""

    def post(self, request, pk):
        enrolment = selectors.enrolment_of_user(request.user, pk)
        form = DecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose to accept or decline."))
        else:
            services.enrolment_respond(enrolment=enrolment, accept=form.is_yes)
            if form.is_yes:
                messages.success(request, _("You take part in “%(programme)s”.") % {"programme": enrolment.programme})
            else:
                messages.info(request, _("You declined “%(programme)s”.") % {"programme": enrolment.programme})
        return redirect("core:dashboard")


def _safe_next(request) -> str | None:
    """The local page to return to after a form posted from several places."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None


class StageIndexView(ListView):
    """The programmes at one stage of the workflow; each stage's app opens with this page."""

    template_name = "programmes/stage_index.html"
    context_object_name = "programmes"
    paginate_by = 20
    status: str = ""
    title = ""
    intro = ""

    def get_queryset(self):
        return selectors.programme_list(self.request.user).filter(status=self.status).order_by("start_date", "title")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.title, intro=self.intro)
        return context


def stage_index_path(*, status: str, title, intro):
    """The opening page of a stage's app: its programmes at that stage."""
    return path("", StageIndexView.as_view(status=status, title=title, intro=intro), name="index")


class SessionCreateView(View):
    template_name = "programmes/session_form.html"

    def get(self, request, pk):
        programme = selectors.programme_get(request.user, pk, manage=True)
        return render(request, self.template_name, {"form": SessionForm(), "programme": programme})

    def post(self, request, pk):
        programme = selectors.programme_get(request.user, pk, manage=True)
        form = SessionForm(request.POST, instance=Session(programme=programme))
        if form.is_valid():
            services.session_save(session=form.instance)
            messages.success(request, _("Session saved; its people are invited and will be reminded."))
            return redirect(programme)
        return render(request, self.template_name, {"form": form, "programme": programme}, status=400)


class SessionUpdateView(View):
    template_name = "programmes/session_form.html"

    def get(self, request, pk):
        session = selectors.session_managed(request.user, pk)
        context = {"form": SessionForm(instance=session), "programme": session.programme, "session": session}
        return render(request, self.template_name, context)

    def post(self, request, pk):
        session = selectors.session_managed(request.user, pk)
        form = SessionForm(request.POST, instance=session)
        if form.is_valid():
            try:
                services.session_save(session=form.instance, expected_version=form.expected_version)
            except EditConflict as conflict:
                form.add_error(None, conflict)
            else:
                messages.success(request, _("Session saved; its reminders follow the new date."))
                return redirect(session.programme)
        context = {"form": form, "programme": session.programme, "session": session}
        return render(request, self.template_name, context, status=400)


class SessionDeleteView(View):
    def post(self, request, pk):
        session = selectors.session_managed(request.user, pk)
        programme = session.programme
        services.session_delete(session=session)
        messages.success(request, _("Session deleted; its pending reminders are cancelled."))
        return redirect(programme)
