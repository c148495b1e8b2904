"""Optimistic locking: two people editing the same row; the second save is refused, never lost.

A versioned model has `version = models.PositiveIntegerField(default=1)`. Its edit form carries
the version it was loaded with; `save_versioned` writes only if the row still has that version,
and otherwise raises `EditConflict` naming what the other person changed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _


class EditConflict(ValidationError):
    """Someone saved the row since it was loaded. `changes` maps field label to its value now."""

    def __init__(self, changes: dict[str, str], current_version: int | None = None):
        self.changes = changes
        self.current_version = current_version
        listed = "; ".join(f"{label}: {value}" for label, value in changes.items()) or _("no visible field")
        super().__init__(
            _(
                "Someone else saved this while you were editing, so your changes were not saved. "
                "Now: %(changes)s. Check the form and save again."
            )
            % {"changes": listed}
        )


def _display(instance: models.Model, field: models.Field) -> str:
    if field.choices:
        return str(getattr(instance, f"get_{field.name}_display")())
    value = getattr(instance, field.name)
    return "–" if value in (None, "") else str(value)


@transaction.atomic
def save_versioned(instance: models.Model, *, expected_version: int, fields: list[str]) -> models.Model:
    """Save `fields` of an existing row if its version is still `expected_version`; bump it.

    Raises EditConflict listing the fields whose stored values differ from the ones submitted.
    """
    model = type(instance)
    instance.full_clean()
    values = {name: getattr(instance, model._meta.get_field(name).attname) for name in fields}
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(version=F("version") + 1, **values)
    if updated == 0:
        current = model.objects.get(pk=instance.pk)
        changes = {}
        for name in fields:
            field = model._meta.get_field(name)
            # Bookkeeping columns (an "updated" stamp) always differ and mean nothing to the reader.
            if field.editable and getattr(current, field.attname) != getattr(instance, field.attname):
                changes[str(field.verbose_name)] = _display(current, field)
        raise EditConflict(changes, current_version=current.version)
    instance.version = expected_version + 1
    return instance
