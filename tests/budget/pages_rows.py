"""Rows for the budget pages in tests/pages.py and ids for tests/test_access.py."""

from __future__ import annotations

from decimal import Decimal

from budget.enums import CostCategory, FundingStatus

from ..factories import CostLineFactory, FundingSourceFactory, SessionFactory
from ..world import World


def budget_rows(world: World, n: int):
    """Cost lines of programme A, each for its own session and shared, with as many funding sources."""
    categories = CostCategory.values
    for i in range(n):
        session = SessionFactory(programme=world.a.programme)
        CostLineFactory(
            programme=world.a.programme,
            category=categories[i % len(categories)],
            session=session,
            planned_amount=Decimal("120.00"),
            actual_amount=Decimal("130.00") if i % 2 else None,
            shared_with="Energy Week",
            shared_share_pct=Decimal("50.00"),
        )
        FundingSourceFactory(programme=world.a.programme, status=FundingStatus.values[i % 3])


def sessions_to_choose(world: World, n: int):
    """Sessions of programme A, offered in the cost line form."""
    for _ in range(n):
        SessionFactory(programme=world.a.programme)


def cost_line_kwargs(world: World) -> dict:
    return {"pk": CostLineFactory(programme=world.a.programme).pk}


def funding_source_kwargs(world: World) -> dict:
    return {"pk": FundingSourceFactory(programme=world.a.programme).pk}
