from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Organisation
from core.scope import roles_of
from core.validators import plausible_dates
from programmes.forms import VersionedFormMixin

from .enums import ChecklistStatus
from .models import (
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    SessionLogistics,
    SwotComment,
    SwotEntry,
    Venue,
)
from .selectors import OVERDUE, owner_choices, templates_for, venue_choices

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _helper(submit_label, *, action: str | None = None, submit_id: str | None = None) -> FormHelper:
    helper = FormHelper()
    if action:
        helper.form_action = action
    helper.add_input(Submit("submit", submit_label, css_id=submit_id))
    return helper


def _coordinated_organisations(user):
    return Organisation.objects.filter(pk__in=roles_of(user).coordinated).order_by("name")


class VenueForm(forms.ModelForm):
    class Meta:
        model = Venue
        fields = ["organisation", "name", "address", "capacity", "accessibility", "equipment"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "accessibility": forms.Textarea(attrs={"rows": 2}),
            "equipment": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "capacity": _("How many people it seats; sessions warn when more are expected."),
            "accessibility": _("Step-free access, lifts, hearing loops, accessible toilets…"),
            "equipment": _("Projector, screens, microphones, interpretation booths, Wi-Fi…"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["organisation"]  # a venue stays with the organisation that listed it
        else:
            self.fields["organisation"].queryset = _coordinated_organisations(user)
            self.fields["organisation"].empty_label = None
        self.helper = _helper(_("Save"))


class SessionLogisticsForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = SessionLogistics
        fields = ["venue", "equipment", "interpretation_languages", "interpretation_notes", "catering_headcount"]
        widgets = {
            "equipment": forms.Textarea(attrs={"rows": 3}),
            "interpretation_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = venue_choices(user, current_id=self.instance.venue_id)
        self.fields["venue"].label_from_instance = self._venue_label
        self.add_version_field()
        if not self.is_bound:
            # A session without logistics is edited as a blank row at version 1 (see the service).
            self.initial["version"] = self.instance.version
        self.helper = _helper(_("Save"))

    @staticmethod
    def _venue_label(venue) -> str:
        if venue.capacity is None:
            return venue.name
        return _("%(venue)s (seats %(capacity)s)") % {"venue": venue.name, "capacity": venue.capacity}

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version")


class ChecklistItemForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["section", "title", "owner", "due_date", "status", "procurement_status", "notes"]
        widgets = {"due_date": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"owner": _("The owner is reminded by e-mail on the morning of the due date.")}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_choices(programme)
        plausible_dates(self)
        self.add_version_field()
        self.helper = _helper(_("Save"))


class ChecklistFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *ChecklistStatus.choices, (OVERDUE, _("Overdue"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "d-flex flex-wrap align-items-end gap-2"
        self.helper.add_input(Submit("apply", _("Filter"), css_class="btn-sm mb-3"))


class ApplyTemplateForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Template"), queryset=ChecklistTemplate.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates_for(user)
        self.fields["template"].empty_label = None
        self.fields["template"].label_from_instance = lambda t: f"{t.name} – {t.organisation} ({t.item_count})"
        self.helper = _helper(_("Add its items to the checklist"))


class ChecklistTemplateForm(forms.ModelForm):
    copy_from = forms.ModelChoiceField(
        label=_("Start with the items of"),
        queryset=ChecklistTemplate.objects.none(),
        required=False,
        empty_label=_("no template: start empty"),
    )

    class Meta:
        model = ChecklistTemplate
        fields = ["organisation", "name"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _coordinated_organisations(user)
        self.fields["organisation"].empty_label = None
        self.fields["copy_from"].queryset = templates_for(user)
        self.helper = _helper(_("Create"))

    def clean(self):
        data = super().clean()
        source, organisation = data.get("copy_from"), data.get("organisation")
        if source and organisation and source.organisation_id != organisation.pk:
            self.add_error("copy_from", _("Choose a template of the same organisation."))
        return data


class ChecklistTemplateItemForm(forms.ModelForm):
    class Meta:
        model = ChecklistTemplateItem
        fields = ["section", "title", "order"]
        help_texts = {"order": _("Items are listed by this number within their section.")}

    def __init__(self, *args, action: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"), action=action)


class SwotEntryForm(forms.ModelForm):
    class Meta:
        model = SwotEntry
        fields = ["quadrant", "text"]

    def __init__(self, *args, action: str | None = None, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Several of these forms share the SWOT page: their ids follow the auto_id given to each.
        self.helper = _helper(submit_label or _("Add"), action=action, submit_id=self.auto_id % "submit")


class SwotCommentForm(forms.ModelForm):
    class Meta:
        model = SwotComment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, action: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Comment"), action=action, submit_id=self.auto_id % "submit")
