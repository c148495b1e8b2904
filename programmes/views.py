from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView

from assessments import selectors as assessment_selectors
from core import charts
from core.concurrency import EditConflict
from core.exports import Column, ExportMixin, export_format, export_response
from core.models import Organisation
from core.permissions import CoordinatorRequiredMixin
from core.scope import roles_of
from logistics import selectors as logistics_selectors
from risks import selectors as risks_selectors

from . import selectors, services
from .enums import ProgrammeStatus
from .filters import ProgrammeFilter
from .forms import (
    AttendanceForm,
    DecisionForm,
    EnrolExistingForm,
    InviteForm,
    MaterialForm,
    PracticalTaskForm,
    ProgrammeForm,
    SessionForm,
    WorkshopSeriesForm,
)
from .models import PracticalTask, Session, WorkshopSeries

PROGRAMME_COLUMNS = (
    Column(gettext_lazy("Programme"), lambda p: p.title),
    Column(gettext_lazy("Organisation"), lambda p: p.organisation),
    Column(gettext_lazy("Country"), lambda p: p.organisation.country.code),
    Column(gettext_lazy("Method"), lambda p: p.get_method_display()),
    Column(gettext_lazy("Start"), lambda p: p.start_date),
    Column(gettext_lazy("End"), lambda p: p.end_date),
    Column(gettext_lazy("Topics"), lambda p: [topic.name for topic in p.topics.all()]),
    Column(gettext_lazy("Status"), lambda p: p.get_status_display()),
    Column(gettext_lazy("Enrolled"), lambda p: p.enrolled),
    Column(gettext_lazy("Waiting for approval"), lambda p: p.pending_approvals),
)


class ProgrammeListView(ExportMixin, ListView):
    template_name = "programmes/programme_list.html"
    context_object_name = "programmes"
    paginate_by = 20
    export_columns = PROGRAMME_COLUMNS
    export_filename = "programmes"
    export_sheet_title = gettext_lazy("Programmes")

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
        sessions = list(selectors.programme_sessions_for(self.request.user, programme))
        staff = programme.organisation_id in roles_of(self.request.user).managed
        context.update(
            can_manage=manage,
            staff=staff,
            enrolments=selectors.programme_enrolments_for(self.request.user, programme),
            counts=selectors.enrolment_counts(programme),
            topics=programme.topics.all(),
            sessions=sessions,
            campaigns=assessment_selectors.programme_campaigns(programme) if staff else [],
            next_statuses=programme.next_statuses if manage else [],
            statuses=ProgrammeStatus.choices,
        )
        context.update(risks_selectors.programme_section(self.request.user, programme))
        context.update(selectors.work_programme_section(programme, sessions))
        context.update(logistics_selectors.programme_section(self.request.user, programme))
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
            services.programme_update(programme=programme, actor=request.user, **data)
            messages.success(request, _("Programme saved."))
            return redirect(programme)
        return render(request, self.template_name, {"form": form, "programme": programme})


class ProgrammeTransitionView(View):
    def post(self, request, pk):
        programme = selectors.programme_get(request.user, pk, manage=True)
        to_status = request.POST.get("to_status", "")
        try:
            services.programme_transition(programme=programme, to_status=to_status, actor=request.user)
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


class ApprovalListView(ExportMixin, ListView):
    template_name = "programmes/approval_list.html"
    context_object_name = "enrolments"
    paginate_by = 50
    export_columns = (
        Column(gettext_lazy("Person"), lambda e: e.person),
        Column(gettext_lazy("Organisation"), lambda e: e.organisation),
        Column(gettext_lazy("Programme"), lambda e: e.programme.title),
        Column(gettext_lazy("Programme organisation"), lambda e: e.programme.organisation),
        Column(gettext_lazy("Role"), lambda e: e.get_role_display()),
    )
    export_filename = "approvals"
    export_sheet_title = gettext_lazy("Approvals")

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
    """The local page to return to after a form posted from several places: a path on this site.

    Anything else (another site, or a bare word that redirect() would take for a view name) is ignored."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None


class StageIndexView(ExportMixin, ListView):
    """The programmes at one stage of the workflow; each stage's app opens with this page."""

    template_name = "programmes/stage_index.html"
    context_object_name = "programmes"
    paginate_by = 20
    export_columns = PROGRAMME_COLUMNS
    status: str = ""
    title = ""
    intro = ""

    def get_queryset(self):
        return selectors.programme_list(self.request.user).filter(status=self.status).order_by("start_date", "title")

    def get_export_filename(self):
        return f"programmes-{self.status}"

    @property
    def export_sheet_title(self):
        return self.title

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
        return render(request, self.template_name, {"form": SessionForm(programme=programme), "programme": programme})

    def post(self, request, pk):
        programme = selectors.programme_get(request.user, pk, manage=True)
        form = SessionForm(request.POST, instance=Session(programme=programme), programme=programme)
        if form.is_valid():
            session = services.session_save(
                session=form.instance, tutors=form.cleaned_data["tutors"], attendees=form.cleaned_data["attendees"]
            )
            messages.success(request, _("Session saved; its people are invited and will be reminded."))
            return redirect(session)
        return render(request, self.template_name, {"form": form, "programme": programme}, status=400)


