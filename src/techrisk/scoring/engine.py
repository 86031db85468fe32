"""The scoring arithmetic, vectorised over a :class:`~techrisk.scoring.table.DeploymentTable`.

Every step here is one the rubric file describes in its header comment; nothing else
decides a score. One run over a registry is an :class:`~techrisk.scoring.assessment.Assessment`;
the public views (``score``, ``explain``...) read one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from techrisk.scoring.readers import FIELDS, Counted, CountReader
from techrisk.scoring.rubric import DIMENSIONS, Factor, Rubric
from techrisk.scoring.table import NO_END, DeploymentTable

MODES = ("default", "low", "high")


@dataclass(frozen=True)
class FactorLevels:
    """Per counted deployment: the level of every factor, under each unknown mode."""

    rows: np.ndarray  # indexes into the table of the counted deployments
    levels: dict[str, np.ndarray]  # mode -> int matrix (n_counted, n_factors)
    unknown: np.ndarray  # bool matrix (n_counted, n_factors): the value read was unknown
    counted: dict[str, Counted]  # count field -> per-deployment count and the records counted


def counted_rows(table: DeploymentTable, rubric: Rubric, as_of: int) -> np.ndarray:
    """Step 1: the deployments that count on the as-of date.

    With status histories: a deployment counts from its first status entry (an undated first
    entry from its start, or always when that is unknown too), with the status it had on the
    as-of date, unless that status is listed under `include.exclude_statuses`.
    """
    status_vocab = FIELDS["status"].vocab
    excluded_codes = [status_vocab.index(s) for s in rubric.include.exclude_statuses]
    if table.history is not None:
        status = table.history.status_at(as_of, len(table))
        return np.flatnonzero((status >= 0) & ~np.isin(status, excluded_codes))
    started = table.start <= as_of
    excluded_status = np.isin(table.scalars["status"], excluded_codes)
    # An excluded status (ended, removed) takes effect on its end date; with no end date,
    # or an unknown one, the deployment is treated as already over.
    over = excluded_status & ((table.end == NO_END) | (table.end <= as_of))
    return np.flatnonzero(started & ~over)


def _count_levels(factor: Factor, counts: np.ndarray) -> np.ndarray:
    mins = np.array([lv.min_count for lv in factor.levels])
    numbers = np.array([lv.level for lv in factor.levels])
    position = np.searchsorted(mins, counts, side="right") - 1
    return numbers[np.clip(position, 0, None)]


def factor_levels(table: DeploymentTable, rubric: Rubric, as_of: int) -> FactorLevels:
    """Step 2: put every counted deployment on a level of every factor."""
    rows = counted_rows(table, rubric, as_of)
    n, k = len(rows), len(rubric.factors)
    levels = {mode: np.zeros((n, k), dtype=np.int64) for mode in MODES}
    unknown = np.zeros((n, k), dtype=bool)
    counted: dict[str, Counted] = {}
    for j, factor in enumerate(rubric.factors):
        spec = FIELDS[factor.reads]
        if spec.kind == "values":
            level_of = factor.level_of()
            for mode in MODES:
                unknown_level = (getattr(factor.unknown, "level" if mode == "default" else mode)
                                 if factor.unknown else -1)
                lookup = np.array([level_of.get(v, unknown_level) for v in spec.vocab], dtype=np.int64)
                if spec.multi:
                    matrix = table.lists[factor.reads][rows]
                    levels[mode][:, j] = np.where(matrix, lookup[None, :], -1).max(axis=1)
                else:
                    levels[mode][:, j] = lookup[table.scalars[factor.reads][rows]]
            if spec.can_be_unknown:
                u = spec.vocab.index("unknown")
                unknown[:, j] = (table.lists[factor.reads][rows][:, u] if spec.multi
                                 else table.scalars[factor.reads][rows] == u)
        else:
            assert isinstance(spec, CountReader)
            counted[factor.reads] = found = spec.count(table, factor, as_of, rows)
            for mode in MODES:
                levels[mode][:, j] = _count_levels(factor, found.per_row)
    return FactorLevels(rows, levels, unknown, counted)


def points_matrix(rubric: Rubric, levels: np.ndarray) -> np.ndarray:
    """Level numbers -> points, factor by factor (step 3's input)."""
    out = np.empty(levels.shape, dtype=np.float64)
    for j, factor in enumerate(rubric.factors):
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


def rank_weights(groups: np.ndarray, scores: np.ndarray, tiebreak: np.ndarray,
                 ratio: float) -> tuple[np.ndarray, np.ndarray]:
    """Step 4: weight (1 - ratio) x ratio^rank, rank 0 for the highest score in each group.

    ``scores`` is (n,) or, for a batch of weightings, (samples, n); ``groups`` and
    ``tiebreak`` are (n,). Returns the weights and the ranks, both shaped like ``scores``.

    Ties are broken by ``tiebreak`` (deployment ids), so the order of records never matters.
    """
    batch = np.atleast_2d(scores)
    n = batch.shape[1]
    rank = np.zeros(batch.shape, dtype=np.int64)
    if n and batch.shape[0] == 1:
        # One weighting: a single lexsort on (group, -score, tiebreak).
        order = np.lexsort((tiebreak, -batch[0], groups))
        sorted_groups = groups[order]
        starts = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]])
        first = np.repeat(starts, np.diff(np.r_[starts, n]))
        rank[0, order] = np.arange(n) - first
    elif n:
        # A batch: columns in (group, tiebreak) order; a stable sort of each group's scores
        # then breaks ties by id, giving the same ranks as the lexsort above, row by row.
        # Groups of one size are sorted together; a group of one has rank 0.
        perm = np.lexsort((tiebreak, groups))
        sorted_groups = groups[perm]
        starts = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]])
        sizes = np.diff(np.r_[starts, n])
        for size in np.unique(sizes[sizes > 1]):
            cols = perm[starts[sizes == size][:, None] + np.arange(size)]  # (groups, size)
            order = np.argsort(-batch[:, cols], axis=2, kind="stable")
            within = np.empty_like(order)
            np.put_along_axis(within, order, np.arange(size), axis=2)
            rank[:, cols] = within
    weights = ((1 - ratio) * ratio ** np.arange(max(n, 1), dtype=np.float64))[rank]
    return weights.reshape(np.shape(scores)), rank.reshape(np.shape(scores))


