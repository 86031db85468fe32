"""The scoring arithmetic, vectorised over a :class:`~techrisk.scoring_table.DeploymentTable`.

Every step here is one the rubric file describes in its header comment; nothing else
decides a score. Public wrappers (``score``, ``explain``...) live in ``scoring.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from techrisk.rubric import DIMENSIONS, Factor, Rubric
from techrisk.rubric_fields import FIELDS
from techrisk.scoring_table import NO_END, DeploymentTable

MODES = ("default", "low", "high")


@dataclass(frozen=True)
class FactorLevels:
    """Per counted deployment: the level of every factor, under each unknown mode."""

    rows: np.ndarray  # indexes into the table of the counted deployments
    levels: dict[str, np.ndarray]  # mode -> int matrix (n_counted, n_factors)
    unknown: np.ndarray  # bool matrix (n_counted, n_factors): the value read was unknown
    counts: dict[str, np.ndarray]  # count field -> per-deployment count (default mode)
    counted_ids: dict[str, dict[str, tuple[str, ...]]]  # vendor count field -> vendor -> record ids


def counted_rows(table: DeploymentTable, rubric: Rubric, as_of: int) -> np.ndarray:
    """Step 1: the deployments that count on the as-of date."""
    started = table.start <= as_of
    status_vocab = FIELDS["status"].vocab
    excluded_codes = [status_vocab.index(s) for s in rubric.include.exclude_statuses]
    excluded_status = np.isin(table.scalars["status"], excluded_codes)
    # An excluded status (ended, removed) takes effect on its end date; with no end date,
    # or an unknown one, the deployment is treated as already over.
    over = excluded_status & ((table.end == NO_END) | (table.end <= as_of))
    return np.flatnonzero(started & ~over)


def _vendor_counts(table: DeploymentTable, factor: Factor, as_of: int) -> tuple[np.ndarray, dict[str, tuple[str, ...]]]:
    """Per vendor: the count a vendor field yields on the as-of date, and the records counted."""
    counts = np.zeros(len(table.vendor_ids), dtype=np.int64)
    ids: dict[str, tuple[str, ...]] = {}
    for i, vendor in enumerate(table.vendor_ids):
        facts = table.vendor_facts[vendor]
        if factor.reads == "vendor.state_links":
            counted: tuple[str, ...] = ()
            counts[i] = facts.state_links
        elif factor.reads == "vendor.record":
            counted = tuple(r for r, d in zip(facts.record_ids, facts.record_dates) if d <= as_of)
            counts[i] = len(counted)
        elif factor.reads == "vendor.restrictions":
            where = factor.where or {}
            counted = tuple(
                a_id for a_id, kind, status, date in facts.actions
                if date <= as_of and kind in where.get("kind", (kind,)) and status in where.get("status", (status,))
            )
            counts[i] = len(counted)
        else:  # pragma: no cover - FIELDS and this function are kept in step by tests
            raise ValueError(f"no vendor count for field {factor.reads!r}")
        ids[vendor] = counted
    return counts, ids


def _vendor_sectors(table: DeploymentTable, rows: np.ndarray) -> np.ndarray:
    """country.vendor_sectors: distinct sectors of the same vendor in the same country."""
    sub = table.vendors[rows]
    dep, vend = np.nonzero(sub)
    country_codes = table.country_codes[rows]
    sector = table.scalars["sector"][rows].astype(np.int64)
    pair_key = country_codes[dep].astype(np.int64) * len(table.vendor_ids) + vend
    triples = np.unique(np.stack([pair_key, sector[dep]]), axis=1)
    keys, per_key = np.unique(triples[0], return_counts=True)
    pair_count = per_key[np.searchsorted(keys, pair_key)]
    result = np.zeros(len(rows), dtype=np.int64)
    np.maximum.at(result, dep, pair_count)
    return result


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
    counts: dict[str, np.ndarray] = {}
    counted_ids: dict[str, dict[str, tuple[str, ...]]] = {}
    for j, factor in enumerate(rubric.factors):
        spec = FIELDS[factor.reads]
        if spec.kind == "values":
            level_of = factor.level_of()
            for mode in MODES:
                unknown_level = getattr(factor.unknown, "level" if mode == "default" else mode, -1) if factor.unknown else -1
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
            if factor.reads == "country.vendor_sectors":
                per_row = _vendor_sectors(table, rows)
            else:
                per_vendor, ids = _vendor_counts(table, factor, as_of)
                counted_ids[factor.reads] = ids
                per_row = np.where(table.vendors[rows], per_vendor[None, :], -1).max(axis=1) if n else np.zeros(0, np.int64)
            counts[factor.reads] = per_row
            for mode in MODES:
                levels[mode][:, j] = _count_levels(factor, per_row)
    return FactorLevels(rows, levels, unknown, counts, counted_ids)


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


def rank_weights(groups: np.ndarray, scores: np.ndarray, tiebreak: np.ndarray, ratio: float) -> tuple[np.ndarray, np.ndarray]:
    """Step 4: weight (1 - ratio) x ratio^rank, rank 0 for the highest score in each group.

    Returns the weights and the ranks, both aligned with ``scores``.

    Ties are broken by ``tiebreak`` (deployment ids), so the order of records never matters.
    """
    n = len(scores)
    if n == 0:
        return np.zeros(0), np.zeros(0, dtype=np.int64)
    order = np.lexsort((tiebreak, -scores, groups))
    sorted_groups = groups[order]
    starts = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]])
    first = np.repeat(starts, np.diff(np.r_[starts, n]))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - first
    return (1 - ratio) * ratio ** rank.astype(np.float64), rank
