"""Trainee → tutor assignment: maximise the number assigned, then the total score (exact)."""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment


def _check_ids(ids: Sequence[Any], what: str) -> None:
    seen: set[Any] = set()
    for x in ids:
        if not isinstance(x, Hashable):
            raise ValueError(f"{what} id {x!r} is not hashable")
        if x in seen:
            raise ValueError(f"duplicate {what} id {x!r}")
        seen.add(x)


def solve_assignment(
    trainees: Sequence[Any],
    tutors: Sequence[dict[str, Any]],
    scores: Sequence[Sequence[float | None]],
) -> dict[str, Any]:
    """Assign each trainee to at most one tutor, each tutor to at most ``capacity`` trainees.

    Lexicographic objective: first the number of assigned trainees, then the total score.
    ``scores[i][t]`` is the score of trainee ``i`` with tutor ``t``; ``None`` forbids the pair.
    Returns ``{"pairs": [[trainee, tutor]], "objective": float, "unassigned": [trainee ids]}``.
    """
    trainees = list(trainees)
    tutors = list(tutors)
    _check_ids(trainees, "trainee")
    tutor_ids: list[Any] = []
    capacities: list[int] = []
    for t in tutors:
        if not isinstance(t, dict) or "id" not in t or "capacity" not in t:
            raise ValueError(f"tutor {t!r} must be an object with 'id' and 'capacity'")
        cap = t["capacity"]
        if isinstance(cap, bool) or not isinstance(cap, int):
            raise ValueError(f"tutor {t['id']!r}: capacity must be an integer, got {cap!r}")
        if cap < 0:
            raise ValueError(f"tutor {t['id']!r}: negative capacity {cap}")
        tutor_ids.append(t["id"])
        capacities.append(cap)
    _check_ids(tutor_ids, "tutor")

    n, m = len(trainees), len(tutors)
    if not isinstance(scores, Sequence) or isinstance(scores, str) or len(scores) != n:
        raise ValueError(f"scores must have one row per trainee ({n} rows)")
    allowed = np.zeros((n, m), dtype=bool)
    value = np.zeros((n, m), dtype=float)
    for i, row in enumerate(scores):
        if not isinstance(row, Sequence) or isinstance(row, str) or len(row) != m:
            raise ValueError(f"scores row {i} must have one entry per tutor ({m} entries)")
        for t, s in enumerate(row):
            if s is None:
                continue
            if isinstance(s, bool) or not isinstance(s, int | float) or not math.isfinite(s):
                raise ValueError(f"scores[{i}][{t}] must be a finite number or null, got {s!r}")
            allowed[i, t] = True
            value[i, t] = float(s)

    slot_tutor = np.repeat(np.arange(m, dtype=int), capacities) if m else np.zeros(0, dtype=int)
    pairs: list[list[Any]] = []
    objective = 0.0
    assigned = [False] * n
    if n and slot_tutor.size:
        # Any gain in cardinality (>= BIG) outweighs any change in total score (<= 2 * sum|s|).
        big = 2.0 * float(np.abs(value[allowed]).sum()) + 1.0
        cost_t = np.where(allowed, -(big + value), big)  # forbidden: positive, never chosen usefully
        cost = cost_t[:, slot_tutor]
        rows, cols = linear_sum_assignment(cost)
        for i, c in sorted(zip(rows.tolist(), cols.tolist(), strict=True)):
            t = int(slot_tutor[c])
            if allowed[i, t]:
                pairs.append([trainees[i], tutor_ids[t]])
                objective += float(value[i, t])
                assigned[i] = True
    return {
        "pairs": pairs,
        "objective": objective,
        "unassigned": [trainees[i] for i in range(n) if not assigned[i]],
    }
