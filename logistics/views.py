from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from core.concurrency import EditConflict
from core.exports import Column, ExportMixin, export_format, export_response
from core.models import Organisation
from core.permissions import CoordinatorRequiredMixin
from core.scope import roles_of

from . import selectors, services
from .forms import (
    ApplyTemplateForm,
    ChecklistFilterForm,
    ChecklistItemForm,
    ChecklistTemplateForm,
    ChecklistTemplateItemForm,
    SessionLogisticsForm,
    SwotCommentForm,
    SwotEntryForm,
    VenueForm,
)
from .models import ChecklistItem, ChecklistTemplateItem

# Venues


class VenueListView(CoordinatorRequiredMixin, ExportMixin, ListView):
    template_name = "logistics/venue_list.html"
    context_object_name = "venues"
    paginate_by = 50
    export_columns = (
        Column(gettext_lazy("Venue"), lambda v: v.name),
        Column(gettext_lazy("Address"), lambda v: v.address),
        Column(gettext_lazy("Organisation"), lambda v: v.organisation),
        Column(gettext_lazy("Capacity"), lambda v: v.capacity),
        Column(gettext_lazy("Accessibility"), lambda v: v.accessibility),
        Column(gettext_lazy("Equipment available"), lambda v: v.equipment),
    )
    export_filename = "venues"
    export_sheet_title = gettext_lazy("Venues")

    def get_queryset(self):
        return selectors.venues_for(self.request.user).order_by("organisation__name", "name")


class VenueCreateView(CoordinatorRequiredMixin, View):
    template_name = "logistics/venue_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": VenueForm(user=request.user)})

    def post(self, request):
        form = VenueForm(request.POST, user=request.user)
        if form.is_valid():
            services.venue_create(**form.cleaned_data)
            messages.success(request, _("Venue saved."))
            return redirect("logistics:venues")
        return render(request, self.template_name, {"form": form}, status=400)


