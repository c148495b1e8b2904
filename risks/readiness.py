"""The readiness check: warnings derived from a programme's data, each linking to where to fix it.

A check is a function that takes a programme and returns (or yields) zero or more `Warning`s.
Checks live in a registry, so each app adds the ones about its own data without this module
knowing about it. To add one, write it in the app's `readiness.py`::

    from django.urls import reverse
    from django.utils.translation import gettext as _

    from risks.readiness import Severity, Warning, check

    @check
    def funding_gap(programme):
        gap = ...  # ONE query, whatever the number of rows
        if gap > 0:
            url = reverse("budget:programme", kwargs={"pk": programme.pk})
            yield Warning("funding_gap", _("…"), url, Severity.HIGH)

and import that module once the apps are loaded, in the app's AppConfig::

    def ready(self):
        from . import readiness  # noqa: F401 -- registers the app's readiness checks

A check must run a fixed number of queries (one, as a rule) whatever the number of sessions,
enrolments or rows it looks at: the programme page runs all of them on every view. The
warnings are the same for every reader; the page shows them to the owning organisation's
coordinators and project managers.

Checks not written yet, because their data belongs to other apps, are listed in
PLANNED_CHECKS. Each is registered from its own app as above (budget, logistics and matching
do so already).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.enums import ResponseStatus
from assessments.models import Invitation
from core.memo import per_object
from core.reversing import pk_url
from matching.models import ModuleChoice
from programmes.enums import AcceptanceStatus, ApprovalStatus, EnrolmentRole, SessionKind
from programmes.models import Programme

from .enums import HIGH_SCORE, RiskStatus, Severity
from .selectors import programme_risks_scored

__all__ = ["CHECKS", "PLANNED_CHECKS", "Severity", "Warning", "check", "readiness_warnings"]


@dataclass(frozen=True)
class Warning:
    """Something to fix before the programme is ready. `code` says what kind, `url` where to fix it."""

    code: str
    text: str
    url: str
    severity: str = Severity.MEDIUM

    @property
    def severity_label(self) -> str:
        return Severity(self.severity).label


Check = Callable[[Programme], Iterable[Warning]]

# The registered checks, by dotted name: registering a function again replaces it.
CHECKS: dict[str, Check] = {}

# Checks whose data other apps are building; each registers from its own app, not from here.
PLANNED_CHECKS: dict[str, str] = {
    "funding_gap": "budget: planned costs not covered by granted funding",
    "sessions_without_materials": "work programme: sessions without preparation materials",
    "sessions_without_tutor": "work programme: sessions without a tutor or facilitator",
}


def check(function: Check) -> Check:
    """Register a readiness check (use as a decorator)."""
    CHECKS[f"{function.__module__}.{function.__qualname__}"] = function
    return function


def readiness_warnings(programme: Programme) -> list[Warning]:
    """Every registered check's warnings, the most severe first (in registration order within a severity)."""
    rank = {severity: position for position, severity in enumerate(Severity.values)}
    warnings = [warning for run in list(CHECKS.values()) for warning in run(programme)]
    return sorted(warnings, key=lambda warning: rank[warning.severity])


# Needs-assessment campaigns answered by fewer than this share of their invitees are flagged...
MIN_RESPONSE_PERCENT = 60
# ...once their deadline is this close, or past.
RESPONSE_DEADLINE_WINDOW = datetime.timedelta(days=7)


def _date(value) -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return formats.date_format(value, "SHORT_DATE_FORMAT")


@dataclass(frozen=True)
class EnrolmentFacts:
    """What the enrolment checks need to know of one enrolment."""

    role: str
    approval: str
    acceptance: str
    has_profile: bool  # the person submitted a needs assessment of this programme
    chose_module: bool  # the person chose a peer-group module

    @property
    def active(self) -> bool:
        """Neither the organisation nor the person declined."""
        return self.approval != ApprovalStatus.DECLINED and self.acceptance != AcceptanceStatus.DECLINED


@per_object
def enrolment_facts(programme: Programme) -> list[EnrolmentFacts]:
    """The programme's enrolments as the enrolment checks (here and in matching) read them: one query
    for all of them (a programme enrols tens of people), shared within a page's request."""
    profile = Invitation.objects.filter(
        campaign__programme=OuterRef("programme"),
        person=OuterRef("person"),
        response__status=ResponseStatus.SUBMITTED,
    )
    rows = (
        programme.enrolments.annotate(
            has_profile=Exists(profile), chose_module=Exists(ModuleChoice.objects.filter(enrolment=OuterRef("pk")))
        )
        .values_list("role", "approval", "acceptance", "has_profile", "chose_module")
        .order_by()
    )
    return [EnrolmentFacts(*row) for row in rows]


