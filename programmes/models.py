from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import Organisation, Topic

from .enums import (
    TRANSITIONS,
    AcceptanceStatus,
    ApprovalStatus,
    Channel,
    EnrolmentRole,
    MaterialKind,
    Method,
    ProgrammeStatus,
    SessionKind,
    TaskStatus,
)
from .materials import material_upload_to, private_storage, validate_material_extension, validate_material_size
from .validators import validate_language_code, validate_language_codes, validate_time_zone


class Programme(models.Model):
    title = models.CharField(_("title"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="programmes"
    )
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    goals = models.TextField(_("goals"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="programmes")
    status = models.CharField(
        _("status"), max_length=30, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="programme_period_ordered"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programmes:detail", kwargs={"pk": self.pk})

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": gettext("The programme cannot end before it starts.")})

    @property
    def next_statuses(self):
        return [ProgrammeStatus(s) for s in TRANSITIONS[self.status]]

    @property
    def is_peer(self) -> bool:
        """Peer programmes (or peer tracks) hold workshop series and practical tasks."""
        return self.method in (Method.PEER, Method.BOTH)


class Enrolment(models.Model):
    """A person taking part in a programme: approved by their organisation, accepted by themselves."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="enrolments"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="enrolments"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        related_name="enrolments",
        help_text=_("The person's organisation, which approves the participation."),
    )
    role = models.CharField(_("role"), max_length=20, choices=EnrolmentRole.choices)
    approval = models.CharField(
        _("approval"), max_length=20, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approval decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approval decided at"), null=True, blank=True)
    acceptance = models.CharField(
        _("acceptance"), max_length=20, choices=AcceptanceStatus.choices, default=AcceptanceStatus.PENDING
    )
    accepted_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["role", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "person"], name="enrolment_unique_person"),
        ]

    def __str__(self):
        return f"{self.person} – {self.programme} ({self.get_role_display()})"

    @property
    def is_active(self):
        return self.approval == ApprovalStatus.APPROVED and self.acceptance == AcceptanceStatus.ACCEPTED


def default_time_zone() -> str:
    return settings.TIME_ZONE


class WorkshopSeries(models.Model):
    """A series of workshops of a peer programme, often linked with study visits."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="workshop_series"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("workshop series")
        verbose_name_plural = _("workshop series")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "title"], name="workshop_series_unique_title"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programmes:series_list", kwargs={"pk": self.programme_id})


class Session(models.Model):
    """A dated event of a programme.

    Its people are its tutors and its attendees: the chosen ones, or when none are chosen,
    every participant of the programme who did not decline.
    """

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.WORKSHOP)
    series = models.ForeignKey(
        WorkshopSeries,
        verbose_name=_("workshop series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    themes = models.TextField(_("themes"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=default_time_zone, validators=[validate_time_zone]
    )
    planned_minutes = models.PositiveIntegerField(
        _("planned duration (minutes)"),
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Leave empty to count the time from start to end. An e-mail exchange over weeks has no fixed "
            "end: give the time it should take."
        ),
    )
    channel = models.CharField(
        _("communication channel"), max_length=20, choices=Channel.choices, default=Channel.IN_PERSON
    )
    location = models.CharField(_("venue or address"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    language = models.CharField(_("language"), max_length=20, blank=True, validators=[validate_language_code])
    interpretation_languages = models.JSONField(
        _("interpretation languages"), default=list, blank=True, validators=[validate_language_codes]
    )
    tutors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tutors or facilitators"),
        blank=True,
        related_name="sessions_tutored",
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendees"),
        blank=True,
        related_name="sessions_attended",
        help_text=_("Nobody chosen: everyone enrolled in the programme who did not decline."),
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(planned_minutes__gt=0), name="session_planned_minutes_positive"),
        ]
        indexes = [models.Index(fields=["programme", "starts_at"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.planned_minutes is None:
            self.planned_minutes = self.minutes_from_start_to_end()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("programmes:session_detail", kwargs={"pk": self.pk})

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": gettext("A session must end after it starts.")})
        if self.series_id and self.series.programme_id != self.programme_id:
            raise ValidationError({"series": gettext("Choose a workshop series of this programme.")})
        if self.planned_minutes is None:
            self.planned_minutes = self.minutes_from_start_to_end()

    def minutes_from_start_to_end(self) -> int | None:
        if not (self.starts_at and self.ends_at):
            return None
        return max(1, round((self.ends_at - self.starts_at).total_seconds() / 60))

    @property
    def place(self) -> str:
        return self.location or self.online_url

    @property
    def planned_hours(self) -> float:
        return (self.planned_minutes or 0) / 60


class PracticalTask(models.Model):
    """Work the peers of a programme do between workshops."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="practical_tasks"
    )
    series = models.ForeignKey(
        WorkshopSeries,
        verbose_name=_("workshop series"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practical_tasks",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practical_tasks",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.TO_DO)
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("practical task")
        verbose_name_plural = _("practical tasks")
        ordering = ["due_date", "title"]
        indexes = [models.Index(fields=["programme", "status"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programmes:task_edit", kwargs={"pk": self.pk})

    def clean(self):
        if self.series_id and self.series.programme_id != self.programme_id:
            raise ValidationError({"series": gettext("Choose a workshop series of this programme.")})


class Material(models.Model):
    """Something to read or watch for a session: an uploaded file, kept privately, or a link."""

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=MaterialKind.choices, default=MaterialKind.FILE)
    file = models.FileField(
        _("file"),
        upload_to=material_upload_to,
        storage=private_storage,
        max_length=255,
        blank=True,
        validators=[validate_material_extension, validate_material_size],
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    study_before = models.BooleanField(
        _("study before the session"),
        default=True,
        help_text=_("Listed in the reminders a week and a day before the session."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["-study_before", "created"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind=MaterialKind.FILE, url="") & ~models.Q(file=""))
                | (models.Q(kind=MaterialKind.LINK, file="") & ~models.Q(url="")),
                name="material_file_or_link",
                violation_error_message=_("A material is either an uploaded file or a link."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.kind == MaterialKind.FILE and not self.file:
            raise ValidationError({"file": gettext("Choose a file to upload.")})
        if self.kind == MaterialKind.LINK and not self.url:
            raise ValidationError({"url": gettext("Give the address of the material.")})

    @property
    def is_file(self) -> bool:
        return self.kind == MaterialKind.FILE

    @property
    def href(self) -> str:
        """Where to open it: the checked download view for a file, the address for a link."""
        if self.is_file:
            return reverse("programmes:material_download", kwargs={"pk": self.pk})
        return self.url

    @property
    def file_name(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""


class Attendance(models.Model):
    """Whether a person came to a session, as marked by its tutor or coordinator."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="attendances"
    )
    present = models.BooleanField(_("present"), default=False)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("marked at"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="attendance_unique_person"),
        ]

    def __str__(self):
        return f"{self.person} – {self.session}"
