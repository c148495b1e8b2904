from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import MaxValueValidator
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from core.models import Topic

from .models import MatchingPlan, Module

MAX_CAPACITY = 50
MAX_GROUP_SIZE = 30


def _helper(label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class PlanSettingsForm(forms.ModelForm):
    """The plan's options and one capacity field per tutor (empty: the default)."""

    class Meta:
        model = MatchingPlan
        fields = ["forbid_same_organisation", "prefer_same_country", "default_capacity"]

    def __init__(self, *args, tutors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_capacity"].max_value = MAX_CAPACITY
        self.fields["default_capacity"].validators.append(MaxValueValidator(MAX_CAPACITY))
        self.tutor_fields = []
        for enrolment in tutors:
            name = f"capacity_{enrolment.pk}"
            self.fields[name] = forms.IntegerField(
                label=_("Trainees for %(tutor)s") % {"tutor": enrolment.person},
                required=False,
                min_value=0,
                max_value=MAX_CAPACITY,
                initial=self.instance.capacities.get(str(enrolment.pk)),
                help_text=str(enrolment.organisation),
            )
            self.tutor_fields.append((enrolment.pk, name))
        self.helper = _helper(_("Save"))

    def capacities(self) -> dict[int, int]:
        return {
            pk: self.cleaned_data[name] for pk, name in self.tutor_fields if self.cleaned_data.get(name) is not None
        }


class ModuleForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = ["title", "description", "topics", "min_size", "max_size", "policy"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "topics": forms.CheckboxSelectMultiple,
            "policy": forms.RadioSelect,
        }
        help_texts = {
            "topics": _("The topics of the cluster; peers who choose the module are grouped on their needs in them."),
            "min_size": _("The method recommends groups of 6 to 8."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.filter(is_active=True).order_by("order", "name")
        self.helper = _helper(_("Save"))

    def clean(self):
        data = super().clean()
        low, high = data.get("min_size"), data.get("max_size")
        if low is not None and low < 2:
            self.add_error("min_size", _("A group needs at least 2 people."))
        if high is not None and high > MAX_GROUP_SIZE:
            self.add_error("max_size", _("At most %(max)s people per group.") % {"max": MAX_GROUP_SIZE})
        if low is not None and high is not None and high < low:
            self.add_error("max_size", _("The largest group cannot be smaller than the smallest."))
        return data


class ModuleChoiceForm(forms.Form):
    modules = forms.ModelMultipleChoiceField(
        label=_("Modules"), queryset=Module.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["modules"].queryset = programme.modules.order_by("title", "pk")
        self.helper = _helper(_("Save my choice"))


class PeerField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person} ({obj.organisation})"


class ModuleMembersForm(forms.Form):
    """The coordinator records which peers work on a module (for peers who do not choose themselves)."""

    peers = PeerField(label=_("Peers"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, peers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["peers"].queryset = peers
        self.helper = _helper(_("Save"))


def _score(value) -> str:
    return number_format(value, 1)


class TutorChoiceForm(forms.Form):
    """Choose a tutor: each option says the score it gives and the change from the current one."""

    tutor = forms.TypedChoiceField(label=_("Tutor"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args, rows, current_score=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("No tutor"))]
        for row in rows:
            person = row["enrolment"].person
            if row["scored"] is None:
                label = _("%(tutor)s – not allowed") % {"tutor": person}
            else:
                score = row["scored"].score
                change = score - (current_score or 0)
                label = _("%(tutor)s – score %(score)s (%(change)s), %(free)s of %(capacity)s places free") % {
                    "tutor": person,
                    "score": _score(score),
                    "change": ("+" if change >= 0 else "−") + _score(abs(change)),
                    "free": max(0, row["free"]),
                    "capacity": row["capacity"],
                }
            choices.append((row["enrolment"].pk, label))
        self.fields["tutor"].choices = choices
        self.helper = _helper(_("Save and lock"))


class GroupChoiceForm(forms.Form):
    group = forms.TypedChoiceField(label=_("Group"), coerce=int)

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for row in rows:
            change = row["change"]
            text = _("Group %(number)s – %(size)s members after the move, affinity %(change)s") % {
                "number": row["group"].number,
                "size": row["size_after"],
                "change": ("+" if change >= 0 else "−") + _score(abs(change)),
            }
            if not row["within_bounds"]:
                text = _("%(option)s (outside the size bounds)") % {"option": text}
            choices.append((row["group"].pk, text))
        self.fields["group"].choices = choices
        self.helper = _helper(_("Move and lock"))
