import csv
import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments import services
from assessments.enums import CampaignKind, ResponseStatus
from assessments.models import Answer, Campaign, Invitation, OrganisationProfile, Response
from assessments.selectors import Filters, campaign_analysis
from core.enums import Role
from core.models import Topic
from notifications.enums import NotificationState as S
from notifications.models import Notification
from tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db


def _grid(campaign, levels):
    """answers for response_save: {topic: (current, required, priority)}"""
    return {
        topic.pk: {"current_level": c, "required_level": r, "priority": p, "challenges": "", "expectations": ""}
        for topic, (c, r, p) in zip(campaign.topics.order_by("order"), levels, strict=True)
    }


def test_campaign_invites_enrolled_trainees_and_plans_reminders(world, django_capture_on_commit_callbacks):
    deadline = timezone.now() + datetime.timedelta(days=10)

    with django_capture_on_commit_callbacks(execute=True):
        campaign = services.campaign_create(
            programme=world.a.programme, title="Needs 2027", deadline=deadline, topics=Topic.objects.all()[:2]
        )

    invitation = campaign.invitations.get()
    rows = sorted(Notification.objects.filter(object_id=invitation.pk).values_list("kind", "occurrence", "state"))
    stamp = deadline.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M")
    assert invitation.person == world.a.employee  # the tutor is not asked
    assert rows == [
        ("assessment_invitation", "", S.SENT),
        ("assessment_reminder", f"1d:{stamp}", S.PENDING),
        ("assessment_reminder", f"3d:{stamp}", S.PENDING),
    ]
    assert invitation.get_link() in mail.outbox[0].body


def test_campaign_without_topics_uses_the_programmes(world):
    world.a.programme.topics.set(Topic.objects.filter(code="mobility"))

    campaign = services.campaign_create(
        programme=world.a.programme, title="x", deadline=timezone.now() + datetime.timedelta(days=3)
    )

    assert [t.code for t in campaign.topics.all()] == ["mobility"]


def test_follow_up_repeats_the_baseline_grid(world):
    follow_up = services.campaign_create(
        programme=world.a.programme,
        title="After",
        kind=CampaignKind.FOLLOW_UP,
        baseline=world.a.campaign,
        deadline=timezone.now() + datetime.timedelta(days=3),
        invite_enrolled=False,
    )

    assert set(follow_up.topics.all()) == set(world.a.campaign.topics.all())


def test_draft_then_submit_keeps_one_response_and_cancels_reminders(world):
    services.invitation_plan_reminders(invitation=world.a.invitation)
    campaign = world.a.campaign

    partial = _grid(campaign, [(2, None, None), (None, None, None)])
    services.response_save(invitation=world.a.invitation, answers=partial, organisation=None, submit=False)
    first = services.response_save(
        invitation=world.a.invitation, answers=_grid(campaign, [(2, 4, 3), (3, 3, 1)]), organisation=None, submit=True
    )
    again = services.response_save(
        invitation=world.a.invitation, answers=_grid(campaign, [(2, 5, 3), (3, 3, 1)]), organisation=None, submit=True
    )

    assert (Response.objects.count(), first.pk, again.submitted_at) == (1, again.pk, first.submitted_at)
    assert sorted(Answer.objects.values_list("required_level", flat=True)) == [3, 5]
    assert set(Notification.objects.filter(kind="assessment_reminder").values_list("state", flat=True)) == {S.CANCELLED}


def test_closed_campaign_refuses_answers(world):
    services.campaign_close(campaign=world.a.campaign)

    with pytest.raises(services.CampaignClosed):
        services.response_save(invitation=world.a.invitation, answers={}, organisation=None, submit=True)


def test_moving_the_deadline_replans_reminders(world):
    services.invitation_plan_reminders(invitation=world.a.invitation)
    new_deadline = world.a.campaign.deadline + datetime.timedelta(days=7)

    services.campaign_update(campaign=world.a.campaign, deadline=new_deadline)

    pending = Notification.objects.filter(kind="assessment_reminder", state=S.PENDING)
    assert sorted(pending.values_list("due_at", flat=True)) == [
        new_deadline - datetime.timedelta(days=3),
        new_deadline - datetime.timedelta(days=1),
    ]


