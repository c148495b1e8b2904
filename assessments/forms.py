from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.enums import OrganisationKind, PlanStatus, Role
from core.models import Topic
from core.validators import plausible_dates

from .enums import LEVEL_ANCHORS, BudgetBand, CampaignKind, Priority
from .models import Campaign

MAX_UPLOAD = 2_000_000
LEVEL_CHOICES = [(level, f"{level} – {label}") for level, label in LEVEL_ANCHORS.items()]


class CampaignForm(forms.ModelForm):
    invite_enrolled = forms.BooleanField(
        label=_("Invite the programme's trainees and peers now"), required=False, initial=True
    )

    class Meta:
        model = Campaign
        fields = ["title", "kind", "baseline", "deadline", "topics", "introduction"]
        widgets = {
            "deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "topics": forms.CheckboxSelectMultiple,
            "introduction": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"topics": _("Leave empty to use the programme's topics (or, for a follow-up, its baseline's).")}

    def __init__(self, *args, programme, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["topics"].queryset = Topic.objects.filter(is_active=True)
        self.fields["topics"].required = False
        self.fields["baseline"].queryset = programme.campaigns.filter(kind=CampaignKind.BASELINE)
        plausible_dates(self)
        if not creating:
            del self.fields["invite_enrolled"]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))

    def clean(self):
        data = super().clean()
        if data.get("kind") == CampaignKind.FOLLOW_UP and not data.get("baseline"):
            self.add_error("baseline", _("A follow-up repeats a baseline: choose which one."))
        if data.get("kind") == CampaignKind.BASELINE:
            data["baseline"] = None
        return data


class InviteesForm(forms.Form):
    """Paste a list, or upload a CSV or Excel file: name, e-mail, organisation."""

    text = forms.CharField(
        label=_("Paste a list"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "Ana Kovač, ana.kovac@example.org, Velika Gorica"}),
        help_text=_(
            "One person per line: name, e-mail, organisation (commas, semicolons or columns pasted from a spreadsheet)."
        ),
    )
    upload = forms.FileField(label=_("Or upload a CSV or XLSX file"), required=False)
    membership_role = forms.ChoiceField(
        label=_("New people work there as"), choices=Role.choices, initial=Role.LG_STAFF
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload and upload.size > MAX_UPLOAD:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_UPLOAD)}
            )
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("text", "").strip() and not data.get("upload"):
            raise forms.ValidationError(_("Paste a list or choose a file."))
        return data


class AnalysisFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    organisation_kind = forms.ChoiceField(
        label=_("Organisation kind"), required=False, choices=[("", "---------"), *OrganisationKind.choices]
    )
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", "---------"), *Role.choices])

    def __init__(self, *args, countries: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "---------"), *countries]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "row g-2 align-items-end"
        self.helper.wrapper_class = "col-sm-6 col-lg-3"
        self.helper.add_input(Submit("apply", _("Apply"), css_class="btn-sm mb-3 ms-2"))


class AdoptTopicsForm(forms.Form):
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics to adopt"), queryset=Topic.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    goals = forms.CharField(
        label=_("Goal text to add to the programme"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = topics


class GridForm(forms.Form):
    """The competence grid: for each topic the current and required level, priority and free text,
    plus the organisation's capacities once. A draft may be incomplete; a submission may not."""

    staff_on_energy = forms.IntegerField(
        label=_("How many staff of your organisation work on energy and climate?"),
        min_value=0,
        max_value=100000,
        required=False,
    )
    budget_band = forms.ChoiceField(
        label=_("Yearly budget for energy and climate actions"),
        choices=[("", "---------"), *BudgetBand.choices],
        required=False,
    )
    plan_status = forms.ChoiceField(
        label=_("Status of your Covenant plan"), choices=[("", "---------"), *PlanStatus.choices], required=False
    )
    earlier_training = forms.CharField(
        label=_("Earlier training on these topics"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, topics, submitting: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.topics = list(topics)
        self.submitting = submitting
        for topic in self.topics:
            prefix = f"t{topic.pk}_"
            self.fields[prefix + "current_level"] = forms.TypedChoiceField(
                label=_("Where I stand now"),
                choices=LEVEL_CHOICES,
                coerce=int,
                empty_value=None,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[prefix + "required_level"] = forms.TypedChoiceField(
                label=_("Where my job needs me"),
                choices=LEVEL_CHOICES,
                coerce=int,
                empty_value=None,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[prefix + "priority"] = forms.TypedChoiceField(
                label=_("Priority for me"),
                choices=[("", "---------"), *Priority.choices],
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[prefix + "challenges"] = forms.CharField(
                label=_("My challenges on this topic"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=4000,
            )
            self.fields[prefix + "expectations"] = forms.CharField(
                label=_("What I expect from the training"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=4000,
            )

    def clean(self):
        data = super().clean()
        if self.submitting:
            for topic in self.topics:
                for name, message in (
                    ("current_level", _("Choose where you stand now.")),
                    ("required_level", _("Choose where your job needs you.")),
                    ("priority", _("Choose a priority.")),
                ):
                    key = f"t{topic.pk}_{name}"
                    if data.get(key) is None and key not in self.errors:
                        self.add_error(key, message)
        return data

    def sections(self):
        """Per topic, its bound fields, for the template."""
        for topic in self.topics:
            prefix = f"t{topic.pk}_"
            yield (
                topic,
                {
                    name: self[prefix + name]
                    for name in ("current_level", "required_level", "priority", "challenges", "expectations")
                },
            )

    def answers(self) -> dict[int, dict]:
        return {
            topic.pk: {
                name: self.cleaned_data.get(f"t{topic.pk}_{name}")
                for name in ("current_level", "required_level", "priority", "challenges", "expectations")
            }
            for topic in self.topics
        }

    def organisation(self) -> dict:
        return {
            name: self.cleaned_data.get(name)
            for name in ("staff_on_energy", "budget_band", "plan_status", "earlier_training")
        }
