"""The budget arithmetic on plain data: exact Decimals, gap and surplus, unit costs rounded to cents."""

from decimal import Decimal

from budget.summary import BudgetSummary, CategoryTotal, Funding, category_totals, hours, per_unit

D = Decimal


def _summary(planned, actual="0", *, secured="0", participants=0, seconds=0) -> BudgetSummary:
    return BudgetSummary(
        currency="EUR",
        categories=[CategoryTotal("rent", "Rent", D(planned), D(actual))],
        funding=Funding(granted=D(secured)),
        participants=participants,
        training_seconds=seconds,
        overrun_lines=[],
    )


def test_category_totals_keep_the_order_and_fill_missing_with_zero():
    totals = category_totals([("rent", "Rent"), ("catering", "Catering")], {"catering": (D("12.50"), None)})

    assert totals == [
        CategoryTotal("rent", "Rent", D("0"), D("0")),
        CategoryTotal("catering", "Catering", D("12.50"), D("0")),
    ]


def test_secured_funding_is_granted_plus_received_and_requested_stays_apart():
    funding = Funding(requested=D("400.00"), granted=D("900.00"), received=D("500.00"))

    assert (funding.secured, funding.total) == (D("1400.00"), D("1800.00"))


def test_gap_is_planned_minus_secured_and_surplus_is_zero():
    summary = _summary("1545.659889", secured="1400.00")

    assert (summary.gap, summary.surplus) == (D("145.659889"), D("0"))


def test_more_funding_than_costs_is_a_surplus_and_no_gap():
    summary = _summary("1000.00", secured="1250.50")

    assert (summary.gap, summary.surplus) == (D("0"), D("250.50"))


def test_cost_per_participant_is_rounded_half_up_to_cents():
    summary = _summary("100.00", "0.05", participants=3)

    assert (summary.planned_per_participant, summary.actual_per_participant) == (D("33.33"), D("0.02"))


def test_cost_per_hour_divides_by_exact_seconds():
    # 1000 over 2 h 40 min = 375 per hour exactly; rounding the hours first would give 373.13.
    summary = _summary("1000.00", seconds=9600)

    assert (summary.planned_per_hour, summary.training_hours) == (D("375.00"), D("2.6667"))


def test_unit_costs_without_participants_or_hours_are_unknown():
    summary = _summary("1000.00")

    assert (summary.planned_per_participant, summary.planned_per_hour) == (None, None)


def test_per_unit_and_hours_helpers():
    assert (per_unit(D("10"), 4), per_unit(D("10"), 0), hours(5400)) == (D("2.50"), None, D("1.5000"))


def test_overrun_categories_are_those_whose_actual_exceeds_plan():
    summary = BudgetSummary(
        currency="EUR",
        categories=[
            CategoryTotal("rent", "Rent", D("200.00"), D("250.00")),
            CategoryTotal("catering", "Catering", D("300.00"), D("300.00")),
        ],
        funding=Funding(),
        participants=0,
        training_seconds=0,
        overrun_lines=[],
    )

    assert ([c.category for c in summary.overrun_categories], summary.categories[0].overrun) == (
        ["rent"],
        D("50.00"),
    )
