from django.db import models
from django.utils.translation import gettext_lazy as _


class Currency(models.TextChoices):
    EUR = "EUR", _("Euro (EUR)")
    PLN = "PLN", _("Polish złoty (PLN)")
    CZK = "CZK", _("Czech koruna (CZK)")
    HUF = "HUF", _("Hungarian forint (HUF)")
    RON = "RON", _("Romanian leu (RON)")
    BGN = "BGN", _("Bulgarian lev (BGN)")
    SEK = "SEK", _("Swedish krona (SEK)")
    DKK = "DKK", _("Danish krone (DKK)")
    CHF = "CHF", _("Swiss franc (CHF)")
    GBP = "GBP", _("Pound sterling (GBP)")
    NOK = "NOK", _("Norwegian krone (NOK)")


DEFAULT_CURRENCY = Currency.EUR


class CostCategory(models.TextChoices):
    STAFF_TIME = "staff_time", _("Staff time")
    RENT = "rent", _("Rent")
    TRAVEL = "travel", _("Travel and accommodation")
    CATERING = "catering", _("Catering")
    EQUIPMENT = "equipment", _("Equipment")
    EXTERNAL_SERVICES = "external_services", _("External services")
    INTERPRETATION = "interpretation", _("Interpretation")
    OTHER = "other", _("Other")


class FundingKind(models.TextChoices):
    OWN = "own", _("Own funds")
    EU_PROGRAMME = "eu_programme", _("EU programme")
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    PARTNER = "partner", _("Partner")
    SPONSOR = "sponsor", _("Sponsor")
    OTHER = "other", _("Other")


class FundingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    RECEIVED = "received", _("Received")
