"""The scoring arithmetic, vectorised over a :class:`~techrisk.scoring.table.DeploymentTable`.

Every step here is one the rubric file describes in its header comment; nothing else
decides a score. One run over a registry is an :class:`~techrisk.scoring.assessment.Assessment`;
the public views (``score``, ``explain``...) read one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from techrisk.scoring.readers import FIELDS, Counted, CountReader
from techrisk.scoring.rubric import DIMENSIONS, Combine, Factor, Modifier, Rubric
from techrisk.scoring.table import NO_END, DeploymentTable

MODES = ("default", "low", "high")


@dataclass(frozen=True)
class FactorLevels:
    """Per counted deployment: the level of every factor, under each unknown mode."""

    rows: np.ndarray  # indexes into the table of the counted deployments
    levels: dict[str, np.ndarray]  # mode -> int matrix (n_counted, n_factors)
    unknown: np.ndarray  # bool matrix (n_counted, n_factors): the value read was unknown
    counted: dict[str, Counted]  # count field -> per-deployment count and the records counted
    status: np.ndarray  # status code of each counted deployment on the as-of date
    # Per counted deployment, each modifier's level (n_counted, n_modifiers), and what the
    # count modifiers found.
    modifier_levels: np.ndarray
    modifier_counted: dict[str, Counted]


def status_on(table: DeploymentTable, as_of: int) -> np.ndarray:
    """Each deployment's status code on the as-of date; -1 before its first status entry.

    Without status histories (a synthetic table), a deployment has its current status from
    its start, and none before it.
    """
    if table.history is not None:
        return table.history.status_at(as_of, len(table))
    return np.where(table.start <= as_of, table.scalars["status"].astype(np.int64), -1)


def counted_rows(table: DeploymentTable, rubric: Rubric, as_of: int, status: np.ndarray | None = None) -> np.ndarray:
    """Step 1: the deployments that count on the as-of date.

    With status histories: a deployment counts from its first status entry (an undated first
    entry from its start, or always when that is unknown too), with the status it had on the
    as-of date, unless that status is listed under `include.exclude_statuses`. ``status`` is
    :func:`status_on` for this date, when the caller has it already.
    """
    status_vocab = FIELDS["status"].vocab
    excluded_codes = [status_vocab.index(s) for s in rubric.include.exclude_statuses]
    if table.history is not None:
        status = status_on(table, as_of) if status is None else status
        return np.flatnonzero((status >= 0) & ~np.isin(status, excluded_codes))
    started = table.start <= as_of
    excluded_status = np.isin(table.scalars["status"], excluded_codes)
    # An excluded status (ended, removed) takes effect on its end date; with no end date,
    # or an unknown one, the deployment is treated as already over.
    over = excluded_status & ((table.end == NO_END) | (table.end <= as_of))
    return np.flatnonzero(started & ~over)


@dataclass(frozen=True)
class _ValueLevels:
    """One values field of the counted rows, read once for every unknown mode.

    Per row: ``known``, the highest level of the values that are on a level (each lowered by
    ``offset``; -1 if none), and ``off``, whether the row holds a value on no level (such as
    ``unknown``). The unknown modes differ only in the level such a value takes, so each mode
    is one ``np.maximum`` away (:meth:`at`)."""

    known: np.ndarray
    off: np.ndarray

    @classmethod
    def of(cls, table: DeploymentTable, field: str, level_of: dict[str, int], rows: np.ndarray,
           offset: int = 0) -> _ValueLevels:
        spec = FIELDS[field]
        lookup = np.array([level_of[v] - offset if v in level_of else -1 for v in spec.vocab], dtype=np.int64)
        on_level = np.array([v in level_of for v in spec.vocab])
        if not spec.multi:
            codes = table.scalars[field][rows]
            return cls(lookup[codes], ~on_level[codes])
        held = table.lists[field][rows]
        # The highest level held: the first held value when the values are ordered by level,
        # highest first (argmax of a boolean matrix finds the first True).
        order = np.argsort(-lookup, kind="stable")
        first = held[:, order].argmax(axis=1)
        known = np.where(held[np.arange(len(held)), order[first]], lookup[order][first], -1)
        off = held[:, ~on_level].any(axis=1) if (~on_level).any() else np.zeros(len(held), dtype=bool)
        return cls(known, off)

    def at(self, missing: int) -> np.ndarray:
        """Per row, the highest level with values on no level at ``missing``; -1 where a row
        holds nothing that counts."""
        if missing < 0:
            return self.known
        return np.maximum(self.known, np.where(self.off, missing, -1))


def _modifier_levels(table: DeploymentTable, rubric: Rubric, as_of: int, rows: np.ndarray,
                     status: np.ndarray) -> tuple[np.ndarray, dict[str, Counted]]:
    """Step 3b's input: each modifier's level for every counted deployment."""
    out = np.zeros((len(rows), len(rubric.modifiers)), dtype=np.int64)
    counted: dict[str, Counted] = {}
    for j, modifier in enumerate(rubric.modifiers):
        spec = FIELDS[modifier.reads]
        if spec.kind == "values":
            lookup = np.array([modifier.level_of().get(v, -1) for v in spec.vocab], dtype=np.int64)
            # The lifecycle reads the status on the as-of date, not the record's current one.
            codes = status if modifier.reads == "status" else table.scalars[modifier.reads][rows]
            out[:, j] = lookup[codes]
        else:
            assert isinstance(spec, CountReader)
            found = spec.count(table, modifier, as_of, rows)  # type: ignore[arg-type]
            counted[modifier.reads] = found
            out[:, j] = _count_levels(modifier, found.per_row)
    return out, counted


def modifier_multipliers(rubric: Rubric, levels: np.ndarray) -> np.ndarray:
    """Per counted deployment, the product of its modifiers' multipliers (1 with none)."""
    out = np.ones(len(levels))
    for j, modifier in enumerate(rubric.modifiers):
        lookup = np.zeros(max(lv.level for lv in modifier.levels) + 1)
        for lv in modifier.levels:
            lookup[lv.level] = lv.multiplier
        out = out * lookup[levels[:, j]]
    return out


