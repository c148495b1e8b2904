"""Benchmark of the matching solvers (no Django, no database; fixed seeds).

Run: ``.venv/bin/python benchmarks/matching.py``. Prints one line per step, then last exactly one
line::

    assign_2000x300_s=T optimal=yes|no munkres_500_speedup=X groups_24_opt_pct=A
    groups_200_planted_pct=B groups_2000_s=S greedy_ratio=R

See docs/matching.md ("Benchmarks") for what each figure measures.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matching.solvers import solve_assignment, solve_grouping


def say(line: str) -> None:
    print(line, flush=True)


# ---------------------------------------------------------------- assignment


def assign_instance(rng: np.random.Generator, n: int, m: int) -> tuple[list, list, list]:
    caps = rng.integers(5, 11, size=m)
    values = rng.integers(0, 1000, size=(n, m))
    forbidden = rng.random((n, m)) < 0.1
    scores = [[None if forbidden[i, t] else int(values[i, t]) for t in range(m)] for i in range(n)]
    tutors = [{"id": f"u{t}", "capacity": int(caps[t])} for t in range(m)]
    return [f"t{i}" for i in range(n)], tutors, scores


def min_cost_flow_check(tutors: list, scores: list) -> tuple[int, int]:
    """Independent exact optimum (count, total score) by OR-Tools' max-flow-with-min-cost."""
    from ortools.graph.python import min_cost_flow

    n, m = len(scores), len(tutors)
    source, sink = n + m, n + m + 1
    tails, heads, caps, costs = [], [], [], []
    for i in range(n):
        tails.append(source)
        heads.append(i)
        caps.append(1)
        costs.append(0)
        for t, s in enumerate(scores[i]):
            if s is not None:
                tails.append(i)
                heads.append(n + t)
                caps.append(1)
                costs.append(-s)
    for t, tutor in enumerate(tutors):
        tails.append(n + t)
        heads.append(sink)
        caps.append(tutor["capacity"])
        costs.append(0)
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.array(tails), np.array(heads), np.array(caps), np.array(costs, dtype=np.int64)
    )
    flow.set_node_supply(source, n)
    flow.set_node_supply(sink, -n)
    status = flow.solve_max_flow_with_min_cost()
    assert status == flow.OPTIMAL, status
    return int(flow.maximum_flow()), -int(flow.optimal_cost())


def bench_assign() -> tuple[float, bool]:
    rng = np.random.default_rng(1)
    trainees, tutors, scores = assign_instance(rng, 2000, 300)
    t0 = time.perf_counter()
    r = solve_assignment(trainees, tutors, scores)
    secs = time.perf_counter() - t0
    t0 = time.perf_counter()
    count, total = min_cost_flow_check(tutors, scores)
    check_secs = time.perf_counter() - t0
    optimal = len(r["pairs"]) == count and r["objective"] == total
    slots = sum(t["capacity"] for t in tutors)
    say(
        f"assign 2000x300 slots={slots} s={secs:.2f} assigned={len(r['pairs'])} objective={r['objective']:.0f} "
        f"min_cost_flow assigned={count} objective={total} ({check_secs:.2f} s) optimal={'yes' if optimal else 'no'}"
    )
    return secs, optimal


def bench_munkres() -> float:
    from munkres import Munkres

    rng = np.random.default_rng(2)
    n = 500
    values = rng.integers(0, 10_000, size=(n, n))
    cost = (values.max() - values).tolist()
    t0 = time.perf_counter()
    indexes = Munkres().compute([row[:] for row in cost])
    munkres_secs = time.perf_counter() - t0
    munkres_total = int(sum(values[i, j] for i, j in indexes))
    tutors = [{"id": j, "capacity": 1} for j in range(n)]
    t0 = time.perf_counter()
    r = solve_assignment(list(range(n)), tutors, values.tolist())
    ours = time.perf_counter() - t0
    same = r["objective"] == munkres_total and len(r["pairs"]) == len(indexes) == n
    speedup = munkres_secs / ours
    say(
        f"munkres 500x500 munkres_s={munkres_secs:.2f} ours_s={ours:.3f} speedup={speedup:.0f} "
        f"total={r['objective']:.0f} munkres_total={munkres_total} same={'yes' if same else 'no'}"
    )
    return speedup if same else 0.0


# ---------------------------------------------------------------- grouping


def random_affinity(rng: np.random.Generator, n: int, lo: int, hi: int) -> np.ndarray:
    a = np.triu(rng.integers(lo, hi + 1, size=(n, n)), 1)
    return a + a.T


