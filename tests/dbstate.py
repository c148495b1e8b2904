"""What the project has saved, to prove that a refused request changed nothing.

state() reads every row of every table of the project's own apps (those in the source tree: not
Django's sessions nor the login-lockout records, which a refused login is meant to write);
changed() names the tables whose rows differ between two states.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection


def _project_models():
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and not path.is_relative_to(base / ".venv"):
            yield from (
                model
                for model in config.get_models(include_auto_created=True)
                if model._meta.managed and not model._meta.proxy
            )


def state() -> dict[str, list[tuple]]:
    # Plain SQL: this runs twice for every example of the property tests.
    tables = sorted({model._meta.db_table: model._meta.pk.column for model in _project_models()}.items())
    with connection.cursor() as cursor:
        result = {}
        for table, pk in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY {connection.ops.quote_name(pk)}")
            result[table] = cursor.fetchall()
    return result


def changed(before: dict, after: dict) -> list[str]:
    """The tables whose rows differ, with their row counts before and after."""
    return [
        f"{label} ({len(before[label])} -> {len(after[label])} rows)"
        for label in before
        if before[label] != after[label]
    ]
