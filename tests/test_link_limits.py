"""Rate limits on the personal links of the needs assessment and the evaluation, per client address."""

import pytest
from django.urls import reverse

from tests.evaluation import rows

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
RESPONDENT = "198.51.100.20"


def assessment_url(invitation, secret=None):
    return reverse(
        "assessments:respond", kwargs={"public_id": invitation.public_id, "secret": secret or invitation.secret}
    )


def evaluation_url(invitee, secret=None):
    return reverse("evaluation:respond", kwargs={"public_id": invitee.public_id, "secret": secret or invitee.secret})


def test_wrong_secrets_from_one_address_are_refused_after_twenty(client, world, settings):
    url = assessment_url(world.a.invitation, secret="wrong-secret")

    statuses = [client.get(url, REMOTE_ADDR=ATTACKER).status_code for _ in range(21)]
    # Even the right link is refused from that address until the window ends.
    right = client.get(assessment_url(world.a.invitation), REMOTE_ADDR=ATTACKER)

    assert statuses == [404] * 20 + [429]
    assert right.status_code == 429
    assert "Too many attempts" in right.content.decode()
    assert int(right.headers["Retry-After"]) > 0


def test_a_valid_link_from_another_address_still_opens(client, world):
    for _ in range(25):
        client.get(assessment_url(world.a.invitation, secret="wrong-secret"), REMOTE_ADDR=ATTACKER)

    response = client.get(assessment_url(world.a.invitation), REMOTE_ADDR=RESPONDENT)

    assert response.status_code == 200


def test_failures_on_either_kind_of_link_share_one_count(client, world):
    invitee = rows.invitee(world)
    for _ in range(20):
        client.get(assessment_url(world.a.invitation, secret="wrong-secret"), REMOTE_ADDR=ATTACKER)

    wrong_evaluation = client.get(evaluation_url(invitee, secret="wrong-secret"), REMOTE_ADDR=ATTACKER)
    right_evaluation = client.get(evaluation_url(invitee), REMOTE_ADDR=RESPONDENT)

    assert wrong_evaluation.status_code == 429
    assert right_evaluation.status_code == 200


def test_evaluation_link_wrong_secrets_are_refused_after_twenty(client, world):
    invitee = rows.invitee(world)
    url = evaluation_url(invitee, secret="wrong-secret")

    statuses = [client.get(url, REMOTE_ADDR=ATTACKER).status_code for _ in range(21)]

    assert statuses == [404] * 20 + [429]


def test_more_than_sixty_lookups_a_minute_from_one_address_are_refused(client, world, settings):
    settings.LINK_LOOKUP_RATE = "60/m"
    url = assessment_url(world.a.invitation)

    statuses = [client.get(url, REMOTE_ADDR=RESPONDENT).status_code for _ in range(61)]

    assert statuses == [200] * 60 + [429]


def test_forwarded_address_counts_only_behind_a_trusted_proxy(client, world, settings):
    url = assessment_url(world.a.invitation, secret="wrong-secret")
    # A client cannot escape its limit by writing its own X-Forwarded-For.
    forged = [client.get(url, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{i}").status_code for i in range(21)]
    settings.TRUSTED_PROXY_COUNT = 1
    proxied = client.get(url, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"forged, {RESPONDENT}")

    assert forged[-1] == 429
    assert proxied.status_code == 404


def test_lookups_go_through_when_the_cache_is_down(client, world, monkeypatch):
    def unavailable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("core.link_limits.get_usage", unavailable)

    response = client.get(assessment_url(world.a.invitation), REMOTE_ADDR=RESPONDENT)

    assert response.status_code == 200
