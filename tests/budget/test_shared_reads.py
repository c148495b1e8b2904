"""Reads shared within a page (core/memo.py), on the budget: the card and the readiness check."""

from decimal import Decimal

import pytest
from django.urls import reverse

from budget import selectors
from core.memo import per_object, shared_reads
from tests.factories import CostLineFactory

pytestmark = pytest.mark.django_db


def test_outside_a_shared_block_a_write_is_seen_by_the_next_read(world, budget):
    programme = world.a.programme
    with shared_reads():
        before = selectors.budget_summary(programme).planned
        CostLineFactory(programme=programme, planned_amount=Decimal("100.00"), actual_amount=None)
        shared = selectors.budget_summary(programme).planned
    after = selectors.budget_summary(programme).planned

    assert (shared, after) == (before, before + 100)


def test_the_programme_page_reads_the_budget_summary_once(client, world, budget, monkeypatch):
    read = selectors.budget_summary.__wrapped__
    made = []

    def counting(programme):
        made.append(programme.pk)
        return read(programme)

    monkeypatch.setattr(selectors, "budget_summary", per_object(counting))
    client.force_login(world.a.coordinator)

    response = client.get(reverse("programmes:detail", args=[world.a.programme.pk]))

    assert (response.status_code, made, "Funding gap" in response.content.decode()) == (
        200,
        [world.a.programme.pk],
        True,
    )
