"""Tests for the pure matching solvers (no database, no Django needed)."""

from __future__ import annotations

import itertools
import json
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.solvers import solve_assignment, solve_grouping
from matching.solvers.bounds import (
    bound_matrix,
    lagrangian_bound,
    max_pairs,
    simple_bound,
    top_pairs_bound,
    upper_bound,
)
from matching.solvers.group import required_mixed

ROOT = Path(__file__).resolve().parents[2]
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------- assignment


def brute_force_assign(n, caps, scores, fixed=()):
    best = (-1, float("-inf"))
    for choice in itertools.product(range(-1, len(caps)), repeat=n):
        if any(choice[i] != t for i, t in fixed):
            continue
        used = [0] * len(caps)
        ok, count, total = True, 0, 0.0
        for i, t in enumerate(choice):
            if t < 0:
                continue
            if scores[i][t] is None:
                ok = False
                break
            used[t] += 1
            count += 1
            total += scores[i][t]
        if ok and all(u <= c for u, c in zip(used, caps, strict=True)):
            best = max(best, (count, total))
    return best


def check_assignment(trainees, tutors, scores, result, fixed=()):
    caps = {t["id"]: t["capacity"] for t in tutors}
    tidx = {t["id"]: k for k, t in enumerate(tutors)}
    seen, load, total = set(), dict.fromkeys(caps, 0), 0.0
    for trainee, tutor in result["pairs"]:
        assert trainee not in seen
        seen.add(trainee)
        load[tutor] += 1
        s = scores[trainees.index(trainee)][tidx[tutor]]
        assert s is not None, "forbidden pair used"
        total += s
    assert all(load[t] <= caps[t] for t in caps)
    assert sorted(result["unassigned"]) == sorted(set(trainees) - seen)
    assert result["objective"] == pytest.approx(total)
    for pair in fixed:
        assert list(pair) in result["pairs"]


@st.composite
def assign_instances(draw):
    n = draw(st.integers(0, 5))
    m = draw(st.integers(0, 3))
    caps = [draw(st.integers(0, 2)) for _ in range(m)]
    cell = st.one_of(st.none(), st.integers(-5, 10).map(float), st.floats(-5, 10, allow_nan=False))
    scores = [[draw(cell) for _ in range(m)] for _ in range(n)]
    return list(range(n)), [{"id": f"t{k}", "capacity": c} for k, c in enumerate(caps)], scores


@st.composite
def assign_instances_with_fixed(draw):
    trainees, tutors, scores = draw(assign_instances())
    room = [t["capacity"] for t in tutors]
    fixed = []
    for i in trainees:
        allowed = [t for t in range(len(tutors)) if scores[i][t] is not None and room[t] > 0]
        if allowed and draw(st.booleans()):
            t = draw(st.sampled_from(allowed))
            room[t] -= 1
            fixed.append((i, t))
    return trainees, tutors, scores, fixed


@FAST
@given(assign_instances_with_fixed())
def test_assignment_with_fixed_pairs_matches_brute_force(inst):
    trainees, tutors, scores, fixed = inst
    fixed_ids = [[i, tutors[t]["id"]] for i, t in fixed]
    result = solve_assignment(trainees, tutors, scores, fixed=fixed_ids)
    check_assignment(trainees, tutors, scores, result, fixed_ids)
    count, total = brute_force_assign(len(trainees), [t["capacity"] for t in tutors], scores, fixed)
    assert len(result["pairs"]) == count
    if count > 0:
        assert result["objective"] == pytest.approx(total, abs=1e-6)


def test_assignment_fixed_pair_overrides_a_better_score():
    trainees = ["A", "B"]
    tutors = [{"id": "X", "capacity": 1}, {"id": "Y", "capacity": 1}]
    scores = [[9.0, 1.0], [1.0, 9.0]]
    r = solve_assignment(trainees, tutors, scores, fixed=[["A", "Y"]])
    assert r == {"pairs": [["A", "Y"], ["B", "X"]], "objective": 2.0, "unassigned": []}


