import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.enums import ResponseStatus
from assessments.models import Campaign, Invitation, Response
from programmes.enums import AcceptanceStatus, ApprovalStatus, EnrolmentRole
from programmes.models import Programme
from risks import readiness
from risks.enums import RiskStatus, Severity
from risks.readiness import Warning, check, readiness_warnings
from tests.factories import EnrolmentFactory, ProgrammeFactory, RiskFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

BUILT_IN = {
    "risks.readiness.unapproved_participants",
    "risks.readiness.low_response_rates",
    "risks.readiness.sessions_without_place",
    "risks.readiness.tutors_without_trainee_profiles",
    "risks.readiness.high_open_risks",
    "risks.readiness.overdue_risk_reviews",
}


@pytest.fixture
def programme(world):
    """A programme of organisation A with nothing to fix yet."""
    return ProgrammeFactory(organisation=world.a.coordinator_org)


def _campaign(programme, *, deadline, invited: int, submitted: int, drafts: int = 0, title="Needs"):
    campaign = Campaign.objects.create(programme=programme, title=title, deadline=deadline)
    for i in range(invited):
        invitation = Invitation.objects.create(
            campaign=campaign, person=UserFactory(), organisation=programme.organisation
        )
        if i < submitted:
            Response.objects.create(invitation=invitation, status=ResponseStatus.SUBMITTED)
        elif i < submitted + drafts:
            Response.objects.create(invitation=invitation, status=ResponseStatus.DRAFT)
    return campaign


def _answered(campaign, person, status=ResponseStatus.SUBMITTED):
    invitation = Invitation.objects.create(
        campaign=campaign, person=person, organisation=campaign.programme.organisation
    )
    Response.objects.create(invitation=invitation, status=status)


def test_programme_without_problems_is_ready(programme):
    assert readiness_warnings(programme) == []


# Trainees and peers not approved by their organisation


def test_unapproved_trainees_and_peers_are_counted_per_decision(programme):
    EnrolmentFactory.create_batch(2, programme=programme, role=EnrolmentRole.TRAINEE)
    EnrolmentFactory(programme=programme, role=EnrolmentRole.PEER, approval=ApprovalStatus.DECLINED)
    url = programme.get_absolute_url() + "#enrolments"

    warnings = list(readiness.unapproved_participants(programme))

    assert warnings == [
        Warning(
            "participants_declined",
            "The organisation of 1 trainee or peer declined their participation.",
            url,
            Severity.HIGH,
        ),
        Warning(
            "participants_pending_approval",
            "2 trainees or peers wait for the approval of their organisations.",
            url,
            Severity.MEDIUM,
        ),
    ]


def test_approved_trainees_tutors_and_people_who_declined_need_no_approval_warning(programme):
    EnrolmentFactory(programme=programme, role=EnrolmentRole.TRAINEE, approval=ApprovalStatus.APPROVED)
    EnrolmentFactory(programme=programme, role=EnrolmentRole.TUTOR, approval=ApprovalStatus.PENDING)
    EnrolmentFactory(programme=programme, role=EnrolmentRole.TRAINEE, acceptance=AcceptanceStatus.DECLINED)

    assert list(readiness.unapproved_participants(programme)) == []


# Needs-assessment response rates


def test_response_rate_under_60_percent_after_the_deadline_is_high(programme):
    deadline = timezone.make_aware(datetime.datetime(2020, 1, 15, 12, 0))
    campaign = _campaign(programme, deadline=deadline, invited=5, submitted=2, drafts=2, title="Baseline")

    warnings = list(readiness.low_response_rates(programme))

    assert warnings == [
        Warning(
            "low_response_rate",
            "Only 40% answered the needs assessment “Baseline” (2 of 5); its deadline passed on 01/15/2020.",
            campaign.get_absolute_url(),
            Severity.HIGH,
        )
    ]


def test_response_rate_under_60_percent_within_a_week_of_the_deadline_is_medium(programme):
    deadline = timezone.now() + datetime.timedelta(days=3)
    campaign = _campaign(programme, deadline=deadline, invited=3, submitted=1, title="Baseline")

    warnings = list(readiness.low_response_rates(programme))

    assert [(w.code, w.url, w.severity) for w in warnings] == [
        ("low_response_rate", campaign.get_absolute_url(), Severity.MEDIUM)
    ]
    assert warnings[0].text.startswith("Only 33% answered the needs assessment “Baseline” so far (1 of 3)")