class SessionUpdateView(View):
    template_name = "programmes/session_form.html"

    def get(self, request, pk):
        session = selectors.session_managed(request.user, pk)
        form = SessionForm(instance=session, programme=session.programme)
        return render(request, self.template_name, {"form": form, "programme": session.programme, "session": session})

    def post(self, request, pk):
        session = selectors.session_managed(request.user, pk)
        form = SessionForm(request.POST, instance=session, programme=session.programme)
        if form.is_valid():
            try:
                services.session_save(
                    session=form.instance,
                    expected_version=form.expected_version,
                    tutors=form.cleaned_data["tutors"],
                    attendees=form.cleaned_data["attendees"],
                )
            except EditConflict as conflict:
                form.add_conflict(conflict)
            else:
                messages.success(request, _("Session saved; its reminders follow the new date."))
                return redirect(session)
        context = {"form": form, "programme": session.programme, "session": session}
        return render(request, self.template_name, context, status=400)


class SessionDeleteView(View):
    def post(self, request, pk):
        session = selectors.session_managed(request.user, pk)
        programme = session.programme
        services.session_delete(session=session)
        messages.success(request, _("Session deleted; its pending reminders are cancelled."))
        return redirect(programme)


class SessionDetailView(View):
    """A session for its people and organisers: details, tutors, attendees, materials."""

    template_name = "programmes/session_detail.html"

    def get(self, request, pk):
        session = selectors.session_get(request.user, pk)
        return self.render_page(request, session, MaterialForm())

    @classmethod
    def render_page(cls, request, session, material_form, status=200):
        can_prepare = selectors.can_prepare_session(request.user, session)
        if can_prepare:
            material_form.helper.form_action = reverse("programmes:material_create", kwargs={"pk": session.pk})
        context = {
            "session": session,
            "programme": session.programme,
            "can_manage": selectors.can_manage(request.user, session.programme),
            "can_prepare": can_prepare,
            "material_form": material_form if can_prepare else None,
            **selectors.session_detail(session),
        }
        return render(request, cls.template_name, context, status=status)


class MaterialCreateView(View):
    """Coordinators and the session's tutors add a file or a link; bad uploads are refused with a reason."""

    def post(self, request, pk):
        session = selectors.session_prepared_by(request.user, pk)
        form = MaterialForm(request.POST, request.FILES)
        if form.is_valid():
            material = services.material_add(session=session, by=request.user, **form.cleaned_data)
            messages.success(request, _("“%(title)s” was added to the session.") % {"title": material.title})
            return redirect(session)
        return SessionDetailView.render_page(request, session, form, status=400)


class MaterialDeleteView(View):
    def post(self, request, pk):
        material = selectors.material_managed(request.user, pk)
        services.material_delete(material=material)
        messages.success(request, _("“%(title)s” was removed.") % {"title": material.title})
        return redirect(material.session)


class MaterialDownloadView(View):
    """The file of a material, only for the session's people and the programme's organisers."""

    def get(self, request, pk):
        material = selectors.material_get(request.user, pk)
        if not material.is_file:
            raise Http404  # a link is opened at its own address
        try:
            handle = material.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=True, filename=material.file_name)


