from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import optional_kinds
from .placeholders import validate_placeholders


class NotificationTextForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200, validators=[validate_placeholders])
    opening = forms.CharField(
        label=_("Opening text"), widget=forms.Textarea(attrs={"rows": 6}), validators=[validate_placeholders]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class PreferencesForm(forms.Form):
    """One checkbox per kind a person may switch off; checked means "send me these"."""

    def __init__(self, *args, opt_outs: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in optional_kinds():
            self.fields[kind.code] = forms.BooleanField(
                label=kind.label, help_text=kind.help, required=False, initial=kind.code not in opt_outs
            )
        self.helper = FormHelper()
        self.helper.form_tag = False

    def opt_outs(self) -> list[str]:
        return sorted(code for code, wanted in self.cleaned_data.items() if not wanted)
