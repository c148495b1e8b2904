import datetime
import zoneinfo

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.conf import settings
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from core.enums import Role
from core.models import Topic
from core.scope import organisations_for, roles_of
from core.validators import plausible_dates

from .enums import Channel, EnrolmentRole, MaterialKind, SessionKind
from .materials import ALLOWED_EXTENSIONS
from .models import Material, PracticalTask, Programme, Session, WorkshopSeries
from .selectors import enrollable_memberships, programme_participants
from .validators import time_zone_choices, validate_language_code


def _helper(submit_label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit_label))
    return helper


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["title", "organisation", "method", "start_date", "end_date", "topics", "goals"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "topics": forms.CheckboxSelectMultiple,
            "goals": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_for(user).filter(pk__in=roles_of(user).coordinated)
        self.fields["organisation"].empty_label = None
        self.fields["topics"].queryset = Topic.objects.filter(is_active=True)
        plausible_dates(self)
        self.helper = _helper(_("Save"))


class EnrolExistingForm(forms.Form):
    membership = forms.ModelChoiceField(label=_("Person"), queryset=None)
    role = forms.ChoiceField(
        label=_("Role in the programme"), choices=EnrolmentRole.choices, initial=EnrolmentRole.TRAINEE
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = enrollable_memberships(user)
        self.fields["membership"].label_from_instance = lambda m: f"{m.user} – {m.organisation}"
        self.helper = _helper(_("Enrol"))
        self.helper.form_tag = False


class InviteForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    membership_role = forms.ChoiceField(label=_("Works there as"), choices=Role.choices, initial=Role.LG_STAFF)
    role = forms.ChoiceField(
        label=_("Role in the programme"), choices=EnrolmentRole.choices, initial=EnrolmentRole.TRAINEE
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_for(user)
        self.helper = _helper(_("Invite and enrol"))
        self.helper.form_tag = False


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("yes", "yes"), ("no", "no")])

    @property
    def is_yes(self) -> bool:
        return self.cleaned_data["decision"] == "yes"


class VersionedFormMixin:
    """Carries the row version the form was loaded with, for optimistic locking on save."""

    def add_version_field(self):
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version") if self.instance.pk else None

    def add_conflict(self, conflict) -> None:
        """Show what someone else saved and take on their version: saving again is then a deliberate choice."""
        self.add_error(None, conflict)
        if conflict.current_version is not None:
            self.data = self.data.copy()
            self.data["version"] = conflict.current_version


def _https_by_default(field, **kwargs):
    """Form fields as usual, but an address typed without a scheme becomes https://."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class WallClockDateTimeField(forms.DateTimeField):
    """A date and time as typed, without a zone: the form places it in the session's own time zone."""

    def to_python(self, value):
        # Parsed as UTC, which has no clock changes, then stripped: the wall-clock reading remains.
        with timezone.override(datetime.UTC):
            result = super().to_python(value)
        return result.replace(tzinfo=None) if result else result


def _in_zone(wall_clock: datetime.datetime, zone: zoneinfo.ZoneInfo) -> datetime.datetime | None:
    """The moment a wall-clock time names in a zone; None when the clocks skip it."""
    moment = wall_clock.replace(tzinfo=zone)
    if moment.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None) != wall_clock:
        return None
    return moment


