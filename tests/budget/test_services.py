from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from budget import selectors, services
from budget.enums import CostCategory, FundingKind, FundingStatus
from budget.models import CostLine, FundingSource, ProgrammeBudget
from budget.summary import CategoryTotal, Funding, LineOverrun
from core.concurrency import EditConflict
from tests.factories import CostLineFactory

pytestmark = pytest.mark.django_db

D = Decimal


def _line(**overrides) -> dict:
    fields = {"category": CostCategory.RENT, "description": "Hall", "planned_amount": D("100.00")}
    return fields | overrides


def test_summary_counts_shared_lines_at_their_share(world, budget):
    summary = selectors.budget_summary(world.a.programme)

    by_category = {c.category: (c.planned, c.actual) for c in summary.categories}
    assert by_category == {
        "staff_time": (D("0"), D("0")),
        "rent": (D("200.00"), D("250.00")),
        "travel": (D("111.098889"), D("0")),
        "catering": (D("1234.56"), D("1300.00")),
        "equipment": (D("0"), D("0")),
        "external_services": (D("0"), D("0")),
        "interpretation": (D("0"), D("0")),
        "other": (D("0"), D("0")),
    }
    assert (summary.planned, summary.actual) == (D("1545.658889"), D("1550.00"))


def test_summary_gap_is_planned_minus_granted_and_received(world, budget):
    summary = selectors.budget_summary(world.a.programme)

    assert summary.funding == Funding(requested=D("400.00"), granted=D("900.00"), received=D("500.00"))
    assert (summary.gap, summary.surplus) == (D("145.658889"), D("0"))


def test_summary_shows_a_surplus_when_secured_funding_exceeds_costs(world, budget):
    services.funding_source_update(funding_source=budget.national, expected_version=1, status=FundingStatus.GRANTED)

    summary = selectors.budget_summary(world.a.programme)

    assert (summary.gap, summary.surplus) == (D("0"), D("254.341111"))


def test_cost_per_learner_counts_approved_trainees_and_peers_who_did_not_decline(world, budget):
    summary = selectors.budget_summary(world.a.programme)

    assert (summary.participants, summary.planned_per_participant, summary.actual_per_participant) == (
        3,
        D("515.22"),
        D("516.67"),
    )


def test_cost_per_hour_uses_the_sessions_durations(world, budget):
    summary = selectors.budget_summary(world.a.programme)

    assert (summary.training_seconds, summary.planned_per_hour, summary.actual_per_hour) == (
        19800,
        D("281.03"),
        D("281.82"),
    )


def test_summary_warns_of_lines_and_categories_over_plan(world, budget):
    summary = selectors.budget_summary(world.a.programme)

    assert [(c.category, c.overrun) for c in summary.overrun_categories] == [
        ("rent", D("50.00")),
        ("catering", D("65.44")),
    ]
    assert summary.overrun_lines == [
        LineOverrun(budget.rent.pk, "Conference hall", "Rent", D("200.00"), D("250.00")),
        LineOverrun(budget.catering.pk, "Lunches", "Catering", D("1234.56"), D("1300.00")),
    ]


def test_empty_budget_has_zero_totals_and_no_unit_costs(world):
    summary = selectors.budget_summary(world.a.programme)

    assert (summary.planned, summary.gap, summary.planned_per_participant, summary.has_warnings) == (
        D("0"),
        D("0"),
        None,
        False,
    )
    assert summary.categories[0] == CategoryTotal("staff_time", "Staff time", D("0"), D("0"))


def test_summary_takes_a_fixed_number_of_queries(world, budget, django_assert_num_queries):
    for _ in range(20):
        CostLineFactory(programme=world.a.programme, actual_amount=D("500.00"))

    with django_assert_num_queries(6):
        selectors.budget_summary(world.a.programme)


def test_create_cost_line_keeps_exact_amounts(world):
    line = services.cost_line_create(
        programme=world.a.programme, **_line(planned_amount=D("0.10"), actual_amount=D("0.20"))
    )

    assert CostLine.objects.filter(pk=line.pk).values_list("planned_amount", "actual_amount").get() == (
        D("0.10"),
        D("0.20"),
    )


