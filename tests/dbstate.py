"""What the project has saved, to prove that a refused request changed nothing.

state() reads every row of every model of the project's own apps (those in the source tree: not
Django's sessions nor the login-lockout records, which a refused login is meant to write);
changed() names the models whose rows differ between two states.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.conf import settings


def _project_models():
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and not path.is_relative_to(base / ".venv"):
            yield from config.get_models(include_auto_created=True)


def state() -> dict[str, list[tuple]]:
    return {
        model._meta.label: list(
            model._base_manager.order_by("pk").values_list(*(f.attname for f in model._meta.concrete_fields))
        )
        for model in _project_models()
    }


def changed(before: dict, after: dict) -> list[str]:
    """The models whose rows differ, with their row counts before and after."""
    return [
        f"{label} ({len(before[label])} -> {len(after[label])} rows)"
        for label in before
        if before[label] != after[label]
    ]
