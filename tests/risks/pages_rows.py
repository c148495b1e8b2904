"""Rows for the risk pages in tests/pages.py: each adds n rows that appear on its page."""

from __future__ import annotations

import datetime

from django.utils import timezone

from core.enums import Role
from programmes.enums import ApprovalStatus
from risks.enums import RiskStatus

from ..factories import EnrolmentFactory, RiskFactory, SessionFactory, member
from ..world import World


def risks_with_owners(world: World, n: int):
    """Risks of programme A, each owned by a different person, some overdue for review."""
    for i in range(n):
        owner = member(world.a.municipality, Role.LG_STAFF)
        RiskFactory(
            programme=world.a.programme,
            owner=owner,
            likelihood=1 + i % 5,
            impact=5 - i % 5,
            review_date=timezone.localdate() - datetime.timedelta(days=1 + i % 3),
        )


def edited_risk_kwargs(world: World) -> dict:
    return {"pk": RiskFactory(programme=world.a.programme).pk}


def owner_candidates(world: World, n: int):
    for _ in range(n):
        member(world.a.municipality, Role.LG_STAFF)


def readiness_problems(world: World, n: int):
    """Of each kind the readiness check warns about: high open risks overdue for review, sessions
    without a place, trainees waiting for approval."""
    for _ in range(n):
        RiskFactory(
            programme=world.a.programme,
            owner=member(world.a.municipality, Role.LG_STAFF),
            likelihood=5,
            impact=4,
            status=RiskStatus.OPEN,
            review_date=timezone.localdate() - datetime.timedelta(days=3),
        )
        SessionFactory(programme=world.a.programme, location="", online_url="")
        EnrolmentFactory(
            programme=world.a.programme, organisation=world.a.municipality, approval=ApprovalStatus.PENDING
        )
