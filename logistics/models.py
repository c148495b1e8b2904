from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import Organisation


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
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="venue_unique_name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("logistics:venue_edit", kwargs={"pk": self.pk})
