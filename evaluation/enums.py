from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("Agreement, 1 to 5")
    RECOMMEND = "recommend", _("Recommendation, 0 to 10")
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    SUPPORT_TOPICS = "support_topics", _("Topics for further support")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")


# Kinds answered with a number, summarised by mean, median and standard deviation.
SCALE_KINDS = (QuestionKind.LIKERT, QuestionKind.RECOMMEND)
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)
SCALES = {QuestionKind.LIKERT: range(1, 6), QuestionKind.RECOMMEND: range(0, 11)}

LIKERT_LABELS = {
    1: _("Strongly disagree"),
    2: _("Disagree"),
    3: _("Neutral"),
    4: _("Agree"),
    5: _("Strongly agree"),
}


class Audience(models.TextChoices):
    ATTENDEES = "attendees", _("Those who attended (from the attendance list)")
    ENROLLED = "enrolled", _("Everyone enrolled in the programme")