def test_response_rates_of_60_percent_far_deadlines_or_no_invitees_are_fine(programme):
    _campaign(programme, deadline=timezone.now() - datetime.timedelta(days=1), invited=5, submitted=3)
    _campaign(programme, deadline=timezone.now() + datetime.timedelta(days=8), invited=5, submitted=0)
    _campaign(programme, deadline=timezone.now() - datetime.timedelta(days=1), invited=0, submitted=0)

    assert list(readiness.low_response_rates(programme)) == []


# Sessions without a place


def test_coming_session_without_venue_or_link_links_to_its_edit_page(programme):
    starts = timezone.make_aware(datetime.datetime(2040, 3, 1, 10, 0))
    session = SessionFactory(programme=programme, title="Kick-off", starts_at=starts, location="", online_url="")

    warnings = list(readiness.sessions_without_place(programme))

    assert warnings == [
        Warning(
            "session_without_place",
            "The session “Kick-off” on 03/01/2040 has neither a venue nor an online link.",
            reverse("programmes:session_edit", kwargs={"pk": session.pk}),
            Severity.MEDIUM,
        )
    ]


def test_sessions_with_a_venue_or_a_link_or_already_over_are_fine(programme):
    SessionFactory(programme=programme, location="Town hall", online_url="")
    SessionFactory(programme=programme, location="", online_url="https://meet.example.org/x")
    past = timezone.now() - datetime.timedelta(days=3)
    SessionFactory(programme=programme, location="", online_url="", starts_at=past)

    assert list(readiness.sessions_without_place(programme)) == []


# Tutors whose trainees have no profile


def test_tutors_are_warned_about_trainees_without_a_submitted_assessment(programme):
    EnrolmentFactory(programme=programme, role=EnrolmentRole.TUTOR)
    answered, drafting, silent = EnrolmentFactory.create_batch(3, programme=programme, role=EnrolmentRole.TRAINEE)
    campaign = _campaign(programme, deadline=timezone.now() + datetime.timedelta(days=20), invited=0, submitted=0)
    _answered(campaign, answered.person)
    _answered(campaign, drafting.person, status=ResponseStatus.DRAFT)
    elsewhere = _campaign(ProgrammeFactory(), deadline=timezone.now(), invited=0, submitted=0)
    _answered(elsewhere, silent.person)

    warnings = list(readiness.tutors_without_trainee_profiles(programme))

    assert warnings == [
        Warning(
            "tutors_without_trainee_profiles",
            "2 trainees have no submitted needs assessment, so the tutors cannot see their profiles.",
            reverse("assessments:campaigns"),
            Severity.MEDIUM,
        )
    ]


def test_no_profile_warning_without_tutors_or_when_every_active_trainee_answered(programme):
    trainee = EnrolmentFactory(programme=programme, role=EnrolmentRole.TRAINEE)
    assert list(readiness.tutors_without_trainee_profiles(programme)) == []

    EnrolmentFactory(programme=programme, role=EnrolmentRole.TUTOR)
    EnrolmentFactory(programme=programme, role=EnrolmentRole.TRAINEE, approval=ApprovalStatus.DECLINED)
    campaign = _campaign(programme, deadline=timezone.now() + datetime.timedelta(days=20), invited=0, submitted=0)
    _answered(campaign, trainee.person)

    assert list(readiness.tutors_without_trainee_profiles(programme)) == []


# High open risks


def test_open_risk_scoring_15_or_more_links_to_the_register(programme):
    risk = RiskFactory(programme=programme, title="No venue budget", likelihood=5, impact=3)

    warnings = list(readiness.high_open_risks(programme))

    assert warnings == [
        Warning(
            "high_risk",
            "The open risk “No venue budget” scores 15 of 25: start its mitigation.",
            reverse("risks:register", kwargs={"pk": programme.pk}) + f"#risk-{risk.pk}",
            Severity.HIGH,
        )
    ]


def test_lower_mitigated_or_closed_risks_are_no_high_risk_warning(programme):
    RiskFactory(programme=programme, likelihood=3, impact=4, status=RiskStatus.OPEN)
    RiskFactory(programme=programme, likelihood=5, impact=4, status=RiskStatus.MITIGATING)
    RiskFactory(programme=programme, likelihood=5, impact=5, status=RiskStatus.CLOSED)

    assert list(readiness.high_open_risks(programme)) == []


