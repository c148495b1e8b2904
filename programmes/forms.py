from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.enums import Role
from core.models import Topic
from core.scope import organisations_for, roles_of

from .enums import EnrolmentRole
from .models import Programme, Session
from .selectors import enrollable_memberships


def _helper(submit_label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit_label))
    return helper


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["title", "organisation", "method", "start_date", "end_date", "topics", "goals"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "topics": forms.CheckboxSelectMultiple,
            "goals": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_for(user).filter(pk__in=roles_of(user).coordinated)
        self.fields["organisation"].empty_label = None
        self.fields["topics"].queryset = Topic.objects.filter(is_active=True)
        self.helper = _helper(_("Save"))


class EnrolExistingForm(forms.Form):
    membership = forms.ModelChoiceField(label=_("Person"), queryset=None)
    role = forms.ChoiceField(
        label=_("Role in the programme"), choices=EnrolmentRole.choices, initial=EnrolmentRole.TRAINEE
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = enrollable_memberships(user)
        self.fields["membership"].label_from_instance = lambda m: f"{m.user} – {m.organisation}"
        self.helper = _helper(_("Enrol"))
        self.helper.form_tag = False


class InviteForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    membership_role = forms.ChoiceField(label=_("Works there as"), choices=Role.choices, initial=Role.LG_STAFF)
    role = forms.ChoiceField(
        label=_("Role in the programme"), choices=EnrolmentRole.choices, initial=EnrolmentRole.TRAINEE
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_for(user)
        self.helper = _helper(_("Invite and enrol"))
        self.helper.form_tag = False


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("yes", "yes"), ("no", "no")])

    @property
    def is_yes(self) -> bool:
        return self.cleaned_data["decision"] == "yes"


class VersionedFormMixin:
    """Carries the row version the form was loaded with, for optimistic locking on save."""

    def add_version_field(self):
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version") if self.instance.pk else None


class SessionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Session
        fields = ["title", "starts_at", "ends_at", "location", "online_url", "description"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field()
        self.helper = _helper(_("Save"))