@pytest.mark.parametrize(
    ("fixed", "msg"),
    [
        ([["A", "Y"]], r"fixed pair \('A', 'Y'\) is forbidden"),
        ([["Z", "X"]], "not a trainee"),
        ([["A", "Z"]], "not a tutor"),
        ([["A", "X"], ["A", "X"]], "more than once"),
        ([["A", "X"], ["B", "X"]], "capacity of tutor 'X'"),
        ([["A"]], "pair"),
    ],
)
def test_assignment_fixed_validation(fixed, msg):
    tutors = [{"id": "X", "capacity": 1}, {"id": "Y", "capacity": 1}]
    with pytest.raises(ValueError, match=msg):
        solve_assignment(["A", "B"], tutors, [[1, None], [1, 1]], fixed=fixed)


@FAST
@given(assign_instances())
def test_assignment_matches_brute_force(inst):
    trainees, tutors, scores = inst
    result = solve_assignment(trainees, tutors, scores)
    check_assignment(trainees, tutors, scores, result)
    count, total = brute_force_assign(len(trainees), [t["capacity"] for t in tutors], scores)
    assert len(result["pairs"]) == count
    if count > 0:
        assert result["objective"] == pytest.approx(total, abs=1e-6)


def test_assignment_cardinality_first():
    # Max score alone would give trainee A to tutor X (100) and leave B unassigned.
    trainees = ["A", "B"]
    tutors = [{"id": "X", "capacity": 1}, {"id": "Y", "capacity": 1}]
    scores = [[100.0, 1.0], [2.0, None]]
    r = solve_assignment(trainees, tutors, scores)
    assert sorted(r["pairs"]) == [["A", "Y"], ["B", "X"]]
    assert r["objective"] == 3.0
    assert r["unassigned"] == []


def test_assignment_capacity_and_forbidden():
    trainees = [1, 2, 3, 4]
    tutors = [{"id": "X", "capacity": 2}, {"id": "Y", "capacity": 0}, {"id": "Z", "capacity": 1}]
    scores = [[5, 9, None], [4, 9, None], [3, 9, None], [None, 9, 1]]
    r = solve_assignment(trainees, tutors, scores)
    check_assignment(trainees, tutors, scores, r)
    assert sorted(r["pairs"]) == [[1, "X"], [2, "X"], [4, "Z"]]
    assert r["unassigned"] == [3]


def test_assignment_deterministic_and_rectangular():
    rng = random.Random(3)
    trainees = list(range(30))
    tutors = [{"id": k, "capacity": rng.randint(0, 4)} for k in range(8)]
    scores = [[rng.choice([None, rng.uniform(-1, 5)]) for _ in tutors] for _ in trainees]
    r1 = solve_assignment(trainees, tutors, scores)
    assert r1 == solve_assignment(trainees, tutors, scores)
    check_assignment(trainees, tutors, scores, r1)


@pytest.mark.parametrize(
    ("trainees", "tutors", "scores", "msg"),
    [
        ([1, 1], [{"id": "a", "capacity": 1}], [[1], [1]], "duplicate trainee"),
        ([1], [{"id": "a", "capacity": 1}, {"id": "a", "capacity": 1}], [[1, 1]], "duplicate tutor"),
        ([1], [{"id": "a", "capacity": -1}], [[1]], "negative capacity"),
        ([1, 2], [{"id": "a", "capacity": 1}], [[1]], "one row per trainee"),
        ([1], [{"id": "a", "capacity": 1}], [[1, 2]], "one entry per tutor"),
        ([1], [{"id": "a"}], [[1]], "capacity"),
        ([1], [{"id": "a", "capacity": 1}], [["x"]], "finite number"),
    ],
)
def test_assignment_validation(trainees, tutors, scores, msg):
    with pytest.raises(ValueError, match=msg):
        solve_assignment(trainees, tutors, scores)


# ---------------------------------------------------------------- grouping


def recompute(groups, ids, affinity):
    pos = {p: i for i, p in enumerate(ids)}
    total = 0.0
    for g in groups:
        for p, q in itertools.combinations(g, 2):
            total += affinity[pos[p]][pos[q]]
    return total


