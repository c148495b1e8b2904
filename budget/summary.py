"""Budget arithmetic on plain data: totals, funding gap, unit costs, overruns.

No ORM here: the selectors add up amounts in the database and hand the sums over. Amounts are
Decimals and stay exact; a programme's share of a shared cost keeps all its decimals, and only
the unit costs (a division) are rounded, to cents, half up; pages round the rest for display.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
CENT = Decimal("0.01")
SECONDS_PER_HOUR = Decimal(3600)


def per_unit(amount: Decimal, units: Decimal | int) -> Decimal | None:
    """`amount` divided by `units`, rounded to cents; None when there is nothing to divide by."""
    if not units:
        return None
    return (amount / Decimal(units)).quantize(CENT, rounding=ROUND_HALF_UP)


def hours(seconds: int) -> Decimal:
    """Hours from a number of seconds, exact to the second (rounded to 4 decimals)."""
    return (Decimal(seconds) / SECONDS_PER_HOUR).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CategoryTotal:
    category: str
    label: str
    planned: Decimal
    actual: Decimal

    @property
    def overrun(self) -> Decimal:
        """How much the actual cost exceeds the plan; zero when within it."""
        return max(self.actual - self.planned, ZERO)


@dataclass(frozen=True)
class LineOverrun:
    pk: int
    description: str
    category_label: str
    planned: Decimal
    actual: Decimal

    @property
    def overrun(self) -> Decimal:
        return self.actual - self.planned


@dataclass(frozen=True)
class Funding:
    requested: Decimal = ZERO
    granted: Decimal = ZERO
    received: Decimal = ZERO

    @property
    def secured(self) -> Decimal:
        """Money the programme can count on: granted or received."""
        return self.granted + self.received

    @property
    def total(self) -> Decimal:
        return self.requested + self.secured


@dataclass(frozen=True)
class BudgetSummary:
    currency: str
    categories: list[CategoryTotal]
    funding: Funding
    participants: int
    training_seconds: int
    overrun_lines: list[LineOverrun]

    @property
    def planned(self) -> Decimal:
        return sum((c.planned for c in self.categories), ZERO)

    @property
    def actual(self) -> Decimal:
        return sum((c.actual for c in self.categories), ZERO)

    @property
    def gap(self) -> Decimal:
        """Planned costs not covered by secured funding; never below zero."""
        return max(self.planned - self.funding.secured, ZERO)

    @property
    def surplus(self) -> Decimal:
        """Secured funding beyond the planned costs; never below zero."""
        return max(self.funding.secured - self.planned, ZERO)

    @property
    def training_hours(self) -> Decimal:
        return hours(self.training_seconds)

    @property
    def planned_per_participant(self) -> Decimal | None:
        return per_unit(self.planned, self.participants)

    @property
    def actual_per_participant(self) -> Decimal | None:
        return per_unit(self.actual, self.participants)

    @property
    def planned_per_hour(self) -> Decimal | None:
        return self._per_hour(self.planned)

    @property
    def actual_per_hour(self) -> Decimal | None:
        return self._per_hour(self.actual)

    def _per_hour(self, amount: Decimal) -> Decimal | None:
        # Divide by seconds, not by rounded hours, so the result is exact before the final rounding.
        if not self.training_seconds:
            return None
        return per_unit(amount * SECONDS_PER_HOUR, self.training_seconds)

    @property
    def overrun_categories(self) -> list[CategoryTotal]:
        return [c for c in self.categories if c.overrun > 0]

    @property
    def has_warnings(self) -> bool:
        return bool(self.overrun_categories or self.overrun_lines)


def category_totals(
    categories: Iterable[tuple[str, str]], sums: Mapping[str, tuple[Decimal | None, Decimal | None]]
) -> list[CategoryTotal]:
    """One total per category in the given order, zero where `sums` has nothing."""
    result = []
    for value, label in categories:
        planned, actual = sums.get(value, (None, None))
        result.append(CategoryTotal(value, str(label), planned or ZERO, actual or ZERO))
    return result
