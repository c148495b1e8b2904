from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import global_settings
from django.utils.translation import gettext_lazy as _

from .models import User

LEVEL_CHOICES = [
    ("", _("not set")),
    ("1", _("1 – no knowledge")),
    ("2", _("2 – basic")),
    ("3", _("3 – working knowledge")),
    ("4", _("4 – advanced")),
    ("5", _("5 – can teach others")),
]


class ProfileForm(forms.ModelForm):
    """A person's own details, languages and expertise per topic (one field per topic)."""

    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=sorted(global_settings.LANGUAGES, key=lambda item: str(item[1])),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = User
        fields = ["full_name", "job_title", "preferred_language", "languages"]

    def __init__(self, *args, topics, expertise: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.topics = list(topics)
        for topic in self.topics:
            self.fields[f"topic_{topic.pk}"] = forms.TypedChoiceField(
                label=str(topic),
                choices=LEVEL_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=expertise.get(topic.pk),
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))

    def expertise(self) -> dict[int, int | None]:
        return {topic.pk: self.cleaned_data.get(f"topic_{topic.pk}") for topic in self.topics}