def interest_affinity(rng: np.random.Generator, n: int) -> np.ndarray:
    """Shared interests (40 topics of uneven popularity) plus 2 for the same region (12 regions)."""
    popularity = rng.uniform(0.03, 0.25, size=40)
    topics = (rng.random((n, 40)) < popularity).astype(np.int64)
    region = rng.integers(0, 12, size=n)
    a = topics @ topics.T + 2 * (region[:, None] == region[None, :])
    np.fill_diagonal(a, 0)
    return a


def report(name: str, r: dict, secs: float, extra: str = "") -> None:
    say(
        f"{name} s={secs:.2f} status={r['status']} objective={r['objective']:.1f} bound={r['bound']:.1f} "
        f"gap_pct={r['gap_pct']:.2f}{extra}"
    )


def bench_groups_24() -> float:
    rng = np.random.default_rng(3)
    n = 24
    a = random_affinity(rng, n, -3, 9).tolist()
    ids = list(range(n))
    t0 = time.perf_counter()
    ours = solve_grouping(ids, a, 6, 8)
    report("groups 24 auto", ours, time.perf_counter() - t0)
    t0 = time.perf_counter()
    exact = solve_grouping(ids, a, 6, 8, time_limit_s=300, method="exact")
    report("groups 24 exact", exact, time.perf_counter() - t0)
    if exact["status"] != "optimal":
        say("groups 24: the exact search did not prove optimality; the percentage is against its bound")
    return 100.0 * ours["objective"] / exact["bound"]


def planted_instance(rng: np.random.Generator, groups: int, size: int) -> tuple[np.ndarray, float]:
    """Planted groups: affinity 1..3 within; between, 1 (a decoy tied with the weakest mates) half
    of the time, else -2..0. No entry outside a row's planted mates exceeds any of its mates, so
    each row's ``size - 1`` largest positive entries sum to its planted mates' (ties do not change
    the sum): the planted partition attains the simple bound and is optimal."""
    n = groups * size
    label = rng.permutation(np.repeat(np.arange(groups), size))
    same = label[:, None] == label[None, :]
    between = np.where(rng.random((n, n)) < 0.5, 1, rng.integers(-2, 1, size=(n, n)))
    a = np.triu(np.where(same, rng.integers(1, 4, size=(n, n)), between), 1)
    a = a + a.T
    planted = float(np.triu(np.where(same, a, 0), 1).sum())
    return a, planted


def bench_groups_200() -> float:
    rng = np.random.default_rng(4)
    a, planted = planted_instance(rng, 25, 8)
    ids = [f"p{i}" for i in range(a.shape[0])]
    t0 = time.perf_counter()
    r = solve_grouping(ids, a.tolist(), 6, 8, time_limit_s=20)
    report("groups 200 planted", r, time.perf_counter() - t0, f" planted={planted:.0f}")
    return 100.0 * r["objective"] / planted


def greedy_fill(a: np.ndarray, min_size: int, max_size: int) -> float:
    """Baseline: open a group with the first unplaced participant, add the unplaced participant with
    the highest affinity to the group until it is full (sizes as even as possible)."""
    n = a.shape[0]
    k = -(-n // max_size)
    sizes = [n // k + (1 if g < n % k else 0) for g in range(k)]
    free = np.ones(n, dtype=bool)
    total = 0.0
    for size in sizes:
        first = int(np.flatnonzero(free)[0])
        free[first] = False
        gain = a[first].astype(float).copy()
        for _ in range(size - 1):
            j = int(np.argmax(np.where(free, gain, -np.inf)))
            total += gain[j]
            free[j] = False
            gain += a[j]
    return total


def bench_groups_2000() -> tuple[float, float]:
    rng = np.random.default_rng(5)
    n = 2000
    a = interest_affinity(rng, n)
    ids = list(range(n))
    affinity = a.tolist()
    t0 = time.perf_counter()
    r = solve_grouping(ids, affinity, 6, 8, time_limit_s=25)
    secs = time.perf_counter() - t0
    greedy = greedy_fill(a, 6, 8)
    ratio = r["objective"] / greedy
    report("groups 2000 interests", r, secs, f" greedy={greedy:.0f} ratio={ratio:.3f}")
    return secs, ratio


def main() -> int:
    assign_s, optimal = bench_assign()
    speedup = bench_munkres()
    opt_pct = bench_groups_24()
    planted_pct = bench_groups_200()
    groups_s, ratio = bench_groups_2000()
    say(
        f"assign_2000x300_s={assign_s:.2f} optimal={'yes' if optimal else 'no'} munkres_500_speedup={speedup:.0f} "
        f"groups_24_opt_pct={opt_pct:.2f} groups_200_planted_pct={planted_pct:.2f} groups_2000_s={groups_s:.1f} "
        f"greedy_ratio={ratio:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
