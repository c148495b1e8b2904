"""Proven upper bounds on the best grouping objective (see docs/matching.md, "Upper bounds").

All bounds take a matrix ``b`` with ``b[i, j] >= a[i, j]`` for every pair that may share a group
and ``-inf`` for pairs that never can (two different fixed groups) and on the diagonal.
"""

from __future__ import annotations

import time

import numpy as np

LAGRANGE_ITERATIONS = 1000


def bound_matrix(a: np.ndarray, blocks: list[list[int]], pin: list[int]) -> np.ndarray:
    """The affinity matrix with ``-inf`` on the diagonal and between members of different fixed groups."""
    b = a.astype(float, copy=True)
    label = np.full(a.shape[0], -1)
    for members, p in zip(blocks, pin, strict=True):
        label[members] = p
    fixed = label >= 0
    if fixed.any():
        apart = fixed[:, None] & fixed[None, :] & (label[:, None] != label[None, :])
        b[apart] = -np.inf
    np.fill_diagonal(b, -np.inf)
    return b


def _top_positive_rows(r: np.ndarray, d: int) -> tuple[float, np.ndarray]:
    """Sum over rows of the ``d`` largest positive entries, and their (row, column) positions."""
    n = r.shape[0]
    if d <= 0 or n == 0:
        return 0.0, np.zeros((0, 2), dtype=int)
    cols = np.argpartition(-r, d - 1, axis=1)[:, :d] if d < n else np.tile(np.arange(n), (n, 1))
    vals = np.take_along_axis(r, cols, axis=1)
    keep = vals > 0
    rows = np.repeat(np.arange(n), cols.shape[1]).reshape(cols.shape)
    return float(vals[keep].sum()), np.stack([rows[keep], cols[keep]], axis=1)


def simple_bound(b: np.ndarray, max_size: int) -> float:
    """Half the sum, over participants, of their ``max_size - 1`` largest positive affinities."""
    n = b.shape[0]
    r = np.array(b, dtype=float, copy=True)
    if n:
        np.fill_diagonal(r, -np.inf)
    total, _ = _top_positive_rows(r, min(max_size - 1, n - 1))
    return total / 2.0


