from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from programmes.forms import VersionedFormMixin

from .enums import Currency
from .models import CostLine, FundingSource


def _helper(submit_label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit_label))
    return helper


class VersionRequiredMixin(VersionedFormMixin):
    """An edit must carry the version it was loaded with, or it could overwrite someone's save."""

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and cleaned_data.get("version") is None:
            raise forms.ValidationError(_("This form is out of date. Reload the page and make your changes again."))
        return cleaned_data

    @property
    def changes(self) -> dict:
        """The edited fields, ready for the service."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class CostLineForm(VersionRequiredMixin, forms.ModelForm):
    class Meta:
        model = CostLine
        fields = [
            "category",
            "description",
            "planned_amount",
            "actual_amount",
            "session",
            "shared_with",
            "shared_share_pct",
        ]
        widgets = {
            "planned_amount": forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
            "actual_amount": forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
            "shared_share_pct": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "100"}),
        }

    def __init__(self, *args, programme, currency: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        session = self.fields["session"]
        session.queryset = programme.sessions.order_by("starts_at", "title")
        session.label_from_instance = _session_label
        session.empty_label = _("Not tied to a session")
        for name in ("planned_amount", "actual_amount"):
            self.fields[name].label = f"{self.fields[name].label} ({currency})"
        self.add_version_field()
        self.helper = _helper(_("Save"))


def _session_label(session) -> str:
    return f"{session.title} – {formats.date_format(timezone.localtime(session.starts_at), 'SHORT_DATE_FORMAT')}"


class FundingSourceForm(VersionRequiredMixin, forms.ModelForm):
    class Meta:
        model = FundingSource
        fields = ["kind", "name", "amount", "status"]
        widgets = {"amount": forms.NumberInput(attrs={"step": "0.01", "min": "0"})}

    def __init__(self, *args, programme, currency: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.fields["amount"].label = f"{self.fields['amount'].label} ({currency})"
        self.add_version_field()
        self.helper = _helper(_("Save"))


class CurrencyForm(forms.Form):
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Change currency"))
        self.helper.form_action = action
        self.helper.form_class = "d-flex flex-wrap align-items-end gap-2"
