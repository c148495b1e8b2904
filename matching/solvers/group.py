"""Peer grouping: partition participants into groups of bounded size maximising in-group affinity.

Exact search with OR-Tools CP-SAT; a local-search heuristic beyond ``EXACT_MAX_N`` participants
or when CP-SAT finds nothing in time. Every result carries a proven upper bound.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import numpy as np

EXACT_MAX_N = 60
EPS = 1e-9


def _infeasible(participants: list[Any], reason: str) -> dict[str, Any]:
    return {
        "groups": [],
        "objective": 0.0,
        "bound": 0.0,
        "gap_pct": 0.0,
        "unassigned": [{"id": p, "reason": reason} for p in participants],
        "status": "infeasible",
        "reason": reason,
    }


def group_objective(groups: Iterable[Iterable[int]], a: np.ndarray) -> float:
    """Sum of affinity over unordered pairs of distinct members of the same group (indices)."""
    total = 0.0
    for g in groups:
        idx = list(g)
        for p, i in enumerate(idx):
            for j in idx[p + 1 :]:
                total += float(a[i, j])
    return total


def simple_bound(a: np.ndarray, max_size: int) -> float:
    """Upper bound: half the sum, over participants, of their ``max_size - 1`` largest positive affinities."""
    n = a.shape[0]
    if n == 0 or max_size <= 1:
        return 0.0
    b = np.where(np.eye(n, dtype=bool), 0.0, np.maximum(a, 0.0))
    kk = min(max_size - 1, n - 1)
    if kk <= 0:
        return 0.0
    top = -np.sort(-b, axis=1)[:, :kk]
    return float(top.sum()) / 2.0


def required_mixed(k: int, n_exp: int, n_other: int) -> int:
    """Number of groups that must contain an experienced and a non-experienced member."""
    return min(k, n_exp, n_other)


def _validate(
    participants: Sequence[Any],
    affinity: Sequence[Sequence[float]],
    min_size: int,
    max_size: int,
    experienced: Iterable[Any],
    policy: str,
    together: Iterable[Iterable[Any]],
    time_limit_s: float,
) -> tuple[list[Any], np.ndarray, set[int], list[list[int]]]:
    participants = list(participants)
    index: dict[Any, int] = {}
    for i, p in enumerate(participants):
        if not isinstance(p, Hashable):
            raise ValueError(f"participant id {p!r} is not hashable")
        if p in index:
            raise ValueError(f"duplicate participant id {p!r}")
        index[p] = i
    for name, v in (("min_size", min_size), ("max_size", max_size)):
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise ValueError(f"{name} must be a positive integer, got {v!r}")
    if max_size < min_size:
        raise ValueError(f"max_size ({max_size}) is smaller than min_size ({min_size})")
    if policy not in ("even", "mixed"):
        raise ValueError(f"policy must be 'even' or 'mixed', got {policy!r}")
    if isinstance(time_limit_s, bool) or not isinstance(time_limit_s, int | float) or not time_limit_s > 0:
        raise ValueError(f"time_limit_s must be a positive number, got {time_limit_s!r}")
    n = len(participants)
    if not isinstance(affinity, Sequence) or isinstance(affinity, str) or len(affinity) != n:
        raise ValueError(f"affinity must be an n x n matrix with n = {n}")
    a = np.zeros((n, n), dtype=float)
    for i, row in enumerate(affinity):
        if not isinstance(row, Sequence) or isinstance(row, str) or len(row) != n:
            raise ValueError(f"affinity row {i} must have {n} entries")
        for j, v in enumerate(row):
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                raise ValueError(f"affinity[{i}][{j}] must be a finite number, got {v!r}")
            a[i, j] = float(v)
    if n and not np.allclose(a, a.T, rtol=0.0, atol=1e-9):
        i, j = map(int, np.argwhere(np.abs(a - a.T) > 1e-9)[0])
        raise ValueError(f"affinity must be symmetric: [{i}][{j}]={a[i, j]} but [{j}][{i}]={a[j, i]}")
    np.fill_diagonal(a, 0.0)
    exp: set[int] = set()
    for e in experienced:
        if e not in index:
            raise ValueError(f"experienced id {e!r} is not a participant")
        exp.add(index[e])
    # Union-find over the "together" sets.
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for s in together:
        members = list(s)
        for p in members:
            if p not in index:
                raise ValueError(f"together id {p!r} is not a participant")
        for p in members[1:]:
            parent[find(index[p])] = find(index[members[0]])
    comps: dict[int, list[int]] = {}
    for i in range(n):
        comps.setdefault(find(i), []).append(i)
    blocks = sorted(comps.values(), key=lambda b: b[0])
    return participants, a, exp, blocks


def solve_grouping(
    participants: Sequence[Any],
    affinity: Sequence[Sequence[float]],
    min_size: int = 6,
    max_size: int = 8,
    experienced: Iterable[Any] = (),
    policy: str = "even",
    together: Iterable[Iterable[Any]] = (),
    time_limit_s: float = 30.0,
    seed: int = 0,
    method: str = "auto",
) -> dict[str, Any]:
    """Partition ``participants`` into groups of ``min_size``..``max_size`` maximising in-group affinity.

    ``method``: "auto" (CP-SAT up to ``EXACT_MAX_N`` participants, heuristic beyond or as a
    fallback), "exact" (CP-SAT only) or "heuristic" (local search only).
    """
    if method not in ("auto", "exact", "heuristic"):
        raise ValueError(f"method must be 'auto', 'exact' or 'heuristic', got {method!r}")
    participants, a, exp, blocks = _validate(
        participants, affinity, min_size, max_size, experienced, policy, together, time_limit_s
    )
    n = len(participants)
    if n == 0:
        return {"groups": [], "objective": 0.0, "bound": 0.0, "gap_pct": 0.0, "unassigned": [], "status": "optimal"}
    k_lo, k_hi = -(-n // max_size), n // min_size
    if k_lo > k_hi:
        return _infeasible(
            participants,
            f"{n} participants cannot be split into groups of {min_size} to {max_size}",
        )
    big = max(blocks, key=len)
    if len(big) > max_size:
        return _infeasible(
            participants,
            f"a 'together' set of {len(big)} participants exceeds the maximum group size {max_size}",
        )
    deadline = time.monotonic() + float(time_limit_s)
    sbound = simple_bound(a, max_size)
    result = None
    if method == "exact" or (method == "auto" and n <= EXACT_MAX_N):
        hint = None
        if method == "auto":
            # A short local search first: a warm start for CP-SAT and a fallback if it does better.
            budget = min(2.0, 0.1 * float(time_limit_s))
            hint = _heuristic(a, exp, blocks, min_size, max_size, policy, budget, seed)
        remaining = max(0.05, deadline - time.monotonic())
        result = _solve_exact(a, exp, blocks, min_size, max_size, policy, remaining, seed, sbound, hint)
        if result is not None and result["status"] == "feasible" and hint is not None:
            h_obj = group_objective(hint, a)
            if h_obj > result["objective"]:
                result = {**result, "groups": hint, "objective": h_obj}
        if result is None and hint is not None:
            h_obj = group_objective(hint, a)
            result = {"groups": hint, "objective": h_obj, "bound": max(sbound, h_obj), "status": "feasible"}
        if result is None and method == "exact":
            return _infeasible(participants, "CP-SAT found no partition within the time limit")
    if result is None:
        remaining = max(0.05, deadline - time.monotonic())
        groups_idx = _heuristic(a, exp, blocks, min_size, max_size, policy, remaining, seed)
        if groups_idx is None:
            return _infeasible(
                participants,
                "the local search found no partition satisfying the size, 'together' and policy constraints",
            )
        obj = group_objective(groups_idx, a)
        result = {"groups": groups_idx, "objective": obj, "bound": max(sbound, obj), "status": "feasible"}
    return _finish(participants, result)


def _finish(participants: list[Any], r: dict[str, Any]) -> dict[str, Any]:
    if r["status"] == "infeasible":
        return _infeasible(participants, r["reason"])
    obj, bound = r["objective"], max(r["bound"], r["objective"])
    status = r["status"]
    if bound - obj <= EPS * max(1.0, abs(bound)):
        bound, status = obj, "optimal"
    gap = 0.0 if status == "optimal" else 100.0 * (bound - obj) / max(abs(bound), EPS)
    groups = [sorted(g) for g in r["groups"]]
    groups.sort()
    return {
        "groups": [[participants[i] for i in g] for g in groups],
        "objective": obj,
        "bound": bound,
        "gap_pct": gap,
        "unassigned": [],
        "status": status,
    }


def _scale(a: np.ndarray) -> tuple[int, bool]:
    for s in (1, 10, 100, 1000, 10_000, 100_000, 1_000_000):
        scaled = a * s
        if np.all(np.abs(scaled - np.round(scaled)) <= 1e-9 * np.maximum(1.0, np.abs(scaled))):
            return s, True
    return 1_000_000, False


def _solve_exact(
    a: np.ndarray,
    exp: set[int],
    blocks: list[list[int]],
    min_size: int,
    max_size: int,
    policy: str,
    time_limit_s: float,
    seed: int,
    sbound: float,
    hint: list[list[int]] | None = None,
) -> dict[str, Any] | None:
    from ortools.sat.python import cp_model

    n = a.shape[0]
    big_g = n // min_size  # at most this many non-empty groups
    scale, exact_scale = _scale(a)
    # ceil keeps the scaled objective >= the true one, so its bound stays a valid bound.
    coef = np.ceil(a * scale - 1e-9).astype(np.int64) if not exact_scale else np.round(a * scale).astype(np.int64)

    model = cp_model.CpModel()
    x = {(i, g): model.NewBoolVar(f"x{i}_{g}") for i in range(n) for g in range(min(i + 1, big_g))}
    used = [model.NewBoolVar(f"u{g}") for g in range(big_g)]
    for i in range(n):
        model.AddExactlyOne(x[i, g] for g in range(min(i + 1, big_g)))
    members = [[i for i in range(n) if (i, g) in x] for g in range(big_g)]
    for g in range(big_g):
        size = sum(x[i, g] for i in members[g])
        model.Add(size >= min_size * used[g])
        model.Add(size <= max_size * used[g])
        for i in members[g]:
            model.AddImplication(x[i, g], used[g])
        if g:
            model.AddImplication(used[g], used[g - 1])
            # Symmetry breaking: groups are ordered by their smallest member.
            for i in members[g]:
                model.Add(x[i, g] <= sum(x[j, g - 1] for j in range(i) if (j, g - 1) in x))
    for b in blocks:
        for i in b[1:]:
            for g in range(big_g):
                xi, xb = x.get((i, g)), x.get((b[0], g))
                if xi is None and xb is None:
                    continue
                if xi is None or xb is None:
                    model.Add((xi if xi is not None else xb) == 0)
                else:
                    model.Add(xi == xb)
    if policy == "mixed":
        n_exp = len(exp)
        k_var = model.NewIntVar(0, big_g, "k")
        model.Add(k_var == sum(used))
        req = model.NewIntVar(0, big_g, "req")
        model.AddMinEquality(req, [k_var, min(n_exp, n - n_exp)])
        mixed = []
        for g in range(big_g):
            m = model.NewBoolVar(f"m{g}")
            model.Add(m <= sum(x[i, g] for i in members[g] if i in exp))
            model.Add(m <= sum(x[i, g] for i in members[g] if i not in exp))
            mixed.append(m)
        model.Add(sum(mixed) >= req)
    terms = []
    for i in range(n):
        for j in range(i + 1, n):
            c = int(coef[i, j])
            if c == 0:
                continue
            for g in range(min(i + 1, big_g)):
                z = model.NewBoolVar(f"z{i}_{j}_{g}")
                if c > 0:
                    model.AddImplication(z, x[i, g])
                    model.AddImplication(z, x[j, g])
                else:
                    model.AddBoolOr([x[i, g].Not(), x[j, g].Not(), z])
                terms.append(c * z)
    model.Maximize(sum(terms))
    if hint is not None:
        for g, grp in enumerate(sorted(sorted(h) for h in hint)):
            for i in grp:
                for gg in range(min(i + 1, big_g)):
                    model.AddHint(x[i, gg], gg == g)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.random_seed = int(seed)
    solver.parameters.num_workers = 8
    st = solver.Solve(model)
    if st == cp_model.INFEASIBLE:
        return {
            "status": "infeasible",
            "reason": "no partition satisfies the group sizes, the 'together' sets and the policy",
        }
    if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    groups = [[i for i in members[g] if solver.Value(x[i, g])] for g in range(big_g)]
    groups = [g for g in groups if g]
    obj = group_objective(groups, a)
    bound = min(solver.BestObjectiveBound() / scale, sbound)
    status = "optimal" if st == cp_model.OPTIMAL and exact_scale else "feasible"
    if status == "optimal":
        bound = obj
    return {"groups": groups, "objective": obj, "bound": max(bound, obj), "status": status}


def _heuristic(
    a: np.ndarray,
    exp: set[int],
    blocks: list[list[int]],
    min_size: int,
    max_size: int,
    policy: str,
    time_limit_s: float,
    seed: int,
) -> list[list[int]] | None:
    """Greedy construction by affinity, then block moves and swaps while they improve."""
    deadline = time.monotonic() + time_limit_s
    rng = random.Random(seed)
    n = a.shape[0]
    k = -(-n // max_size)
    nb = len(blocks)
    bsize = np.array([len(b) for b in blocks])
    bexp = np.array([sum(1 for i in b if i in exp) for b in blocks])
    memb = np.zeros((nb, n))
    for bi, b in enumerate(blocks):
        memb[bi, b] = 1.0
    ab = memb @ a @ memb.T  # block affinity; ab[b, b] = 2 * intra-block affinity
    n_exp = len(exp)
    req = required_mixed(k, n_exp, n - n_exp) if policy == "mixed" else 0
    targets = [n // k + (1 if g < n % k else 0) for g in range(k)]

    gof = np.full(nb, -1)
    gsize = np.zeros(k, dtype=int)
    gexp = np.zeros(k, dtype=int)
    wb = np.zeros((nb, k))  # wb[b, g] = affinity of block b to the members of group g

    def place(b: int, g: int) -> None:
        gof[b] = g
        gsize[g] += bsize[b]
        gexp[g] += bexp[b]
        wb[:, g] += ab[:, b]

    def unplace(b: int) -> None:
        g = gof[b]
        gof[b] = -1
        gsize[g] -= bsize[b]
        gexp[g] -= bexp[b]
        wb[:, g] -= ab[:, b]

    order = sorted(range(nb), key=lambda b: (-bsize[b], b))
    if req:
        # Seed the first `req` groups with one experienced and one other block each.
        for g in range(req):
            for need_exp in (True, False):
                if (gexp[g] > 0) if need_exp else (gexp[g] < gsize[g]):
                    continue
                for b in order:
                    ok = bexp[b] > 0 if need_exp else bexp[b] < bsize[b]
                    if ok and gof[b] < 0 and gsize[g] + bsize[b] <= targets[g]:
                        place(b, g)
                        break
    for b in order:
        if gof[b] >= 0:
            continue
        best, best_key = -1, None
        for cap in (targets, [max_size] * k):
            for g in range(k):
                if gsize[g] + bsize[b] <= cap[g]:
                    key = (wb[b, g], -gsize[g])
                    if best_key is None or key > best_key:
                        best, best_key = g, key
            if best >= 0:
                break
        if best < 0:
            return None
        place(b, best)

    def mixed_count(sz: np.ndarray, ex: np.ndarray) -> int:
        return int(np.sum((ex > 0) & (ex < sz)))

    def valid(sz: np.ndarray, ex: np.ndarray) -> bool:
        return bool(np.all(sz >= min_size) and np.all(sz <= max_size)) and mixed_count(sz, ex) >= req

    # Repair sizes below the minimum by moving blocks from groups that can spare them.
    for _ in range(nb * k):
        low = [g for g in range(k) if gsize[g] < min_size]
        if not low:
            break
        g = low[0]
        cands = [b for b in range(nb) if gof[b] != g and gsize[gof[b]] - bsize[b] >= min_size]
        cands = [b for b in cands if gsize[g] + bsize[b] <= max_size]
        if not cands:
            return None
        b = max(cands, key=lambda b: (wb[b, g] - wb[b, gof[b]], -b))
        unplace(b)
        place(b, g)
    if not valid(gsize, gexp):
        return None

    def descend() -> None:
        improved = True
        while improved and time.monotonic() < deadline:
            improved = False
            blist = list(range(nb))
            rng.shuffle(blist)
            for b in blist:
                if time.monotonic() >= deadline:
                    break
                g = gof[b]
                # Moves of block b to another group.
                gains = wb[b] - wb[b, g] + ab[b, b]
                gains[g] = -np.inf
                for h in np.argsort(-gains):
                    if gains[h] <= EPS:
                        break
                    sz, ex = gsize.copy(), gexp.copy()
                    sz[g] -= bsize[b]
                    sz[h] += bsize[b]
                    ex[g] -= bexp[b]
                    ex[h] += bexp[b]
                    if valid(sz, ex):
                        unplace(b)
                        place(b, int(h))
                        improved = True
                        break
                if gof[b] != g:
                    continue
                # Swaps of block b with a block c of another group.
                h_of = gof
                sw = (
                    wb[b, h_of]
                    - wb[b, g]
                    + ab[b, b]
                    + wb[np.arange(nb), g]
                    - wb[np.arange(nb), h_of]
                    + np.diag(ab)
                    - 2 * ab[b]
                )
                sw[h_of == g] = -np.inf
                cand = np.flatnonzero(sw > EPS)
                for c in cand[np.argsort(-sw[cand], kind="stable")]:
                    h = h_of[c]
                    sz, ex = gsize.copy(), gexp.copy()
                    d, de = bsize[c] - bsize[b], bexp[c] - bexp[b]
                    sz[g] += d
                    sz[h] -= d
                    ex[g] += de
                    ex[h] -= de
                    if valid(sz, ex):
                        unplace(b)
                        unplace(int(c))
                        place(b, int(h))
                        place(int(c), g)
                        improved = True
                        break

    def value() -> float:
        return 0.5 * float(wb[np.arange(nb), gof].sum())

    def rebuild(assign: np.ndarray) -> None:
        gof[:] = assign
        onehot = np.zeros((nb, k))
        onehot[np.arange(nb), gof] = 1.0
        wb[:] = ab @ onehot
        gsize[:] = np.bincount(gof, weights=bsize, minlength=k).astype(int)
        gexp[:] = np.bincount(gof, weights=bexp, minlength=k).astype(int)

    descend()
    # Iterated local search: swap a few random blocks of equal size and equal experienced count
    # (sizes and the mixed rule are unchanged), descend again, keep the best.
    best_val, best_gof = value(), gof.copy()
    kinds: dict[tuple[int, int], list[int]] = {}
    for b in range(nb):
        kinds.setdefault((int(bsize[b]), int(bexp[b])), []).append(b)
    swappable = [v for v in kinds.values() if len(v) >= 2]
    stale = 0
    while swappable and k > 1 and stale < 100 and time.monotonic() < deadline:
        for _ in range(rng.randint(2, 4)):
            pool = rng.choice(swappable)
            b, c = rng.sample(pool, 2)
            if gof[b] != gof[c]:
                gb, gc = int(gof[b]), int(gof[c])
                unplace(b)
                unplace(c)
                place(b, gc)
                place(c, gb)
        descend()
        v = value()
        if v > best_val + EPS:
            best_val, best_gof, stale = v, gof.copy(), 0
        else:
            stale += 1
            rebuild(best_gof)
    groups: list[list[int]] = [[] for _ in range(k)]
    for b in range(nb):
        groups[gof[b]].extend(blocks[b])
    return [sorted(g) for g in groups]
