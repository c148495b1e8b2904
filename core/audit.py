"""The audit log: who changed a programme, its budget or its matching, and which fields.

Services call `audit_record` inside their transaction, so an entry exists exactly when the
change does. `changed_fields` compares the values a service is about to set with the current ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import models

from .models import AuditAction, AuditEntry


def changed_fields(instance: models.Model, values: Mapping) -> list[str]:
    """The names in `values` whose value differs from the instance's (before it is set)."""
    changed = []
    for name, value in values.items():
        current = getattr(instance, name)
        if isinstance(current, models.Model) or isinstance(value, models.Model):
            current = getattr(current, "pk", current)
            value = getattr(value, "pk", value)
        if current != value:
            changed.append(name)
    return changed


def audit_record(
    *,
    actor,
    programme,
    action: AuditAction | str,
    obj: models.Model | None = None,
    fields: Iterable[str] = (),
    label: str | None = None,
) -> AuditEntry:
    """Write one entry about `obj` (default: the programme) of `programme`, done by `actor`
    (a User, or None for the system: a worker, a command)."""
    obj = programme if obj is None else obj
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        organisation_id=programme.organisation_id,
        programme=programme,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        object_label=(label or str(obj))[:200],
        changed_fields=list(fields),
    )
