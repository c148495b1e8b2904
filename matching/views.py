from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.exports import Column, csv_response, export_format, export_response
from programmes.enums import EnrolmentRole
from programmes.selectors import enrolment_counts

from . import selectors, services
from .enums import UnmatchedReason
from .forms import (
    GroupChoiceForm,
    ModuleChoiceForm,
    ModuleForm,
    ModuleMembersForm,
    PlanSettingsForm,
    TutorChoiceForm,
)
from .models import Module


def _score(value) -> str:
    return "–" if value is None else number_format(value, 1)


def _explain(objects, names: dict[int, str]) -> None:
    """Give each pair or group `topic_reasons`: its reasons' topics with their names."""
    for obj in objects:
        obj.topic_reasons = [{**t, "name": names.get(t["topic"], "?")} for t in obj.reasons.get("topics", [])]


class ProgrammeMatchingView(View):
    """The draft: run and progress, pairs with reasons, groups per module, who is left out and why."""

    template_name = "matching/programme.html"

    def get(self, request, pk):
        programme = selectors.programme_get(request.user, pk)
        plan = selectors.plan_for(programme)
        pairs = list(selectors.plan_pairs(plan))
        groups = list(selectors.plan_groups(plan))
        modules = list(selectors.programme_modules(programme))
        topic_ids = [t["topic"] for p in pairs for t in p.reasons.get("topics", [])]
        topic_ids += [t["topic"] for g in groups for t in g.reasons.get("topics", [])]
        for module in modules:
            module.draft_groups = [g for g in groups if g.module_id == module.pk]
        names = selectors.topic_names(topic_ids)
        _explain(pairs, names)
        _explain(groups, names)
        context = {
            "programme": programme,
            "plan": plan,
            "can_manage": selectors.can_manage(request.user, programme),
            "run": selectors.latest_run(plan),
            "pairs": [p for p in pairs if not p.is_declined],
            "declined_pairs": [p for p in pairs if p.is_declined],
            "modules": modules,
            "unmatched": list(selectors.plan_unmatched(plan)),
            "unpublished": selectors.unpublished_changes(plan),
            "counts": enrolment_counts(programme),
        }
        return render(request, self.template_name, context)


class RunView(View):
    def post(self, request, pk):
        programme = selectors.programme_get(request.user, pk, manage=True)
        plan = selectors.plan_for(programme)
        try:
            run = services.run_request(plan=plan, user=request.user)
        except services.RunAlreadyActive:
            messages.info(request, _("A matching run is already under way; its progress is shown below."))
        else:
            run.refresh_from_db()
            if run.state == "done":
                messages.success(request, _("Matching finished: review the draft below, then publish it."))
            elif run.state == "failed":
                messages.error(request, _("Matching failed: %(error)s") % {"error": run.error})
            else:
                messages.info(request, _("Matching started; the page follows its progress."))
        return redirect("matching:programme", pk=programme.pk)


class RunStatusView(View):
    """The progress of a run, polled by the page while it works."""

    def get(self, request, pk):
        run = selectors.run_get(request.user, pk)
        response = render(request, "matching/includes/run_status.html", {"run": run, "poll": True})
        if not run.is_active and request.headers.get("HX-Request"):
            response["HX-Refresh"] = "true"
        return response


class SettingsView(View):
    template_name = "matching/settings.html"

    def _form(self, request, plan, data=None):
        tutors = selectors.matchable_enrolments(plan.programme).filter(role=EnrolmentRole.TUTOR)
        return PlanSettingsForm(data, instance=plan, tutors=tutors)

    def get(self, request, pk):
        plan = selectors.plan_for(selectors.programme_get(request.user, pk, manage=True))
        return render(request, self.template_name, {"form": self._form(request, plan), "programme": plan.programme})

    def post(self, request, pk):
        plan = selectors.plan_for(selectors.programme_get(request.user, pk, manage=True))
        form = self._form(request, plan, request.POST)
        if form.is_valid():
            options = {name: form.cleaned_data[name] for name in PlanSettingsForm.Meta.fields}
            services.plan_settings_save(plan=plan, capacities=form.capacities(), **options)
            messages.success(request, _("Matching settings saved; run the matching again to apply them."))
            return redirect("matching:programme", pk=pk)
        return render(request, self.template_name, {"form": form, "programme": plan.programme}, status=400)