def check_grouping(ids, affinity, result, min_size, max_size, experienced=(), policy="even", together=(), fixed=()):
    assert result["status"] in ("optimal", "feasible")
    members = [p for g in result["groups"] for p in g]
    assert sorted(members) == sorted(ids)
    assert all(min_size <= len(g) <= max_size for g in result["groups"])
    where = {p: k for k, g in enumerate(result["groups"]) for p in g}
    for s in together:
        assert len({where[p] for p in s}) == 1
    for s in fixed:
        assert len({where[p] for p in s}) == 1
    assert len({where[s[0]] for s in fixed if s}) == len([s for s in fixed if s])
    if policy == "mixed":
        exp = set(experienced)
        k = len(result["groups"])
        mixed = sum(1 for g in result["groups"] if any(p in exp for p in g) and any(p not in exp for p in g))
        assert mixed >= required_mixed(k, len(exp), len(ids) - len(exp))
    assert result["objective"] == pytest.approx(recompute(result["groups"], ids, affinity))
    assert result["bound"] >= result["objective"] - 1e-9
    assert result["gap_pct"] >= 0
    assert result["unassigned"] == []


def set_partitions(items):
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for part in set_partitions(rest):
        for k in range(len(part)):
            yield [*part[:k], [first, *part[k]], *part[k + 1 :]]
        yield [[first], *part]


def brute_force_group(ids, affinity, min_size, max_size, experienced, policy, together, fixed=()):
    best = None
    exp = set(experienced)
    for part in set_partitions(list(ids)):
        if not all(min_size <= len(g) <= max_size for g in part):
            continue
        where = {p: k for k, g in enumerate(part) for p in g}
        if any(len({where[p] for p in s}) > 1 for s in [*together, *fixed]):
            continue
        if len({where[s[0]] for s in fixed}) < len(fixed):
            continue
        if policy == "mixed":
            mixed = sum(1 for g in part if any(p in exp for p in g) and any(p not in exp for p in g))
            if mixed < required_mixed(len(part), len(exp), len(ids) - len(exp)):
                continue
        v = recompute(part, ids, affinity)
        best = v if best is None else max(best, v)
    return best


