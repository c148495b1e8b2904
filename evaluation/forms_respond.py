"""The respondent's form, built from the questions of the evaluation's questionnaire version.

One field per question, named `q_<question id>`. A draft may be incomplete; sending may not.
Anything a question cannot hold (a 6 on a 1-5 scale, an option that does not exist, an unknown
topic, several values where one is expected, a text that is too long) is a field error.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.models import Topic

from . import responding
from .enums import LIKERT_LABELS, SCALES, QuestionKind
from .models import Question


class OneValue:
    """A widget that hands the field every posted value when there are several, so the field can
    refuse them instead of silently keeping the last one."""

    def value_from_datadict(self, data, files, name):
        if hasattr(data, "getlist"):
            values = data.getlist(name)
            if len(values) > 1:
                return values
        return super().value_from_datadict(data, files, name)


class OneValueRadio(OneValue, forms.RadioSelect):
    pass


class OneValueText(OneValue, forms.TextInput):
    pass


class OneValueTextarea(OneValue, forms.Textarea):
    pass


def _refuse_several(value):
    if isinstance(value, list | tuple):
        raise ValidationError(_("Give one answer only."), code="several")


class OneChoiceField(forms.TypedChoiceField):
    def to_python(self, value):
        _refuse_several(value)
        return super().to_python(value)


class OneTextField(forms.CharField):
    def to_python(self, value):
        _refuse_several(value)
        return super().to_python(value)


def _scale_label(kind: str, value: int) -> str:
    if kind == QuestionKind.LIKERT:
        return LIKERT_LABELS[value]
    return str(value)


def question_field(question: Question, topics: list[Topic]) -> forms.Field:
    """The form field of one question; `required` is checked by the form, and only when sending."""
    common = {"label": question.display_text, "help_text": question.display_help, "required": False}
    kind = question.kind
    if kind in SCALES:
        choices = [(value, _scale_label(kind, value)) for value in SCALES[kind]]
        return OneChoiceField(choices=choices, coerce=int, empty_value=None, widget=OneValueRadio, **common)
    if kind == QuestionKind.SINGLE:
        choices = list(enumerate(question.display_options))
        return OneChoiceField(choices=choices, coerce=int, empty_value=None, widget=OneValueRadio, **common)
    if kind == QuestionKind.MULTIPLE:
        choices = list(enumerate(question.display_options))
        return forms.TypedMultipleChoiceField(
            choices=choices, coerce=int, widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == QuestionKind.SUPPORT_TOPICS:
        choices = [(topic.pk, str(topic)) for topic in topics]
        return forms.TypedMultipleChoiceField(
            choices=choices, coerce=int, widget=forms.CheckboxSelectMultiple, **common
        )
    limit = responding.TEXT_LIMITS.get(kind, responding.TEXT_LIMITS[QuestionKind.LONG_TEXT])
    widget = OneValueText if kind == QuestionKind.SHORT_TEXT else OneValueTextarea(attrs={"rows": 4})
    return OneTextField(max_length=limit, widget=widget, **common)


class RespondForm(forms.Form):
    def __init__(self, *args, groups: list[responding.Group], topics: list[Topic], submitting: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups_of_questions = groups
        self.questions = responding.questions_of(groups)
        self.submitting = submitting
        for question in self.questions:
            self.fields[self.name_of(question)] = question_field(question, topics)

    @staticmethod
    def name_of(question: Question) -> str:
        return f"q_{question.pk}"

    @classmethod
    def initial_from(cls, values: dict[int, object]) -> dict[str, object]:
        return {f"q_{pk}": value for pk, value in values.items()}

    def clean(self):
        data = super().clean()
        if self.submitting:
            for question in responding.missing_required(self.questions, self.values()):
                name = self.name_of(question)
                if name not in self.errors:
                    self.add_error(name, _("Please answer this question."))
        return data

    def values(self) -> dict[int, object]:
        """The answers given, by question id; empty ones left out."""
        cleaned = getattr(self, "cleaned_data", {})
        values = {}
        for question in self.questions:
            value = cleaned.get(self.name_of(question))
            if not responding.is_empty(value):
                values[question.pk] = value
        return values

    def groups(self):
        """For the template: each section (or None) with its questions and their bound fields."""
        for group in self.groups_of_questions:
            yield group.section, [(question, self[self.name_of(question)]) for question in group.questions]
