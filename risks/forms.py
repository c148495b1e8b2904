from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import plausible_dates
from programmes.forms import VersionedFormMixin

from .enums import RiskSort, RiskStatus
from .models import Risk
from .selectors import risk_owner_choices


class RiskForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Risk
        fields = [
            "title",
            "category",
            "description",
            "likelihood",
            "impact",
            "mitigation",
            "owner",
            "status",
            "review_date",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "mitigation": forms.Textarea(attrs={"rows": 3}),
            "review_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "impact": _("The score is likelihood × impact: 15 or more is high."),
            "review_date": _("When to look at this risk again."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = risk_owner_choices(user)
        plausible_dates(self)
        self.add_version_field()
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))


class RiskFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any status")), *RiskStatus.choices])
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=RiskSort.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "row g-2 align-items-end"
        self.helper.wrapper_class = "col-sm-6 col-lg-4"
        self.helper.add_input(Submit("apply", _("Show"), css_class="btn-sm mb-3 ms-2"))

    def filters(self) -> dict[str, str]:
        """The status and order to show; the defaults when the form is unbound or invalid."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {"status": data.get("status") or "", "sort": data.get("sort") or RiskSort.SCORE_DESC}