def _count_levels(factor: Factor | Modifier, counts: np.ndarray) -> np.ndarray:
    """The highest level whose ``min_count`` each count reaches (factors and count modifiers)."""
    mins = np.array([lv.min_count for lv in factor.levels])
    numbers = np.array([lv.level for lv in factor.levels])
    position = np.searchsorted(mins, counts, side="right") - 1
    return numbers[np.clip(position, 0, None)]


def factor_levels(table: DeploymentTable, rubric: Rubric, as_of: int) -> FactorLevels:
    """Step 2: put every counted deployment on a level of every factor (and of every modifier)."""
    status_all = status_on(table, as_of)
    rows = counted_rows(table, rubric, as_of, status_all)
    n, k = len(rows), len(rubric.factors)
    # Column-major: each factor's column is written whole, and read whole by points_matrix.
    levels = {mode: np.zeros((n, k), dtype=np.int64, order="F") for mode in MODES}
    unknown = np.zeros((n, k), dtype=bool, order="F")
    counted: dict[str, Counted] = {}
    for j, factor in enumerate(rubric.factors):
        spec = FIELDS[factor.reads]
        if spec.kind == "values":
            level_of = factor.level_of()
            lowest = min(lv.level for lv in factor.levels)
            read = _ValueLevels.of(table, factor.reads, level_of, rows)
            also = None
            if factor.also_reads is not None:
                # Values of the second field count `levels_below` lower, never below the lowest level.
                below = _ValueLevels.of(table, factor.also_reads.field, level_of, rows,
                                        factor.also_reads.levels_below).at(-1)
                also = np.where(below >= 0, np.maximum(below, lowest), -1)
            for mode in MODES:
                unknown_level = (getattr(factor.unknown, "level" if mode == "default" else mode)
                                 if factor.unknown else -1)
                found = read.at(unknown_level)
                levels[mode][:, j] = found if also is None else np.maximum(found, also)
            if spec.can_be_unknown:
                u = spec.vocab.index("unknown")
                unknown[:, j] = (table.lists[factor.reads][rows, u] if spec.multi
                                 else table.scalars[factor.reads][rows] == u)
        else:
            assert isinstance(spec, CountReader)
            counted[factor.reads] = result = spec.count(table, factor, as_of, rows)
            for mode in MODES:
                levels[mode][:, j] = _count_levels(factor, result.per_row)
    status = status_all[rows]
    modifier_levels, modifier_counted = _modifier_levels(table, rubric, as_of, rows, status)
    return FactorLevels(rows, levels, unknown, counted, status, modifier_levels, modifier_counted)


