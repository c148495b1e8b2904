"""The filters of the evaluation analysis, comparison and export."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries as all_countries

from core.enums import OrganisationKind
from programmes.enums import EnrolmentRole

from .analysis import Filters

EMPTY = ("", _("All"))


class AnalysisFilterForm(forms.Form):
    organisation_kind = forms.ChoiceField(
        label=_("Organisation kind"), required=False, choices=[EMPTY, *OrganisationKind.choices]
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[EMPTY, *EnrolmentRole.choices])

    def __init__(self, *args, countries: list[str], codes: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(all_countries)
        self.fields["country"].choices = [EMPTY, *((code, names.get(code, code)) for code in countries)]
        if codes is not None:  # the comparison: which question the chart shows
            self.fields["code"] = forms.ChoiceField(label=_("Chart of"), required=False, choices=codes)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = True
        self.helper.disable_csrf = True
        self.helper.form_class = "row g-2 align-items-end"
        self.helper.wrapper_class = "col-sm-6 col-lg-3"
        self.helper.add_input(Submit("apply", _("Apply"), css_class="btn-sm mb-3 ms-2"))

    def filters(self) -> Filters:
        """The valid filters (call after is_valid())."""
        data = self.cleaned_data
        return Filters(organisation_kind=data["organisation_kind"], country=data["country"], role=data["role"])