def _answered(campaign, organisation, levels, country=None):
    person = member(organisation, Role.LG_STAFF)
    invitation = Invitation.objects.create(campaign=campaign, person=person, organisation=organisation)
    services.response_save(invitation=invitation, answers=_grid(campaign, levels), organisation=None, submit=True)
    return invitation


def test_analysis_computes_gaps_ranking_and_filters(world):
    campaign = world.a.campaign  # topics in order: SEAP/SECAP development, Financing
    leuven = OrganisationFactory(name="Leuven", country="BE")
    zagreb = OrganisationFactory(name="Zagreb", country="HR")
    _answered(campaign, leuven, [(1, 4, 3), (3, 4, 1)])  # gaps 3 and 1
    _answered(campaign, leuven, [(2, 3, 1), (5, 2, 1)])  # gaps 1 and 0 (never negative)
    _answered(campaign, zagreb, [(4, 4, 2), (1, 5, 3)])  # gaps 0 and 4

    analysis = campaign_analysis(campaign)
    croatia = campaign_analysis(campaign, Filters(country="HR"))

    assert (analysis.invited, analysis.submitted) == (4, 3)
    assert analysis.by_organisation.rows == ["Leuven", "Zagreb"]
    assert analysis.by_organisation.values == [[2.0, 0.5], [0.0, 4.0]]
    # weighted gap: SEAP (3*3 + 1*1 + 0*2) / 6 = 1.67; Financing (1*1 + 0*1 + 4*3) / 5 = 2.6
    assert [(str(r.topic), round(r.weighted_gap, 2)) for r in analysis.ranking] == [
        ("Financing (EU funds, ESCO, energy performance contracts)", 2.6),
        ("SEAP/SECAP development", 1.67),
    ]
    assert analysis.current_counts[campaign.topics.get(code="financing").pk] == {3: 1, 5: 1, 1: 1}
    assert (croatia.submitted, croatia.by_organisation.rows) == (1, ["Zagreb"])
    assert len(analysis.by_person.rows) == 3


def test_analysis_page_renders_charts_and_adopts_topics(client, world):
    _answered(world.a.campaign, world.a.municipality, [(1, 4, 3), (2, 4, 2)])
    client.force_login(world.a.coordinator)

    page = client.get(reverse("assessments:analysis", kwargs={"pk": world.a.campaign.pk}))
    financing = Topic.objects.get(code="financing")
    client.post(
        reverse("assessments:adopt", kwargs={"pk": world.a.campaign.pk}),
        {"topics": [financing.pk], "goals": "Every town finds funding for one measure."},
    )

    world.a.programme.refresh_from_db()
    html = page.content.decode()
    assert html.count("<svg") == 2 + 1 + 2 * 2  # ranking, by organisation, by person, 2 distributions per topic
    assert list(world.a.programme.topics.all()) == [financing]
    assert world.a.programme.goals.endswith("Every town finds funding for one measure.")


def test_export_csv_and_xlsx(client, world):
    _answered(world.a.campaign, world.a.municipality, [(1, 4, 3), (2, 4, 2)])
    client.force_login(world.a.project_manager)

    csv_response = client.get(reverse("assessments:export", kwargs={"pk": world.a.campaign.pk, "fmt": "csv"}))
    xlsx_response = client.get(reverse("assessments:export", kwargs={"pk": world.a.campaign.pk, "fmt": "xlsx"}))

    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    assert rows[0][:3] == ["person", "email", "organisation"]
    assert [(r[7], r[8], r[9], r[10]) for r in rows[1:]] == [
        ("SEAP/SECAP development", "1", "4", "3"),
        ("Financing (EU funds, ESCO, energy performance contracts)", "2", "4", "2"),
    ]
    assert [[c.value for c in row][8:11] for row in sheet.iter_rows(min_row=2)] == [[1, 4, 3], [2, 4, 2]]


