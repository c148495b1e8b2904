from decimal import Decimal

import pytest
from django.urls import reverse

from budget import selectors, services
from budget.enums import FundingStatus
from budget.readiness import funding_gap
from core.memo import shared_reads
from programmes.models import Programme
from risks.readiness import Severity, Warning, readiness_warnings

pytestmark = pytest.mark.django_db


def test_funding_gap_is_a_high_readiness_warning_linking_to_the_budget(world, budget):
    warnings = list(funding_gap(world.a.programme))

    assert warnings == [
        Warning(
            "funding_gap",
            "Funding gap: 145.66\xa0EUR of the planned costs are not covered by granted or received funding.",
            reverse("budget:programme", kwargs={"pk": world.a.programme.pk}),
            Severity.HIGH,
        )
    ]


def test_funding_gap_check_and_the_budget_card_share_six_queries(world, budget, django_assert_num_queries):
    services.programme_budget_set_currency(programme=world.a.programme, currency="DKK")
    programme = Programme.objects.get(pk=world.a.programme.pk)  # as the programme page fetches it

    with shared_reads(), django_assert_num_queries(6):  # as within the page's GET request
        gap = selectors.funding_gap(programme)
        summary = selectors.budget_summary(programme)

    assert gap == (summary.gap, "DKK") == (Decimal("145.658889"), "DKK")


def test_no_warning_once_the_costs_are_covered(world, budget):
    services.funding_source_update(funding_source=budget.national, expected_version=1, status=FundingStatus.GRANTED)

    assert [w.code for w in readiness_warnings(world.a.programme) if w.code == "funding_gap"] == []


def test_programme_without_budget_has_no_funding_warning(world):
    assert list(funding_gap(world.a.programme)) == []
