"""Matching: tutor-trainee pairs and peer groups per module, as a draft the coordinator reviews.

A programme has one `MatchingPlan` (options, capacities, published or not, whether a re-run is
due). A `MatchingRun` is one execution of the solvers with its progress. Its result replaces the
unlocked part of the draft: `Pair`s, `PeerGroup`s with their `GroupMember`s, and `Unmatched`
rows saying who is left out and why. Locked or accepted pairs and members survive a re-run.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import Topic
from programmes.models import Enrolment, Programme

from .enums import Answer, GroupPolicy, RunState, RunStep, UnmatchedReason

DEFAULT_CAPACITY = 3


class Module(models.Model):
    """A cluster of topics that peers choose; groups form per module."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="modules"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="+")
    min_size = models.PositiveSmallIntegerField(_("smallest group"), default=6)
    max_size = models.PositiveSmallIntegerField(_("largest group"), default=8)
    policy = models.CharField(_("group policy"), max_length=10, choices=GroupPolicy.choices, default=GroupPolicy.EVEN)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["programme", "title", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(min_size__gte=2), name="module_min_size_at_least_2"),
            models.CheckConstraint(condition=Q(max_size__gte=models.F("min_size")), name="module_max_not_below_min"),
        ]

    def __str__(self):
        return self.title


class ModuleChoice(models.Model):
    """A peer's choice of a module. `declined_at`: they declined their group and are out of it."""

    module = models.ForeignKey(Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="choices")
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="module_choices"
    )
    declined_at = models.DateTimeField(_("declined the group"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("module choice")
        verbose_name_plural = _("module choices")
        constraints = [models.UniqueConstraint(fields=["module", "enrolment"], name="module_choice_unique")]

    def __str__(self):
        return f"{self.enrolment.person} – {self.module}"


class MatchingPlan(models.Model):
    """A programme's matching options and the state of its draft."""

    programme = models.OneToOneField(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="matching_plan"
    )
    forbid_same_organisation = models.BooleanField(
        _("no tutor from the trainee's own organisation"),
        default=True,
        help_text=_("A trainee learns most from an outside expert; colleagues can help each other anyway."),
    )
    prefer_same_country = models.BooleanField(
        _("prefer a tutor from the same country"),
        default=False,
        help_text=_("Useful when tutoring includes study visits."),
    )
    default_capacity = models.PositiveSmallIntegerField(
        _("trainees per tutor"), default=DEFAULT_CAPACITY, help_text=_("For tutors without a capacity of their own.")
    )
    capacities = models.JSONField(_("capacities"), default=dict, blank=True)  # {str(enrolment id): int}
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    needs_rerun = models.BooleanField(_("re-run advised"), default=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("matching plan")
        verbose_name_plural = _("matching plans")

    def __str__(self):
        return str(self.programme)

    def get_absolute_url(self):
        return reverse("matching:programme", kwargs={"pk": self.programme_id})

    def capacity_of(self, enrolment_id: int) -> int:
        return int(self.capacities.get(str(enrolment_id), self.default_capacity))


class MatchingRun(models.Model):
    """One execution of the solvers: queued, running with progress, done or failed."""

    plan = models.ForeignKey(MatchingPlan, on_delete=models.CASCADE, related_name="runs")
    state = models.CharField(max_length=10, choices=RunState.choices, default=RunState.QUEUED)
    step = models.CharField(max_length=20, choices=RunStep.choices, default=RunStep.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.plan} #{self.pk} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state in (RunState.QUEUED, RunState.RUNNING)


class Pair(models.Model):
    """A trainee with a tutor. `reasons` says what carried the score (see matching.scoring)."""

    plan = models.ForeignKey(MatchingPlan, on_delete=models.CASCADE, related_name="pairs")
    trainee = models.ForeignKey(Enrolment, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="+")
    tutor = models.ForeignKey(Enrolment, verbose_name=_("tutor"), on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"), default=0)
    reasons = models.JSONField(default=dict, blank=True)
    locked = models.BooleanField(_("locked"), default=False)
    trainee_answer = models.CharField(
        _("trainee's answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    tutor_answer = models.CharField(_("tutor's answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING)
    notified_at = models.DateTimeField(_("people notified"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    ACTIVE = ~Q(trainee_answer=Answer.DECLINED) & ~Q(tutor_answer=Answer.DECLINED)

    class Meta:
        verbose_name = _("tutor pair")
        verbose_name_plural = _("tutor pairs")
        ordering = ["plan", "trainee__person__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "trainee"],
                condition=~Q(trainee_answer="declined") & ~Q(tutor_answer="declined"),
                name="pair_one_active_per_trainee",
            ),
        ]

    def __str__(self):
        return f"{self.trainee.person} – {self.tutor.person}"

    @property
    def is_declined(self) -> bool:
        return Answer.DECLINED in (self.trainee_answer, self.tutor_answer)

    @property
    def is_accepted(self) -> bool:
        return Answer.ACCEPTED in (self.trainee_answer, self.tutor_answer) and not self.is_declined


class PeerGroup(models.Model):
    """A peer group of one module."""

    plan = models.ForeignKey(MatchingPlan, on_delete=models.CASCADE, related_name="groups")
    module = models.ForeignKey(Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveSmallIntegerField(_("number"))
    affinity = models.FloatField(_("affinity"), default=0)
    reasons = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("peer group")
        verbose_name_plural = _("peer groups")
        ordering = ["module", "number", "pk"]

    def __str__(self):
        return _("%(module)s – group %(number)s") % {"module": self.module, "number": self.number}


class GroupMember(models.Model):
    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="members")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    enrolment = models.ForeignKey(Enrolment, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="+")
    locked = models.BooleanField(_("locked"), default=False)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING)
    notified_at = models.DateTimeField(_("notified"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["group", "enrolment__person__full_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["module", "enrolment"], name="member_one_group_per_module")]

    def __str__(self):
        return f"{self.enrolment.person} – {self.group}"


class Unmatched(models.Model):
    """Someone the last run left without a tutor (module empty) or a group (module set), and why."""

    plan = models.ForeignKey(MatchingPlan, on_delete=models.CASCADE, related_name="unmatched")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(Module, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=30, choices=UnmatchedReason.choices)

    class Meta:
        verbose_name = _("left unmatched")
        verbose_name_plural = _("left unmatched")
        ordering = ["plan", "module", "enrolment__person__full_name", "pk"]

    def __str__(self):
        return f"{self.enrolment.person}: {self.get_reason_display()}"
