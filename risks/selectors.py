"""Reads of the risk register, scoped to the user: the owning organisation's coordinators and
project managers read it, its coordinators change it; anyone else gets a 404."""

from __future__ import annotations

from collections import Counter

from django.db.models import F, QuerySet

from core.memo import per_object
from core.models import User
from core.scope import get_or_404, organisations_for, roles_of
from programmes.models import Programme
from programmes.selectors import programme_staff_get

from .enums import RiskSort, RiskStatus
from .models import Risk

ORDERINGS = {
    RiskSort.SCORE_DESC: ("-score_value", "title", "pk"),
    RiskSort.SCORE_ASC: ("score_value", "title", "pk"),
    RiskSort.REVIEW_DATE: (F("review_date").asc(nulls_last=True), "-score_value", "pk"),
    RiskSort.TITLE: ("title", "pk"),
}

TOP_RISKS = 3


def risks_scored(risks: QuerySet[Risk]) -> QuerySet[Risk]:
    """Annotate `score_value`, likelihood × impact computed by the database, to order and filter on."""
    return risks.annotate(score_value=F("likelihood") * F("impact"))


def risk_programme_get(user, pk, *, manage: bool = False) -> Programme:
    """A programme whose register the user may read (or, with `manage`, change)."""
    return programme_staff_get(user, pk, manage=manage)


def risk_managed(user, pk) -> Risk:
    return get_or_404(
        Risk.objects.filter(programme__organisation_id__in=roles_of(user).coordinated).select_related(
            "programme", "programme__organisation"
        ),
        pk=pk,
    )


def can_manage_risks(user, programme: Programme) -> bool:
    return programme.organisation_id in roles_of(user).coordinated


def programme_risks(programme: Programme, *, status: str = "", sort: str = RiskSort.SCORE_DESC) -> QuerySet[Risk]:
    """The register, scored by the database so that it sorts on the score."""
    risks = risks_scored(programme.risks.select_related("owner"))
    if status:
        risks = risks.filter(status=status)
    return risks.order_by(*ORDERINGS[RiskSort(sort)])


def risk_owner_choices(user) -> QuerySet[User]:
    """People who may own a risk: members of the organisations the coordinator sees."""
    return (
        User.objects.filter(memberships__organisation__in=organisations_for(user), is_active=True)
        .distinct()
        .order_by("full_name", "email")
    )


def risk_counts(programme: Programme) -> dict[str, int]:
    counts = Counter(risk.status for risk in programme_risks_scored(programme))
    return {status: counts.get(status, 0) for status in RiskStatus.values}


@per_object
def programme_risks_scored(programme: Programme) -> list[Risk]:
    """All the programme's risks, scored, highest score first: one query for the programme page's risk
    card and its two readiness checks (a register holds tens of risks, not thousands)."""
    return list(risks_scored(programme.risks.all()).order_by(*ORDERINGS[RiskSort.SCORE_DESC]))


def programme_section(user, programme: Programme) -> dict:
    """The readiness and risk cards of the programme page, for the owning organisation's
    coordinators and project managers; nothing for anyone else. A fixed number of queries."""
    from .readiness import readiness_warnings  # readiness reads risks through this module

    if programme.organisation_id not in roles_of(user).managed:
        return {"risks_section": None}
    top = [risk for risk in programme_risks_scored(programme) if risk.status != RiskStatus.CLOSED][:TOP_RISKS]
    return {
        "risks_section": {
            "warnings": readiness_warnings(programme),
            "counts": risk_counts(programme),
            "top_risks": top,
        }
    }