class SessionForm(VersionedFormMixin, forms.ModelForm):
    """A session of `programme`. Start and end are read as local times in the chosen time zone."""

    starts_at = WallClockDateTimeField(
        label=_("Starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = WallClockDateTimeField(
        label=_("Ends at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("For an e-mail exchange, the end of the exchange."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        required=False,
        help_text=_("Start and end are local times in this zone."),
    )
    interpretation_languages = forms.CharField(
        label=_("Interpretation languages"),
        required=False,
        help_text=_("Language codes separated by commas, for example: fr, de."),
    )

    class Meta:
        model = Session
        formfield_callback = _https_by_default
        fields = [
            "title",
            "kind",
            "series",
            "topic",
            "themes",
            "starts_at",
            "ends_at",
            "time_zone",
            "planned_minutes",
            "channel",
            "location",
            "online_url",
            "language",
            "interpretation_languages",
            "tutors",
            "attendees",
            "capacity",
            "description",
        ]
        widgets = {
            "themes": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "tutors": forms.CheckboxSelectMultiple,
            "attendees": forms.CheckboxSelectMultiple,
        }
        help_texts = {"language": _("A code such as en, nl, hr or pt-BR.")}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        plausible_dates(self)
        for name in ("kind", "channel"):
            self.fields[name].required = False
        self.fields["planned_minutes"].widget.attrs["min"] = 1
        # An edited session whose duration followed its times keeps following them when they move.
        self._duration_follows_times = bool(
            self.instance.pk and self.instance.planned_minutes == self.instance.minutes_from_start_to_end()
        )
        self.fields["topic"].queryset = Topic.objects.filter(is_active=True).order_by("order", "name")
        self.fields["tutors"].queryset = programme_participants(
            programme, roles=[EnrolmentRole.TUTOR, EnrolmentRole.FACILITATOR]
        )
        self.fields["attendees"].queryset = programme_participants(programme)
        if programme.is_peer:
            self.fields["series"].queryset = programme.workshop_series.order_by("title")
        else:
            del self.fields["series"]
        if not self.is_bound:
            self._set_initial()
        self.add_version_field()
        self.helper = _helper(_("Save"))
        self.helper.layout = self._layout()

    def _set_initial(self):
        session = self.instance
        self.initial.setdefault("time_zone", session.time_zone or settings.TIME_ZONE)
        if not session.pk and not self.initial.get("language"):
            self.initial["language"] = get_language()
        self.initial["interpretation_languages"] = ", ".join(session.interpretation_languages or [])
        if session.pk:
            zone = zoneinfo.ZoneInfo(session.time_zone)
            self.initial["starts_at"] = session.starts_at.astimezone(zone).replace(tzinfo=None)
            self.initial["ends_at"] = session.ends_at.astimezone(zone).replace(tzinfo=None)

    def _layout(self) -> Layout:
        what = ["title", "kind", "series", "topic", "themes", "description"]
        return Layout(
            Fieldset(_("What"), *[name for name in what if name in self.fields]),
            Fieldset(
                _("When"),
                Row(Column("starts_at", css_class="col-md-6"), Column("ends_at", css_class="col-md-6")),
                Row(Column("time_zone", css_class="col-md-6"), Column("planned_minutes", css_class="col-md-6")),
            ),
            Fieldset(
                _("Where and how"),
                "channel",
                "location",
                "online_url",
                Row(
                    Column("language", css_class="col-md-6"),
                    Column("interpretation_languages", css_class="col-md-6"),
                ),
            ),
            Fieldset(_("Who"), "tutors", "attendees", "capacity"),
            "version",
        )

    def clean_kind(self):
        return self.cleaned_data["kind"] or SessionKind.WORKSHOP

    def clean_channel(self):
        return self.cleaned_data["channel"] or Channel.IN_PERSON

    def clean_time_zone(self):
        return self.cleaned_data["time_zone"] or settings.TIME_ZONE

    def clean_interpretation_languages(self):
        codes = [code.strip() for code in self.cleaned_data["interpretation_languages"].split(",") if code.strip()]
        for code in codes:
            validate_language_code(code)
        return list(dict.fromkeys(codes))

    def clean(self):
        cleaned = super().clean()
        if self._duration_follows_times and "planned_minutes" not in self.changed_data:
            cleaned["planned_minutes"] = None
        zone = zoneinfo.ZoneInfo(cleaned.get("time_zone") or settings.TIME_ZONE)
        for name in ("starts_at", "ends_at"):
            if cleaned.get(name) is None:
                continue
            moment = _in_zone(cleaned[name], zone)
            if moment is None:
                self.add_error(
                    name, _("This time does not exist in %(zone)s: the clocks change then.") % {"zone": zone.key}
                )
            else:
                cleaned[name] = moment
        # A refused time leaves the stored one on the instance, and the model's own check would then
        # compare the new start with the old end ("must end after it starts"): leave it out instead.
        for name in ("starts_at", "ends_at"):
            if name in self._errors:
                setattr(self.instance, name, None)
        self._check_capacity(cleaned)
        return cleaned

    def _check_capacity(self, cleaned):
        capacity = cleaned.get("capacity")
        if capacity is None or "attendees" not in cleaned:
            return
        chosen = cleaned["attendees"]
        count = len(chosen) if chosen else self.fields["attendees"].queryset.count()
        if count > capacity:
            self.add_error(
                "attendees" if chosen else "capacity",
                ngettext(
                    "The session has room for %(capacity)d person, but %(count)d are invited.",
                    "The session has room for %(capacity)d people, but %(count)d are invited.",
                    capacity,
                )
                % {"capacity": capacity, "count": count},
            )


class WorkshopSeriesForm(forms.ModelForm):
    class Meta:
        model = WorkshopSeries
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Add the series"))


class PracticalTaskForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = PracticalTask
        fields = ["title", "series", "description", "owner", "due_date", "status"]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = programme.workshop_series.order_by("title")
        self.fields["owner"].queryset = programme_participants(programme)
        plausible_dates(self)
        self.add_version_field()
        self.helper = _helper(_("Save"))


class MaterialForm(forms.ModelForm):
    """A file to upload or a link; `clean` leaves the checks of type and size to the model."""

    class Meta:
        model = Material
        formfield_callback = _https_by_default
        fields = ["title", "kind", "file", "url", "study_before"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("%(types)s; at most %(size)s.") % {
            "types": ", ".join(ALLOWED_EXTENSIONS),
            "size": filesizeformat(settings.MATERIAL_MAX_BYTES),
        }
        self.fields["file"].widget.attrs["accept"] = ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)
        self.helper = _helper(_("Add the material"))

    def clean(self):
        cleaned = super().clean()
        # A material is a file or a link: whatever was filled in for the other kind is dropped.
        if cleaned.get("kind") == MaterialKind.LINK:
            cleaned["file"] = False
        elif cleaned.get("kind") == MaterialKind.FILE:
            cleaned["url"] = ""
        return cleaned


class AttendanceForm(forms.Form):
    """One tick per person of the session: ticked came, unticked did not."""

    present = forms.ModelMultipleChoiceField(
        label=_("Who came"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = people
        self.helper = _helper(_("Save the attendance"))
