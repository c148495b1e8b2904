"""Trainee → tutor assignment: maximise the number assigned, then the total score (exact)."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
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
    fixed: Iterable[Sequence[Any]] = (),
) -> dict[str, Any]:
    """Assign each trainee to at most one tutor, each tutor to at most ``capacity`` trainees.

    Lexicographic objective: first the number of assigned trainees, then the total score.
    ``scores[i][t]`` is the score of trainee ``i`` with tutor ``t``; ``None`` forbids the pair.
    ``fixed`` lists ``[trainee, tutor]`` pairs that must be in the result; the rest is solved
    optimally around them, and the objective counts them.
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

    trainee_index = {x: i for i, x in enumerate(trainees)}
    tutor_index = {x: t for t, x in enumerate(tutor_ids)}
    pinned: dict[int, int] = {}
    for pair in fixed:
        if isinstance(pair, str | bytes) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise ValueError(f"fixed entry {pair!r} must be a [trainee, tutor] pair")
        x, y = pair
        if not isinstance(x, Hashable) or x not in trainee_index:
            raise ValueError(f"fixed trainee {x!r} is not a trainee")
        if not isinstance(y, Hashable) or y not in tutor_index:
            raise ValueError(f"fixed tutor {y!r} is not a tutor")
        i, t = trainee_index[x], tutor_index[y]
        if i in pinned:
            raise ValueError(f"trainee {x!r} is fixed more than once")
        if not allowed[i, t]:
            raise ValueError(f"fixed pair ({x!r}, {y!r}) is forbidden")
        pinned[i] = t
    remaining = list(capacities)
    for t in pinned.values():
        remaining[t] -= 1
        if remaining[t] < 0:
            raise ValueError(f"fixed pairs exceed the capacity of tutor {tutor_ids[t]!r} ({capacities[t]})")

    tutor_of: dict[int, int] = dict(pinned)
    free = [i for i in range(n) if i not in pinned]
    slot_tutor = np.repeat(np.arange(m, dtype=int), remaining) if m else np.zeros(0, dtype=int)
    if free and slot_tutor.size:
        sub_allowed, sub_value = allowed[free], value[free]
        # Any gain in cardinality (>= BIG) outweighs any change in total score (<= 2 * sum|s|).
        big = 2.0 * float(np.abs(sub_value[sub_allowed]).sum()) + 1.0
        cost_t = np.where(sub_allowed, -(big + sub_value), big)  # forbidden: never chosen usefully
        rows, cols = linear_sum_assignment(cost_t[:, slot_tutor])
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            i, t = free[r], int(slot_tutor[c])
            if allowed[i, t]:
                tutor_of[i] = t
    pairs = [[trainees[i], tutor_ids[tutor_of[i]]] for i in sorted(tutor_of)]
    objective = float(sum(value[i, t] for i, t in sorted(tutor_of.items())))
    return {
        "pairs": pairs,
        "objective": objective,
        "unassigned": [trainees[i] for i in range(n) if i not in tutor_of],
    }
