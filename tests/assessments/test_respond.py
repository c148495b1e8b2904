"""The personal link: no account, one response, drafts, closing, bad links."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Campaign, Response

pytestmark = pytest.mark.django_db


def _url(invitation, secret=None):
    return reverse(
        "assessments:respond", kwargs={"public_id": invitation.public_id, "secret": secret or invitation.secret}
    )


def _full(campaign, **overrides):
    data = {"action": "submit", "staff_on_energy": "2", "budget_band": "lt10k", "plan_status": "seap"}
    for topic in campaign.topics.all():
        data.update(
            {f"t{topic.pk}_current_level": "2", f"t{topic.pk}_required_level": "4", f"t{topic.pk}_priority": "3"}
        )
    data.update(overrides)
    return data


def test_link_opens_without_account(client, world):
    response = client.get(_url(world.a.invitation))

    assert response.status_code == 200
    assert response.context["form"].topics == list(world.a.campaign.topics.order_by("order", "name"))


@pytest.mark.parametrize("secret", ["x" * 43, "", "A" * 200])
def test_tampered_link_gets_a_clear_page(client, world, secret):
    url = (
        _url(world.a.invitation).replace(world.a.invitation.secret, secret)
        if secret
        else (f"/assessments/a/{world.a.invitation.public_id}/%20/")
    )

    response = client.get(url)

    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_expired_link_says_closed(client, world):
    Campaign.objects.filter(pk=world.a.campaign.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))

    response = client.get(_url(world.a.invitation))
    posted = client.post(_url(world.a.invitation), _full(world.a.campaign))

    assert (response.status_code, posted.status_code) == (410, 410)
    assert "This questionnaire is closed" in response.content.decode()
    assert Response.objects.count() == 0


def test_incomplete_submission_shows_errors_and_keeps_input(client, world):
    topic = world.a.campaign.topics.order_by("order").first()
    data = _full(world.a.campaign, **{f"t{topic.pk}_required_level": "", f"t{topic.pk}_challenges": "No data yet"})

    response = client.post(_url(world.a.invitation), data)

    assert response.status_code == 400
    assert response.context["form"].errors[f"t{topic.pk}_required_level"] == ["Choose where your job needs you."]
    assert "No data yet" in response.content.decode()
    assert Response.objects.count() == 0


def test_out_of_range_level_is_refused(client, world):
    topic = world.a.campaign.topics.first()

    response = client.post(_url(world.a.invitation), _full(world.a.campaign, **{f"t{topic.pk}_current_level": "9"}))

    assert response.status_code == 400
    assert f"t{topic.pk}_current_level" in response.context["form"].errors


def test_draft_resumes_from_the_same_link(client, world):
    topic = world.a.campaign.topics.order_by("order").first()

    client.post(
        _url(world.a.invitation), {"action": "draft", f"t{topic.pk}_current_level": "3", "staff_on_energy": "5"}
    )
    page = client.get(_url(world.a.invitation))

    assert Response.objects.get().status == "draft"
    assert page.context["form"].initial[f"t{topic.pk}_current_level"] == 3
    assert page.context["form"].initial["staff_on_energy"] == 5


def test_submitting_twice_keeps_one_response(client, world):
    first = client.post(_url(world.a.invitation), _full(world.a.campaign))
    second = client.post(_url(world.a.invitation), _full(world.a.campaign))

    assert (first.status_code, second.status_code) == (200, 200)
    assert (Response.objects.count(), Answer.objects.count()) == (1, 2)
    assert "Thank you" in second.content.decode()
