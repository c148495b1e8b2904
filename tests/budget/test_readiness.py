from decimal import Decimal

import pytest
from django.urls import reverse

from budget import selectors, services
from budget.enums import FundingStatus
from budget.readiness import funding_gap
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


def test_funding_gap_check_agrees_with_the_summary_in_one_query(world, budget, django_assert_num_queries):
    services.programme_budget_set_currency(programme=world.a.programme, currency="DKK")

    with django_assert_num_queries(1):
        gap = selectors.funding_gap(world.a.programme)

    assert gap == (selectors.budget_summary(world.a.programme).gap, "DKK") == (Decimal("145.658889"), "DKK")


def test_no_warning_once_the_costs_are_covered(world, budget):
    services.funding_source_update(funding_source=budget.national, expected_version=1, status=FundingStatus.GRANTED)

    assert [w.code for w in readiness_warnings(world.a.programme) if w.code == "funding_gap"] == []


def test_programme_without_budget_has_no_funding_warning(world):
    assert list(funding_gap(world.a.programme)) == []