class AttendanceView(View):
    """Tick who came to a session, once it has started; saving again updates the marks."""

    template_name = "programmes/attendance.html"

    def get(self, request, pk):
        session = selectors.session_prepared_by(request.user, pk)
        people = selectors.session_people(session)
        marks = selectors.session_attendance(session)
        form = AttendanceForm(people=people, initial={"present": [person for person, came in marks.items() if came]})
        return self._render(request, session, form, marks)

    def post(self, request, pk):
        session = selectors.session_prepared_by(request.user, pk)
        form = AttendanceForm(request.POST, people=selectors.session_people(session))
        if form.is_valid():
            try:
                count = services.attendance_mark(
                    session=session, present={person.pk for person in form.cleaned_data["present"]}, by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Attendance saved: %(count)d present.") % {"count": count})
                return redirect(session)
        return self._render(request, session, form, selectors.session_attendance(session), status=400)

    def _render(self, request, session, form, marks, status=200):
        context = {
            "session": session,
            "programme": session.programme,
            "form": form,
            "marked": bool(marks),
            "started": session.starts_at <= timezone.now(),
        }
        return render(request, self.template_name, context, status=status)


class TimelineView(View):
    """A programme's sessions by month, as a Gantt chart, with planned hours per topic."""

    template_name = "programmes/timeline.html"
    export_columns = (
        Column(gettext_lazy("Start"), lambda s: s.starts_at),
        Column(gettext_lazy("End"), lambda s: s.ends_at),
        Column(gettext_lazy("Session"), lambda s: s.title),
        Column(gettext_lazy("Series"), lambda s: s.series),
        Column(gettext_lazy("Kind"), lambda s: s.get_kind_display()),
        Column(gettext_lazy("Topic"), lambda s: s.topic),
        Column(gettext_lazy("Tutors"), lambda s: [str(tutor) for tutor in s.tutors.all()]),
        Column(gettext_lazy("Hours"), lambda s: round(s.planned_hours, 2)),
        Column(gettext_lazy("Materials"), lambda s: s.material_count),
    )

    def get(self, request, pk):
        programme = selectors.programme_get(request.user, pk)
        visible = selectors.programme_sessions_for(request.user, programme)
        if export_format(request):
            return export_response(
                request,
                self.export_columns,
                selectors.timeline_sessions(visible),
                filename=f"work-programme-{programme.pk}",
                sheet_title=_("Work programme"),
            )
        sessions = list(selectors.timeline_sessions(visible))
        chart = charts.gantt(
            rows=[(s.title, timezone.localtime(s.starts_at), timezone.localtime(s.ends_at)) for s in sessions],
            title=_("Sessions of “%(programme)s”") % {"programme": programme.title},
            description=_("Each bar runs from the start to the end of a session."),
            chart_id="timeline",
        )
        context = {
            "programme": programme,
            "months": selectors.by_month(sessions),
            "chart": mark_safe(chart),  # core.charts escapes every text it is given
            "planned_hours": selectors.planned_hours(visible),
            "hours_by_topic": selectors.planned_hours_by_topic(visible),
            "can_manage": selectors.can_manage(request.user, programme),
        }
        return render(request, self.template_name, context)


class MySessionsView(ExportMixin, ListView):
    """Every person's own sessions: those they attend or tutor, with materials and the calendar feed."""

    template_name = "programmes/my_sessions.html"
    context_object_name = "sessions"
    paginate_by = 50
    export_columns = (
        Column(gettext_lazy("Session"), lambda s: s.title),
        Column(gettext_lazy("Programme"), lambda s: s.programme.title),
        Column(gettext_lazy("Kind"), lambda s: s.get_kind_display()),
        Column(gettext_lazy("Topic"), lambda s: s.topic),
        Column(gettext_lazy("Start"), lambda s: s.starts_at),
        Column(gettext_lazy("End"), lambda s: s.ends_at),
        Column(gettext_lazy("Place"), lambda s: s.place),
        Column(gettext_lazy("You lead it"), lambda s: s.i_tutor),
        Column(gettext_lazy("Materials"), lambda s: [material.title for material in s.materials.all()]),
    )
    export_filename = "my-sessions"
    export_sheet_title = gettext_lazy("My sessions")

    def get_queryset(self):
        self.past = self.request.GET.get("when") == "past"
        return selectors.my_sessions(self.request.user, past=self.past)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(past=self.past, querystring="when=past" if self.past else "")
        return context


class SeriesListView(View):
    """The workshop series of a peer programme; its coordinators add new ones here."""

    template_name = "programmes/series_list.html"

    export_columns = (
        Column(gettext_lazy("Series"), lambda s: s.title),
        Column(gettext_lazy("Description"), lambda s: s.description),
        Column(gettext_lazy("Sessions"), lambda s: s.session_count),
        Column(gettext_lazy("Practical tasks"), lambda s: s.task_count),
    )

    def get(self, request, pk):
        programme = selectors.programme_get(request.user, pk)
        if export_format(request):
            return export_response(
                request,
                self.export_columns,
                selectors.programme_series(programme),
                filename=f"workshop-series-{programme.pk}",
                sheet_title=_("Workshop series"),
            )
        return self._render(request, programme, WorkshopSeriesForm())

    def post(self, request, pk):
        programme = selectors.programme_get(request.user, pk, manage=True)
        form = WorkshopSeriesForm(request.POST, instance=WorkshopSeries(programme=programme))
        if form.is_valid():
            try:
                series = services.series_create(programme=programme, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Workshop series “%(title)s” added.") % {"title": series.title})
                return redirect("programmes:series_list", pk=programme.pk)
        return self._render(request, programme, form, status=400)

    def _render(self, request, programme, form, status=200):
        can_manage = selectors.can_manage(request.user, programme)
        context = {
            "programme": programme,
            "series_list": selectors.programme_series(programme),
            "form": form if can_manage and programme.is_peer else None,
            "can_manage": can_manage,
        }
        return render(request, self.template_name, context, status=status)


class TaskListView(ExportMixin, ListView):
    template_name = "programmes/task_list.html"
    context_object_name = "tasks"
    paginate_by = 100
    export_columns = (
        Column(gettext_lazy("Task"), lambda t: t.title),
        Column(gettext_lazy("Description"), lambda t: t.description),
        Column(gettext_lazy("Series"), lambda t: t.series),
        Column(gettext_lazy("Owner"), lambda t: t.owner),
        Column(gettext_lazy("Due"), lambda t: t.due_date),
        Column(gettext_lazy("Status"), lambda t: t.get_status_display()),
    )
    export_sheet_title = gettext_lazy("Practical tasks")

    def get_export_filename(self):
        return f"practical-tasks-{self.kwargs['pk']}"

    def get_queryset(self):
        self.programme = selectors.programme_get(self.request.user, self.kwargs["pk"])
        return selectors.programme_tasks(self.programme)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(programme=self.programme, can_manage=selectors.can_manage(self.request.user, self.programme))
        return context


class TaskCreateView(View):
    template_name = "programmes/task_form.html"

    def get(self, request, pk):
        programme = selectors.programme_get(request.user, pk, manage=True)
        form = PracticalTaskForm(programme=programme)
        return render(request, self.template_name, {"form": form, "programme": programme})

    def post(self, request, pk):
        programme = selectors.programme_get(request.user, pk, manage=True)
        form = PracticalTaskForm(request.POST, instance=PracticalTask(programme=programme), programme=programme)
        if form.is_valid():
            try:
                services.task_save(task=form.instance)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Task saved."))
                return redirect("programmes:task_list", pk=programme.pk)
        return render(request, self.template_name, {"form": form, "programme": programme}, status=400)


class TaskUpdateView(View):
    template_name = "programmes/task_form.html"

    def get(self, request, pk):
        task = selectors.task_managed(request.user, pk)
        form = PracticalTaskForm(instance=task, programme=task.programme)
        return render(request, self.template_name, {"form": form, "programme": task.programme, "task": task})

    def post(self, request, pk):
        task = selectors.task_managed(request.user, pk)
        form = PracticalTaskForm(request.POST, instance=task, programme=task.programme)
        if form.is_valid():
            try:
                services.task_save(task=form.instance, expected_version=form.expected_version)
            except EditConflict as conflict:
                form.add_conflict(conflict)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Task saved."))
                return redirect("programmes:task_list", pk=task.programme_id)
        context = {"form": form, "programme": task.programme, "task": task}
        return render(request, self.template_name, context, status=400)
