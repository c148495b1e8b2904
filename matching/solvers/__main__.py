"""``python -m matching.solvers < instance.json > result.json`` (see docs/matching.md)."""

from __future__ import annotations

import json
import sys
from typing import Any

from .assign import solve_assignment
from .group import solve_grouping

GROUP_KEYS = {
    "participants",
    "affinity",
    "min_size",
    "max_size",
    "experienced",
    "policy",
    "together",
    "fixed",
    "time_limit_s",
}


def run(instance: Any) -> dict[str, Any]:
    if not isinstance(instance, dict):
        raise ValueError("the instance must be a JSON object")
    kind = instance.get("kind")
    if kind == "assign":
        for key in ("trainees", "tutors", "scores"):
            if key not in instance:
                raise ValueError(f"assign instance is missing {key!r}")
        fixed = instance.get("fixed", [])
        if not isinstance(fixed, list):
            raise ValueError("'fixed' must be a list of [trainee, tutor] pairs")
        return solve_assignment(instance["trainees"], instance["tutors"], instance["scores"], fixed=fixed)
    if kind == "group":
        for key in ("participants", "affinity"):
            if key not in instance:
                raise ValueError(f"group instance is missing {key!r}")
        kwargs = {k: v for k, v in instance.items() if k in GROUP_KEYS}
        for key in ("experienced", "together", "fixed"):
            if key in kwargs and (kwargs[key] is None or not isinstance(kwargs[key], list)):
                raise ValueError(f"{key!r} must be a list")
        for key in ("together", "fixed"):
            if key in kwargs and not all(isinstance(s, list) for s in kwargs[key]):
                raise ValueError(f"{key!r} must be a list of lists of ids")
        return solve_grouping(**kwargs)
    raise ValueError(f"'kind' must be 'assign' or 'group', got {kind!r}")


def main() -> int:
    try:
        instance = json.load(sys.stdin)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        print(f"error: invalid JSON: {exc}", file=sys.stderr)
        return 2
    try:
        result = run(instance)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        print(f"error: invalid instance: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # never a traceback on the command line
        print(f"error: solver failure: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
