"""Rank stability: Monte Carlo perturbation of the rubric's weights (and, optionally, of
unknown levels within their declared range), run through the engine's own steps 3-5.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from techrisk.data.registry import Registry
from techrisk.scoring.assessment import Assessment, assessment_for
from techrisk.scoring.engine import DIMENSIONS, Computation, combine, dimension_scores
from techrisk.scoring.rubric import Rubric, RubricLike
from techrisk.scoring.scores import scores_of

__all__ = ["rank_statement", "sensitivity"]


def _perturbed_weights(rubric: Rubric, n: int, spread: float, rng: np.random.Generator):
    """n draws of factor weights (renormalised within each dimension) and dimension weights."""
    base = np.array([f.weight for f in rubric.factors])
    factor_w = base * rng.uniform(1 - spread, 1 + spread, size=(n, len(base)))
    for dim in DIMENSIONS:
        cols = np.array([f.dimension == dim for f in rubric.factors])
        factor_w[:, cols] /= factor_w[:, cols].sum(axis=1, keepdims=True)
    dim_base = np.array([rubric.dimensions[d].weight for d in DIMENSIONS])
    dim_w = dim_base * rng.uniform(1 - spread, 1 + spread, size=(n, len(DIMENSIONS)))
    dim_w /= dim_w.sum(axis=1, keepdims=True)
    return factor_w, dim_w


def _sampled_points(rubric: Rubric, comp: Computation, n: int, rng: np.random.Generator) -> np.ndarray:
    """(n, deployments, factors) points with every unknown level drawn within its range."""
    points = np.broadcast_to(comp.points["default"], (n, *comp.points["default"].shape)).copy()
    for j, factor in enumerate(rubric.factors):
        if factor.unknown is None:
            continue
        rows = np.flatnonzero(comp.levels.unknown[:, j])
        if not len(rows):
            continue
        allowed = np.array([lv.points for lv in factor.levels if factor.unknown.low <= lv.level <= factor.unknown.high])
        points[:, rows, j] = rng.choice(allowed, size=(n, len(rows)))
    return points


def _structural_samples(rubric: Rubric, comp: Computation, n: int, rng: np.random.Generator
                        ) -> tuple[np.ndarray, np.ndarray | None]:
    """(n, deployments) multipliers with every modifier's multiplier drawn uniformly within its
    declared ``range``, and (n,) breadths drawn within ``breadth_range`` (None when the rubric
    declares none). Records counted as part of another record's system stay at 0."""
    multipliers = np.ones((n, len(comp.rows)))
    for j, modifier in enumerate(rubric.modifiers):
        levels = comp.levels.modifier_levels[:, j]
        for lv in modifier.levels:
            rows = np.flatnonzero(levels == lv.level)
            if len(rows):
                low, high = lv.bounds
                multipliers[:, rows] *= rng.uniform(low, high, size=(n, 1))
    multipliers[:, comp.duplicate_of >= 0] = 0.0
    ranges = {d.combine.breadth_range for d in rubric.dimensions.values()}
    if len(ranges) == 1 and None not in ranges:
        low, high = next(iter(ranges))  # type: ignore[misc]
        return multipliers, rng.uniform(low, high, size=n)
    return multipliers, None


