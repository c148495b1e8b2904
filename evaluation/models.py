"""Evaluation: questionnaires (versioned), their distribution to a session's or programme's people
through personal links, one response each, and the answers the analysis aggregates.

A `Questionnaire` belongs to an organisation. Once it has answers it is frozen: editing makes a new
version (same `family`, `version` + 1), so old answers keep pointing at the questions they
answered. An `Evaluation` sends one questionnaire version to the people of a session or a
programme; each `Invitee` has a personal link. A `Receipt` (unique per invitee) records that
someone answered — the database guarantees one response each, also when the evaluation is
anonymous, in which case the `Submission` is not linked to the invitee at all.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessments.models import new_secret
from core.models import Organisation, Topic
from programmes.enums import EnrolmentRole
from programmes.models import Programme, Session

from .enums import Audience, QuestionKind


class Questionnaire(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="questionnaires"
    )
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    family = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    is_current = models.BooleanField(default=True, editable=False)  # the newest version of its family
    translatable = models.BooleanField(default=False, editable=False)  # the default template: texts are msgids
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["title", "-version"]
        constraints = [models.UniqueConstraint(fields=["family", "version"], name="questionnaire_version_unique")]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        return reverse("evaluation:questionnaire", kwargs={"pk": self.pk})

    @property
    def display_title(self) -> str:
        return gettext(self.title) if self.translatable else self.title

    @property
    def display_introduction(self) -> str:
        return gettext(self.introduction) if self.translatable and self.introduction else self.introduction


class Section(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["questionnaire", "order", "pk"]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        return gettext(self.title) if self.questionnaire.translatable else self.title


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(
        Section, verbose_name=_("section"), null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=True)
    options = models.JSONField(_("options"), default=list, blank=True)  # single and multiple choice
    # A stable name across versions and questionnaires ("relevance", "knowledge"...), to compare.
    code = models.SlugField(_("code"), max_length=50, blank=True)
    target_mean = models.DecimalField(
        _("target mean"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text=_("For example 4 on a 1-5 scale: the analysis says whether the mean meets it."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "order", "pk"]

    def __str__(self):
        return self.display_text

    @property
    def display_text(self) -> str:
        return gettext(self.text) if self.questionnaire.translatable else self.text

    @property
    def display_help(self) -> str:
        return gettext(self.help_text) if self.questionnaire.translatable and self.help_text else self.help_text

    @property
    def display_options(self) -> list[str]:
        if self.questionnaire.translatable:
            return [gettext(option) for option in self.options]
        return list(self.options)


class Evaluation(models.Model):
    """A questionnaire sent to the people of a session or of a whole programme."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="evaluations"
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evaluations",
        help_text=_("Empty: the evaluation of the whole programme."),
    )
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="evaluations"
    )
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(_("sent to"), max_length=20, choices=Audience.choices, default=Audience.ATTENDEES)
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_("Answers are never shown or exported with a name; only whether someone answered is kept."),
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    closed_at = models.DateTimeField(_("closed early"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="evaluation_closes_after_opening"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("evaluation:detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return self.closed_at is None and self.opens_at <= now < self.closes_at


class Invitee(models.Model):
    """A person asked to answer, with their personal link /e/<public_id>/<secret>/ and their draft."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="invitees")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=EnrolmentRole.choices, blank=True)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    secret = models.CharField(max_length=64, default=new_secret, editable=False)
    draft = models.JSONField(default=dict, blank=True)  # {question id: value}; emptied on submit
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invitee")
        verbose_name_plural = _("invitees")
        ordering = ["person__full_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "person"], name="invitee_once_per_person")]

    def __str__(self):
        return f"{self.person} – {self.evaluation}"

    def get_link(self) -> str:
        return reverse("evaluation:respond", kwargs={"public_id": self.public_id, "secret": self.secret})


class Receipt(models.Model):
    """That an invitee answered (and nothing else): one per invitee, by the database."""

    invitee = models.OneToOneField(Invitee, on_delete=models.CASCADE, related_name="receipt")
    created = models.DateField(auto_now_add=True)  # a day, not a time: nothing to line up with answers

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self):
        return str(self.invitee)


class Submission(models.Model):
    """One response. `invitee` is empty for anonymous evaluations; the organisation kind, country
    and role are kept for the filters (never the organisation or the person)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="submissions")
    invitee = models.OneToOneField(Invitee, null=True, blank=True, on_delete=models.SET_NULL, related_name="submission")
    organisation_kind = models.CharField(max_length=30, blank=True)
    country = models.CharField(max_length=2, blank=True)
    role = models.CharField(max_length=20, blank=True)
    submitted_on = models.DateField(_("submitted on"))  # a day, not a time: no link to a receipt by timing

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["evaluation", "organisation_kind", "country", "role"])]

    def __str__(self):
        return f"{self.evaluation} #{self.pk}"


class AnswerValue(models.Model):
    """One answer to one question: a number (scale, the index of a choice, a topic id) or a text.
    A question with several choices has one row per choice."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.IntegerField(null=True, blank=True)
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question", "number"])]

    def __str__(self):
        return f"{self.question}: {self.text or self.number}"
