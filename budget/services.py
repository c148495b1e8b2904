"""Every write to budgets: cost lines, funding sources and the programme's currency."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core.audit import audit_record, changed_fields
from core.concurrency import save_versioned
from core.models import AuditAction
from programmes.models import Programme

from .models import CostLine, FundingSource, ProgrammeBudget

COST_LINE_FIELDS = [
    "category",
    "description",
    "planned_amount",
    "actual_amount",
    "session",
    "shared_with",
    "shared_share_pct",
]
FUNDING_SOURCE_FIELDS = ["kind", "name", "amount", "status"]


@transaction.atomic
def programme_budget_set_currency(*, programme: Programme, currency: str, actor=None) -> ProgrammeBudget:
    """Set the currency of a programme's amounts, creating its budget settings the first time."""
    budget, _created = ProgrammeBudget.objects.select_for_update().get_or_create(programme=programme)
    changed = budget.currency != currency
    budget.currency = currency
    budget.full_clean()
    budget.save()
    if changed:
        audit_record(actor=actor, programme=programme, action=AuditAction.CHANGED, obj=budget, fields=["currency"])
    return budget


def _save_edit(instance, *, expected_version: int, fields: list[str], changes: dict, actor=None):
    """Apply `changes` and save them if nobody saved the row since `expected_version` (else EditConflict)."""
    # Compared with the stored row: a model form may have set its values on `instance` already.
    changed = changed_fields(type(instance).objects.get(pk=instance.pk), changes)
    for name, value in changes.items():
        setattr(instance, name, value)
    save_versioned(instance, expected_version=expected_version, fields=fields)
    # Kept out of `fields`: the conflict message names what people changed, not the moment of saving.
    type(instance).objects.filter(pk=instance.pk).update(updated=timezone.now())
    if changed:
        audit_record(
            actor=actor, programme=instance.programme, action=AuditAction.CHANGED, obj=instance, fields=changed
        )
    return instance


@transaction.atomic
def cost_line_create(*, programme: Programme, actor=None, **fields) -> CostLine:
    cost_line = CostLine(programme=programme, **fields)
    cost_line.full_clean()
    cost_line.save()
    audit_record(actor=actor, programme=programme, action=AuditAction.CREATED, obj=cost_line, fields=sorted(fields))
    return cost_line


@transaction.atomic
def cost_line_update(*, cost_line: CostLine, expected_version: int, actor=None, **fields) -> CostLine:
    """Save an edit made on the line as loaded at `expected_version`; EditConflict if someone saved since."""
    return _save_edit(
        cost_line, expected_version=expected_version, fields=COST_LINE_FIELDS, changes=fields, actor=actor
    )


@transaction.atomic
def cost_line_delete(*, cost_line: CostLine, actor=None) -> None:
    audit_record(actor=actor, programme=cost_line.programme, action=AuditAction.DELETED, obj=cost_line)
    cost_line.delete()


@transaction.atomic
def funding_source_create(*, programme: Programme, actor=None, **fields) -> FundingSource:
    funding_source = FundingSource(programme=programme, **fields)
    funding_source.full_clean()
    funding_source.save()
    audit_record(
        actor=actor, programme=programme, action=AuditAction.CREATED, obj=funding_source, fields=sorted(fields)
    )
    return funding_source


@transaction.atomic
def funding_source_update(
    *, funding_source: FundingSource, expected_version: int, actor=None, **fields
) -> FundingSource:
    """Save an edit made on the source as loaded at `expected_version`; EditConflict if someone saved since."""
    return _save_edit(
        funding_source, expected_version=expected_version, fields=FUNDING_SOURCE_FIELDS, changes=fields, actor=actor
    )


@transaction.atomic
def funding_source_delete(*, funding_source: FundingSource, actor=None) -> None:
    audit_record(actor=actor, programme=funding_source.programme, action=AuditAction.DELETED, obj=funding_source)
    funding_source.delete()