def test_profile_for_coordinator_and_tutor_only(client, world):
    _answered(world.a.campaign, world.a.municipality, [(1, 4, 3), (2, 4, 2)])
    invitation = world.a.campaign.invitations.exclude(pk=world.a.invitation.pk).get()
    url = reverse("assessments:profile", kwargs={"pk": invitation.pk})

    statuses = {}
    for role in ("coordinator", "tutor", "project_manager", "employee"):
        client.force_login(world.a.people()[role])
        statuses[role] = client.get(url).status_code

    assert statuses == {"coordinator": 200, "tutor": 200, "project_manager": 404, "employee": 404}


def test_invite_preview_shows_bad_rows_then_invites_the_good(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.a.coordinator)
    url = reverse("assessments:invite", kwargs={"pk": world.a.campaign.pk})

    preview = client.post(
        url,
        {"text": "Nina N, nina@town-a.example, Town A\nBad Row, not-an-email, Nowhere", "membership_role": "lg_staff"},
    )
    body = preview.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirm": "1", "payload": preview.context["payload"]})

    assert "Nowhere" in body and Invitation.objects.filter(person__email="nina@town-a.example").exists()
    assert [row.line for row in preview.context["result"].invalid] == [2]
    assert mail.outbox[-1].to == ["nina@town-a.example"]


def test_invite_with_tampered_preview_is_refused(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("assessments:invite", kwargs={"pk": world.a.campaign.pk}),
        {"confirm": "1", "payload": "forged"},
        follow=True,
    )

    assert "The preview expired or was changed" in response.content.decode()
    assert world.a.campaign.invitations.count() == 1


def test_create_campaign_page_refuses_follow_up_without_baseline(client, world):
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse("assessments:campaign_create", kwargs={"pk": world.a.programme.pk}),
        {"title": "After", "kind": "follow_up", "deadline": "2030-01-01T10:00"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["baseline"] == ["A follow-up repeats a baseline: choose which one."]
    assert not Campaign.objects.filter(title="After").exists()


def test_organisation_capacity_is_shared_by_its_respondents(world):
    colleague = member(world.a.municipality, Role.LG_STAFF)
    other = Invitation.objects.create(campaign=world.a.campaign, person=colleague, organisation=world.a.municipality)
    capacity = {"staff_on_energy": 3, "budget_band": "lt50k", "plan_status": "secap", "earlier_training": "ELENA"}

    services.response_save(invitation=world.a.invitation, answers={}, organisation=capacity, submit=False)
    services.response_save(invitation=other, answers={}, organisation=capacity | {"staff_on_energy": 4}, submit=False)

    profile = OrganisationProfile.objects.get()
    assert (profile.staff_on_energy, profile.updated_by) == (4, colleague)
    assert Response.objects.filter(status=ResponseStatus.DRAFT).count() == 2


def test_tutor_dashboard_lists_trainee_profiles(client, world):
    _answered(world.a.campaign, world.a.municipality, [(1, 4, 3), (2, 4, 2)])
    client.force_login(world.a.tutor)

    response = client.get(reverse("core:dashboard"))

    profiles = response.context["trainee_profiles"]
    assert [invitation.campaign for invitation in profiles] == [world.a.campaign]
    assert reverse("assessments:profile", kwargs={"pk": profiles[0].pk}) in response.content.decode()


def test_export_in_an_unknown_format_is_404(client, world):
    client.force_login(world.a.coordinator)

    response = client.get(reverse("assessments:export", kwargs={"pk": world.a.campaign.pk, "fmt": "pdf"}))

    assert response.status_code == 404


@pytest.mark.parametrize("url_name", ["assessments:campaign_create", "assessments:campaign_edit"])
@pytest.mark.parametrize("deadline", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_a_deadline_at_the_ends_of_the_calendar_is_refused_with_a_message(client, world, url_name, deadline):
    pk = world.a.programme.pk if url_name == "assessments:campaign_create" else world.a.campaign.pk
    before = sorted(Campaign.objects.values_list("title", "deadline"))
    client.force_login(world.a.coordinator)

    response = client.post(
        reverse(url_name, kwargs={"pk": pk}), {"title": "Needs", "kind": "baseline", "deadline": deadline}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["deadline"] == ["Enter a date between Jan. 1, 2000 and Dec. 31, 2099."]
    assert sorted(Campaign.objects.values_list("title", "deadline")) == before