def max_pairs(n: int, min_size: int, max_size: int, k_lo: int, k_hi: int) -> int:
    """Most same-group pairs of any partition of ``n`` into ``k_lo..k_hi`` groups of allowed sizes.

    For a fixed ``k`` the pair count is a convex function of the sizes, so it is largest at an
    extreme point: as many groups of ``max_size`` as possible, one remainder group, the rest
    ``min_size``.
    """
    best = 0
    for k in range(k_lo, k_hi + 1):
        extra = n - k * min_size
        if extra < 0 or extra > k * (max_size - min_size):
            continue
        sizes = [min_size] * k
        room = max_size - min_size
        for g in range(k):
            add = min(room, extra)
            sizes[g] += add
            extra -= add
        best = max(best, sum(s * (s - 1) // 2 for s in sizes))
    return best


def top_pairs_bound(b: np.ndarray, pairs: int) -> float:
    """Sum of the ``pairs`` largest positive pair affinities."""
    n = b.shape[0]
    vals = b[np.triu_indices(n, 1)]
    vals = vals[vals > 0]
    if pairs <= 0 or vals.size == 0:
        return 0.0
    if vals.size <= pairs:
        return float(vals.sum())
    return float(np.partition(vals, vals.size - pairs)[vals.size - pairs :].sum())


def _sparse_rows(b: np.ndarray, degree: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The few entries per row the Lagrangian can move, and a cap on everything else.

    Returns, for the symmetric set ``K`` of each row's ``4·degree`` largest entries (and their
    transposes): ``rows, cols`` (flat, row-major), ``pad`` (``n × W`` flat indices, ``-1`` = none),
    ``tpos`` (flat index of the transposed entry) and ``outside`` (``n × degree``): values at least
    as large as the ``degree`` largest entries of the row outside ``K``.
    """
    n = b.shape[0]
    c = min(n - 1, 4 * degree)
    width = min(n, c + degree)
    top = np.argpartition(-b, width - 1, axis=1)[:, :width] if width < n else np.tile(np.arange(n), (n, 1))
    top_vals = np.take_along_axis(b, top, axis=1)
    order = np.argsort(-top_vals, axis=1, kind="stable")
    top, top_vals = np.take_along_axis(top, order, axis=1), np.take_along_axis(top_vals, order, axis=1)
    member = np.zeros((n, n), dtype=bool)
    member[np.repeat(np.arange(n), c), top[:, :c].ravel()] = True
    member |= member.T
    rows, cols = np.nonzero(member)  # row-major, columns sorted
    index = np.full((n, n), -1)
    index[rows, cols] = np.arange(rows.size)
    tpos = index[cols, rows]
    counts = np.bincount(rows, minlength=n)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    w = int(counts.max()) if n else 0
    slot = np.arange(rows.size) - starts[rows]
    pad = np.full((n, w), -1)
    pad[rows, slot] = np.arange(rows.size)
    outside = np.full((n, degree), -np.inf)
    in_k = np.take_along_axis(member, top, axis=1)
    for i in range(n):
        rest = top_vals[i][~in_k[i]][:degree]
        outside[i, : rest.size] = rest
        if rest.size < degree and width < n:
            outside[i, rest.size :] = top_vals[i, -1]  # anything beyond the list is at most its last value
    return rows, cols, pad, tpos, outside


def lagrangian_bound(b: np.ndarray, degree: int, pairs: int, target: float, iterations: int, deadline: float) -> float:
    """``min over λ >= 0, μ antisymmetric`` of ``λ·pairs + Σ_i top_degree⁺(b[i]/2 + μ[i] − λ/2)``.

    Valid for every ``λ`` and ``μ`` (see docs/matching.md); searched by subgradient steps
    (Polyak step towards ``target``, a known objective). ``λ = 0, μ = 0`` is the simple bound.
    ``μ`` is kept zero outside a sparse symmetric set of candidate entries, so a step costs
    ``O(n · degree)`` once that set is built; every evaluated value is still an exact ``L``.
    """
    n = b.shape[0]
    if n < 2 or degree <= 0:
        return 0.0
    rows, cols, pad, tpos, outside = _sparse_rows(b, degree)
    half = b[rows, cols] / 2.0
    mu = np.zeros_like(half)
    valid = pad >= 0
    safe = np.where(valid, pad, 0)
    lam = 0.0
    best = np.inf
    theta, since_best = 2.0, 0
    width = pad.shape[1]
    for _ in range(iterations):
        vals = np.where(valid, (half + mu)[safe], -np.inf) - lam / 2.0
        r = np.concatenate([vals, outside / 2.0 - lam / 2.0], axis=1)
        sel = np.argpartition(-r, degree - 1, axis=1)[:, :degree]
        picked = np.take_along_axis(r, sel, axis=1)
        keep = picked > 0
        value = float(picked[keep].sum()) + lam * pairs
        if value < best - 1e-12:
            best, since_best = value, 0
        else:
            since_best += 1
            if since_best >= 10:
                theta, since_best = theta / 2.0, 0
        if theta < 1e-4 or time.monotonic() >= deadline or best <= target + 1e-9:
            break
        inside = keep & (sel < width)
        y = np.zeros_like(half)
        y[np.take_along_axis(pad, np.where(inside, sel, 0), axis=1)[inside]] = 1.0
        g_mu = y - y[tpos]
        g_lam = pairs - float(keep.sum()) / 2.0
        if lam <= 0.0 and g_lam > 0.0:
            g_lam = 0.0  # λ cannot go below zero
        norm = float((g_mu * g_mu).sum()) / 2.0 + g_lam * g_lam
        if norm <= 0.0:
            break  # no multiplier step would change anything
        step = theta * max(value - target, 1e-9 * max(1.0, abs(value))) / norm
        mu -= step * g_mu
        lam = max(0.0, lam - step * g_lam)
    return float(best)


def upper_bound(
    b: np.ndarray,
    n: int,
    min_size: int,
    max_size: int,
    k_lo: int,
    k_hi: int,
    target: float,
    time_limit_s: float,
) -> float:
    """The smallest of the simple, pair-count and Lagrangian bounds."""
    degree = min(max_size - 1, n - 1)
    pairs = max_pairs(n, min_size, max_size, k_lo, k_hi)
    deadline = time.monotonic() + time_limit_s
    return min(
        simple_bound(b, max_size),
        top_pairs_bound(b, pairs),
        lagrangian_bound(b, degree, pairs, target, LAGRANGE_ITERATIONS, deadline),
    )
