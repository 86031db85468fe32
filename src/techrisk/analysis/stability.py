"""Rank stability: Monte Carlo perturbation of the rubric's weights, of the structural choices
it declares as uncertain (aggregation breadth, modifier multipliers) and, optionally, of
unknown levels within their declared range, run through the engine's own steps 3-5.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from techrisk.data.registry import Registry
from techrisk.scoring.assessment import Assessment, assessment_for
from techrisk.scoring.engine import DIMENSIONS, Computation, Grouping, combine_totals
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


# Samples are scored in chunks of at most this many (sample, deployment) cells, so memory stays
# bounded whatever the registry's size: each array in a chunk is at most 32 MB.
CHUNK_CELLS = 1 << 22


def _sample_chunks(n: int, cells_per_sample: int) -> list[np.ndarray]:
    size = max(1, min(1000, CHUNK_CELLS // max(cells_per_sample, 1)))
    return [np.arange(start, min(start + size, n)) for start in range(0, n, size)]


def _sampled_points(rubric: Rubric, comp: Computation, samples: int, rng: np.random.Generator) -> np.ndarray:
    """(samples, deployments, factors) points with every unknown level drawn within its range
    (drawn chunk by chunk, so only one chunk's points exist at a time)."""
    base = comp.points["default"]
    points = np.broadcast_to(base, (samples, *base.shape)).copy()
    for j, factor in enumerate(rubric.factors):
        if factor.unknown is None:
            continue
        rows = np.flatnonzero(comp.levels.unknown[:, j])
        if not len(rows):
            continue
        allowed = np.array([lv.points for lv in factor.levels if factor.unknown.low <= lv.level <= factor.unknown.high])
        points[:, rows, j] = rng.choice(allowed, size=(samples, len(rows)))
    return points


@dataclass(frozen=True)
class _Structural:
    """The structural draws of every sample, kept small: per modifier, each deployment's level
    (a column index) and one multiplier per sample and level; per sample one breadth (or None)."""

    draws: list[tuple[np.ndarray, np.ndarray]]  # ((deployments,) column, (n, levels + 1) multipliers)
    zeroed: np.ndarray  # records counted as part of another record's system
    breadths: np.ndarray | None

    def multipliers(self, chunk: np.ndarray, deployments: int) -> np.ndarray:
        """(len(chunk), deployments) multipliers for the samples in ``chunk``: one gather per
        modifier, multiplied in the rubric's order."""
        out = np.ones((len(chunk), deployments))
        for column, draw in self.draws:
            out *= draw[chunk][:, column]
        out[:, self.zeroed] = 0.0
        return out

    def laid_out(self, order: np.ndarray) -> _Structural:
        """The same draws for the deployments taken in ``order``."""
        position = np.empty(len(order), dtype=np.intp)
        position[order] = np.arange(len(order))
        return _Structural([(column[order], draw) for column, draw in self.draws], np.sort(position[self.zeroed]),
                           self.breadths)


def _structural_samples(rubric: Rubric, comp: Computation, n: int, rng: np.random.Generator) -> _Structural:
    """Every modifier's multiplier drawn uniformly within its declared ``range`` (one draw per
    sample and level), and (n,) breadths drawn within ``breadth_range`` (None when the rubric
    declares none). Records counted as part of another record's system stay at 0."""
    draws = []
    for j, modifier in enumerate(rubric.modifiers):
        levels = comp.levels.modifier_levels[:, j]
        # The last column, 1.0, is for a deployment on none of the modifier's levels.
        column = np.full(len(levels), len(modifier.levels), dtype=np.intp)
        table = np.ones((n, len(modifier.levels) + 1))
        for k, lv in enumerate(modifier.levels):
            rows = np.flatnonzero(levels == lv.level)
            if len(rows):
                low, high = lv.bounds
                column[rows] = k
                table[:, k] = rng.uniform(low, high, size=n)
        draws.append((column, table))
    zeroed = np.flatnonzero(comp.duplicate_of >= 0)
    ranges = {d.combine.breadth_range for d in rubric.dimensions.values()}
    if len(ranges) == 1 and None not in ranges:
        low, high = next(iter(ranges))  # type: ignore[misc]
        return _Structural(draws, zeroed, rng.uniform(low, high, size=n))
    return _Structural(draws, zeroed, None)


def _dimension_scores(points: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """(samples, deployments): factor by factor, so a sample's result does not depend on how
    samples are chunked (a matrix product may sum in another order for another shape). Factors
    weighted 0 in every sample (the other dimension's) are skipped: adding 0 changes nothing."""
    out = np.zeros((len(weights), points.shape[-2]))
    term = np.empty_like(out)  # reused: a fresh array per factor costs more than the arithmetic
    for j in np.flatnonzero(weights.any(axis=0)):
        column = points[..., j]
        np.multiply(weights[:, j, None], column if column.ndim == 2 else column[None, :], out=term)
        out += term
    return out


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
    deployments = len(comp.rows)
    groups = np.searchsorted(countries.astype(str), counted_countries)
    # Deployments laid out country by country (then by id) once, so each country's scores are
    # a contiguous stretch of every sample's row when its top ranks are picked out.
    by_country = Grouping.of(groups, table.id_order[comp.rows])
    order, grouping = by_country.perm, by_country.in_order()
    structural_draws = _structural_samples(rubric, comp, n, rng).laid_out(order) if structural else None
    breadths = structural_draws.breadths if structural_draws is not None else None
    default_points = np.asfortranarray(comp.points["default"][order])  # a factor's column is contiguous
    fixed_multipliers = comp.multiplier[order][None, :]
    masks = {dim: np.array([f.dimension == dim for f in rubric.factors]) for dim in DIMENSIONS}

    def country_scores(points: np.ndarray, factor_weights: np.ndarray, multipliers: np.ndarray,
                       dim_weights: np.ndarray, sample_breadths: np.ndarray | None) -> np.ndarray:
        """(samples, countries): steps 3-5 for a batch of weightings, top ranks only."""
        dims = {}
        for dim in DIMENSIONS:
            dims[dim] = _dimension_scores(points, np.where(masks[dim][None, :], factor_weights, 0.0))
            dims[dim] *= multipliers
        return combine_totals(rubric, grouping, dims, len(countries), dim_weights=dim_weights,
                              parameters=sample_breadths)

    scores = np.zeros((n, len(countries)))
    # Samples go through the engine in chunks (see CHUNK_CELLS), to bound memory and show
    # progress; unknown levels, when drawn, are drawn per chunk too.
    cells = deployments * (len(rubric.factors) if unknowns else 1)
    for chunk in progress_bar(_sample_chunks(n, cells), enabled=progress, label="sensitivity"):
        points = _sampled_points(rubric, comp, len(chunk), rng)[:, order] if unknowns else default_points
        multipliers = (structural_draws.multipliers(chunk, deployments) if structural_draws is not None
                       else fixed_multipliers)
        scores[chunk] = country_scores(points, factor_w[chunk], multipliers, dim_w[chunk],
                                       None if breadths is None else breadths[chunk])
    # The point ranking goes through the same arithmetic as the samples, so countries whose scores
    # are equal tie in both (alphabetical order) whatever order score() added them in.
    point = country_scores(default_points, np.array([[f.weight for f in rubric.factors]]), fixed_multipliers,
                           np.array([[rubric.dimensions[d].weight for d in DIMENSIONS]]), None)
    base = scores_of(run).reindex(countries)["score"].to_numpy()
    ranks = _ranks(scores)
    frame = pd.DataFrame({
        "score": base,
        "rank": _ranks(point)[0],
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