def test_cost_line_refuses_a_session_of_another_programme(world):
    with pytest.raises(ValidationError) as error:
        services.cost_line_create(programme=world.a.programme, **_line(session=world.b.session))

    assert error.value.message_dict == {"session": ["Choose a session of this programme."]}


def test_shared_cost_needs_the_other_project_and_the_share(world):
    with pytest.raises(ValidationError) as error:
        services.cost_line_create(programme=world.a.programme, **_line(shared_with="Energy Week"))

    assert error.value.message_dict == {"shared_share_pct": ["Give the share of this cost that the programme bears."]}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"planned_amount": D("-0.01")}, "planned_amount"),
        ({"actual_amount": D("-5.00")}, "actual_amount"),
        ({"shared_with": "Energy Week", "shared_share_pct": D("100.01")}, "shared_share_pct"),
    ],
)
def test_cost_line_refuses_negative_amounts_and_shares_over_100(world, overrides, field):
    with pytest.raises(ValidationError) as error:
        services.cost_line_create(programme=world.a.programme, **_line(**overrides))

    assert list(error.value.message_dict) == [field]


@pytest.mark.parametrize(
    "overrides",
    [
        {"planned_amount": D("-1.00")},
        {"actual_amount": D("-1.00")},
        {"shared_with": "Energy Week", "shared_share_pct": D("101")},
        {"shared_with": "Energy Week"},
    ],
)
def test_database_refuses_what_the_form_would(world, overrides):
    with pytest.raises(IntegrityError):
        CostLine.objects.create(programme=world.a.programme, **_line(**overrides))


def test_database_refuses_negative_funding(world):
    with pytest.raises(IntegrityError):
        FundingSource.objects.create(
            programme=world.a.programme, kind=FundingKind.OWN, name="Agency", amount=D("-1"), status="granted"
        )


def test_update_bumps_the_version(world, budget):
    services.cost_line_update(cost_line=budget.catering, expected_version=1, actual_amount=D("1100.00"))

    assert CostLine.objects.filter(pk=budget.catering.pk).values_list("actual_amount", "version").get() == (
        D("1100.00"),
        2,
    )


def test_stale_update_is_refused_and_names_what_changed(world, budget):
    first, second = CostLine.objects.get(pk=budget.rent.pk), CostLine.objects.get(pk=budget.rent.pk)
    services.cost_line_update(cost_line=first, expected_version=1, planned_amount=D("900.00"))

    with pytest.raises(EditConflict) as conflict:
        services.cost_line_update(cost_line=second, expected_version=1, description="Big hall")

    assert conflict.value.changes == {"description": "Conference hall", "planned amount": "900.00"}
    assert CostLine.objects.filter(pk=budget.rent.pk).values_list("description", "planned_amount").get() == (
        "Conference hall",
        D("900.00"),
    )


def test_stale_funding_update_is_refused(world, budget):
    services.funding_source_update(funding_source=budget.eu, expected_version=1, amount=D("950.00"))

    with pytest.raises(EditConflict) as conflict:
        services.funding_source_update(funding_source=budget.eu, expected_version=1, amount=D("999.00"))

    assert conflict.value.changes == {"amount": "950.00"}


def test_delete_removes_only_that_line(world, budget):
    services.cost_line_delete(cost_line=budget.travel)

    assert set(world.a.programme.cost_lines.values_list("description", flat=True)) == {"Lunches", "Conference hall"}


def test_funding_source_create_and_delete(world):
    source = services.funding_source_create(
        programme=world.a.programme, kind=FundingKind.SPONSOR, name="Utility", amount=D("250.00"), status="requested"
    )
    services.funding_source_delete(funding_source=source)

    assert FundingSource.objects.filter(programme=world.a.programme).count() == 0


def test_currency_is_eur_until_chosen_and_stored_once(world):
    before = selectors.programme_currency(world.a.programme)

    services.programme_budget_set_currency(programme=world.a.programme, currency="PLN")
    services.programme_budget_set_currency(programme=world.a.programme, currency="CZK")

    assert (before, selectors.programme_currency(world.a.programme)) == ("EUR", "CZK")
    assert ProgrammeBudget.objects.filter(programme=world.a.programme).count() == 1


def test_unknown_currency_is_refused(world):
    with pytest.raises(ValidationError):
        services.programme_budget_set_currency(programme=world.a.programme, currency="HRK")
