import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import ListView

from core.exports import Column, ExportMixin
from core.models import User, new_calendar_token
from programmes import selectors as programme_selectors

from . import selectors, services
from .calendar import session_calendar
from .enums import NotificationState
from .forms import NotificationTextForm, PreferencesForm
from .kinds import KINDS, Rendering, absolute, session_when
from .placeholders import PLACEHOLDERS


class MyNotificationsView(ExportMixin, ListView):
    """What was sent to me, what is coming, my opt-outs and my calendar feed."""

    template_name = "notifications/mine.html"
    context_object_name = "notifications"
    paginate_by = 30
    export_columns = (
        Column(gettext_lazy("What"), lambda n: n.kind_label),
        Column(gettext_lazy("Programme"), lambda n: n.programme.title if n.programme else None),
        Column(gettext_lazy("When"), lambda n: n.sent_at or n.due_at),
        Column(gettext_lazy("State"), lambda n: n.get_state_display()),
    )
    export_filename = "my-notifications"
    export_sheet_title = gettext_lazy("My notifications")

    def get_queryset(self):
        return selectors.notifications_of(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.setdefault("preferences", PreferencesForm(opt_outs=user.notification_opt_outs))
        context["feed_url"] = absolute(reverse("notifications:feed", kwargs={"token": user.calendar_token}))
        return context

    def post(self, request):
        form = PreferencesForm(request.POST, opt_outs=request.user.notification_opt_outs)
        if form.is_valid():
            User.objects.filter(pk=request.user.pk).update(notification_opt_outs=form.opt_outs())
            messages.success(request, _("Your notification choices were saved."))
            return redirect("notifications:mine")
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(preferences=form), status=400)


class CalendarResetView(View):
    def post(self, request):
        User.objects.filter(pk=request.user.pk).update(calendar_token=new_calendar_token())
        messages.success(request, _("Your calendar feed has a new address; the old one no longer works."))
        return redirect("notifications:mine")


@method_decorator(login_not_required, name="dispatch")
class CalendarFeedView(View):
    """A person's sessions as an iCalendar feed; the secret address is the only credential."""

    def get(self, request, token):
        user = User.objects.filter(calendar_token=token, is_active=True).first()
        if user is None:
            raise Http404
        since = timezone.now() - datetime.timedelta(days=90)
        sessions = programme_selectors.sessions_of_person(user, ending_after=since)
        body = session_calendar(sessions, method="PUBLISH", name=_("MIA sessions"))
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="sessions.ics"'
        return response


class ProgrammeNotificationsView(ExportMixin, ListView):
    """A programme's reminders, pending, sent and failed with the error: for the owning organisation's
    coordinators, who send failed ones again and edit the texts, and its project managers, who read."""

    template_name = "notifications/programme.html"
    context_object_name = "notifications"
    paginate_by = 50
    export_columns = (
        Column(gettext_lazy("What"), lambda n: n.kind_label),
        Column(gettext_lazy("To"), lambda n: n.recipient),
        Column(pgettext_lazy("send time", "Due"), lambda n: n.due_at),
        Column(gettext_lazy("Sent"), lambda n: n.sent_at),
        Column(gettext_lazy("State"), lambda n: n.get_state_display()),
        Column(gettext_lazy("Attempts"), lambda n: n.attempts),
        Column(gettext_lazy("Error"), lambda n: n.last_error),
    )
    export_sheet_title = gettext_lazy("Reminders")

    def get_export_filename(self):
        return f"reminders-{self.programme.pk}"

    def get_queryset(self):
        # The owning organisation's coordinators and project managers read it; coordinators act on it.
        self.programme = programme_selectors.programme_staff_get(self.request.user, self.kwargs["pk"])
        self.state = self.request.GET.get("state", "")
        if self.state not in NotificationState.values:
            self.state = ""
        return selectors.programme_notifications(self.programme, state=self.state)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            programme=self.programme,
            state=self.state,
            counts=selectors.state_counts(self.programme),
            states=NotificationState.choices,
            kinds=KINDS.values(),
            querystring=f"state={self.state}" if self.state else "",
            can_manage=programme_selectors.can_manage(self.request.user, self.programme),
        )
        return context


class NotificationResendView(View):
    def post(self, request, pk):
        notification = selectors.notification_managed(request.user, pk)
        try:
            services.notification_resend(notification=notification)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            services.dispatch_soon()
            messages.success(request, _("The notification will be sent again."))
        return redirect("notifications:programme", pk=notification.programme_id)


def _sample_rendering(request, programme, kind) -> Rendering:
    """Values to preview a text with: the coordinator as recipient, the next session if any."""
    session = programme.sessions.filter(starts_at__gte=timezone.now()).first() or programme.sessions.first()
    values = {
        "name": request.user.get_short_name(),
        "programme": programme.title,
        "session": session.title if session else _("Example session"),
        "date": session_when(session) if session else "2027-03-01 10:00",
        "place": session.place if session else _("Town hall, room 2"),
        "link": absolute(programme.get_absolute_url()),
    }
    return Rendering(values=values, programme=programme, session=session, extra={"enrolment": None})


class NotificationTextView(View):
    """Edit a kind's subject and opening for one programme; preview before saving."""

    template_name = "notifications/text_form.html"

    def _setup(self, request, pk, kind):
        programme = programme_selectors.programme_get(request.user, pk, manage=True)
        if kind not in KINDS:
            raise Http404
        return programme, KINDS[kind]

    def get(self, request, pk, kind):
        programme, kind = self._setup(request, pk, kind)
        subject, opening = services.texts_for(kind, programme)
        form = NotificationTextForm(initial={"subject": subject, "opening": opening})
        return self._render(request, programme, kind, form)

    def post(self, request, pk, kind):
        programme, kind = self._setup(request, pk, kind)
        form = NotificationTextForm(request.POST)
        action = request.POST.get("action", "preview")
        if action == "reset":
            programme.notification_texts.filter(kind=kind.code).delete()
            messages.success(request, _("The default text is back."))
            return redirect("notifications:programme", pk=programme.pk)
        if not form.is_valid():
            return self._render(request, programme, kind, form, status=400)
        if action == "save":
            services.notification_text_save(programme=programme, kind=kind.code, **form.cleaned_data)
            messages.success(request, _("The text of “%(kind)s” was saved.") % {"kind": kind.label})
            return redirect("notifications:programme", pk=programme.pk)
        preview = services.render_texts(
            kind=kind,
            subject=form.cleaned_data["subject"],
            opening=form.cleaned_data["opening"],
            rendering=_sample_rendering(request, programme, kind),
            recipient=request.user,
        )
        return self._render(request, programme, kind, form, preview=preview)

    def _render(self, request, programme, kind, form, preview=None, status=200):
        context = {
            "programme": programme,
            "kind": kind,
            "form": form,
            "preview": preview,
            "placeholders": PLACEHOLDERS,
        }
        return render(request, self.template_name, context, status=status)
