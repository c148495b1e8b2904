from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView
from django_countries import countries

from core import charts
from core.exports import Column, ExportMixin, csv_response, xlsx_response
from core.link_limits import limit_link_lookups, link_lookup_failed
from core.models import Organisation
from core.scope import organisations_for
from programmes import selectors as programme_selectors
from programmes.services import programme_update

from . import selectors, services
from .enums import LEVEL_ANCHORS, ResponseStatus
from .forms import AdoptTopicsForm, AnalysisFilterForm, CampaignForm, GridForm, InviteesForm
from .importing import InviteeRow, parse_invitees
from .models import OrganisationProfile


class CampaignListView(ExportMixin, ListView):
    template_name = "assessments/campaign_list.html"
    context_object_name = "campaigns"
    paginate_by = 30
    export_columns = (
        Column(gettext_lazy("Campaign"), lambda c: c.title),
        Column(gettext_lazy("Programme"), lambda c: c.programme.title),
        Column(gettext_lazy("Organisation"), lambda c: c.programme.organisation),
        Column(gettext_lazy("Kind"), lambda c: c.get_kind_display()),
        Column(gettext_lazy("Deadline"), lambda c: c.deadline),
        Column(gettext_lazy("Open"), lambda c: c.is_open),
        Column(gettext_lazy("Answered"), lambda c: c.submitted),
        Column(gettext_lazy("Invited"), lambda c: c.invited),
    )
    export_filename = "campaigns"
    export_sheet_title = gettext_lazy("Campaigns")

    def get_queryset(self):
        return selectors.campaign_list(self.request.user)


def _campaign_form_context(form, programme, campaign=None):
    return {"form": form, "programme": programme, "campaign": campaign}


class CampaignCreateView(View):
    template_name = "assessments/campaign_form.html"

    def get(self, request, pk):
        programme = programme_selectors.programme_get(request.user, pk, manage=True)
        form = CampaignForm(programme=programme, creating=True, initial={"title": _("Training needs")})
        return render(request, self.template_name, _campaign_form_context(form, programme))

    def post(self, request, pk):
        programme = programme_selectors.programme_get(request.user, pk, manage=True)
        form = CampaignForm(request.POST, programme=programme, creating=True)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                with transaction.atomic():
                    campaign = services.campaign_create(programme=programme, **data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Campaign opened; %(n)s people invited.") % {"n": campaign.invitations.count()},
                )
                return redirect(campaign)
        return render(request, self.template_name, _campaign_form_context(form, programme), status=400)


class CampaignUpdateView(View):
    template_name = "assessments/campaign_form.html"

    def get(self, request, pk):
        campaign = selectors.campaign_get(request.user, pk, manage=True)
        form = CampaignForm(instance=campaign, programme=campaign.programme, creating=False)
        return render(request, self.template_name, _campaign_form_context(form, campaign.programme, campaign))

    def post(self, request, pk):
        campaign = selectors.campaign_get(request.user, pk, manage=True)
        form = CampaignForm(request.POST, instance=campaign, programme=campaign.programme, creating=False)
        if form.is_valid():
            data = dict(form.cleaned_data)
            topics = data.pop("topics") or None
            services.campaign_update(campaign=campaign, topics=topics, **data)
            messages.success(request, _("Campaign saved; reminders follow the deadline."))
            return redirect(campaign)
        context = _campaign_form_context(form, campaign.programme, campaign)
        return render(request, self.template_name, context, status=400)


class CampaignDetailView(View):
    template_name = "assessments/campaign_detail.html"

    def get(self, request, pk):
        campaign = selectors.campaign_get(request.user, pk)
        analysis_counts = selectors.campaign_analysis_counts(campaign)
        context = {
            "campaign": campaign,
            "invitations": selectors.campaign_invitations(campaign),
            "counts": analysis_counts,
            "can_manage": programme_selectors.can_manage(request.user, campaign.programme),
        }
        return render(request, self.template_name, context)


class CampaignCloseView(View):
    def post(self, request, pk):
        campaign = selectors.campaign_get(request.user, pk, manage=True)
        services.campaign_close(campaign=campaign)
        messages.success(request, _("The campaign is closed: its links no longer accept answers."))
        return redirect(campaign)


