from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from assessments import selectors as assessment_selectors
from evaluation import selectors as evaluation_selectors
from notifications import services as notification_services
from programmes import selectors as programme_selectors

from . import gdpr, selectors, services
from .enums import Role
from .errors import RETRY_AFTER_SECONDS
from .exports import Column, ExportMixin
from .forms import ProfileForm
from .models import Expertise, Topic, WorkerHeartbeat
from .scope import roles_of


class DashboardView(View):
    """One page per person, with a section for each role they hold."""

    def get(self, request):
        user = request.user
        roles = roles_of(user)
        context = {
            "roles": roles,
            "my_enrolments": list(programme_selectors.my_enrolments(user)),
            "next_sessions": list(programme_selectors.upcoming_sessions_for(user)),
            "open_invitations": assessment_selectors.open_invitations_for(user),
            "open_evaluations": evaluation_selectors.open_invitees_for(user),
            "trainee_profiles": assessment_selectors.trainee_profiles_for_tutor(user),
        }
        if roles.has(Role.COORDINATOR):
            coordinated = programme_selectors.programmes_managed_by(user)
            context["status_counts"] = selectors.status_counts(coordinated)
            context["attention"] = selectors.attention_items(user)
        if roles.managed:
            context["organisation_programmes"] = list(selectors.managed_programmes(user)[:20])
            context["approvals"] = list(programme_selectors.enrolments_to_approve(user)[:10])
        return render(request, "core/dashboard.html", context)


class ProfileView(View):
    template_name = "core/profile.html"

    def _form(self, request, data=None):
        topics = Topic.objects.filter(is_active=True)
        expertise = dict(Expertise.objects.filter(user=request.user).values_list("topic_id", "level"))
        return ProfileForm(data, instance=request.user, topics=topics, expertise=expertise)

    def get(self, request):
        return render(request, self.template_name, {"form": self._form(request)})

    def post(self, request):
        form = self._form(request, request.POST)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            services.profile_update(user=request.user, expertise=form.expertise(), **fields)
            messages.success(request, _("Your profile was saved."))
            response = redirect("core:profile")
            response.set_cookie("django_language", request.user.preferred_language, samesite="Lax")
            return response
        return render(request, self.template_name, {"form": form}, status=400)


class MyDataView(View):
    """The person's own data (right of access): a readable page, or JSON with ?format=json."""

    template_name = "core/my_data.html"

    def get(self, request):
        if request.GET.get("format") == "json":
            response = JsonResponse(gdpr.person_data_json(request.user), json_dumps_params={"indent": 2})
            response["Content-Disposition"] = 'attachment; filename="my-data.json"'
            return response
        return render(request, self.template_name, {"sections": gdpr.person_data(request.user)})


class AuditView(ListView):
    """A programme's history: who changed it, its budget and its matching."""

    template_name = "core/audit.html"
    context_object_name = "entries"
    paginate_by = 100

    def get_queryset(self):
        self.programme = selectors.audit_programme_get(self.request.user, self.kwargs["pk"])
        return selectors.programme_audit_entries(self.programme)

    def get_context_data(self, **kwargs):
        return super().get_context_data(programme=self.programme, **kwargs)


class OrganisationListView(ExportMixin, ListView):
    template_name = "core/organisation_list.html"
    context_object_name = "organisations"
    paginate_by = 50
    export_columns = (
        Column(gettext_lazy("Name"), lambda o: o.name),
        Column(gettext_lazy("Kind"), lambda o: o.get_kind_display()),
        Column(gettext_lazy("Country"), lambda o: o.country.name),
        Column(gettext_lazy("Coordinator"), lambda o: o.parent),
        Column(gettext_lazy("Plan status"), lambda o: o.get_plan_status_display() if o.is_local_government else None),
        Column(gettext_lazy("People"), lambda o: o.people),
        Column(gettext_lazy("Programmes"), lambda o: o.programmes_owned),
    )
    export_filename = "organisations"
    export_sheet_title = gettext_lazy("Organisations")

    def get_queryset(self):
        return selectors.organisation_list(self.request.user)


class OrganisationDetailView(DetailView):
    template_name = "core/organisation_detail.html"
    context_object_name = "organisation"

    def get_object(self, queryset=None):
        return selectors.organisation_get(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = selectors.organisation_members(self.object)
        context["children"] = self.object.children.order_by("name")
        context["programmes"] = (
            programme_selectors.programmes_for(self.request.user)
            .filter(organisation=self.object)
            .order_by("-start_date")
        )
        return context


@login_not_required
@require_safe
def health_live(request):
    """For load balancers: this process answers. Touches neither the database nor the cache, so
    benchmarks/load.py measures it beside its baseline as the web server's floor."""
    return HttpResponse("ok\n", content_type="text/plain")


@login_not_required
@require_safe
def health(request):
    """For load balancers and operators: the database answers, the last worker beat, overdue reminders.

    An unreachable database is a JSON 503 too, so monitoring reads the same shape either way."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        body = {"database": "unavailable", "error": type(error).__name__, "time": timezone.now().isoformat()}
        return JsonResponse(body, status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    beat = WorkerHeartbeat.objects.order_by("-seen_at").first()
    late = notification_services.overdue(minutes=15).count()
    return JsonResponse(
        {
            "database": "ok",
            "worker_last_seen": beat.seen_at.isoformat() if beat else None,
            "reminders_overdue": late,
            "time": timezone.now().isoformat(),
        },
    )


@login_not_required
@require_safe
def health_reminders(request):
    """For monitoring: 503 while reminders are more than 15 minutes overdue (beat or mail workers down)."""
    rows = notification_services.overdue(minutes=15)
    oldest = rows.order_by("due_at").values_list("due_at", flat=True).first()
    body = {"reminders_overdue": rows.count(), "oldest_due": oldest.isoformat() if oldest else None}
    return JsonResponse(body, status=503 if oldest else 200)
