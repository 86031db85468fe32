"""Public scoring API: ``score``, ``explain``, ``score_vector`` and ``rubric_diff``.

Scores are floats on a 0-100 scale and are not rounded; display code rounds to one
decimal. A country's score is exactly the sum of its (deployment, factor) contributions,
up to floating-point summation order (differences below 1e-9).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from techrisk.countries import country_name
from techrisk.engine import DIMENSIONS, FactorLevels, factor_levels, points_matrix, rank_weights, weight_vectors
from techrisk.licence import DATA_LICENCE
from techrisk.load import load
from techrisk.registry import Registry
from techrisk.rubric import Rubric, load_rubric
from techrisk.rubric_fields import FIELDS
from techrisk.scoring_table import DeploymentTable, as_of_ordinal

RubricLike = Rubric | str | os.PathLike[str] | None
BY = ("country", "vendor", "deployment")


@dataclass(frozen=True)
class Computation:
    """Everything one scoring run produced, kept so ``explain`` can show each step."""

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


def compute(table: DeploymentTable, rubric: Rubric, as_of: int) -> Computation:
    levels = factor_levels(table, rubric, as_of)
    weights = weight_vectors(rubric)
    points = {mode: points_matrix(rubric, m) for mode, m in levels.levels.items()}
    dim_scores = {mode: {dim: p @ weights[dim] for dim in DIMENSIONS} for mode, p in points.items()}
    rw, rk = {}, {}
    groups = table.country_codes[levels.rows]
    tiebreak = table.id_order[levels.rows]
    for dim in DIMENSIONS:
        rw[dim], rk[dim] = rank_weights(groups, dim_scores["default"][dim], tiebreak,
                                        rubric.dimensions[dim].combine.ratio)
    return Computation(rubric, table, levels, points, dim_scores, rw, rk)


def _combine(rubric: Rubric, groups: np.ndarray, tiebreak: np.ndarray, dim_scores: dict[str, np.ndarray],
             n_groups: int) -> dict[str, np.ndarray]:
    """Steps 4-5 for one unknown mode: group dimension scores and the overall score."""
    out = {}
    total = np.zeros(n_groups)
    for dim in DIMENSIONS:
        weights, _ = rank_weights(groups, dim_scores[dim], tiebreak, rubric.dimensions[dim].combine.ratio)
        out[dim] = np.bincount(groups, weights=dim_scores[dim] * weights, minlength=n_groups)
        total += rubric.dimensions[dim].weight * out[dim]
    out["score"] = total
    return out


def _resolve(registry: Registry | None, rubric: RubricLike, as_of) -> tuple[Registry, Rubric, int]:
    return (registry if registry is not None else load(), load_rubric(rubric), as_of_ordinal(as_of))


def score(*, registry: Registry | None = None, rubric: RubricLike = None,
          as_of: dt.date | str | None = None, by: str = "country") -> pd.DataFrame:
    """Score every country (or vendor-in-country, or deployment) under a rubric.

    Args:
        registry: defaults to ``techrisk.load()``.
        rubric: a :class:`Rubric`, a bundled name (``"techrisk-1.0"``), a path; default newest.
        as_of: score the registry as it stood on this date (default today): deployments
            started by then and not over, regulatory actions and issues dated by then.
        by: ``"country"`` (index: alpha-2), ``"vendor"`` (index: country, vendor) or
            ``"deployment"`` (index: deployment id).

    Returns:
        A DataFrame with ``score`` (0-100), ``data_access``, ``dependency``, ``band``,
        ``score_low`` and ``score_high`` (the range unknown values allow), ``deployments``
        (how many counted) and ``vendors``. Sorted by score, highest first.

    Example:
        >>> import techrisk
        >>> table = techrisk.score()
        >>> bool(((table.score_low <= table.score) & (table.score <= table.score_high)).all())
        True
    """
    if by not in BY:
        raise ValueError(f"by must be one of {BY}, got {by!r}")
    registry, rubric, as_of_ord = _resolve(registry, rubric, as_of)
    table = registry.scoring_table
    comp = compute(table, rubric, as_of_ord)
    if by == "deployment":
        frame = _deployment_frame(comp)
    else:
        frame = _group_frame(comp, registry, by)
    # as_of stays None when none was asked for, so outputs carry no date of their own making.
    frame.attrs.update(rubric=rubric.name, as_of=None if as_of is None else dt.date.fromordinal(as_of_ord).isoformat(),
                       license=DATA_LICENCE)
    return frame


def _group_frame(comp: Computation, registry: Registry, by: str) -> pd.DataFrame:
    table, rows, rubric = comp.table, comp.rows, comp.rubric
    if by == "country":
        all_keys = np.array(registry.countries, dtype=object)
        member_rows = np.arange(len(rows))
        keys = table.country[rows]
    else:  # one entry per (deployment, vendor) pair
        member_rows, vendor_col = np.nonzero(table.vendors[rows])
        vendor_names = np.array(table.vendor_ids, dtype=object)[vendor_col]
        keys = np.array([f"{c}|{v}" for c, v in zip(table.country[rows][member_rows], vendor_names)], dtype=object)
        pairs = sorted({f"{d.country}|{v}" for d in registry.deployments for v in d.vendors})
        all_keys = np.array(pairs, dtype=object)
    if len(all_keys) == 0:
        return pd.DataFrame(columns=["score", "band"])
    groups = np.searchsorted(all_keys.astype(str), keys.astype(str)) if len(keys) else np.zeros(0, np.int64)
    tiebreak = table.id_order[rows][member_rows]
    results = {mode: _combine(rubric, groups, tiebreak, {d: comp.dim_scores[mode][d][member_rows] for d in DIMENSIONS},
                              len(all_keys)) for mode in ("default", "low", "high")}
    counted = np.bincount(groups, minlength=len(all_keys))
    frame = pd.DataFrame({
        "score": results["default"]["score"],
        "data_access": results["default"]["data_access"],
        "dependency": results["default"]["dependency"],
        "score_low": results["low"]["score"],
        "score_high": results["high"]["score"],
        "deployments": counted,
    })
    frame["band"] = [rubric.band(s) for s in frame["score"]]
    if by == "country":
        frame.index = pd.Index(all_keys.astype(str), name="country")
        frame.insert(0, "country_name", [country_name(c) for c in frame.index])
        # One pass per vendor (a handful), not per deployment: which countries each vendor is in.
        vendor_sets: dict[str, set[str]] = {}
        counted_countries = table.country[rows]
        for j, vendor_id in enumerate(table.vendor_ids):
            for country in np.unique(counted_countries[table.vendors[rows, j]]):
                vendor_sets.setdefault(country, set()).add(vendor_id)
        frame["vendors"] = [", ".join(sorted(vendor_sets.get(c, ()))) for c in frame.index]
    else:
        split = [k.split("|") for k in all_keys]
        frame.index = pd.MultiIndex.from_tuples(split, names=["country", "vendor"])
    frame["rubric"] = rubric.name
    columns = [c for c in ("country_name", "score", "band", "data_access", "dependency", "score_low", "score_high",
                           "deployments", "vendors", "rubric") if c in frame.columns]
    frame = frame[columns]
    return frame.sort_values("score", ascending=False, kind="stable")


def vector_string(rubric: Rubric, levels: np.ndarray, unknown: np.ndarray) -> str:
    """``TR1.0/DS:2?/SE:3/...``: each factor's level; ``?`` marks a level set by an unknown value."""
    parts = [f"{rubric.vector_prefix}{rubric.version}"]
    for j, factor in enumerate(rubric.factors):
        parts.append(f"{factor.code}:{levels[j]}{'?' if unknown[j] else ''}")
    return "/".join(parts)