class ModulesView(View):
    """The programme's modules, and a form to add one."""

    template_name = "matching/modules.html"
    export_columns = (
        Column(gettext_lazy("Module"), lambda m: m.title),
        Column(gettext_lazy("Grouping"), lambda m: m.get_policy_display()),
        Column(gettext_lazy("Smallest group"), lambda m: m.min_size),
        Column(gettext_lazy("Largest group"), lambda m: m.max_size),
        Column(gettext_lazy("Chosen by"), lambda m: m.chosen),
        Column(gettext_lazy("Groups"), lambda m: m.group_count),
        Column(gettext_lazy("Topics"), lambda m: [topic.name for topic in m.topics.all()]),
    )

    def _render(self, request, programme, form, status=200):
        context = {"programme": programme, "modules": selectors.programme_modules(programme), "form": form}
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk):
        programme = selectors.programme_get(request.user, pk, manage=True)
        if export_format(request):
            return export_response(
                request,
                self.export_columns,
                selectors.programme_modules(programme),
                filename=f"modules-{programme.pk}",
                sheet_title=_("Modules"),
            )
        return self._render(request, programme, ModuleForm())

    def post(self, request, pk):
        programme = selectors.programme_get(request.user, pk, manage=True)
        form = ModuleForm(request.POST, instance=Module(programme=programme))
        if form.is_valid():
            services.module_save(module=form.instance, topics=form.cleaned_data["topics"])
            messages.success(request, _("Module “%(module)s” added.") % {"module": form.instance})
            return redirect("matching:modules", pk=pk)
        return self._render(request, programme, form, status=400)


class ModuleEditView(View):
    template_name = "matching/module_form.html"

    def get(self, request, pk):
        module = selectors.module_managed(request.user, pk)
        return render(request, self.template_name, {"form": ModuleForm(instance=module), "module": module})

    def post(self, request, pk):
        module = selectors.module_managed(request.user, pk)
        form = ModuleForm(request.POST, instance=module)
        if form.is_valid():
            services.module_save(module=form.instance, topics=form.cleaned_data["topics"])
            messages.success(request, _("Module “%(module)s” saved.") % {"module": module})
            return redirect("matching:modules", pk=module.programme_id)
        return render(request, self.template_name, {"form": form, "module": module}, status=400)


class ModuleDeleteView(View):
    def post(self, request, pk):
        module = selectors.module_managed(request.user, pk)
        programme_id = module.programme_id
        module.delete()
        messages.success(request, _("Module “%(module)s” deleted with its groups.") % {"module": module})
        return redirect("matching:modules", pk=programme_id)


class ModuleMembersView(View):
    """The coordinator records which peers work on a module."""

    template_name = "matching/module_members.html"

    def _form(self, module, data=None):
        chosen = module.choices.values_list("enrolment_id", flat=True)
        peers = selectors.programme_peers(module.programme)
        return ModuleMembersForm(data, peers=peers, initial={"peers": list(chosen)})

    def get(self, request, pk):
        module = selectors.module_managed(request.user, pk)
        return render(request, self.template_name, {"form": self._form(module), "module": module})

    def post(self, request, pk):
        module = selectors.module_managed(request.user, pk)
        form = self._form(module, request.POST)
        if form.is_valid():
            services.module_members_set(module=module, enrolments=form.cleaned_data["peers"])
            messages.success(request, _("The peers of “%(module)s” are saved.") % {"module": module})
            return redirect("matching:modules", pk=module.programme_id)
        return render(request, self.template_name, {"form": form, "module": module}, status=400)


class ChooseModulesView(View):
    """A peer chooses the modules they want to work on; groups form per module."""

    template_name = "matching/choose.html"

    def _render(self, request, enrolment, form, status=200):
        modules = selectors.programme_modules(enrolment.programme)
        context = {"programme": enrolment.programme, "form": form, "modules": modules}
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk):
        enrolment = selectors.peer_enrolment(request.user, pk)
        chosen = enrolment.module_choices.values_list("module_id", flat=True)
        return self._render(
            request, enrolment, ModuleChoiceForm(programme=enrolment.programme, initial={"modules": list(chosen)})
        )

    def post(self, request, pk):
        enrolment = selectors.peer_enrolment(request.user, pk)
        form = ModuleChoiceForm(request.POST, programme=enrolment.programme)
        if form.is_valid():
            services.module_choices_set(enrolment=enrolment, modules=form.cleaned_data["modules"])
            messages.success(request, _("Your choice of modules is saved."))
            return redirect("matching:mine")
        return self._render(request, enrolment, form, status=400)