@check
def unapproved_participants(programme: Programme) -> Iterable[Warning]:
    """Trainees and peers whose organisation has not approved their participation (yet)."""
    counts = Counter(
        facts.approval
        for facts in enrolment_facts(programme)
        if facts.role in (EnrolmentRole.TRAINEE, EnrolmentRole.PEER)
        and facts.acceptance != AcceptanceStatus.DECLINED
        and facts.approval != ApprovalStatus.APPROVED
    )
    url = programme.get_absolute_url() + "#enrolments"
    declined = counts.get(ApprovalStatus.DECLINED, 0)
    if declined:
        text = ngettext(
            "The organisation of %(count)s trainee or peer declined their participation.",
            "The organisations of %(count)s trainees or peers declined their participation.",
            declined,
        )
        yield Warning("participants_declined", text % {"count": declined}, url, Severity.HIGH)
    pending = counts.get(ApprovalStatus.PENDING, 0)
    if pending:
        text = ngettext(
            "%(count)s trainee or peer waits for the approval of their organisation.",
            "%(count)s trainees or peers wait for the approval of their organisations.",
            pending,
        )
        yield Warning("participants_pending_approval", text % {"count": pending}, url, Severity.MEDIUM)


@check
def low_response_rates(programme: Programme) -> Iterable[Warning]:
    """Needs assessments answered by under 60% of their invitees when the deadline is near or past."""
    now = timezone.now()
    campaigns = (
        programme.campaigns.filter(deadline__lte=now + RESPONSE_DEADLINE_WINDOW)
        .annotate(
            invited=Count("invitations", distinct=True),
            submitted=Count(
                "invitations", filter=Q(invitations__response__status=ResponseStatus.SUBMITTED), distinct=True
            ),
        )
        .order_by("deadline", "pk")
    )
    for campaign in campaigns:
        if not campaign.invited or campaign.submitted * 100 >= MIN_RESPONSE_PERCENT * campaign.invited:
            continue
        values = {
            "campaign": campaign.title,
            "percent": campaign.submitted * 100 // campaign.invited,
            "submitted": campaign.submitted,
            "invited": campaign.invited,
            "deadline": _date(campaign.deadline),
        }
        if campaign.deadline <= now:
            text = _(
                "Only %(percent)s%% answered the needs assessment “%(campaign)s” (%(submitted)s of %(invited)s); "
                "its deadline passed on %(deadline)s."
            )
            severity = Severity.HIGH
        else:
            text = _(
                "Only %(percent)s%% answered the needs assessment “%(campaign)s” so far (%(submitted)s of "
                "%(invited)s); its deadline is %(deadline)s."
            )
            severity = Severity.MEDIUM
        yield Warning("low_response_rate", text % values, campaign.get_absolute_url(), severity)


@check
def sessions_without_place(programme: Programme) -> Iterable[Warning]:
    """Sessions still to come with neither a venue (typed, or chosen in logistics) nor an online link.

    An e-mail exchange needs neither."""
    sessions = (
        programme.sessions.filter(location="", online_url="", ends_at__gte=timezone.now())
        .filter(Q(logistics__isnull=True) | Q(logistics__venue__isnull=True))
        .exclude(kind=SessionKind.EMAIL_EXCHANGE)
        .order_by("starts_at", "pk")
    )
    for session in sessions:
        text = _("The session “%(session)s” on %(date)s has neither a venue nor an online link.") % {
            "session": session.title,
            "date": _date(session.starts_at),
        }
        yield Warning("session_without_place", text, pk_url("programmes:session_edit", session.pk))


@check
def tutors_without_trainee_profiles(programme: Programme) -> Iterable[Warning]:
    """Tutors cannot prepare for trainees who have not submitted a needs assessment of this programme."""
    active = [facts for facts in enrolment_facts(programme) if facts.active]
    counts = {
        "tutors": sum(facts.role == EnrolmentRole.TUTOR for facts in active),
        "without_profile": sum(facts.role == EnrolmentRole.TRAINEE and not facts.has_profile for facts in active),
    }
    if counts["tutors"] and counts["without_profile"]:
        text = ngettext(
            "%(count)s trainee has no submitted needs assessment, so the tutors cannot see their profile.",
            "%(count)s trainees have no submitted needs assessment, so the tutors cannot see their profiles.",
            counts["without_profile"],
        ) % {"count": counts["without_profile"]}
        yield Warning("tutors_without_trainee_profiles", text, reverse("assessments:campaigns"))


@check
def high_open_risks(programme: Programme) -> Iterable[Warning]:
    """Open risks scoring 15 or more (likelihood × impact) without mitigation under way."""
    risks = programme_risks_scored(programme)  # highest score first
    for risk in (r for r in risks if r.status == RiskStatus.OPEN and r.score_value >= HIGH_SCORE):
        text = _("The open risk “%(risk)s” scores %(score)s of 25: start its mitigation.") % {
            "risk": risk.title,
            "score": risk.score_value,
        }
        yield Warning("high_risk", text, risk.get_absolute_url(), Severity.HIGH)


@check
def overdue_risk_reviews(programme: Programme) -> Iterable[Warning]:
    """Risks not closed whose review date has passed."""
    overdue = [risk for risk in programme_risks_scored(programme) if risk.is_review_overdue]
    for risk in sorted(overdue, key=lambda risk: (risk.review_date, risk.title)):
        text = _("The review of the risk “%(risk)s” was due on %(date)s.") % {
            "risk": risk.title,
            "date": _date(risk.review_date),
        }
        yield Warning("risk_review_overdue", text, risk.get_absolute_url(), Severity.LOW)