def _deployment_frame(comp: Computation) -> pd.DataFrame:
    table, rows, rubric = comp.table, comp.rows, comp.rubric
    dims = comp.dim_scores
    frame = pd.DataFrame({
        "country": table.country[rows].astype(str),
        "vendors": [", ".join(np.array(table.vendor_ids)[table.vendors[r]]) for r in rows],
        "sector": np.array(FIELDS["sector"].vocab)[table.scalars["sector"][rows]],
        "score": sum(rubric.dimensions[d].weight * dims["default"][d] for d in DIMENSIONS),
        "data_access": dims["default"]["data_access"],
        "dependency": dims["default"]["dependency"],
        "score_low": sum(rubric.dimensions[d].weight * dims["low"][d] for d in DIMENSIONS),
        "score_high": sum(rubric.dimensions[d].weight * dims["high"][d] for d in DIMENSIONS),
        "vector": [vector_string(rubric, comp.levels.levels["default"][i], comp.levels.unknown[i]) for i in range(len(rows))],
    }, index=pd.Index(table.ids[rows].astype(str), name="deployment"))
    frame["band"] = [rubric.band(s) for s in frame["score"]]
    return frame.sort_values(["score"], ascending=False, kind="stable")


_VECTOR = re.compile(r"^(?P<prefix>[A-Z]+)(?P<version>[0-9][0-9A-Za-z.]*)(?P<rest>(/[A-Z]{2,3}:\d+\??)+)$")


def score_vector(vector: str, rubric: RubricLike = None) -> float:
    """Reproduce a deployment's score (0-100) from its vector string alone.

    The score is the sum over dimensions of dimension weight x sum of factor weight x
    level points, exactly as in step 3 and 5 of the rubric.

    Example:
        >>> score_vector("TR1.0/DS:4/SE:3/AP:2/IN:3/SL:1/VR:2/CV:3/CR:3/FN:2/CN:2/SC:2")
        100.0
    """
    rubric = load_rubric(rubric)
    match = _VECTOR.match(vector.strip())
    if match is None:
        raise ValueError(f"not a techrisk vector: {vector!r} (expected e.g. 'TR1.0/DS:2/SE:3/...')")
    if match["prefix"] != rubric.vector_prefix or match["version"] != rubric.version:
        raise ValueError(f"vector {vector!r} was made with {match['prefix']}{match['version']}, "
                         f"but the rubric is {rubric.vector_prefix}{rubric.version}")
    levels = {}
    for part in match["rest"].strip("/").split("/"):
        code, level = part.rstrip("?").split(":")
        if code in levels:
            raise ValueError(f"factor {code} appears twice in {vector!r}")
        levels[code] = int(level)
    codes = [f.code for f in rubric.factors]
    missing, extra = [c for c in codes if c not in levels], [c for c in levels if c not in codes]
    if missing or extra:
        raise ValueError(f"vector {vector!r}: missing factors {missing}, unknown factors {extra}")
    total = 0.0
    for factor in rubric.factors:
        try:
            points = factor.level_points(levels[factor.code])
        except KeyError:
            raise ValueError(f"vector {vector!r}: factor {factor.code} has no level {levels[factor.code]}") from None
        total += rubric.dimensions[factor.dimension].weight * factor.weight * points
    return total


from techrisk.explanation import explain, rubric_diff  # noqa: E402  (re-exported for the public API)

__all__ = ["compute", "explain", "rubric_diff", "score", "score_vector", "vector_string"]