class TraineeTutorView(View):
    """Give a trainee another tutor (or none): every tutor with the score they would give."""

    template_name = "matching/trainee_tutor.html"

    def _context(self, request, trainee, data=None):
        plan = selectors.plan_for(trainee.programme)
        pair = services.current_pair(plan, trainee)
        rows = services.tutor_options(plan, trainee)
        form = TutorChoiceForm(
            data,
            rows=rows,
            current_score=pair.score if pair else None,
            initial={"tutor": pair.tutor_id if pair else ""},
        )
        names = selectors.topic_names(t.topic for row in rows if row["scored"] for t in row["scored"].topics)
        for row in rows:
            row["topics"] = [(names.get(t.topic, "?"), t) for t in row["scored"].topics] if row["scored"] else []
        return {
            "trainee": trainee,
            "programme": trainee.programme,
            "plan": plan,
            "pair": pair,
            "rows": rows,
            "form": form,
        }

    def get(self, request, pk):
        trainee = selectors.trainee_managed(request.user, pk)
        return render(request, self.template_name, self._context(request, trainee))

    def post(self, request, pk):
        trainee = selectors.trainee_managed(request.user, pk)
        context = self._context(request, trainee, request.POST)
        form = context["form"]
        if form.is_valid():
            try:
                old, new = services.pair_move(
                    plan=context["plan"], trainee=trainee, tutor_id=form.cleaned_data["tutor"], actor=request.user
                )
            except ValidationError as error:
                form.add_error("tutor", error)
            else:
                messages.success(
                    request,
                    _("%(trainee)s: score %(old)s → %(new)s. The pair is locked; a re-run keeps it.")
                    % {"trainee": trainee.person, "old": _score(old), "new": _score(new)},
                )
                return redirect(reverse("matching:programme", kwargs={"pk": trainee.programme_id}) + "#pairs")
        return render(request, self.template_name, context, status=400)


class PeerGroupView(View):
    """Move a peer to another group of the module: each group with the affinity change."""

    template_name = "matching/peer_group.html"

    def _context(self, request, choice, data=None):
        plan = selectors.plan_for(choice.module.programme)
        current, rows = services.group_options(plan, choice)
        initial = {"group": current.group_id} if current else {}
        form = GroupChoiceForm(data, rows=rows, initial=initial)
        return {
            "choice": choice,
            "programme": plan.programme,
            "plan": plan,
            "current": current,
            "rows": rows,
            "form": form,
        }

    def get(self, request, pk):
        choice = selectors.choice_managed(request.user, pk)
        return render(request, self.template_name, self._context(request, choice))

    def post(self, request, pk):
        choice = selectors.choice_managed(request.user, pk)
        context = self._context(request, choice, request.POST)
        form = context["form"]
        if form.is_valid():
            group = get_object_or_404(choice.module.groups, pk=form.cleaned_data["group"])
            change = services.member_move(plan=context["plan"], choice=choice, group=group, actor=request.user)
            messages.success(
                request,
                _(
                    "%(person)s moved to group %(number)s: affinity %(change)s. "
                    "The member is locked; a re-run keeps them."
                )
                % {
                    "person": choice.enrolment.person,
                    "number": group.number,
                    "change": ("+" if change >= 0 else "−") + _score(abs(change)),
                },
            )
            return redirect(
                reverse("matching:programme", kwargs={"pk": choice.module.programme_id}) + f"#group-{group.pk}"
            )
        return render(request, self.template_name, context, status=400)


def _locked(request) -> bool:
    return request.POST.get("locked") == "1"


class PairLockView(View):
    def post(self, request, pk):
        pair = selectors.pair_managed(request.user, pk)
        services.pair_lock(pair=pair, locked=_locked(request), actor=request.user)
        return redirect(reverse("matching:programme", kwargs={"pk": pair.plan.programme_id}) + f"#pair-{pair.pk}")


