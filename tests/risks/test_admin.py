import pytest
from django.urls import reverse

from tests.factories import RiskFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_searches_and_filters_risks(client, world):
    RiskFactory(programme=world.a.programme, title="Interpreters unavailable", likelihood=4, impact=4)
    RiskFactory(programme=world.a.programme, title="Venue closes", status="closed")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:risks_risk_changelist")

    found = client.get(url, {"q": "interpreters", "status__exact": "open", "o": "6"})

    assert (found.status_code, [risk.title for risk in found.context["cl"].result_list]) == (
        200,
        ["Interpreters unavailable"],
    )


def test_admin_edit_bumps_the_version(client, world):
    risk = RiskFactory(programme=world.a.programme, title="Funding")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:risks_risk_change", args=[risk.pk])
    data = {
        "programme": world.a.programme.pk,
        "title": "Funding gap",
        "category": "financial",
        "description": "",
        "likelihood": "3",
        "impact": "3",
        "mitigation": "",
        "owner": "",
        "status": "open",
        "review_date": "",
    }

    response = client.post(url, data)

    risk.refresh_from_db()
    assert (response.status_code, risk.title, risk.version) == (302, "Funding gap", 2)
