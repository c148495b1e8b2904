import secrets

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from programmes.materials import private_storage  # files without a public address

from .enums import OrganisationKind, PlanStatus, Role
from .logos import logo_upload_to, validate_logo, validate_logo_extension


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username):
        # E-mail addresses are stored lower-case; people type them as they like.
        return self.get(email__iexact=username)

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


def new_calendar_token() -> str:
    """The secret part of a person's calendar-feed address: 256 random bits."""
    return secrets.token_urlsafe(32)


class User(AbstractUser):
    """A person. Logs in with the e-mail address; an invited person has no password yet."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    languages = models.JSONField(
        _("languages spoken"),
        default=list,
        blank=True,
        help_text=_("Language codes, for example en, nl, it."),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, default="en", choices=settings.LANGUAGES
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    notification_opt_outs = models.JSONField(
        _("notifications switched off"), default=list, blank=True, help_text=_("Codes of non-essential kinds.")
    )
    calendar_token = models.CharField(
        _("calendar feed key"), max_length=64, unique=True, default=new_calendar_token, editable=False
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_pending(self):
        """Invited but never set a password."""
        return not self.has_usable_password()


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    country = CountryField(_("country"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        limit_choices_to={"kind": OrganisationKind.COORDINATOR},
        help_text=_("The coordinator organisation that supports this one."),
    )
    # Covenant of Mayors data, for local governments.
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    plan_status = models.CharField(_("plan status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.NONE)
    co2_target_pct = models.DecimalField(
        _("CO2 reduction target (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    logo = models.FileField(
        _("logo"),
        upload_to=logo_upload_to,
        storage=private_storage,
        max_length=255,
        blank=True,
        validators=[validate_logo_extension, validate_logo],
        help_text=_("PNG or JPEG, at most 2 MB; shown on the cover of the organisation's reports."),
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="organisation_unique_name_country"),
            models.CheckConstraint(
                condition=models.Q(co2_target_pct__isnull=True)
                | models.Q(co2_target_pct__gte=0, co2_target_pct__lte=100),
                name="organisation_co2_target_pct_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("core:organisation_detail", kwargs={"pk": self.pk})

    @property
    def is_local_government(self):
        return self.kind == OrganisationKind.LOCAL_GOVERNMENT

    def clean(self):
        if self.parent_id:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": gettext("An organisation cannot coordinate itself.")})
            if self.parent.kind != OrganisationKind.COORDINATOR:
                raise ValidationError({"parent": gettext("The parent must be a coordinator organisation.")})


class Membership(models.Model):
    """A person working for an organisation in a role. One person may hold several roles."""

    user = models.ForeignKey(User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class Topic(models.Model):
    """A theme of the competence catalogue. Names are English and translated through the catalogue."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["order", "name"]

    def __str__(self):
        return gettext(self.name)


class Expertise(models.Model):
    """How well a person knows a topic, from 1 (no knowledge) to 5 (can teach others)."""

    user = models.ForeignKey(User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="expertise")
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        verbose_name = _("expertise")
        verbose_name_plural = _("expertise")
        ordering = ["topic__order", "topic__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="expertise_unique_topic"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="expertise_level_1_5"),
        ]

    def __str__(self):
        return f"{self.user}: {self.topic} {self.level}"


class WorkerHeartbeat(models.Model):
    """Written by the periodic heartbeat task: proves a Celery worker reaches the database."""

    name = models.CharField(max_length=100, unique=True)
    seen_at = models.DateTimeField()
    beats = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.name} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"


class AuditAction(models.TextChoices):
    CREATED = "created", _("created")
    CHANGED = "changed", _("changed")
    DELETED = "deleted", _("deleted")
    MOVED = "moved", _("moved")
    LOCKED = "locked", _("locked")
    UNLOCKED = "unlocked", _("unlocked")
    RUN = "run", _("ran")
    PUBLISHED = "published", _("published")
    ANSWERED = "answered", _("answered")


class AuditEntry(models.Model):
    """Who changed what in a programme, its budget or its matching, and when. Written by the
    services (see core.audit), never edited."""

    created = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("who"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(
        "programmes.Programme", null=True, blank=True, on_delete=models.CASCADE, related_name="audit_entries"
    )
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=100)  # a model label, e.g. budget.costline
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    object_label = models.CharField(_("object"), max_length=200)
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["programme", "-created"])]

    def __str__(self):
        return f"{self.created:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.object_type} {self.object_id}"

    @property
    def object_type_label(self) -> str:
        from django.apps import apps

        try:
            return apps.get_model(self.object_type)._meta.verbose_name
        except (LookupError, ValueError):
            return self.object_type