class InviteView(View):
    """Paste or upload invitees, see every bad row with its reason, then invite the valid ones."""

    template_name = "assessments/invite.html"
    salt = "assessments.invite-preview"

    def get(self, request, pk):
        campaign = selectors.campaign_get(request.user, pk, manage=True)
        return render(request, self.template_name, {"campaign": campaign, "form": InviteesForm()})

    def post(self, request, pk):
        campaign = selectors.campaign_get(request.user, pk, manage=True)
        if "confirm" in request.POST:
            return self._confirm(request, campaign)
        form = InviteesForm(request.POST, request.FILES)
        context = {"campaign": campaign, "form": form}
        if not form.is_valid():
            return render(request, self.template_name, context, status=400)
        organisations = {o.name: o.pk for o in organisations_for(request.user).only("pk", "name")}
        upload = form.cleaned_data.get("upload")
        if upload:
            result = parse_invitees(filename=upload.name, content=upload.read(), organisations=organisations)
        else:
            result = parse_invitees(text=form.cleaned_data["text"], organisations=organisations)
        payload = {
            "role": form.cleaned_data["membership_role"],
            "rows": [[r.line, r.name, r.email, r.organisation, r.organisation_id] for r in result.valid],
        }
        context.update(result=result, payload=signing.dumps(payload, salt=self.salt))
        return render(request, self.template_name, context, status=200 if result.valid else 400)

    def _confirm(self, request, campaign):
        try:
            payload = signing.loads(request.POST.get("payload", ""), salt=self.salt, max_age=3600)
        except signing.BadSignature:
            messages.error(request, _("The preview expired or was changed; please load the list again."))
            return redirect("assessments:invite", pk=campaign.pk)
        allowed = set(organisations_for(request.user).values_list("pk", flat=True))
        rows = [
            InviteeRow(line=line, name=name, email=email, organisation=org, organisation_id=org_id, errors=())
            for line, name, email, org, org_id in payload["rows"]
            if org_id in allowed
        ]
        invitations = services.invitees_import(campaign=campaign, rows=rows, membership_role=payload["role"])
        messages.success(request, _("%(n)s people invited.") % {"n": len(invitations)})
        return redirect(campaign)


def _filters(request, campaign):
    in_campaign = Organisation.objects.filter(pk__in=campaign.invitations.values("organisation_id"))
    countries_in = sorted(set(in_campaign.values_list("country", flat=True)))
    choices = [(code, dict(countries).get(code, code)) for code in countries_in]
    form = AnalysisFilterForm(request.GET or None, countries=choices)
    filters = selectors.Filters()
    if form.is_bound and form.is_valid():
        filters = selectors.Filters(**form.cleaned_data)
    return form, filters


class AnalysisView(View):
    template_name = "assessments/analysis.html"

    def get(self, request, pk):
        campaign = selectors.campaign_get(request.user, pk)
        form, filters = _filters(request, campaign)
        analysis = selectors.campaign_analysis(campaign, filters)
        context = {
            "campaign": campaign,
            "filter_form": form,
            "analysis": analysis,
            "charts": analysis_charts(analysis),
            "can_manage": programme_selectors.can_manage(request.user, campaign.programme),
            "adopt_form": AdoptTopicsForm(
                topics=campaign.topics.all(),
                initial={"topics": [rank.topic.pk for rank in analysis.ranking[:3]]},
            ),
        }
        return render(request, self.template_name, context)


def analysis_charts(analysis) -> dict:
    organisation = analysis.by_organisation
    result = {
        "by_organisation": mark_safe(
            charts.heatmap(
                rows=organisation.rows,
                columns=organisation.columns,
                values=organisation.values,
                title=_("Mean gap by organisation and topic"),
                description=_("Required level minus current level, 0 to 4; darker means a larger gap."),
                chart_id="gap-organisation",
            )
        ),
        "ranking": mark_safe(
            charts.bar_chart(
                labels=[str(rank.topic) for rank in analysis.ranking],
                values=[rank.weighted_gap for rank in analysis.ranking],
                title=_("Topics by mean gap weighted by priority"),
                description=_("The topics the respondents need most come first."),
                chart_id="ranking",
                max_value=4,
                highlight=set(range(min(3, len(analysis.ranking)))),
            )
        ),
        "distributions": [],
    }
    if analysis.by_person is not None:
        person = analysis.by_person
        result["by_person"] = mark_safe(
            charts.heatmap(
                rows=person.rows,
                columns=person.columns,
                values=person.values,
                title=_("Gap by person and topic"),
                description=_("Required level minus current level for each respondent."),
                chart_id="gap-person",
            )
        )
    labels = {level: str(level) for level in LEVEL_ANCHORS}
    for topic in analysis.topics:
        result["distributions"].append(
            (
                topic,
                mark_safe(
                    charts.distribution(
                        counts=analysis.current_counts.get(topic.pk, {}),
                        title=_("%(topic)s: current level") % {"topic": topic},
                        chart_id=f"current-{topic.pk}",
                        category_labels=labels,
                    )
                ),
                mark_safe(
                    charts.distribution(
                        counts=analysis.required_counts.get(topic.pk, {}),
                        title=_("%(topic)s: required level") % {"topic": topic},
                        chart_id=f"required-{topic.pk}",
                        category_labels=labels,
                    )
                ),
            )
        )
    return result


class AdoptTopicsView(View):
    """Make the most needed topics the programme's, with a goal text, in one step."""

    def post(self, request, pk):
        campaign = selectors.campaign_get(request.user, pk, manage=True)
        form = AdoptTopicsForm(request.POST, topics=campaign.topics.all())
        if not form.is_valid():
            messages.error(request, _("Choose at least one topic to adopt."))
            return redirect("assessments:analysis", pk=campaign.pk)
        programme = campaign.programme
        goals = programme.goals
        if form.cleaned_data["goals"].strip():
            goals = (goals + "\n\n" if goals else "") + form.cleaned_data["goals"].strip()
        topics = set(programme.topics.all()) | set(form.cleaned_data["topics"])
        programme_update(programme=programme, topics=topics, goals=goals, actor=request.user)
        messages.success(request, _("The programme's topics and goals were updated."))
        return redirect(programme)


