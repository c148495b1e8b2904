"""Reads of budgets, scoped to the user: coordinators and project managers of the owning organisation."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from core.memo import per_object
from core.scope import get_or_404, roles_of
from programmes.enums import AcceptanceStatus, ApprovalStatus, EnrolmentRole
from programmes.models import Programme, Session
from programmes.selectors import programme_staff_get

from .enums import DEFAULT_CURRENCY, CostCategory, FundingKind, FundingStatus
from .models import CostLine, FundingSource, ProgrammeBudget
from .summary import BudgetSummary, Funding, LineOverrun, category_totals

# Room for a share of an amount: 2 decimals of money times 2 of a percentage, divided by 100.
SHARE_FIELD = DecimalField(max_digits=20, decimal_places=6)
MONEY_FIELD = DecimalField(max_digits=14, decimal_places=2)


def _choice_order(field: str, choices) -> Case:
    """Rows in the order their choices are listed, not in the alphabet of the stored codes."""
    whens = (When(**{field: value}, then=Value(index)) for index, value in enumerate(choices.values))
    return Case(*whens, output_field=IntegerField())


CATEGORY_ORDER = _choice_order("category", CostCategory)
DURATION = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())

# Money the programme can count on: granted or already received.
SECURED_STATUSES = (FundingStatus.GRANTED, FundingStatus.RECEIVED)
# People whose participation the cost is for: learners, not the tutors and facilitators who serve them.
PARTICIPANT_ROLES = (EnrolmentRole.TRAINEE, EnrolmentRole.PEER)


def _share(field: str):
    """The programme's part of an amount: all of it, or its share when the cost is shared. Exact in
    PostgreSQL's numeric arithmetic (SQLite, used by tests, computes in floats and rounds back)."""
    pct = Coalesce(F("shared_share_pct"), Value(Decimal("100")), output_field=SHARE_FIELD)
    return ExpressionWrapper(F(field) * pct * Value(Decimal("0.01")), output_field=SHARE_FIELD)


def budget_programme_get(user, pk, *, manage: bool = False) -> Programme:
    """The programme for a budget page: its organisation's coordinators and project managers read it, and
    with `manage` only its coordinators get it. Anything else (participants included) is a 404."""
    return programme_staff_get(user, pk, manage=manage)


def can_manage_budget(user, programme: Programme) -> bool:
    return programme.organisation_id in roles_of(user).coordinated


def can_read_budget(user, programme: Programme) -> bool:
    return programme.organisation_id in roles_of(user).managed


def cost_line_managed(user, pk) -> CostLine:
    return get_or_404(
        CostLine.objects.filter(programme__organisation_id__in=roles_of(user).coordinated).select_related(
            "programme", "session"
        ),
        pk=pk,
    )


def funding_source_managed(user, pk) -> FundingSource:
    return get_or_404(
        FundingSource.objects.filter(programme__organisation_id__in=roles_of(user).coordinated).select_related(
            "programme"
        ),
        pk=pk,
    )


def programme_currency(programme: Programme) -> str:
    """The programme's currency; the default until a coordinator chooses another."""
    currency = ProgrammeBudget.objects.filter(programme=programme).values_list("currency", flat=True).first()
    return currency or DEFAULT_CURRENCY.value


def programme_cost_lines(programme: Programme) -> QuerySet[CostLine]:
    """The cost lines with the programme's share of each amount and whether it ran over plan."""
    return (
        programme.cost_lines.select_related("session")
        .annotate(
            planned_share=_share("planned_amount"),
            actual_share=_share("actual_amount"),
            over_plan=ExpressionWrapper(Q(actual_amount__gt=F("planned_amount")), output_field=BooleanField()),
        )
        .order_by(CATEGORY_ORDER, "description", "pk")
    )


def programme_funding_sources(programme: Programme) -> QuerySet[FundingSource]:
    return programme.funding_sources.order_by(_choice_order("kind", FundingKind), "name", "pk")


def programme_schedule(programme: Programme) -> QuerySet[Session]:
    """The programme's sessions in order, each with its duration."""
    return programme.sessions.annotate(duration=DURATION).order_by("starts_at", "title")


def _category_sums(programme: Programme) -> dict[str, tuple[Decimal | None, Decimal | None]]:
    rows = (
        programme.cost_lines.values("category")
        .annotate(planned=Sum(_share("planned_amount")), actual=Sum(_share("actual_amount")))
        .order_by()
    )
    return {row["category"]: (row["planned"], row["actual"]) for row in rows}


def _funding(programme: Programme) -> Funding:
    def total(*statuses):
        return Coalesce(Sum("amount", filter=Q(status__in=statuses)), Value(Decimal("0")), output_field=MONEY_FIELD)

    sums = programme.funding_sources.aggregate(
        requested=total(FundingStatus.REQUESTED),
        granted=total(FundingStatus.GRANTED),
        received=total(FundingStatus.RECEIVED),
    )
    return Funding(**sums)


def participant_count(programme: Programme) -> int:
    """Learners approved by their organisation who did not decline.

    Attendance is not recorded yet; once sessions record who came, count those instead.
    """
    return (
        programme.enrolments.filter(role__in=PARTICIPANT_ROLES, approval=ApprovalStatus.APPROVED)
        .exclude(acceptance=AcceptanceStatus.DECLINED)
        .count()
    )


def training_seconds(programme: Programme) -> int:
    """The planned length of all the programme's sessions, in seconds: their planned durations, the
    same figure as the timeline's planned hours (an e-mail exchange open for a week is not 168 hours)."""
    total = programme.sessions.aggregate(total=Sum("planned_minutes"))["total"]
    return int(total) * 60 if total else 0


def _overrun_lines(programme: Programme) -> list[LineOverrun]:
    lines = (
        programme.cost_lines.filter(actual_amount__gt=F("planned_amount"))
        .annotate(planned_share=_share("planned_amount"), actual_share=_share("actual_amount"))
        .order_by(CATEGORY_ORDER, "description", "pk")
        .values_list("pk", "description", "category", "planned_share", "actual_share")
    )
    labels = dict(CostCategory.choices)
    return [
        LineOverrun(pk, description, str(labels[category]), planned, actual)
        for pk, description, category, planned, actual in lines
    ]


@per_object
def budget_summary(programme: Programme) -> BudgetSummary:
    """Everything the budget page sums up, in a fixed number of queries whatever the number of lines.

    Shared within a page's request (core/memo.py): the programme page's budget card and its
    funding-gap readiness check read it once."""
    return BudgetSummary(
        currency=programme_currency(programme),
        categories=category_totals(CostCategory.choices, _category_sums(programme)),
        funding=_funding(programme),
        participants=participant_count(programme),
        training_seconds=training_seconds(programme),
        overrun_lines=_overrun_lines(programme),
    )


def funding_gap(programme: Programme) -> tuple[Decimal, str]:
    """The funding gap and the currency (for the readiness check on every programme page)."""
    summary = budget_summary(programme)
    return summary.gap, summary.currency


def programme_section(user, programme: Programme) -> dict:
    """Context of the budget card on the programme page; empty for people who may not read the budget."""
    if not can_read_budget(user, programme):
        return {}
    return {"budget": budget_summary(programme)}
