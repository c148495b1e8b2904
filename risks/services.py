"""Every write to the risk register."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core.concurrency import save_versioned
from programmes.models import Programme

from .barriers import BARRIERS
from .models import Risk

RISK_FIELDS = [
    "title",
    "category",
    "description",
    "likelihood",
    "impact",
    "mitigation",
    "owner",
    "status",
    "review_date",
]


@transaction.atomic
def risks_seed_for_programme(*, programme: Programme) -> list[Risk]:
    """Add the method's barriers that the programme's register does not hold yet; return the added ones.

    Calling it again adds nothing; the database refuses a second row of the same barrier. The
    texts are stored in the language active at the call, for the coordinator to edit.
    """
    present = set(programme.risks.filter(code__isnull=False).values_list("code", flat=True))
    risks = []
    for barrier in BARRIERS:
        if barrier.code in present:
            continue
        risk = Risk(
            programme=programme,
            code=barrier.code,
            title=str(barrier.title),
            category=barrier.category,
            description=str(barrier.description),
            likelihood=barrier.likelihood,
            impact=barrier.impact,
            mitigation=str(barrier.mitigation),
        )
        risk.full_clean(exclude=["programme"], validate_unique=False, validate_constraints=False)
        risks.append(risk)
    return Risk.objects.bulk_create(risks)


@transaction.atomic
def risk_create(*, programme: Programme, **fields) -> Risk:
    risk = Risk(programme=programme, **fields)
    risk.full_clean()
    risk.save()
    return risk


@transaction.atomic
def risk_update(*, risk: Risk, expected_version: int, **fields) -> Risk:
    """Save an edit of a risk loaded at `expected_version`; EditConflict if someone saved in between."""
    for name, value in fields.items():
        setattr(risk, name, value)
    save_versioned(risk, expected_version=expected_version, fields=RISK_FIELDS)
    # Kept out of the compared fields, so that a conflict lists only what a person changed.
    risk.updated = timezone.now()
    Risk.objects.filter(pk=risk.pk).update(updated=risk.updated)
    return risk


@transaction.atomic
def risk_delete(*, risk: Risk) -> None:
    risk.delete()