# Overdue risk reviews


def test_risk_whose_review_date_passed_is_overdue(programme):
    risk = RiskFactory(programme=programme, title="Funding", review_date=datetime.date(2020, 1, 31))

    warnings = list(readiness.overdue_risk_reviews(programme))

    assert warnings == [
        Warning(
            "risk_review_overdue",
            "The review of the risk “Funding” was due on 01/31/2020.",
            risk.get_absolute_url(),
            Severity.LOW,
        )
    ]
    assert risk.is_review_overdue is True


def test_reviews_due_today_undated_or_of_closed_risks_are_not_overdue(programme):
    today = RiskFactory(programme=programme, review_date=timezone.localdate())
    RiskFactory(programme=programme, review_date=None)
    closed = RiskFactory(programme=programme, review_date=datetime.date(2020, 1, 31), status=RiskStatus.CLOSED)

    assert list(readiness.overdue_risk_reviews(programme)) == []
    assert (today.is_review_overdue, closed.is_review_overdue) == (False, False)


# The whole check


def test_warnings_come_most_severe_first(programme):
    RiskFactory(programme=programme, title="Old", review_date=datetime.date(2020, 1, 31))
    SessionFactory(programme=programme, location="", online_url="")
    RiskFactory(programme=programme, title="Money", likelihood=5, impact=5)

    severities = [warning.severity for warning in readiness_warnings(programme)]

    assert severities == [Severity.HIGH, Severity.MEDIUM, Severity.LOW]


def _add_problems(programme, n: int):
    for _ in range(n):
        SessionFactory(programme=programme, location="", online_url="")
        EnrolmentFactory(programme=programme, role=EnrolmentRole.TRAINEE)
        EnrolmentFactory(programme=programme, role=EnrolmentRole.TUTOR)
        RiskFactory(programme=programme, likelihood=5, impact=5, review_date=datetime.date(2020, 1, 31))
        _campaign(programme, deadline=timezone.now(), invited=2, submitted=0)


def test_readiness_runs_the_same_number_of_queries_for_one_row_or_many(programme):
    _add_problems(programme, 1)
    with CaptureQueriesContext(connection) as one:
        few = readiness_warnings(Programme.objects.get(pk=programme.pk))  # each page view fetches it anew
    _add_problems(programme, 25)

    with CaptureQueriesContext(connection) as many:
        lots = readiness_warnings(Programme.objects.get(pk=programme.pk))

    assert (len(many), len(few) < len(lots)) == (len(one), True)


# The registry


def test_the_built_in_checks_are_registered():
    assert {name for name in readiness.CHECKS if name.startswith("risks.")} == BUILT_IN


def test_a_check_registered_by_another_app_adds_its_warnings(monkeypatch, programme):
    monkeypatch.setattr(readiness, "CHECKS", dict(readiness.CHECKS))

    @check
    def funding_gap(programme):
        yield Warning("funding_gap", "€1,200.00 of the budget is not funded.", "/budget/", Severity.HIGH)

    assert readiness_warnings(programme) == [
        Warning("funding_gap", "€1,200.00 of the budget is not funded.", "/budget/", Severity.HIGH)
    ]


def test_registering_a_check_again_replaces_it(monkeypatch, programme):
    monkeypatch.setattr(readiness, "CHECKS", {})

    def funding_gap(programme):
        return [Warning("funding_gap", "old", "/budget/")]

    check(funding_gap)
    check(funding_gap)

    assert (len(readiness.CHECKS), readiness_warnings(programme)) == (1, [Warning("funding_gap", "old", "/budget/")])


def test_email_exchange_and_logistics_venue_need_no_place(world):
    from logistics.models import SessionLogistics, Venue
    from programmes.models import Session

    Session.objects.filter(pk=world.a.session.pk).update(location="", online_url="")
    SessionFactory(programme=world.a.programme, location="", kind="email_exchange")
    with_venue = SessionFactory(programme=world.a.programme, location="")
    venue = Venue.objects.create(organisation=world.a.coordinator_org, name="Hall", address="Street 1")
    SessionLogistics.objects.create(session=with_venue, venue=venue)

    flagged = [w.url for w in readiness_warnings(world.a.programme) if w.code == "session_without_place"]

    assert flagged == [reverse("programmes:session_edit", kwargs={"pk": world.a.session.pk})]