def group_sum(values: np.ndarray, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group, the sum of ``values`` ((n,) or (samples, n)), added in deployment order."""
    batch = np.atleast_2d(values)
    samples = batch.shape[0]
    keys = (np.arange(samples)[:, None] * n_groups + groups[None, :]).ravel()
    sums = np.bincount(keys, weights=batch.ravel(), minlength=samples * n_groups).reshape(samples, n_groups)
    return sums if values.ndim == 2 else sums[0]


def combine(rubric: Rubric, groups: np.ndarray, tiebreak: np.ndarray, dim_scores: dict[str, np.ndarray],
            n_groups: int, dim_weights: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Steps 4-5: rank-weighted dimension scores per group, and the overall score.

    ``dim_scores`` maps each dimension to deployment scores, (n,) or (samples, n);
    ``dim_weights`` (samples, dimensions) replaces the rubric's dimension weights for a batch.
    Returns per-group arrays, (n_groups,) or (samples, n_groups), for each dimension and ``score``.
    """
    out: dict[str, np.ndarray] = {}
    total: np.ndarray | float = 0.0
    for d_index, dim in enumerate(DIMENSIONS):
        weights, _ = rank_weights(groups, dim_scores[dim], tiebreak, rubric.dimensions[dim].combine.ratio)
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

    @property
    def rows(self) -> np.ndarray:
        return self.levels.rows

    def deployment_score(self, mode: str = "default") -> np.ndarray:
        """Step 5 for single deployments: dimension weights times dimension scores."""
        return sum((self.rubric.dimensions[d].weight * self.dim_scores[mode][d] for d in DIMENSIONS),
                   np.zeros(len(self.rows)))


def compute(table: DeploymentTable, rubric: Rubric, as_of: int) -> Computation:
    """Run steps 1-4 once: factor levels, points, dimension scores and rank weights."""
    levels = factor_levels(table, rubric, as_of)
    weights = weight_vectors(rubric)
    points = {mode: points_matrix(rubric, m) for mode, m in levels.levels.items()}
    dim_scores = {mode: {dim: dimension_scores(p, weights[dim]) for dim in DIMENSIONS} for mode, p in points.items()}
    rw, rk = {}, {}
    groups = table.country_codes[levels.rows]
    tiebreak = table.id_order[levels.rows]
    for dim in DIMENSIONS:
        rw[dim], rk[dim] = rank_weights(groups, dim_scores["default"][dim], tiebreak,
                                        rubric.dimensions[dim].combine.ratio)
    return Computation(rubric, table, levels, points, dim_scores, rw, rk)