class MemberLockView(View):
    def post(self, request, pk):
        member = selectors.member_managed(request.user, pk)
        services.member_lock(member=member, locked=_locked(request), actor=request.user)
        url = reverse("matching:programme", kwargs={"pk": member.module.programme_id})
        return redirect(f"{url}#group-{member.group_id}")


class PublishView(View):
    def post(self, request, pk):
        plan = selectors.plan_for(selectors.programme_get(request.user, pk, manage=True))
        count = services.plan_publish(plan=plan, actor=request.user)
        if count:
            messages.success(request, _("Published: %(count)s people are told and asked to accept.") % {"count": count})
        else:
            messages.info(request, _("Nothing new to publish."))
        return redirect("matching:programme", pk=pk)


class ExportView(View):
    """The draft as CSV: one row per pair, group member and person left out."""

    def get(self, request, pk):
        programme = selectors.programme_get(request.user, pk)
        plan = selectors.plan_for(programme)
        header = [
            _("Kind"),
            _("Module"),
            _("Group"),
            _("Person"),
            _("Organisation"),
            _("Matched with"),
            _("Score"),
            _("Reasons"),
            _("Locked"),
            _("Answer"),
        ]
        rows = []
        names = selectors.topic_names(t["topic"] for p in plan.pairs.all() for t in p.reasons.get("topics", []))
        for pair in selectors.plan_pairs(plan):
            reasons = "; ".join(
                f"{names.get(t['topic'], t['topic'])} +{t['points']:g}" for t in pair.reasons.get("topics", [])
            )
            answer = f"{pair.get_trainee_answer_display()} / {pair.get_tutor_answer_display()}"
            rows.append(
                [
                    _("Tutor pair"),
                    "",
                    "",
                    pair.trainee.person,
                    pair.trainee.organisation,
                    pair.tutor.person,
                    round(pair.score, 2),
                    reasons,
                    pair.locked,
                    answer,
                ]
            )
        for group in selectors.plan_groups(plan):
            for member in group.members.all():
                rows.append(
                    [
                        _("Peer group"),
                        group.module.title,
                        group.number,
                        member.enrolment.person,
                        member.enrolment.organisation,
                        "",
                        round(group.affinity, 2),
                        group.module.get_policy_display(),
                        member.locked,
                        member.get_answer_display(),
                    ]
                )
        for row in selectors.plan_unmatched(plan):
            rows.append(
                [
                    _("Left out"),
                    row.module.title if row.module else "",
                    "",
                    row.enrolment.person,
                    row.enrolment.organisation,
                    "",
                    "",
                    UnmatchedReason(row.reason).label,
                    "",
                    "",
                ]
            )
        return csv_response(header, ([str(c) for c in r] for r in rows), f"matching-{programme.pk}")


class MineView(View):
    """A participant's published pairs and groups, with accept and decline, and their module choices."""

    def get(self, request):
        pairs = list(selectors.my_pairs(request.user))
        groups = list(selectors.my_groups(request.user))
        names = selectors.topic_names(
            [t["topic"] for p in pairs for t in p.reasons.get("topics", [])]
            + [t["topic"] for g in groups for t in g.reasons.get("topics", [])]
        )
        _explain(pairs, names)
        _explain(groups, names)
        own_member = {}
        for group in groups:
            for member in group.members.all():
                if member.enrolment.person_id == request.user.pk:
                    own_member[group.pk] = member
        context = {
            "pairs": pairs,
            "groups": [(g, own_member.get(g.pk)) for g in groups],
            "peer_enrolments": selectors.my_peer_programmes(request.user),
        }
        return render(request, "matching/mine.html", context)


class PairAnswerView(View):
    def post(self, request, pk):
        pair = selectors.pair_of_person(request.user, pk)
        accept = request.POST.get("answer") == "accept"
        services.pair_answer(pair=pair, user=request.user, accept=accept)
        if accept:
            messages.success(request, _("Thank you: the match is accepted."))
        else:
            messages.info(request, _("The match is declined; the coordinator will find another one."))
        return redirect("matching:mine")


class MemberAnswerView(View):
    def post(self, request, pk):
        member = selectors.member_of_person(request.user, pk)
        accept = request.POST.get("answer") == "accept"
        services.member_answer(member=member, accept=accept, actor=request.user)
        if accept:
            messages.success(request, _("Thank you: you joined the group."))
        else:
            messages.info(request, _("You declined the group; the coordinator is told."))
        return redirect("matching:mine")
