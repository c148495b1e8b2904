"""Forms of the questionnaire builder. They check the input; the services in builder.py save it."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import Organisation

from .builder import MAX_OPTIONS, MIN_OPTIONS, check_question
from .enums import CHOICE_KINDS, QuestionKind
from .models import Question, Questionnaire, Section


def _helper(label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class QuestionnaireForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=Questionnaire._meta.get_field("title").max_length)
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown above the questions."),
    )

    def __init__(self, *args, questionnaire: Questionnaire | None = None, **kwargs):
        if questionnaire is not None:
            kwargs.setdefault(
                "initial",
                {"title": questionnaire.display_title, "introduction": questionnaire.display_introduction},
            )
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))


class QuestionnaireCreateForm(QuestionnaireForm):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())

    field_order = ["organisation", "title", "introduction"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None
        self.helper = _helper(_("Create"))


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Section title"), max_length=Section._meta.get_field("title").max_length)

    def __init__(self, *args, section: Section | None = None, **kwargs):
        if section is not None:
            kwargs.setdefault("initial", {"title": section.display_title})
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save") if section else _("Add the section"))


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), max_length=Question._meta.get_field("text").max_length)
    help_text = forms.CharField(
        label=_("Help text"),
        max_length=Question._meta.get_field("help_text").max_length,
        required=False,
        help_text=_("Shown under the question, to explain it."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    section = forms.ModelChoiceField(
        label=_("Section"), queryset=Section.objects.none(), required=False, empty_label=_("no section")
    )
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    code = forms.SlugField(
        label=_("Code"),
        max_length=Question._meta.get_field("code").max_length,
        required=False,
        help_text=_("Optional: a short name (letters, digits, hyphens) to compare the question across questionnaires."),
    )
    target_mean = forms.DecimalField(
        label=_("Target mean"),
        required=False,
        max_digits=4,
        decimal_places=2,
        help_text=_("Only for a scale: for example 4 on the 1 to 5 scale. The analysis says if the mean meets it."),
    )

    def __init__(self, *args, questionnaire: Questionnaire, question: Question | None = None, **kwargs):
        if question is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": question.kind,
                    "text": question.display_text,
                    "help_text": question.display_help,
                    "required": question.required,
                    "section": question.section_id,
                    "options": "\n".join(question.display_options),
                    "code": question.code,
                    "target_mean": question.target_mean,
                },
            )
        else:
            kwargs.setdefault("initial", {"required": True})
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = questionnaire.sections.order_by("order", "pk")
        # The questionnaire is known: no query per section to decide whether its title is translated.
        self.fields["section"].label_from_instance = lambda section: (
            gettext(section.title) if questionnaire.translatable else section.title
        )
        self.fields["options"].help_text = gettext(
            "For one or several choices: one option per line, %(low)s to %(high)s."
        ) % {"low": MIN_OPTIONS, "high": MAX_OPTIONS}
        self.questionnaire = questionnaire
        self.helper = _helper(_("Save") if question else _("Add the question"))

    def clean_options(self) -> list[str]:
        lines = (line.strip() for line in self.cleaned_data["options"].splitlines())
        options = [line for line in lines if line]
        too_long = [option for option in options if len(option) > 200]
        if too_long:
            raise forms.ValidationError(_("An option can have at most 200 characters."))
        return options

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind is None:
            return data
        if kind not in CHOICE_KINDS:
            data["options"] = []
        if "options" in data and "target_mean" in data:
            errors = check_question(kind=kind, options=data["options"], target_mean=data["target_mean"])
            for name, messages in errors.items():
                for message in messages:
                    self.add_error(name, message)
        return data
