from django.db import models
from django.utils.translation import gettext_lazy as _


class ChecklistSection(models.TextChoices):
    TEAM = "team", _("Organising team and responsibilities")
    PROCEDURES = "procedures", _("Procedures")
    CORRESPONDENCE = "correspondence", _("Correspondence")
    PROCUREMENT = "procurement", _("Public procurement of goods and services")
    MATERIALS = "materials", _("Materials to prepare")


class ChecklistStatus(models.TextChoices):
    TODO = "todo", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class ProcurementStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    TENDER_PUBLISHED = "tender_published", _("Tender published")
    CONTRACT_AWARDED = "contract_awarded", _("Contract awarded")
    DELIVERED = "delivered", _("Delivered")


class Quadrant(models.TextChoices):
    STRENGTHS = "strengths", _("Strengths")
    WEAKNESSES = "weaknesses", _("Weaknesses")
    OPPORTUNITIES = "opportunities", _("Opportunities")
    THREATS = "threats", _("Threats")
