from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline")
    FOLLOW_UP = "follow_up", _("Follow-up after the programme")


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")


class BudgetBand(models.TextChoices):
    NONE = "none", _("No dedicated budget")
    UNDER_10K = "lt10k", _("Less than €10,000")
    UNDER_50K = "lt50k", _("€10,000 – €50,000")
    UNDER_250K = "lt250k", _("€50,000 – €250,000")
    OVER_250K = "gte250k", _("€250,000 or more")


# What each point of the competence scale means; shown next to every level question.
LEVEL_ANCHORS = {
    1: _("No knowledge"),
    2: _("Basic: I know the terms"),
    3: _("Working knowledge: I can do it with help"),
    4: _("Advanced: I do it on my own"),
    5: _("Expert: I can teach others"),
}