def random_affinity(rng, n, lo=-3, hi=9):
    a = [[0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            a[i][j] = a[j][i] = rng.randint(lo, hi)
    return a


@st.composite
def group_instances(draw):
    n = draw(st.integers(1, 8))
    min_size = draw(st.integers(1, 3))
    max_size = draw(st.integers(min_size, 4))
    rng = random.Random(draw(st.integers(0, 10**6)))
    ids = [f"p{i}" for i in range(n)]
    affinity = random_affinity(rng, n)
    experienced = [p for p in ids if draw(st.booleans())]
    policy = draw(st.sampled_from(["even", "mixed"]))
    together = []
    if n >= 2 and draw(st.booleans()):
        together = [rng.sample(ids, draw(st.integers(2, min(3, n))))]
    return ids, affinity, min_size, max_size, experienced, policy, together


@st.composite
def group_instances_with_fixed(draw):
    ids, affinity, min_size, max_size, experienced, policy, together = draw(group_instances())
    rng = random.Random(draw(st.integers(0, 10**6)))
    pool = rng.sample(ids, len(ids))
    fixed = []
    for _ in range(draw(st.integers(0, 3))):
        size = draw(st.integers(1, 3))
        if len(pool) >= size:
            fixed.append([pool.pop() for _ in range(size)])
    return ids, affinity, min_size, max_size, experienced, policy, together, fixed


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(group_instances())
def test_grouping_exact_matches_brute_force(inst):
    ids, affinity, min_size, max_size, experienced, policy, together = inst
    r = solve_grouping(ids, affinity, min_size, max_size, experienced, policy, together, time_limit_s=5)
    best = brute_force_group(ids, affinity, min_size, max_size, experienced, policy, together)
    if best is None:
        assert r["status"] == "infeasible"
        assert r["reason"]
        assert {u["id"] for u in r["unassigned"]} == set(ids)
        return
    check_grouping(ids, affinity, r, min_size, max_size, experienced, policy, together)
    assert r["status"] == "optimal"
    assert r["objective"] == pytest.approx(best)
    assert r["bound"] == pytest.approx(best)
    assert r["gap_pct"] == 0


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(group_instances())
def test_grouping_heuristic_feasible_with_valid_bound(inst):
    ids, affinity, min_size, max_size, experienced, policy, together = inst
    r = solve_grouping(
        ids, affinity, min_size, max_size, experienced, policy, together, time_limit_s=1, method="heuristic"
    )
    if r["status"] == "infeasible":
        assert r["reason"]
        return
    check_grouping(ids, affinity, r, min_size, max_size, experienced, policy, together)
    best = brute_force_group(ids, affinity, min_size, max_size, experienced, policy, together)
    assert best is not None
    assert r["objective"] <= best + 1e-9 <= r["bound"] + 2e-9


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(group_instances_with_fixed())
def test_grouping_with_fixed_groups_matches_brute_force(inst):
    ids, affinity, min_size, max_size, experienced, policy, together, fixed = inst
    best = brute_force_group(ids, affinity, min_size, max_size, experienced, policy, together, fixed)
    for method in ("auto", "heuristic"):
        r = solve_grouping(
            ids, affinity, min_size, max_size, experienced, policy, together, 5, method=method, fixed=fixed
        )
        if best is None:
            assert r["status"] == "infeasible"
            assert r["reason"]
            continue
        if r["status"] == "infeasible":
            assert method == "heuristic"  # the local search may miss a rare feasible partition
            continue
        check_grouping(ids, affinity, r, min_size, max_size, experienced, policy, together, fixed)
        assert r["objective"] <= best + 1e-9 <= r["bound"] + 2e-9
        if method == "auto":
            assert r["status"] == "optimal"
            assert r["objective"] == pytest.approx(best)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(group_instances_with_fixed(), st.floats(-1e6, 1e6))
def test_upper_bounds_are_valid(inst, target):
    ids, affinity, min_size, max_size, _experienced, _policy, _together, fixed = inst
    best = brute_force_group(ids, affinity, min_size, max_size, (), "even", (), fixed)
    if best is None:
        return
    n = len(ids)
    pos = {p: i for i, p in enumerate(ids)}
    blocks = [[pos[p] for p in s] for s in fixed] + [[i] for i in range(n) if all(ids[i] not in s for s in fixed)]
    pin = list(range(len(fixed))) + [-1] * (len(blocks) - len(fixed))
    b = bound_matrix(np.array(affinity, dtype=float), blocks, pin)
    k_lo, k_hi = max(-(-n // max_size), len(fixed)), n // min_size
    pairs = max_pairs(n, min_size, max_size, k_lo, k_hi)
    assert simple_bound(b, max_size) >= best - 1e-9
    assert top_pairs_bound(b, pairs) >= best - 1e-9
    # Any target (even a wrong one) only steers the steps; the bound stays valid.
    assert lagrangian_bound(b, min(max_size - 1, n - 1), pairs, target, 50, float("inf")) >= best - 1e-9
    assert upper_bound(b, n, min_size, max_size, k_lo, k_hi, best, 5.0) >= best - 1e-9


def test_max_pairs_prefers_full_groups():
    # 30 participants in groups of 6..8: 8 + 8 + 8 + 6 beats 8 + 8 + 7 + 7 and five groups of 6.
    assert max_pairs(30, 6, 8, 4, 5) == 3 * 28 + 15
    assert max_pairs(12, 3, 4, 3, 4) == 3 * 6


def test_tighter_bound_on_random_participants():
    rng = random.Random(4)
    n = 30
    ids = list(range(n))
    a = random_affinity(rng, n)
    r = solve_grouping(ids, a, 6, 8, time_limit_s=2, method="heuristic")
    check_grouping(ids, a, r, 6, 8)
    assert r["bound"] < 0.97 * simple_bound(np.array(a, dtype=float), 8)


def test_fixed_groups_stay_apart_even_against_affinity():
    # Everyone likes everyone, but the two locked pairs must end up in different groups.
    ids = list("abcdef")
    a = [[0 if i == j else 5 for j in range(6)] for i in range(6)]
    fixed = [["a", "b"], ["c", "d"]]
    for method in ("exact", "heuristic"):
        r = solve_grouping(ids, a, 2, 4, time_limit_s=3, method=method, fixed=fixed)
        check_grouping(ids, a, r, 2, 4, fixed=fixed)
        assert r["objective"] == 35  # {a, b, e, f}: 6 pairs, {c, d}: 1 pair


@pytest.mark.parametrize(
    ("fixed", "together", "reason"),
    [
        ([[0, 1, 2, 3, 4]], [], "fixed group of 5"),
        ([[0], [1], [2], [3], [4]], [], "5 fixed groups"),
        ([[0, 1], [2, 3]], [[1, 2]], "joins two fixed groups"),
        ([[0, 1, 2]], [[2, 3, 4]], "'together' set of 5"),
    ],
)
def test_fixed_groups_infeasible(fixed, together, reason):
    ids = list(range(12))
    r = solve_grouping(ids, [[1] * 12 for _ in ids], 3, 4, together=together, fixed=fixed)
    assert r["status"] == "infeasible"
    assert reason in r["reason"]


def test_fixed_groups_validation():
    a = [[0, 1], [1, 0]]
    with pytest.raises(ValueError, match="not a participant"):
        solve_grouping([1, 2], a, 1, 2, fixed=[[1, 3]])
    with pytest.raises(ValueError, match="two fixed groups"):
        solve_grouping([1, 2], a, 1, 2, fixed=[[1], [1, 2]])


def test_thirteen_splits_six_seven():
    rng = random.Random(1)
    ids = list(range(13))
    a = random_affinity(rng, 13)
    r = solve_grouping(ids, a, 6, 8, time_limit_s=5)
    check_grouping(ids, a, r, 6, 8)
    assert sorted(len(g) for g in r["groups"]) == [6, 7]


def test_five_with_six_to_eight_is_infeasible():
    ids = list("abcde")
    r = solve_grouping(ids, [[0] * 5 for _ in ids], 6, 8)
    assert r["status"] == "infeasible"
    assert "5 participants" in r["reason"]
    assert r["groups"] == []
    assert [u["id"] for u in r["unassigned"]] == ids
    assert all(u["reason"] == r["reason"] for u in r["unassigned"])


def test_together_larger_than_max_is_infeasible():
    ids = list(range(12))
    r = solve_grouping(ids, [[1] * 12 for _ in ids], 3, 4, together=[list(range(5))])
    assert r["status"] == "infeasible"
    assert "together" in r["reason"]


def test_mixed_policy_with_few_experienced():
    rng = random.Random(5)
    ids = list(range(12))
    a = random_affinity(rng, 12)
    exp = [0]
    for method in ("exact", "heuristic"):
        r = solve_grouping(ids, a, 3, 4, experienced=exp, policy="mixed", time_limit_s=3, method=method)
        check_grouping(ids, a, r, 3, 4, exp, "mixed")


@pytest.mark.parametrize("method", ["auto", "heuristic"])
def test_large_instance_heuristic(method):
    rng = random.Random(7)
    n = 90
    ids = [f"q{i}" for i in range(n)]
    a = random_affinity(rng, n)
    exp = ids[::9]
    together = [ids[1:4], ids[10:12]]
    r = solve_grouping(ids, a, 6, 8, exp, "mixed", together, time_limit_s=2, method=method)
    check_grouping(ids, a, r, 6, 8, exp, "mixed", together)
    assert r["bound"] <= simple_bound(np.array(a, dtype=float), 8) + 1e-9
    assert r["status"] == "feasible"
    assert 0 <= r["gap_pct"] < 100


def test_medium_instance_auto_feasible():
    rng = random.Random(9)
    n = 30
    ids = list(range(n))
    a = random_affinity(rng, n)
    exp = [0, 1, 2, 3, 4]
    r = solve_grouping(ids, a, 6, 8, exp, "mixed", [[5, 6, 7]], time_limit_s=2)
    check_grouping(ids, a, r, 6, 8, exp, "mixed", [[5, 6, 7]])


def test_grouping_validation():
    with pytest.raises(ValueError, match="symmetric"):
        solve_grouping([1, 2], [[0, 1], [2, 0]], 1, 2)
    with pytest.raises(ValueError, match="n x n"):
        solve_grouping([1, 2], [[0, 1]], 1, 2)
    with pytest.raises(ValueError, match="duplicate"):
        solve_grouping([1, 1], [[0, 1], [1, 0]], 1, 2)
    with pytest.raises(ValueError, match="max_size"):
        solve_grouping([1, 2], [[0, 1], [1, 0]], 3, 2)
    with pytest.raises(ValueError, match="policy"):
        solve_grouping([1, 2], [[0, 1], [1, 0]], 1, 2, policy="odd")
    with pytest.raises(ValueError, match="not a participant"):
        solve_grouping([1, 2], [[0, 1], [1, 0]], 1, 2, together=[[1, 3]])


def test_fractional_affinities_bound_valid():
    rng = random.Random(11)
    n = 8
    a = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            a[i][j] = a[j][i] = rng.uniform(-1, 1) / 3
    ids = list(range(n))
    r = solve_grouping(ids, a, 2, 3, time_limit_s=5)
    check_grouping(ids, a, r, 2, 3)
    best = brute_force_group(ids, a, 2, 3, (), "even", ())
    assert r["objective"] == pytest.approx(best)
    assert r["bound"] >= best - 1e-9


# ---------------------------------------------------------------- CLI and purity


def run_cli(stdin: str):
    return subprocess.run(
        [sys.executable, "-m", "matching.solvers"],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_cli_round_trip_assign_and_group():
    inst = {
        "kind": "assign",
        "trainees": ["A", "B"],
        "tutors": [{"id": "X", "capacity": 1}, {"id": "Y", "capacity": 1}],
        "scores": [[100, 1], [2, None]],
    }
    p = run_cli(json.dumps(inst))
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout) == {"pairs": [["A", "Y"], ["B", "X"]], "objective": 3.0, "unassigned": []}
    inst = {
        "kind": "group",
        "participants": list(range(13)),
        "affinity": random_affinity(random.Random(2), 13),
        "min_size": 6,
        "max_size": 8,
        "experienced": [0, 1],
        "policy": "mixed",
        "together": [[3, 4]],
        "fixed": [[0, 5], [1]],
        "time_limit_s": 5,
    }
    p = run_cli(json.dumps(inst))
    assert p.returncode == 0, p.stderr
    r = json.loads(p.stdout)
    check_grouping(inst["participants"], inst["affinity"], r, 6, 8, [0, 1], "mixed", [[3, 4]], [[0, 5], [1]])
    inst = {
        "kind": "assign",
        "trainees": ["A", "B"],
        "tutors": [{"id": "X", "capacity": 1}, {"id": "Y", "capacity": 1}],
        "scores": [[100, 1], [2, None]],
        "fixed": [["A", "X"]],
    }
    p = run_cli(json.dumps(inst))
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout) == {"pairs": [["A", "X"]], "objective": 100.0, "unassigned": ["B"]}


@pytest.mark.parametrize(
    "stdin",
    [
        "{not json",
        "[]",
        json.dumps({"kind": "other"}),
        json.dumps({"kind": "assign", "trainees": [1, 1], "tutors": [], "scores": [[], []]}),
        json.dumps({"kind": "group", "participants": [1, 2], "affinity": [[0, 1], [2, 0]]}),
        json.dumps({"kind": "group", "participants": [1, 2], "affinity": [[0, 1], [1, 0]], "bogus": 1}),
        json.dumps({"kind": "group", "participants": [1], "affinity": [[0]], "min_size": "six"}),
        json.dumps({"kind": "group", "participants": [1], "affinity": [[0]], "fixed": [1]}),
        json.dumps({"kind": "assign", "trainees": [1], "tutors": [], "scores": [[]], "fixed": [[1, "X"]]}),
    ],
)
def test_cli_bad_input_exit_2(stdin):
    p = run_cli(stdin)
    if "bogus" in stdin:
        # Unknown keys are ignored; the instance itself is valid.
        assert p.returncode == 0, p.stderr
        return
    assert p.returncode == 2
    assert p.stderr.startswith("error:")
    assert "Traceback" not in p.stderr
    assert p.stdout == ""


def test_solvers_do_not_import_django():
    code = (
        "import sys, matching.solvers, matching.solvers.__main__; "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)"
    )
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