class VenueUpdateView(View):
    template_name = "logistics/venue_form.html"

    def get(self, request, pk):
        venue = selectors.venue_get(request.user, pk)
        form = VenueForm(instance=venue, user=request.user)
        return render(request, self.template_name, {"form": form, "venue": venue})

    def post(self, request, pk):
        venue = selectors.venue_get(request.user, pk)
        form = VenueForm(request.POST, instance=venue, user=request.user)
        if form.is_valid():
            try:
                services.venue_update(venue=venue, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Venue saved."))
                return redirect("logistics:venues")
        return render(request, self.template_name, {"form": form, "venue": venue}, status=400)


# Session logistics


class SessionLogisticsView(View):
    template_name = "logistics/session_logistics.html"

    def get(self, request, pk):
        session = selectors.session_for_logistics(request.user, pk)
        logistics = selectors.logistics_of(session)
        form = SessionLogisticsForm(instance=logistics, user=request.user)
        return self._render(request, session, form, logistics.venue, logistics.catering_headcount)

    def post(self, request, pk):
        session = selectors.session_for_logistics(request.user, pk)
        form = SessionLogisticsForm(request.POST, instance=selectors.logistics_of(session), user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("version")
            try:
                services.session_logistics_save(session=session, expected_version=form.expected_version, **data)
            except EditConflict as conflict:
                form.add_conflict(conflict)
            else:
                messages.success(request, _("Logistics of the session saved."))
                participants = selectors.participant_count(session.programme)
                for warning in selectors.capacity_warnings(
                    venue=data["venue"], headcount=data["catering_headcount"], participants=participants
                ):
                    messages.warning(request, warning)
                return redirect(session.programme)
        data = form.cleaned_data
        return self._render(request, session, form, data.get("venue"), data.get("catering_headcount"), status=400)

    def _render(self, request, session, form, venue, headcount, status=200):
        participants = selectors.participant_count(session.programme)
        context = {
            "session": session,
            "programme": session.programme,
            "form": form,
            "participants": participants,
            "warnings": selectors.capacity_warnings(venue=venue, headcount=headcount, participants=participants),
        }
        return render(request, self.template_name, context, status=status)


# Checklists


class ChecklistView(View):
    template_name = "logistics/checklist.html"
    export_columns = (
        Column(gettext_lazy("Section"), lambda i: i.get_section_display()),
        Column(gettext_lazy("Item"), lambda i: i.title),
        Column(gettext_lazy("Notes"), lambda i: i.notes),
        Column(gettext_lazy("Owner"), lambda i: i.owner),
        Column(gettext_lazy("Due"), lambda i: i.due_date),
        Column(gettext_lazy("Status"), lambda i: i.get_status_display()),
        Column(gettext_lazy("Overdue"), lambda i: i.is_overdue),
        Column(
            gettext_lazy("Procurement"), lambda i: i.get_procurement_status_display() if i.procurement_status else ""
        ),
    )

    def get(self, request, pk):
        programme = selectors.checklist_programme_get(request.user, pk)
        form = ChecklistFilterForm(request.GET or None)
        status, valid = "", True
        if form.is_bound:
            valid = form.is_valid()
            status = form.cleaned_data["status"] if valid else ""
        items = selectors.checklist_items(programme, status=status) if valid else ChecklistItem.objects.none()
        groups = selectors.group_by_section(items)
        if valid and export_format(request):
            return export_response(
                request,
                self.export_columns,
                [item for group in groups for item in group.items],
                filename=f"checklist-{programme.pk}",
                sheet_title=_("Administrative checklist"),
            )
        context = {
            "programme": programme,
            "filter_form": form,
            "filtered": bool(status),
            "groups": groups,
            "progress": selectors.checklist_progress(programme),
            "can_manage": programme.organisation_id in roles_of(request.user).coordinated,
        }
        return render(request, self.template_name, context, status=200 if valid else 400)


class ChecklistItemCreateView(View):
    template_name = "logistics/checklist_item_form.html"

    def get(self, request, pk):
        programme = selectors.checklist_programme_get(request.user, pk, manage=True)
        form = ChecklistItemForm(programme=programme, initial={"section": request.GET.get("section")})
        return render(request, self.template_name, {"form": form, "programme": programme})

    def post(self, request, pk):
        programme = selectors.checklist_programme_get(request.user, pk, manage=True)
        form = ChecklistItemForm(request.POST, programme=programme, instance=ChecklistItem(programme=programme))
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("version")
            try:
                services.checklist_item_create(programme=programme, **data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Checklist item added."))
                return redirect("logistics:checklist", pk=programme.pk)
        return render(request, self.template_name, {"form": form, "programme": programme}, status=400)


class ChecklistItemUpdateView(View):
    template_name = "logistics/checklist_item_form.html"

    def get(self, request, pk):
        item = selectors.checklist_item_managed(request.user, pk)
        form = ChecklistItemForm(instance=item, programme=item.programme)
        return render(request, self.template_name, {"form": form, "programme": item.programme, "item": item})

    def post(self, request, pk):
        item = selectors.checklist_item_managed(request.user, pk)
        form = ChecklistItemForm(request.POST, instance=item, programme=item.programme)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("version")
            try:
                services.checklist_item_update(item=item, expected_version=form.expected_version, **data)
            except ValidationError as error:  # an EditConflict, or a title the section already has
                form.add_error(None, error)
            else:
                messages.success(request, _("Checklist item saved."))
                return redirect("logistics:checklist", pk=item.programme_id)
        context = {"form": form, "programme": item.programme, "item": item}
        return render(request, self.template_name, context, status=400)


class ChecklistItemDeleteView(View):
    def post(self, request, pk):
        item = selectors.checklist_item_managed(request.user, pk)
        services.checklist_item_delete(item=item)
        messages.success(request, _("Checklist item deleted; its reminder is cancelled."))
        return redirect("logistics:checklist", pk=item.programme_id)


class ChecklistApplyTemplateView(View):
    template_name = "logistics/checklist_apply.html"

    def get(self, request, pk):
        programme = selectors.checklist_programme_get(request.user, pk, manage=True)
        default = services.checklist_default_template(organisation=programme.organisation)
        form = ApplyTemplateForm(user=request.user, initial={"template": default.pk})
        return render(request, self.template_name, {"form": form, "programme": programme})

    def post(self, request, pk):
        programme = selectors.checklist_programme_get(request.user, pk, manage=True)
        form = ApplyTemplateForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                added = services.checklist_create_from_template(
                    programme=programme, template=form.cleaned_data["template"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(n)s items added to the checklist.") % {"n": len(added)})
                return redirect("logistics:checklist", pk=programme.pk)
        return render(request, self.template_name, {"form": form, "programme": programme}, status=400)


# Checklist templates


class TemplateListView(CoordinatorRequiredMixin, ExportMixin, ListView):
    """The templates of the user's organisations; each organisation's default is seeded on the first visit."""

    template_name = "logistics/template_list.html"
    context_object_name = "templates"
    paginate_by = 50
    export_columns = (
        Column(gettext_lazy("Template"), lambda t: t.name),
        Column(gettext_lazy("Organisation"), lambda t: t.organisation),
        Column(gettext_lazy("Default"), lambda t: t.is_default),
        Column(gettext_lazy("Items"), lambda t: t.item_count),
    )
    export_filename = "checklist-templates"
    export_sheet_title = gettext_lazy("Checklist templates")

    def get_queryset(self):
        for organisation in Organisation.objects.filter(pk__in=roles_of(self.request.user).coordinated):
            services.checklist_default_template(organisation=organisation)
        return selectors.templates_for(self.request.user)


class TemplateCreateView(CoordinatorRequiredMixin, View):
    template_name = "logistics/template_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ChecklistTemplateForm(user=request.user)})

    def post(self, request):
        form = ChecklistTemplateForm(request.POST, user=request.user)
        if form.is_valid():
            template = services.checklist_template_create(**form.cleaned_data)
            messages.success(request, _("Template created."))
            return redirect(template)
        return render(request, self.template_name, {"form": form}, status=400)


class TemplateDetailView(View):
    """The items of a template by section, and a form to add one."""

    template_name = "logistics/template_detail.html"

    def get(self, request, pk):
        template = selectors.template_managed(request.user, pk)
        return self._render(request, template, ChecklistTemplateItemForm())

    def post(self, request, pk):
        template = selectors.template_managed(request.user, pk)
        form = ChecklistTemplateItemForm(request.POST, instance=ChecklistTemplateItem(template=template))
        if form.is_valid():
            try:
                services.checklist_template_item_create(template=template, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Item added to the template."))
                return redirect(template)
        return self._render(request, template, form, status=400)

    def _render(self, request, template, form, status=200):
        context = {
            "checklist_template": template,
            "groups": selectors.group_by_section(selectors.template_items(template)),
            "form": form,
        }
        return render(request, self.template_name, context, status=status)


class TemplateItemUpdateView(View):
    template_name = "logistics/template_item_form.html"

    def get(self, request, pk):
        item = selectors.template_item_managed(request.user, pk)
        return self._render(request, item, ChecklistTemplateItemForm(instance=item))

    def post(self, request, pk):
        item = selectors.template_item_managed(request.user, pk)
        form = ChecklistTemplateItemForm(request.POST, instance=item)
        if form.is_valid():
            try:
                services.checklist_template_item_update(item=item, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Template item saved."))
                return redirect(item.template)
        return self._render(request, item, form, status=400)

    def _render(self, request, item, form, status=200):
        context = {"form": form, "item": item, "checklist_template": item.template}
        return render(request, self.template_name, context, status=status)


class TemplateItemDeleteView(View):
    def post(self, request, pk):
        item = selectors.template_item_managed(request.user, pk)
        services.checklist_template_item_delete(item=item)
        messages.success(request, _("Item removed from the template."))
        return redirect(item.template)


# SWOT peer review


class SwotView(View):
    """One card per partner organisation: its four lists, the peers' comments, and the forms to add to them.

    A partner whose peers were enrolled since the last visit gets its (empty) analysis here.
    """

    template_name = "logistics/swot.html"

    def get(self, request, pk):
        programme = selectors.swot_programme_get(request.user, pk)
        services.swots_ensure(programme=programme)
        access = selectors.swot_access(request.user, programme)
        cards = [
            (
                card,
                SwotEntryForm(
                    action=reverse("logistics:swot_entry_create", kwargs={"pk": card.swot.pk}),
                    auto_id=f"entry-{card.swot.pk}-%s",
                )
                if card.can_edit
                else None,
                SwotCommentForm(
                    action=reverse("logistics:swot_comment_create", kwargs={"pk": card.swot.pk}),
                    auto_id=f"comment-{card.swot.pk}-%s",
                )
                if access.can_comment
                else None,
            )
            for card in selectors.programme_swot_cards(programme, access)
        ]
        return render(request, self.template_name, {"programme": programme, "cards": cards, "access": access})


class SwotEntryCreateView(View):
    template_name = "logistics/swot_form.html"

    def get(self, request, pk):
        swot = selectors.swot_editable(request.user, pk)
        return self._render(request, swot, SwotEntryForm(initial={"quadrant": request.GET.get("quadrant")}))

    def post(self, request, pk):
        swot = selectors.swot_editable(request.user, pk)
        form = SwotEntryForm(request.POST)
        if form.is_valid():
            services.swot_entry_create(swot=swot, author=request.user, **form.cleaned_data)
            messages.success(request, _("Entry added."))
            return redirect(swot.get_absolute_url())
        return self._render(request, swot, form, status=400)

    def _render(self, request, swot, form, status=200):
        context = {"swot": swot, "programme": swot.programme, "form": form, "title": _("New SWOT entry")}
        return render(request, self.template_name, context, status=status)


class SwotEntryUpdateView(View):
    template_name = "logistics/swot_form.html"

    def get(self, request, pk):
        entry = selectors.swot_entry_editable(request.user, pk)
        return self._render(request, entry, SwotEntryForm(instance=entry, submit_label=_("Save")))

    def post(self, request, pk):
        entry = selectors.swot_entry_editable(request.user, pk)
        form = SwotEntryForm(request.POST, instance=entry, submit_label=_("Save"))
        if form.is_valid():
            services.swot_entry_update(entry=entry, **form.cleaned_data)
            messages.success(request, _("Entry saved."))
            return redirect(entry.swot.get_absolute_url())
        return self._render(request, entry, form, status=400)

    def _render(self, request, entry, form, status=200):
        context = {
            "swot": entry.swot,
            "programme": entry.swot.programme,
            "form": form,
            "entry": entry,
            "title": _("Edit SWOT entry"),
        }
        return render(request, self.template_name, context, status=status)


class SwotEntryDeleteView(View):
    def post(self, request, pk):
        entry = selectors.swot_entry_editable(request.user, pk)
        services.swot_entry_delete(entry=entry)
        messages.success(request, _("Entry deleted."))
        return redirect(entry.swot.get_absolute_url())


class SwotCommentCreateView(View):
    template_name = "logistics/swot_form.html"

    def get(self, request, pk):
        swot = selectors.swot_commentable(request.user, pk)
        return self._render(request, swot, SwotCommentForm())

    def post(self, request, pk):
        swot = selectors.swot_commentable(request.user, pk)
        form = SwotCommentForm(request.POST)
        if form.is_valid():
            services.swot_comment_create(swot=swot, author=request.user, **form.cleaned_data)
            messages.success(request, _("Comment added."))
            return redirect(swot.get_absolute_url())
        return self._render(request, swot, form, status=400)

    def _render(self, request, swot, form, status=200):
        context = {"swot": swot, "programme": swot.programme, "form": form, "title": _("New comment")}
        return render(request, self.template_name, context, status=status)
