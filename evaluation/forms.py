from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import plausible_dates

from .models import Evaluation
from .selectors import questionnaire_choices

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class QuestionnaireField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(title)s (version %(version)s)") % {"title": obj.display_title, "version": obj.version}


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["title", "session", "questionnaire", "audience", "anonymous", "opens_at", "closes_at"]
        field_classes = {"questionnaire": QuestionnaireField}
        widgets = {"opens_at": DATETIME, "closes_at": DATETIME, "audience": forms.RadioSelect}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = programme.sessions.order_by("starts_at", "pk")
        self.fields["questionnaire"].queryset = questionnaire_choices(programme)
        plausible_dates(self)
        if self.instance.pk:
            # Who was asked and with which questions is fixed once sent.
            for name in ("session", "questionnaire", "audience"):
                self.fields[name].disabled = True
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The questionnaire must close after it opens."))
        return data