def points_matrix(rubric: Rubric, levels: np.ndarray, like: np.ndarray | None = None) -> np.ndarray:
    """Level numbers -> points, factor by factor (step 3's input).

    ``like`` is the default mode's points: only the factors with an ``unknown`` level can
    differ under another mode, so the rest is copied from it."""
    out = np.empty(levels.shape, dtype=np.float64) if like is None else like.copy()
    for j, factor in enumerate(rubric.factors):
        if like is not None and factor.unknown is None:
            continue
        lookup = np.full(max(lv.level for lv in factor.levels) + 1, np.nan)
        for lv in factor.levels:
            lookup[lv.level] = lv.points
        out[:, j] = lookup[levels[:, j]]
    return out


def weight_vectors(rubric: Rubric) -> dict[str, np.ndarray]:
    """Per dimension: factor weights, zero for factors of the other dimension."""
    return {
        dim: np.array([f.weight if f.dimension == dim else 0.0 for f in rubric.factors])
        for dim in DIMENSIONS
    }


def dimension_scores(points: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Step 3: level points times factor weights, summed per deployment, for one dimension.

    ``points`` is (deployments, factors) or (samples, deployments, factors); ``weights`` is
    (factors,) or (samples, factors), zero for factors of the other dimension. The result is
    (deployments,) or (samples, deployments): sensitivity analysis passes batched weights.
    """
    if points.ndim == 3:
        return np.einsum("sdk,sk->sd", points, np.broadcast_to(weights, (len(points), points.shape[2])))
    if weights.ndim == 2:
        return weights @ points.T
    return points @ weights


@dataclass(frozen=True)
class Grouping:
    """Deployments laid out by group, then tiebreak (deployment ids): sorted once, reused by
    every ranking over the same groups (each unknown mode, each dimension, each sample)."""

    groups: np.ndarray
    perm: np.ndarray  # deployments in (group, tiebreak) order
    sorted_groups: np.ndarray  # 16-bit when the group numbers fit, so sorting by them is a radix sort
    starts: np.ndarray  # where each group begins in that order
    sizes: np.ndarray
    start_of: np.ndarray  # per deployment, where its group begins

    @classmethod
    def of(cls, groups: np.ndarray, tiebreak: np.ndarray) -> Grouping:
        n = len(groups)
        perm = np.lexsort((tiebreak, groups))
        sorted_groups = groups[perm]
        if n and sorted_groups.min() >= 0 and sorted_groups.max() < 2 ** 16:
            sorted_groups = sorted_groups.astype(np.uint16)
        starts = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]]) if n else np.zeros(0, np.int64)
        sizes = np.diff(np.r_[starts, n]).astype(np.int64)
        start_of = np.empty(n, dtype=np.int64)
        start_of[perm] = np.repeat(starts, sizes)
        return cls(groups, perm, sorted_groups, starts, sizes, start_of)

    def in_order(self) -> Grouping:
        """The same grouping for the deployments taken in ``perm`` order (so its ``perm`` is the
        identity), without sorting them again."""
        return Grouping(self.groups[self.perm], np.arange(len(self.perm)), self.sorted_groups, self.starts,
                        self.sizes, np.repeat(self.starts, self.sizes))


def _positions(grouping: Grouping, batch: np.ndarray) -> np.ndarray:
    """(samples, n): each deployment's position when every group is laid out in rank order
    (highest score first, ties by tiebreak); rank = position - start of its group."""
    samples, n = batch.shape
    position = np.empty(batch.shape, dtype=np.int64)
    if not n:
        return position
    perm, starts, sizes = grouping.perm, grouping.starts, grouping.sizes
    if samples == 1:
        # Two stable sorts on the (group, tiebreak) layout: by score, then by group (a radix
        # sort when the group numbers fit in 16 bits).
        by_score = np.argsort(-batch[0][perm], kind="stable")
        order = perm[by_score[np.argsort(grouping.sorted_groups[by_score], kind="stable")]]
        position[0, order] = np.arange(n)
        return position
    # A batch: a stable sort of each group's scores in (group, tiebreak) order breaks ties by
    # id, as above, row by row. Groups of one size are sorted together; a group of one has rank 0.
    position[:] = grouping.start_of
    for size in np.unique(sizes[sizes > 1]):
        cols = perm[starts[sizes == size][:, None] + np.arange(size)]  # (groups, size)
        order = np.argsort(-batch[:, cols], axis=2, kind="stable")
        within = np.empty_like(order)
        np.put_along_axis(within, order, np.arange(size), axis=2)
        position[:, cols] += within
    return position


def ranks_within(groups: np.ndarray, scores: np.ndarray, tiebreak: np.ndarray,
                 grouping: Grouping | None = None) -> np.ndarray:
    """Rank of each deployment within its group, 0 for the highest score; shaped like ``scores``.

    ``scores`` is (n,) or, for a batch of weightings, (samples, n); ``groups`` and ``tiebreak``
    are (n,). Ties are broken by ``tiebreak`` (deployment ids), so the order of records never
    matters. ``grouping`` (from :meth:`Grouping.of` on the same arrays) skips re-sorting them.
    """
    grouping = grouping if grouping is not None else Grouping.of(groups, tiebreak)
    batch = np.atleast_2d(scores)
    rank = _positions(grouping, batch) - grouping.start_of[None, :]
    return rank.reshape(np.shape(scores))


def rank_weights(groups: np.ndarray, scores: np.ndarray, tiebreak: np.ndarray,
                 ratio: float, grouping: Grouping | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Step 4 of ``ranked_geometric``: weight (1 - ratio) x ratio^rank, rank 0 for the highest
    score in each group. Returns the weights and the ranks, both shaped like ``scores``."""
    rank = ranks_within(groups, scores, tiebreak, grouping)
    n = np.shape(scores)[-1]
    weights = ((1 - ratio) * ratio ** np.arange(max(n, 1), dtype=np.float64))[rank]
    return weights, rank


# Once breadth^r x score / 100 is below 2^-60, 1 - it rounds to exactly 1.0: the gap stops
# changing, so every later weight is breadth^r x that gap, computed in one step.
_NEGLIGIBLE_SHARE = 2.0 ** -60


def gap_closing_weights(groups: np.ndarray, scores: np.ndarray, tiebreak: np.ndarray,
                        breadth: float | np.ndarray, grouping: Grouping | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Step 4 of ``gap_closing``: the weight of the deployment at rank r of its group is
    breadth^r x the gap left to 100 by those ranked above it, as a share:
    gap_0 = 1, gap_(r+1) = gap_r x (1 - breadth^r x score_r / 100).

    So weight x score summed over a group is 100 x (1 - gap after the last deployment): the top
    deployment counts in full, each next one closes part of what is left. ``breadth`` is a
    number or, for a batch, one per sample. Returns the weights and ranks, shaped like ``scores``.
    """
    grouping = grouping if grouping is not None else Grouping.of(groups, tiebreak)
    batch = np.atleast_2d(scores)
    samples, n = batch.shape
    position = _positions(grouping, batch)
    ranks2d = position - grouping.start_of[None, :]
    weights = np.zeros(batch.shape)
    if n:
        b = np.broadcast_to(np.asarray(breadth, dtype=np.float64).reshape(-1, 1), (samples, 1))
        starts, sizes = grouping.starts, grouping.sizes
        # Lay every group out in rank order: position = start of its group + rank.
        ordered = np.empty_like(batch)
        np.put_along_axis(ordered, position, batch, axis=1)
        ordered_weights = np.zeros_like(ordered)
        gap = np.ones((samples, len(starts)))
        largest = float(np.abs(ordered).max(initial=0.0)) / 100
        for r in range(int(sizes.max())):
            present = np.flatnonzero(sizes > r)
            cols = starts[present] + r
            share = b ** r
            ordered_weights[:, cols] = share * gap[:, present]
            if float(share.max()) * max(largest, 1.0) < _NEGLIGIBLE_SHARE:
                # Ranks r and beyond: the gap no longer changes.
                group_of = np.repeat(np.arange(len(starts)), sizes)
                later = np.flatnonzero(np.arange(n) - starts[group_of] >= r)
                rank_later = (later - starts[group_of[later]]).astype(np.float64)
                ordered_weights[:, later] = b ** rank_later[None, :] * gap[:, group_of[later]]
                break
            gap[:, present] *= 1 - share * ordered[:, cols] / 100
        weights = np.take_along_axis(ordered_weights, position, axis=1)
    return weights.reshape(np.shape(scores)), ranks2d.reshape(np.shape(scores))


def combine_weights(combine: Combine, groups: np.ndarray, scores: np.ndarray, tiebreak: np.ndarray,
                    parameter: float | np.ndarray | None = None,
                    grouping: Grouping | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Step 4 under a dimension's ``combine`` method; ``parameter`` replaces its ratio or
    breadth (one per sample in a batch)."""
    value = combine.parameter if parameter is None else parameter
    if combine.method == "gap_closing":
        return gap_closing_weights(groups, scores, tiebreak, value, grouping)
    if np.ndim(value):
        raise ValueError("ranked_geometric takes one ratio for the whole batch")
    return rank_weights(groups, scores, tiebreak, float(value), grouping)


def negligible_rank(parameter: float, largest: float) -> int:
    """The first rank whose share (``parameter``^rank) times ``max(largest, 1)`` is below
    2^-60, where ``largest`` is the highest score / 100: from there on a deployment cannot
    change its group's total (gap closing: 1 - share x score / 100 rounds to exactly 1.0;
    ranked geometric: all later ranks together add less than 100 x 2^-60)."""
    if parameter <= 0:
        return 1
    if parameter >= 1:
        raise ValueError(f"a combine parameter must be below 1 to rank only the top, got {parameter}")
    scale = max(largest, 1.0)
    # Start a little below the closed form, then step: the loop decides, in the same float
    # arithmetic as the gap-closing loop, and runs a few steps even for a parameter near 1.
    rank = max(0, math.floor(math.log(_NEGLIGIBLE_SHARE / scale) / math.log(parameter)) - 2)
    while parameter ** rank * scale >= _NEGLIGIBLE_SHARE:
        rank += 1
    return rank


def group_totals(combine: Combine, grouping: Grouping, scores: np.ndarray,
                 parameter: float | np.ndarray | None = None) -> np.ndarray:
    """Steps 4 and 5 of one dimension for a batch of samples, per group, without per-deployment
    weights: (samples, n) scores -> (samples, groups in ``grouping`` order).

    Only a group's top :func:`negligible_rank` scores can change its total, so each group's
    scores are partitioned (not sorted) down to those, sorted, and weighted as in
    :func:`combine_weights`. Totals agree with ``group_sum(scores x combine_weights(...))`` to
    about 1e-13 (the additions run in rank order rather than deployment order, and ranks past
    the cut-off, which add less than 100 x 2^-60 each, are left out). Sensitivity analysis
    uses this; scores and explanations keep the exact per-deployment weights.
    """
    batch = np.atleast_2d(scores)
    samples = batch.shape[0]
    value = combine.parameter if parameter is None else parameter
    share_base = np.broadcast_to(np.asarray(value, dtype=np.float64).reshape(-1, 1, 1), (samples, 1, 1))
    depth = negligible_rank(float(share_base.max(initial=0.0)), float(np.abs(batch).max(initial=0.0)) / 100)
    totals = np.zeros((samples, len(grouping.starts)))
    for size in np.unique(grouping.sizes):
        which = np.flatnonzero(grouping.sizes == size)
        block = batch[:, grouping.perm[grouping.starts[which][:, None] + np.arange(size)]]  # (samples, groups, size)
        if size > depth:
            block = np.partition(block, size - depth, axis=2)[..., size - depth:]
        top = np.flip(np.sort(block, axis=2), axis=2)  # highest first
        share = share_base ** np.arange(top.shape[2])
        if combine.method == "gap_closing":
            closed = 1 - share * top / 100
            gap = np.concatenate([np.ones((*top.shape[:2], 1)), np.cumprod(closed, axis=2)[..., :-1]], axis=2)
            weights = share * gap
        else:
            weights = (1 - share_base) * share
        totals[:, which] = (weights * top).sum(axis=2)
    return totals


def combine_totals(rubric: Rubric, grouping: Grouping, dim_scores: dict[str, np.ndarray], n_groups: int,
                   dim_weights: np.ndarray | None = None, parameters: np.ndarray | None = None) -> np.ndarray:
    """The overall score per group for a batch of samples, (samples, n_groups), by
    :func:`group_totals` for each dimension; arguments as for :func:`combine`."""
    group_ids = np.asarray(grouping.sorted_groups[grouping.starts], dtype=np.int64)
    total = np.zeros((np.atleast_2d(dim_scores[DIMENSIONS[0]]).shape[0], n_groups))
    for d_index, dim in enumerate(DIMENSIONS):
        dim_weight = rubric.dimensions[dim].weight if dim_weights is None else dim_weights[:, d_index, None]
        per_group = np.zeros_like(total)
        per_group[:, group_ids] = group_totals(rubric.dimensions[dim].combine, grouping, dim_scores[dim], parameters)
        total = total + dim_weight * per_group
    return total


def group_sum(values: np.ndarray, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group, the sum of ``values`` ((n,) or (samples, n)), added in deployment order."""
    batch = np.atleast_2d(values)
    samples = batch.shape[0]
    keys = (np.arange(samples)[:, None] * n_groups + groups[None, :]).ravel()
    sums = np.bincount(keys, weights=batch.ravel(), minlength=samples * n_groups).reshape(samples, n_groups)
    return sums if values.ndim == 2 else sums[0]


def combine(rubric: Rubric, groups: np.ndarray, tiebreak: np.ndarray, dim_scores: dict[str, np.ndarray],
            n_groups: int, dim_weights: np.ndarray | None = None,
            parameters: np.ndarray | None = None, grouping: Grouping | None = None,
            rank_weights: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Steps 4-5: rank-weighted dimension scores per group, and the overall score.

    ``dim_scores`` maps each dimension to deployment scores, (n,) or (samples, n);
    ``dim_weights`` (samples, dimensions) replaces the rubric's dimension weights for a batch,
    ``parameters`` (samples,) the combine methods' breadth. ``rank_weights`` (per dimension)
    are step 4's weights when they are already known for these scores and groups (the
    default mode's, from :func:`compute`). Returns per-group arrays, (n_groups,) or
    (samples, n_groups), for each dimension and ``score``.
    """
    out: dict[str, np.ndarray] = {}
    total: np.ndarray | float = 0.0
    grouping = grouping if grouping is not None else Grouping.of(groups, tiebreak)
    for d_index, dim in enumerate(DIMENSIONS):
        if rank_weights is not None:
            weights = rank_weights[dim]
        else:
            weights, _ = combine_weights(rubric.dimensions[dim].combine, groups, dim_scores[dim], tiebreak,
                                         parameters, grouping)
        out[dim] = group_sum(dim_scores[dim] * weights, groups, n_groups)
        dim_weight = rubric.dimensions[dim].weight if dim_weights is None else dim_weights[:, d_index, None]
        total = total + dim_weight * out[dim]
    out["score"] = np.asarray(total)
    return out


@dataclass(frozen=True)
class Computation:
    """Steps 1-4 over a whole table under one rubric and as-of date, each step kept for ``explain``."""

    rubric: Rubric
    table: DeploymentTable
    levels: FactorLevels
    points: dict[str, np.ndarray]  # mode -> (n_counted, n_factors)
    dim_scores: dict[str, dict[str, np.ndarray]]  # mode -> dim -> per counted deployment
    rank_weight: dict[str, np.ndarray]  # dim -> per counted deployment (default mode)
    rank: dict[str, np.ndarray]
    # Step 3b: per counted deployment, the product of its modifiers' multipliers, times 0 for
    # a record counted as part of a system another record already counts (``duplicate_of``:
    # position of that record among the counted ones, -1 for none).
    multiplier: np.ndarray
    duplicate_of: np.ndarray

    @property
    def rows(self) -> np.ndarray:
        return self.levels.rows

    def deployment_score(self, mode: str = "default") -> np.ndarray:
        """Step 5 for single deployments: dimension weights times dimension scores."""
        return sum((self.rubric.dimensions[d].weight * self.dim_scores[mode][d] for d in DIMENSIONS),
                   np.zeros(len(self.rows)))


def system_duplicates(table: DeploymentTable, rows: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """For records sharing a ``system`` key in one country, the position (among ``rows``) of the
    one that counts: the highest score, ties by id. -1 for records that count themselves."""
    duplicate_of = np.full(len(rows), -1, dtype=np.int64)
    if table.system is None or not len(rows):
        return duplicate_of
    system = table.system[rows]
    keyed = np.flatnonzero(system >= 0)
    best: dict[tuple[str, int], int] = {}
    order = sorted(keyed, key=lambda i: (-scores[i], table.id_order[rows[i]]))
    for i in order:
        key = (str(table.country[rows[i]]), int(system[i]))
        if key in best:
            duplicate_of[i] = best[key]
        else:
            best[key] = int(i)
    return duplicate_of


def compute(table: DeploymentTable, rubric: Rubric, as_of: int) -> Computation:
    """Run steps 1-4 once: factor levels, points, multipliers, dimension scores, rank weights."""
    levels = factor_levels(table, rubric, as_of)
    weights = weight_vectors(rubric)
    default = points_matrix(rubric, levels.levels["default"])
    points = {mode: default if mode == "default" else points_matrix(rubric, m, like=default)
              for mode, m in levels.levels.items()}
    multiplier = modifier_multipliers(rubric, levels.modifier_levels)
    raw = {mode: {dim: dimension_scores(p, weights[dim]) for dim in DIMENSIONS} for mode, p in points.items()}
    duplicate_of = np.full(len(levels.rows), -1, dtype=np.int64)
    if rubric.include.count_system_once:
        overall = sum((rubric.dimensions[d].weight * raw["default"][d] for d in DIMENSIONS), np.zeros(len(levels.rows)))
        duplicate_of = system_duplicates(table, levels.rows, overall * multiplier)
        multiplier = np.where(duplicate_of >= 0, 0.0, multiplier)
    dim_scores = {mode: {dim: multiplier * raw[mode][dim] for dim in DIMENSIONS} for mode in raw}
    rw, rk = {}, {}
    groups = table.country_codes[levels.rows]
    tiebreak = table.id_order[levels.rows]
    grouping = Grouping.of(groups, tiebreak)
    for dim in DIMENSIONS:
        rw[dim], rk[dim] = combine_weights(rubric.dimensions[dim].combine, groups, dim_scores["default"][dim], tiebreak,
                                           grouping=grouping)
    return Computation(rubric, table, levels, points, dim_scores, rw, rk, multiplier, duplicate_of)
