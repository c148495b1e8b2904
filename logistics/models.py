from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Organisation
from programmes.models import Programme, Session

from .enums import ChecklistSection, ChecklistStatus, ProcurementStatus, Quadrant


class Venue(models.Model):
    """A place where sessions happen, owned by the organisation that keeps its list."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="venues"
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    equipment = models.TextField(_("equipment available"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="venue_unique_name",
                violation_error_message=_("The organisation already has a venue with this name."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("logistics:venue_edit", kwargs={"pk": self.pk})


class SessionLogistics(models.Model):
    """The technical side of one session: where, with what, in which languages, for how many at table."""

    session = models.OneToOneField(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="logistics"
    )
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="session_logistics",
    )
    equipment = models.TextField(_("equipment needed"), blank=True)
    interpretation_languages = models.CharField(
        _("interpretation languages"),
        max_length=200,
        blank=True,
        help_text=_("For example: English ↔ Croatian, Dutch → English."),
    )
    interpretation_notes = models.TextField(_("interpretation notes"), blank=True)
    catering_headcount = models.PositiveIntegerField(
        _("catering headcount"), default=0, help_text=_("How many people to cater for; 0 for no catering.")
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("session logistics")
        verbose_name_plural = _("session logistics")

    def __str__(self):
        return str(self.session)

    def get_absolute_url(self):
        return reverse("logistics:session", kwargs={"pk": self.session_id})


class ChecklistTemplate(models.Model):
    """An organisation's own list of the administrative tasks of a programme, to copy into checklists."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="checklist_templates"
    )
    name = models.CharField(_("name"), max_length=200)
    is_default = models.BooleanField(_("default"), default=False, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="checklist_template_unique_name"),
            models.UniqueConstraint(
                fields=["organisation"], condition=models.Q(is_default=True), name="checklist_template_one_default"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("logistics:template", kwargs={"pk": self.pk})


class ChecklistTemplateItem(models.Model):
    template = models.ForeignKey(
        ChecklistTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="items"
    )
    section = models.CharField(_("section"), max_length=20, choices=ChecklistSection.choices)
    title = models.CharField(_("title"), max_length=300)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("checklist template item")
        verbose_name_plural = _("checklist template items")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "section", "title"],
                name="checklist_template_item_unique_title",
                violation_error_message=_("This section already has an item with this title."),
            ),
        ]

    def __str__(self):
        return self.title


class ChecklistItem(models.Model):
    """One administrative task of a programme: who does it, by when, and how far it is."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="checklist_items"
    )
    section = models.CharField(_("section"), max_length=20, choices=ChecklistSection.choices)
    title = models.CharField(_("title"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checklist_items",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ChecklistStatus.choices, default=ChecklistStatus.TODO)
    procurement_status = models.CharField(
        _("procurement status"),
        max_length=20,
        choices=ProcurementStatus.choices,
        blank=True,
        help_text=_("Only for public procurement of goods and services."),
    )
    notes = models.TextField(_("notes"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "section", "title"],
                name="checklist_item_unique_title",
                violation_error_message=_("This section of the checklist already has an item with this title."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ChecklistStatus.values), name="checklist_item_status_valid"
            ),
            # A procurement item always has a procurement status; any other item never has one.
            models.CheckConstraint(
                condition=(
                    models.Q(section=ChecklistSection.PROCUREMENT, procurement_status__in=ProcurementStatus.values)
                    | (~models.Q(section=ChecklistSection.PROCUREMENT) & models.Q(procurement_status=""))
                ),
                name="checklist_item_procurement_status_only_for_procurement",
            ),
        ]
        indexes = [models.Index(fields=["programme", "status", "due_date"], name="checklist_item_progress")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("logistics:checklist_item_edit", kwargs={"pk": self.pk})

    def clean(self):
        if self.section == ChecklistSection.PROCUREMENT:
            self.procurement_status = self.procurement_status or ProcurementStatus.NOT_STARTED
        else:
            self.procurement_status = ""

    @property
    def is_overdue(self) -> bool:
        return bool(self.due_date and self.status != ChecklistStatus.DONE and self.due_date < timezone.localdate())


class Swot(models.Model):
    """The SWOT analysis of one partner organisation in a peer programme, reviewed by the other peers."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="swots"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="swots"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("SWOT analysis")
        verbose_name_plural = _("SWOT analyses")
        ordering = ["organisation__name"]
        constraints = [models.UniqueConstraint(fields=["programme", "organisation"], name="swot_once_per_partner")]

    def __str__(self):
        return f"{self.organisation} – {self.programme}"

    def get_absolute_url(self):
        return reverse("logistics:swot", kwargs={"pk": self.programme_id}) + f"#swot-{self.pk}"


class SwotEntry(models.Model):
    swot = models.ForeignKey(Swot, verbose_name=_("SWOT analysis"), on_delete=models.CASCADE, related_name="entries")
    quadrant = models.CharField(_("quadrant"), max_length=20, choices=Quadrant.choices)
    text = models.CharField(_("text"), max_length=500)
    # Empty once the author's account is deleted; the entry stays, and stays editable.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("SWOT entry")
        verbose_name_plural = _("SWOT entries")
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quadrant__in=Quadrant.values), name="swot_entry_quadrant_valid")
        ]

    def __str__(self):
        return self.text


class SwotComment(models.Model):
    swot = models.ForeignKey(Swot, verbose_name=_("SWOT analysis"), on_delete=models.CASCADE, related_name="comments")
    # Empty once the author's account is deleted; the entry stays, and stays editable.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("SWOT comment")
        verbose_name_plural = _("SWOT comments")
        ordering = ["created", "pk"]

    def __str__(self):
        return self.text[:60]
