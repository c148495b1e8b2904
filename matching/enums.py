from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupPolicy(models.TextChoices):
    EVEN = "even", _("Even: comparable situations together")
    MIXED = "mixed", _("Mixed: experienced and less experienced together")


class RunState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RunStep(models.TextChoices):
    QUEUED = "queued", _("Waiting for a worker")
    LOADING = "loading", _("Reading needs, expertise and choices")
    ASSIGNING = "assigning", _("Assigning tutors")
    GROUPING = "grouping", _("Forming peer groups")
    SAVING = "saving", _("Saving the draft")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class Answer(models.TextChoices):
    PENDING = "pending", _("Not answered yet")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class UnmatchedReason(models.TextChoices):
    NO_TUTOR = "no_tutor", _("The programme has no tutor yet.")
    NO_LANGUAGE = "no_language", _("No tutor shares a language with this trainee.")
    OWN_ORGANISATION = (
        "own_organisation",
        _("The only tutors who share a language are from the trainee's own organisation, which the settings forbid."),
    )
    FORBIDDEN = "forbidden", _("Every tutor is excluded (language, own organisation or an earlier decline).")
    CAPACITY = "capacity", _("All tutors who could take this trainee are full: raise a capacity or add a tutor.")
    GROUP_SIZE = "group_size", _("The module's participants cannot be split into groups of the allowed sizes.")
    GROUP_LOCKS = "group_locks", _("The locked members leave no valid way to form the groups.")
    DECLINED = "declined", _("Declined the group.")
