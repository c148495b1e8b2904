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

from .bounds import bound_matrix, simple_bound, upper_bound

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
        idx = np.asarray(list(g), dtype=int)
        total += float(np.triu(a[np.ix_(idx, idx)], 1).sum())
    return total


def required_mixed(k: int, n_exp: int, n_other: int) -> int:
    """Number of groups that must contain an experienced and a non-experienced member."""
    return min(k, n_exp, n_other)


def _matrix(affinity: Sequence[Sequence[float]], n: int) -> np.ndarray:
    if not isinstance(affinity, Sequence | np.ndarray) or isinstance(affinity, str) or len(affinity) != n:
        raise ValueError(f"affinity must be an n x n matrix with n = {n}")
    for i, row in enumerate(affinity):
        if not isinstance(row, Sequence | np.ndarray) or isinstance(row, str) or len(row) != n:
            raise ValueError(f"affinity row {i} must have {n} entries")
    a = None
    if all(not ({type(v) for v in row} - {int, float}) for row in affinity):
        a = np.array(affinity, dtype=float).reshape(n, n)
    if a is None or not np.all(np.isfinite(a)):
        # Slow path only to name the offending entry.
        for i, row in enumerate(affinity):
            for j, v in enumerate(row):
                if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                    raise ValueError(f"affinity[{i}][{j}] must be a finite number, got {v!r}")
        a = np.array(affinity, dtype=float).reshape(n, n)
    return a


