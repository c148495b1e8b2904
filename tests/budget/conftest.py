import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from budget.enums import CostCategory, FundingKind, FundingStatus
from budget.models import CostLine, FundingSource
from programmes.enums import AcceptanceStatus, ApprovalStatus, EnrolmentRole
from programmes.models import Session
from tests.factories import CostLineFactory, EnrolmentFactory, FundingSourceFactory, SessionFactory

D = Decimal


@dataclass
class Budget:
    catering: CostLine
    rent: CostLine
    travel: CostLine
    own: FundingSource
    eu: FundingSource
    national: FundingSource
    session: Session


@pytest.fixture
def budget(world):
    """Programme A's budget: one plain line, two shared ones, three funding sources, 5.5 hours, 3 learners.

    Planned (programme's share): 1234.56 + 800 × 25% + 333.33 × 33.33% = 1545.658889.
    Actual: 1300.00 + 1000 × 25% = 1550.00. Secured: 500 + 900 = 1400; requested 400.
    """
    programme = world.a.programme
    long_session = SessionFactory(
        programme=programme,
        title="Study visit",
        starts_at=world.a.session.starts_at + datetime.timedelta(days=7),
        ends_at=world.a.session.starts_at + datetime.timedelta(days=7, hours=3, minutes=30),
        location="Tienen",
    )
    catering = CostLineFactory(
        programme=programme,
        category=CostCategory.CATERING,
        description="Lunches",
        planned_amount=D("1234.56"),
        actual_amount=D("1300.00"),
        session=world.a.session,
    )
    rent = CostLineFactory(
        programme=programme,
        category=CostCategory.RENT,
        description="Conference hall",
        planned_amount=D("800.00"),
        actual_amount=D("1000.00"),
        shared_with="Energy Week 2027",
        shared_share_pct=D("25.00"),
    )
    travel = CostLineFactory(
        programme=programme,
        category=CostCategory.TRAVEL,
        description="Bus to Tienen",
        planned_amount=D("333.33"),
        shared_with="Mobility network",
        shared_share_pct=D("33.33"),
        session=long_session,
    )
    own = FundingSourceFactory(
        programme=programme, kind=FundingKind.OWN, name="Agency", amount=D("500.00"), status=FundingStatus.RECEIVED
    )
    eu = FundingSourceFactory(
        programme=programme,
        kind=FundingKind.EU_PROGRAMME,
        name="LIFE",
        amount=D("900.00"),
        status=FundingStatus.GRANTED,
    )
    national = FundingSourceFactory(
        programme=programme,
        kind=FundingKind.NATIONAL,
        name="Energy ministry",
        amount=D("400.00"),
        status=FundingStatus.REQUESTED,
    )
    approved = {"programme": programme, "organisation": world.a.municipality, "approval": ApprovalStatus.APPROVED}
    EnrolmentFactory(**approved, acceptance=AcceptanceStatus.ACCEPTED)
    EnrolmentFactory(**approved, role=EnrolmentRole.PEER)
    EnrolmentFactory(**approved)
    EnrolmentFactory(**approved, acceptance=AcceptanceStatus.DECLINED)
    EnrolmentFactory(**approved, role=EnrolmentRole.FACILITATOR)
    return Budget(catering, rent, travel, own, eu, national, long_session)