def sensitivity(rubric: RubricLike = None, *, registry: Registry | None = None, as_of: dt.date | str | None = None,
                n: int = 10_000, spread: float = 0.25, unknowns: bool = False, structural: bool = True,
                seed: int = 0, progress: bool = False, assessment: Assessment | None = None) -> pd.DataFrame:
    """Monte Carlo rank stability of every scored country under perturbed weights and, with
    ``structural=True``, the structural choices the rubric declares as uncertain.

    Each sample multiplies every factor weight and dimension weight by a uniform factor in
    ``[1 - spread, 1 + spread]`` and renormalises them to sum to 1 again. With
    ``structural=True`` (the default) each sample also draws every modifier multiplier
    (lifecycle, evidence, mitigation) uniformly within its level's ``range`` and the
    aggregation's breadth within ``breadth_range``, where the rubric declares them; with
    ``unknowns=True`` each unknown value also takes a level drawn uniformly from its declared
    range. Countries are then re-scored by the engine's own steps 3-5, batched over samples,
    and ranked (1 = highest). Only countries with a counted deployment are ranked. Pass
    ``assessment`` to reuse a run's factor levels.

    Returns:
        Index ``country``; columns ``score`` and ``rank`` (unperturbed), ``rank_median``,
        ``rank_p05``, ``rank_p95`` (the 90% interval) and ``p_<band>`` for every band.
        ``attrs`` holds the parameters and ``countries`` (how many were ranked).

    Example:
        >>> table = sensitivity(n=500)
        >>> bool(((table.rank_p05 <= table["rank"]) & (table["rank"] <= table.rank_p95)).all())
        True
    """
    from techrisk.progress import progress_bar

    if not 0 <= spread < 1:
        raise ValueError(f"spread must be in [0, 1), got {spread}")
    run = assessment_for(assessment, registry, rubric, as_of)
    rubric, comp = run.rubric, run.computation
    rng = np.random.default_rng(seed)
    table = comp.table
    counted_countries = table.country[comp.rows].astype(str)
    countries = np.unique(counted_countries).astype(object)
    factor_w, dim_w = _perturbed_weights(rubric, n, spread, rng)
    if spread == 0:  # exact: identical rubric, identical scores
        factor_w[:] = [f.weight for f in rubric.factors]
        dim_w[:] = [rubric.dimensions[d].weight for d in DIMENSIONS]
    # Points differ per sample only when unknowns are drawn; otherwise one matrix serves all.
    points = _sampled_points(rubric, comp, n, rng) if unknowns else comp.points["default"]
    if structural:
        multipliers, breadths = _structural_samples(rubric, comp, n, rng)
    else:
        multipliers, breadths = np.broadcast_to(comp.multiplier, (n, len(comp.rows))), None
    groups = np.searchsorted(countries.astype(str), counted_countries)
    tiebreak = table.id_order[comp.rows]
    scores = np.zeros((n, len(countries)))
    # Samples go through the engine in chunks, to bound memory and show progress.
    chunks = np.array_split(np.arange(n), max(1, n // 1000))
    for chunk in progress_bar(chunks, enabled=progress, label="sensitivity"):
        dims = {}
        for dim in DIMENSIONS:
            mask = np.array([f.dimension == dim for f in rubric.factors])
            weights = np.where(mask[None, :], factor_w[chunk], 0.0)
            dims[dim] = multipliers[chunk] * dimension_scores(points[chunk] if unknowns else points, weights)
        scores[chunk] = combine(rubric, groups, tiebreak, dims, len(countries), dim_weights=dim_w[chunk],
                                parameters=None if breadths is None else breadths[chunk])["score"]
    base = scores_of(run).reindex(countries)["score"].to_numpy()
    ranks = _ranks(scores)
    frame = pd.DataFrame({
        "score": base,
        "rank": _ranks(base[None, :])[0],
        "rank_median": np.median(ranks, axis=0),
        "rank_p05": np.percentile(ranks, 5, axis=0, method="lower"),
        "rank_p95": np.percentile(ranks, 95, axis=0, method="higher"),
    }, index=pd.Index(countries.astype(str), name="country"))
    thresholds = np.array([b.min for b in rubric.bands])
    band_index = np.searchsorted(thresholds, scores, side="right") - 1
    for i, band in enumerate(rubric.bands):
        frame[f"p_{band.name}"] = (band_index == i).mean(axis=0)
    varied = ["weights"]
    if structural and (breadths is not None or rubric.modifiers):
        varied.append("structural choices")
    if unknowns:
        varied.append("unknown values")
    frame.attrs.update(rubric=rubric.name, n=n, spread=spread, unknowns=unknowns, structural=structural, seed=seed,
                       countries=len(countries), varied=varied)
    return frame.sort_values("rank", kind="stable")


def _ranks(scores: np.ndarray) -> np.ndarray:
    """Rank 1 = highest score in each row; ties keep the countries' alphabetical order."""
    order = np.argsort(-scores, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, scores.shape[1] + 1)[None, :].repeat(len(scores), 0), axis=1)
    return ranks


def rank_statement(code: str, table: pd.DataFrame) -> str:
    """``"ranks 3rd of 41 scored countries; between 2nd and 5th in 90% of samples (...)"`` for a
    brief. A 90% interval that spans half the table or more is called unstable in so many words."""
    row = table.loc[code]
    low, high = int(row.rank_p05), int(row.rank_p95)
    total = len(table)
    span = (f"{_ordinal(low)} in at least 90% of samples" if low == high else
            f"between {_ordinal(low)} and {_ordinal(high)} in 90% of samples")
    varied = table.attrs.get("varied", ["weights"])
    what = f"weights varied by ±{table.attrs['spread']:.0%}"
    if "structural choices" in varied:
        what += ("; aggregation breadth and lifecycle, evidence and mitigation multipliers drawn from their "
                 "declared ranges")
    if "unknown values" in varied:
        what += "; unknown values drawn from their ranges"
    statement = (f"ranks {_ordinal(int(row['rank']))} of {total} scored countries; {span} "
                 f"({what}; {table.attrs['n']:,} samples)")
    if high - low + 1 >= total / 2:
        statement += ". This rank is not stable: its 90% interval spans half the table or more"
    return statement


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