def _validate(
    participants: Sequence[Any],
    affinity: Sequence[Sequence[float]],
    min_size: int,
    max_size: int,
    experienced: Iterable[Any],
    policy: str,
    together: Iterable[Iterable[Any]],
    fixed: Iterable[Iterable[Any]],
    time_limit_s: float,
) -> tuple[list[Any], np.ndarray, set[int], list[list[int]], list[list[int]]]:
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
    a = _matrix(affinity, n)
    if n and not np.allclose(a, a.T, rtol=0.0, atol=1e-9):
        i, j = map(int, np.argwhere(np.abs(a - a.T) > 1e-9)[0])
        raise ValueError(f"affinity must be symmetric: [{i}][{j}]={a[i, j]} but [{j}][{i}]={a[j, i]}")
    np.fill_diagonal(a, 0.0)
    exp: set[int] = set()
    for e in experienced:
        if e not in index:
            raise ValueError(f"experienced id {e!r} is not a participant")
        exp.add(index[e])
    locked: list[list[int]] = []
    seen: set[int] = set()
    for s in fixed:
        if isinstance(s, str | bytes) or not isinstance(s, Iterable):
            raise ValueError(f"fixed group {s!r} must be a list of ids")
        members = []
        for p in s:
            if not isinstance(p, Hashable) or p not in index:
                raise ValueError(f"fixed id {p!r} is not a participant")
            if index[p] in seen:
                raise ValueError(f"participant {p!r} is in two fixed groups (or twice in one)")
            seen.add(index[p])
            members.append(index[p])
        if members:
            locked.append(sorted(members))
    # Union-find over the "together" sets and the fixed groups.
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for s in together:
        if isinstance(s, str | bytes) or not isinstance(s, Iterable):
            raise ValueError(f"together set {s!r} must be a list of ids")
        members = list(s)
        for p in members:
            if not isinstance(p, Hashable) or p not in index:
                raise ValueError(f"together id {p!r} is not a participant")
        for p in members[1:]:
            parent[find(index[p])] = find(index[members[0]])
    for members in locked:
        for i in members[1:]:
            parent[find(i)] = find(members[0])
    comps: dict[int, list[int]] = {}
    for i in range(n):
        comps.setdefault(find(i), []).append(i)
    blocks = sorted(comps.values(), key=lambda b: b[0])
    return participants, a, exp, blocks, locked


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
    fixed: Iterable[Iterable[Any]] = (),
) -> dict[str, Any]:
    """Partition ``participants`` into groups of ``min_size``..``max_size`` maximising in-group affinity.

    ``fixed`` lists locked (partial) groups: the members of one list share a group, and two lists
    are never in the same group. ``method``: "auto" (CP-SAT up to ``EXACT_MAX_N`` participants,
    heuristic beyond or as a fallback), "exact" (CP-SAT only) or "heuristic" (local search only).
    """
    if method not in ("auto", "exact", "heuristic"):
        raise ValueError(f"method must be 'auto', 'exact' or 'heuristic', got {method!r}")
    participants, a, exp, blocks, locked = _validate(
        participants, affinity, min_size, max_size, experienced, policy, together, fixed, time_limit_s
    )
    n = len(participants)
    if n == 0:
        return {"groups": [], "objective": 0.0, "bound": 0.0, "gap_pct": 0.0, "unassigned": [], "status": "optimal"}
    n_fixed = len(locked)
    k_lo, k_hi = max(-(-n // max_size), n_fixed), n // min_size
    if -(-n // max_size) > k_hi:
        return _infeasible(
            participants,
            f"{n} participants cannot be split into groups of {min_size} to {max_size}",
        )
    big_lock = max(locked, key=len, default=[])
    if len(big_lock) > max_size:
        return _infeasible(
            participants,
            f"a fixed group of {len(big_lock)} participants exceeds the maximum group size {max_size}",
        )
    if k_lo > k_hi:
        return _infeasible(
            participants,
            f"{n_fixed} fixed groups need {n_fixed} groups, but {n} participants allow at most {k_hi} "
            f"groups of {min_size} or more",
        )
    label = {i: j for j, members in enumerate(locked) for i in members}
    pin: list[int] = []
    for b in blocks:
        labels = {label[i] for i in b if i in label}
        if len(labels) > 1:
            return _infeasible(participants, "a 'together' set joins two fixed groups")
        pin.append(labels.pop() if labels else -1)
    big = max(blocks, key=len)
    if len(big) > max_size:
        return _infeasible(
            participants,
            f"a 'together' set of {len(big)} participants exceeds the maximum group size {max_size}",
        )
    spec = _Spec(a, exp, blocks, pin, n_fixed, min_size, max_size, policy)
    deadline = time.monotonic() + float(time_limit_s)
    bound_a = bound_matrix(a, blocks, pin)
    sbound = simple_bound(bound_a, max_size)
    result = None
    if method == "exact" or (method == "auto" and n <= EXACT_MAX_N):
        hint = None
        if method == "auto":
            # A short local search first: a warm start for CP-SAT and a fallback if it does better.
            budget = min(2.0, 0.1 * float(time_limit_s))
            hint = _heuristic(spec, budget, seed)
        remaining = max(0.05, deadline - time.monotonic())
        result = _solve_exact(spec, remaining, seed, sbound, hint)
        if result is not None and result["status"] == "feasible" and hint is not None:
            h_obj = group_objective(hint, a)
            if h_obj > result["objective"]:
                result = {**result, "groups": hint, "objective": h_obj}
        if result is None and hint is not None:
            h_obj = group_objective(hint, a)
            result = {"groups": hint, "objective": h_obj, "bound": sbound, "status": "feasible"}
        if result is None and method == "exact":
            return _infeasible(participants, "CP-SAT found no partition within the time limit")
    if result is None:
        # Keep a slice of the time for the bound (a few hundred matrix passes at most).
        remaining = max(0.05, 0.85 * (deadline - time.monotonic()))
        groups_idx = _heuristic(spec, remaining, seed)
        if groups_idx is None:
            return _infeasible(
                participants,
                "the local search found no partition satisfying the size, 'together', fixed and policy constraints",
            )
        obj = group_objective(groups_idx, a)
        result = {"groups": groups_idx, "objective": obj, "bound": sbound, "status": "feasible"}
    if result["status"] == "feasible":
        budget = max(0.05, deadline - time.monotonic())
        result["bound"] = min(
            result["bound"],
            upper_bound(bound_a, n, min_size, max_size, k_lo, k_hi, target=result["objective"], time_limit_s=budget),
        )
    return _finish(participants, result)


class _Spec:
    """The constraints shared by the exact model and the heuristic (indices, not ids)."""

    def __init__(
        self,
        a: np.ndarray,
        exp: set[int],
        blocks: list[list[int]],
        pin: list[int],
        n_fixed: int,
        min_size: int,
        max_size: int,
        policy: str,
    ) -> None:
        self.a, self.exp, self.blocks, self.pin, self.n_fixed = a, exp, blocks, pin, n_fixed
        self.min_size, self.max_size, self.policy = min_size, max_size, policy


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


def _block_affinity(a: np.ndarray, blocks: list[list[int]]) -> np.ndarray:
    """``ab[b, c]``: total affinity between blocks ``b`` and ``c``; ``ab[b, b]`` is twice the intra-block sum."""
    if len(blocks) == a.shape[0]:
        order = [b[0] for b in blocks]
        return a[np.ix_(order, order)].copy()
    perm = [i for b in blocks for i in b]
    starts = np.cumsum([0] + [len(b) for b in blocks[:-1]])
    ap = a[np.ix_(perm, perm)]
    return np.add.reduceat(np.add.reduceat(ap, starts, axis=0), starts, axis=1)


def _heuristic(spec: _Spec, time_limit_s: float, seed: int) -> list[list[int]] | None:
    """Greedy construction by affinity, then block moves and swaps while they improve (iterated)."""
    deadline = time.monotonic() + time_limit_s
    rng = random.Random(seed)
    a, exp, blocks, min_size, max_size = spec.a, spec.exp, spec.blocks, spec.min_size, spec.max_size
    n = a.shape[0]
    k = max(-(-n // max_size), spec.n_fixed)
    nb = len(blocks)
    bsize = np.array([len(b) for b in blocks])
    bexp = np.array([sum(1 for i in b if i in exp) for b in blocks])
    bpin = np.array(spec.pin)
    bfix = (bpin >= 0).astype(int)
    ab = _block_affinity(a, blocks)
    n_exp = len(exp)
    req = required_mixed(k, n_exp, n - n_exp) if spec.policy == "mixed" else 0
    targets = [n // k + (1 if g < n % k else 0) for g in range(k)]

    gof = np.full(nb, -1)
    gsize = np.zeros(k, dtype=int)
    gexp = np.zeros(k, dtype=int)
    gfix = np.zeros(k, dtype=int)  # fixed blocks per group: never more than one
    wb = np.zeros((nb, k))  # wb[b, g] = affinity of block b to the members of group g

    def place(b: int, g: int) -> None:
        gof[b] = g
        gsize[g] += bsize[b]
        gexp[g] += bexp[b]
        gfix[g] += bfix[b]
        wb[:, g] += ab[:, b]

    def unplace(b: int) -> None:
        g = gof[b]
        gof[b] = -1
        gsize[g] -= bsize[b]
        gexp[g] -= bexp[b]
        gfix[g] -= bfix[b]
        wb[:, g] -= ab[:, b]

    for b in range(nb):
        if bpin[b] >= 0:
            place(b, int(bpin[b]))
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

    def valid(sz: np.ndarray, ex: np.ndarray, fx: np.ndarray) -> bool:
        if not (np.all(sz >= min_size) and np.all(sz <= max_size) and np.all(fx <= 1)):
            return False
        return not req or mixed_count(sz, ex) >= req

    def valid_move(b: int, g: int, h: int, c: int = -1) -> bool:
        """Whether block b moving g -> h (and block c moving h -> g, if given) keeps every rule."""
        sz, ex, fx = gsize.copy(), gexp.copy(), gfix.copy()
        for blk, src, dst in ((b, g, h), (c, h, g)):
            if blk >= 0:
                sz[src] -= bsize[blk]
                sz[dst] += bsize[blk]
                ex[src] -= bexp[blk]
                ex[dst] += bexp[blk]
                fx[src] -= bfix[blk]
                fx[dst] += bfix[blk]
        return valid(sz, ex, fx)

    # Repair sizes below the minimum by moving blocks from groups that can spare them.
    for _ in range(nb * k):
        low = [g for g in range(k) if gsize[g] < min_size]
        if not low:
            break
        g = low[0]
        cands = [
            b
            for b in range(nb)
            if gof[b] != g
            and gsize[gof[b]] - bsize[b] >= min_size
            and gsize[g] + bsize[b] <= max_size
            and gfix[g] + bfix[b] <= 1
        ]
        if not cands:
            return None
        b = max(cands, key=lambda b: (wb[b, g] - wb[b, gof[b]], -b))
        unplace(b)
        place(b, g)
    if not valid(gsize, gexp, gfix):
        return None

    members: list[set[int]] = [set() for _ in range(k)]
    for b in range(nb):
        members[gof[b]].add(b)
    all_b = np.arange(nb)
    diag = np.diag(ab).copy()

    def relocate(b: int, h: int) -> None:
        members[gof[b]].discard(b)
        unplace(b)
        place(b, h)
        members[h].add(b)

    def descend(work: list[int]) -> None:
        """Improving moves and swaps, examining the blocks in ``work`` and those of changed groups."""
        queued = set(work)
        rng.shuffle(work)
        while work and time.monotonic() < deadline:
            b = work.pop()
            queued.discard(b)
            g = int(gof[b])
            changed: tuple[int, int] | None = None
            # Moves of block b to another group.
            gains = wb[b] - wb[b, g] + ab[b, b]
            gains[g] = -np.inf
            for h in np.argsort(-gains):
                if gains[h] <= EPS:
                    break
                if valid_move(b, g, int(h)):
                    relocate(b, int(h))
                    changed = (g, int(h))
                    break
            if changed is None:
                # Swaps of block b with a block c of another group.
                h_of = gof
                sw = wb[b, h_of] - wb[b, g] + ab[b, b] + wb[all_b, g] - wb[all_b, h_of] + diag - 2 * ab[b]
                sw[h_of == g] = -np.inf
                cand = np.flatnonzero(sw > EPS)
                for c in cand[np.argsort(-sw[cand], kind="stable")]:
                    h = int(h_of[c])
                    if valid_move(b, g, h, int(c)):
                        relocate(b, h)
                        relocate(int(c), g)
                        changed = (g, h)
                        break
            if changed is not None:
                for grp in changed:
                    for c in members[grp]:
                        if c not in queued:
                            queued.add(c)
                            work.append(c)

    def value() -> float:
        return 0.5 * float(wb[all_b, gof].sum())

    def restore(assign: np.ndarray) -> None:
        """Move back the (few) blocks whose group differs from ``assign``."""
        for b in np.flatnonzero(gof != assign):
            relocate(int(b), int(assign[b]))

    descend(list(range(nb)))
    # Iterated local search: swap a few blocks of equal size, experienced count and fixedness
    # (sizes, the mixed rule and the fixed groups are unchanged), descend again from the blocks
    # of the touched groups, keep the best.
    best_val, best_gof = value(), gof.copy()
    kinds: dict[tuple[int, int, int], list[int]] = {}
    for b in range(nb):
        kinds.setdefault((int(bsize[b]), int(bexp[b]), int(bfix[b])), []).append(b)
    swappable = [v for v in kinds.values() if len(v) >= 2]
    kind = [(int(bsize[b]), int(bexp[b]), int(bfix[b])) for b in range(nb)]
    stale, patience = 0, max(100, 2 * k)
    while swappable and k > 1 and stale < patience and time.monotonic() < deadline:
        touched: set[int] = set()
        for _ in range(rng.randint(2, 4)):
            pool = rng.choice(swappable)
            b = rng.choice(pool)
            gb = int(gof[b])
            # Swap b into a group it likes (one of its three best), with the block of the same
            # kind there that loses least by the exchange: a kick that is often almost neutral.
            pref = wb[b].copy()
            pref[gb] = -np.inf
            top = np.argsort(-pref)[:3]
            gc = int(top[rng.randrange(len(top))])
            same = [c for c in members[gc] if kind[c] == kind[b]]
            if not same:
                continue
            c = max(same, key=lambda c: (wb[c, gb] - wb[c, gc] - ab[b, c], -c))
            if gb != gc:
                relocate(b, gc)
                relocate(c, gb)
                touched.update((gb, gc))
        descend([c for g in sorted(touched) for c in sorted(members[g])])
        v = value()
        if v > best_val + EPS:
            best_val, best_gof, stale = v, gof.copy(), 0
        else:
            stale += 1
            if v < best_val - EPS:
                restore(best_gof)
    if value() < best_val - EPS:
        restore(best_gof)
    groups: list[list[int]] = [[] for _ in range(k)]
    for b in range(nb):
        groups[gof[b]].extend(blocks[b])
    return [sorted(g) for g in groups]


def _solve_exact(
    spec: _Spec,
    time_limit_s: float,
    seed: int,
    sbound: float,
    hint: list[list[int]] | None = None,
) -> dict[str, Any] | None:
    """Exact model on same-group pair booleans with transitivity (no group labels, no symmetry)."""
    from ortools.sat.python import cp_model

    started = time.monotonic()
    a, exp, min_size, max_size = spec.a, spec.exp, spec.min_size, spec.max_size
    n = a.shape[0]
    pin = [-1] * n
    block_of = [0] * n
    for bi, (b, label) in enumerate(zip(spec.blocks, spec.pin, strict=True)):
        for i in b:
            pin[i], block_of[i] = label, bi
    scale, exact_scale = _scale(a)
    # ceil keeps the scaled objective >= the true one, so its bound stays a valid bound.
    coef = np.ceil(a * scale - 1e-9).astype(np.int64) if not exact_scale else np.round(a * scale).astype(np.int64)

    model = cp_model.CpModel()
    y: dict[tuple[int, int], Any] = {}
    for i in range(n):
        for j in range(i + 1, n):
            y[i, j] = y[j, i] = model.NewBoolVar(f"y{i}_{j}")
            if block_of[i] == block_of[j]:
                model.Add(y[i, j] == 1)
            elif pin[i] >= 0 and pin[j] >= 0:
                model.Add(y[i, j] == 0)  # two different fixed groups
    # Transitivity: "same group" is an equivalence relation.
    for i in range(n):
        for j in range(i + 1, n):
            for k in range(j + 1, n):
                model.Add(y[i, j] + y[j, k] - y[i, k] <= 1)
                model.Add(y[i, j] + y[i, k] - y[j, k] <= 1)
                model.Add(y[i, k] + y[j, k] - y[i, j] <= 1)
    for i in range(n):
        mates = sum(y[i, j] for j in range(n) if j != i)
        model.Add(mates >= min_size - 1)
        model.Add(mates <= max_size - 1)
    if spec.policy == "mixed":
        # rep[i]: i is the smallest member of its group; mixed[i]: that group is mixed.
        reps, mixed = [], []
        for i in range(n):
            r = model.NewBoolVar(f"r{i}")
            earlier = [y[j, i] for j in range(i)]
            for e in earlier:
                model.AddImplication(r, e.Not())
            model.AddBoolOr([*earlier, r])
            m = model.NewBoolVar(f"m{i}")
            model.AddImplication(m, r)
            later_exp = [y[i, j] for j in range(i + 1, n) if j in exp]
            later_other = [y[i, j] for j in range(i + 1, n) if j not in exp]
            model.Add(m <= (1 if i in exp else 0) + sum(later_exp))
            model.Add(m <= (0 if i in exp else 1) + sum(later_other))
            reps.append(r)
            mixed.append(m)
        n_exp = len(exp)
        req = model.NewIntVar(0, n, "req")
        model.AddMinEquality(req, [sum(reps), min(n_exp, n - n_exp)])
        model.Add(sum(mixed) >= req)
    model.Maximize(sum(int(coef[i, j]) * y[i, j] for i in range(n) for j in range(i + 1, n) if coef[i, j]))
    if hint is not None:
        where = {i: g for g, grp in enumerate(hint) for i in grp}
        for i in range(n):
            for j in range(i + 1, n):
                model.AddHint(y[i, j], where[i] == where[j])
    solver = cp_model.CpSolver()
    # The model takes a while to build at n = 60 (about 10⁵ constraints): it counts against the limit.
    solver.parameters.max_time_in_seconds = max(0.05, time_limit_s - (time.monotonic() - started))
    solver.parameters.random_seed = int(seed)
    solver.parameters.num_workers = 8
    st = solver.Solve(model)
    if st == cp_model.INFEASIBLE:
        return {
            "status": "infeasible",
            "reason": "no partition satisfies the group sizes, the 'together' sets, the fixed groups and the policy",
        }
    if st not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    groups: list[list[int]] = []
    seen: set[int] = set()
    for i in range(n):
        if i not in seen:
            g = [i] + [j for j in range(i + 1, n) if solver.Value(y[i, j])]
            seen.update(g)
            groups.append(g)
    obj = group_objective(groups, a)
    bound = min(solver.BestObjectiveBound() / scale, sbound)
    status = "optimal" if st == cp_model.OPTIMAL and exact_scale else "feasible"
    if status == "optimal":
        bound = obj
    return {"groups": groups, "objective": obj, "bound": max(bound, obj), "status": status}