class ProfileView(View):
    template_name = "assessments/profile.html"

    def get(self, request, pk):
        invitation = selectors.invitation_for_profile(request.user, pk)
        answers = selectors.profile_answers(invitation)
        capacity = OrganisationProfile.objects.filter(
            campaign=invitation.campaign, organisation=invitation.organisation
        ).first()
        context = {"invitation": invitation, "answers": answers, "capacity": capacity, "anchors": LEVEL_ANCHORS}
        return render(request, self.template_name, context)


EXPORT_HEADER = [
    "person",
    "email",
    "organisation",
    "country",
    "organisation_kind",
    "status",
    "submitted_at",
    "topic",
    "current_level",
    "required_level",
    "gap",
    "priority",
    "challenges",
    "expectations",
]


class ExportView(View):
    def get(self, request, pk, fmt):
        campaign = selectors.campaign_get(request.user, pk)
        if fmt not in {"csv", "xlsx"}:
            raise Http404
        rows = (
            [
                a.response.invitation.person.full_name,
                a.response.invitation.person.email,
                a.response.invitation.organisation.name,
                str(a.response.invitation.organisation.country),
                a.response.invitation.organisation.kind,
                a.response.status,
                a.response.submitted_at.isoformat() if a.response.submitted_at else "",
                str(a.topic),
                a.current_level,
                a.required_level,
                a.gap,
                a.priority,
                a.challenges,
                a.expectations,
            ]
            for a in selectors.export_rows(campaign).iterator(chunk_size=2000)
        )
        filename = f"needs-assessment-{campaign.pk}"
        if fmt == "xlsx":
            return xlsx_response(EXPORT_HEADER, rows, filename, sheet_title=_("Responses"))
        return csv_response(EXPORT_HEADER, rows, filename)


@method_decorator(login_not_required, name="dispatch")
class RespondView(View):
    """The personal link: no account, one response, a draft to come back to until the deadline."""

    template_name = "assessments/respond.html"

    @limit_link_lookups
    def dispatch(self, request, public_id, secret):
        self.invitation = selectors.invitation_by_link(public_id, secret)
        if self.invitation is None:
            link_lookup_failed(request)
            return render(request, "assessments/link_invalid.html", status=404)
        if not self.invitation.campaign.is_open:
            return render(request, "assessments/link_closed.html", {"campaign": self.invitation.campaign}, status=410)
        return super().dispatch(request)

    def _initial(self):
        invitation = self.invitation
        initial = {}
        profile = OrganisationProfile.objects.filter(
            campaign=invitation.campaign, organisation=invitation.organisation
        ).first()
        if profile:
            initial.update(
                staff_on_energy=profile.staff_on_energy,
                budget_band=profile.budget_band,
                plan_status=profile.plan_status,
                earlier_training=profile.earlier_training,
            )
        response = getattr(invitation, "response", None)
        if response is not None:
            for answer in response.answers.all():
                for name in services.ANSWER_FIELDS:
                    initial[f"t{answer.topic_id}_{name}"] = getattr(answer, name)
        return initial, response

    def _topics(self):
        return self.invitation.campaign.topics.order_by("order", "name")

    def get(self, request):
        initial, response = self._initial()
        form = GridForm(initial=initial, topics=self._topics(), submitting=False)
        return self._render(request, form, response)

    def post(self, request):
        submitting = request.POST.get("action") == "submit"
        form = GridForm(request.POST, topics=self._topics(), submitting=submitting)
        _initial, response = self._initial()
        if not form.is_valid():
            messages.error(request, _("Some answers need your attention; nothing you typed is lost."))
            return self._render(request, form, response, status=400)
        try:
            response = services.response_save(
                invitation=self.invitation, answers=form.answers(), organisation=form.organisation(), submit=submitting
            )
        except services.CampaignClosed:
            return render(request, "assessments/link_closed.html", {"campaign": self.invitation.campaign}, status=410)
        if submitting:
            return render(request, "assessments/thanks.html", {"invitation": self.invitation, "response": response})
        messages.success(
            request,
            _("Draft saved. Come back with the same link until %(deadline)s.")
            % {"deadline": timezone.localtime(self.invitation.campaign.deadline).strftime("%Y-%m-%d %H:%M")},
        )
        return redirect(request.path)

    def _render(self, request, form, response, status=200):
        context = {
            "invitation": self.invitation,
            "campaign": self.invitation.campaign,
            "form": form,
            "response": response,
            "submitted": response is not None and response.status == ResponseStatus.SUBMITTED,
        }
        return render(request, self.template_name, context, status=status)
