from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    SUPPORTER = "supporter", _("Supporter")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    TECHNICAL_PARTNER = "technical_partner", _("Technical partner")
    OTHER = "other", _("Other")


class PlanStatus(models.TextChoices):
    NONE = "none", _("No plan yet")
    SEAP = "seap", _("SEAP submitted")
    SECAP = "secap", _("SECAP submitted")
    MONITORING = "monitoring", _("Monitoring report submitted")


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    LG_STAFF = "lg_staff", _("Local-government staff")
    TUTOR = "tutor", _("Tutor / expert")
    PROJECT_MANAGER = "project_manager", _("Project manager")


# Roles that act for their organisation: they see its programmes and approve its staff.
MANAGING_ROLES = (Role.COORDINATOR, Role.PROJECT_MANAGER)
