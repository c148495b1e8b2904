from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class RiskCategory(models.TextChoices):
    ORGANISATIONAL_SUPPORT = "organisational_support", _("Organisational support")
    GOALS_AND_FOCUS = "goals_and_focus", _("Goals and focus")
    FINANCIAL = "financial", _("Financial")
    PARTICIPANTS_AND_MATCHING = "participants_and_matching", _("Participants and matching")
    COOPERATION_AND_OPENNESS = "cooperation_and_openness", _("Cooperation and openness")
    LOGISTICS = "logistics", _("Logistics")
    OTHER = "other", _("Other")


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MITIGATING = "mitigating", _("Being mitigated")
    CLOSED = "closed", _("Closed")


class RiskSort(models.TextChoices):
    """How the register may be ordered, as the `sort` query parameter."""

    SCORE_DESC = "-score", _("Highest score first")
    SCORE_ASC = "score", _("Lowest score first")
    REVIEW_DATE = "review_date", _("Next review first")
    TITLE = "title", _("Title")


class Severity(models.TextChoices):
    """How urgent a readiness warning is; the order of the members is the order on the page."""

    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


# The barriers the method names, seeded into every new programme's register.
class Barrier(models.TextChoices):
    KEY_ORGANISATION_SUPPORT = "key_organisation_support", _("Insufficient support from key organisations")
    COMMON_GOALS = "common_goals", _("Lack of focus on common goals")
    FINANCIAL_RESOURCES = "financial_resources", _("Lack of financial resources")
    PARTICIPANT_PROFILE = "participant_profile", _("Poor participant profile or matching")
    PEER_OPENNESS = "peer_openness", _("Peers not open to each other")


LIKELIHOOD_LABELS = {
    1: _("Rare"),
    2: _("Unlikely"),
    3: _("Possible"),
    4: _("Likely"),
    5: _("Almost certain"),
}

IMPACT_LABELS = {
    1: _("Negligible"),
    2: _("Minor"),
    3: _("Moderate"),
    4: _("Major"),
    5: _("Severe"),
}


def scale_choices(labels: dict) -> list[tuple[int, str]]:
    """Choices showing the number with its meaning: "4 – Likely"."""
    return [(value, format_lazy("{} – {}", value, label)) for value, label in sorted(labels.items())]


# A risk scoring this much or more (likelihood × impact) is high: the readiness check flags it while open.
HIGH_SCORE = 15
MEDIUM_SCORE = 8
