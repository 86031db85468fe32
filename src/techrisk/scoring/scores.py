"""Score tables: ``score()`` by country, by vendor in country, or by deployment.

Scores are floats on a 0-100 scale and are not rounded; display code rounds to one
decimal. A country's score is exactly the sum of its (deployment, factor) contributions,
up to floating-point summation order (differences below 1e-9).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd

from techrisk.data.countries import country_name
from techrisk.data.registry import Registry
from techrisk.scoring.assessment import Assessment, assessment_for
from techrisk.scoring.engine import DIMENSIONS, Computation, Grouping, combine
from techrisk.scoring.readers import FIELDS
from techrisk.scoring.rubric import RubricLike
from techrisk.scoring.vector import vector_string

__all__ = ["NO_COUNTED", "score", "scores_of"]

BY = ("country", "vendor", "deployment")
# The band of a country (or vendor in a country) with no counted deployment: it has no score,
# and is not ranked, rather than scoring "0, low".
NO_COUNTED = "no counted deployment"


def score(*, registry: Registry | None = None, rubric: RubricLike = None,
          as_of: dt.date | str | None = None, by: str = "country",
          assessment: Assessment | None = None) -> pd.DataFrame:
    """Score every country (or vendor-in-country, or deployment) under a rubric.

    Args:
        registry: defaults to ``techrisk.load()``.
        rubric: a :class:`Rubric`, a bundled name (``"techrisk-1.0"``), a path; default newest.
        as_of: score the registry as it stood on this date (default today): deployments
            started by then and not over, regulatory actions and issues dated by then.
        by: ``"country"`` (index: alpha-2), ``"vendor"`` (index: country, vendor) or
            ``"deployment"`` (index: deployment id).
        assessment: a run from :func:`~techrisk.assess` to read instead of scoring anew
            (then leave ``registry``, ``rubric`` and ``as_of`` unset).

    Returns:
        A DataFrame with ``score`` (0-100), ``data_access``, ``dependency``, ``band``,
        ``score_low`` and ``score_high`` (the range unknown values allow), ``deployments``
        (how many counted) and ``vendors``. Sorted by score, highest first. A country with
        records but no counted deployment (all ended, or not yet started on the as-of date) has
        no score (NaN) and the band ``"no counted deployment"``; it is listed last.

    Example:
        >>> import techrisk
        >>> table = techrisk.score()
        >>> bool(((table.score_low <= table.score) & (table.score <= table.score_high)).all())
        True
    """
    if by not in BY:
        raise ValueError(f"by must be one of {BY}, got {by!r}")
    return scores_of(assessment_for(assessment, registry, rubric, as_of), by).copy()


def scores_of(run: Assessment, by: str = "country") -> pd.DataFrame:
    """The score frame of one run, built once and kept with it: shared, so treat it as read-only."""
    if by not in BY:
        raise ValueError(f"by must be one of {BY}, got {by!r}")
    return run.derived(f"scores.{by}", lambda r: _score_frame(r, by))


def _score_frame(run: Assessment, by: str) -> pd.DataFrame:
    comp = run.computation
    frame = _deployment_frame(comp) if by == "deployment" else _group_frame(comp, run.registry, by)
    # as_of stays None when none was asked for, so outputs carry no date of their own making.
    frame.attrs.update(run.attrs())
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
        pair_countries = table.country[rows][member_rows]
        keys = np.array([f"{c}|{v}" for c, v in zip(pair_countries, vendor_names, strict=True)], dtype=object)
        pairs = sorted({f"{d.country}|{v}" for d in registry.deployments for v in d.vendors})
        all_keys = np.array(pairs, dtype=object)
    if len(all_keys) == 0:
        return pd.DataFrame(columns=["score", "band"])
    same_groups = False
    if by == "country" and len(keys):
        # Country codes are integers already: look up each distinct country once, not each row.
        sorted_keys = all_keys.astype(str)
        position = np.searchsorted(sorted_keys, table.countries)
        groups = position[table.country_codes[rows]]
        # compute() grouped the same rows by the same countries when every country is a key
        # (the table's countries are distinct, so their keys are too).
        found = np.clip(position, 0, len(sorted_keys) - 1)
        same_groups = bool((sorted_keys[found] == table.countries.astype(str)).all())
    else:
        groups = np.searchsorted(all_keys.astype(str), keys.astype(str)) if len(keys) else np.zeros(0, np.int64)
    tiebreak = table.id_order[rows][member_rows]
    grouping = Grouping.of(groups, tiebreak)  # sorted once for the three modes
    # Per country, the default mode's rank weights are compute()'s own (same groups, same ids).
    known = comp.rank_weight if same_groups else None
    results = {mode: combine(rubric, groups, tiebreak, {d: comp.dim_scores[mode][d][member_rows] for d in DIMENSIONS},
                             len(all_keys), grouping=grouping, rank_weights=known if mode == "default" else None)
               for mode in ("default", "low", "high")}
    counted = np.bincount(groups, minlength=len(all_keys))
    frame = pd.DataFrame({
        "score": results["default"]["score"],
        "data_access": results["default"]["data_access"],
        "dependency": results["default"]["dependency"],
        "score_low": results["low"]["score"],
        "score_high": results["high"]["score"],
        "deployments": counted,
    })
    empty = counted == 0
    frame.loc[empty, ["score", "data_access", "dependency", "score_low", "score_high"]] = np.nan
    frame["band"] = [NO_COUNTED if e else rubric.band(s) for s, e in zip(frame["score"], empty, strict=True)]
    if by == "country":
        frame.index = pd.Index(all_keys.astype(str), name="country")
        frame.insert(0, "country_name", [country_name(c) for c in frame.index])
        # One pass per vendor (a handful), not per deployment: which countries each vendor is in.
        vendor_sets: dict[str, set[str]] = {}
        codes = table.country_codes[rows]
        for j, vendor_id in enumerate(table.vendor_ids):
            present = np.bincount(codes[table.vendors[rows, j]], minlength=len(table.countries)) > 0
            for country in table.countries[present]:
                vendor_sets.setdefault(str(country), set()).add(vendor_id)
        frame["vendors"] = [", ".join(sorted(vendor_sets.get(c, ()))) for c in frame.index]
    else:
        split = [k.split("|") for k in all_keys]
        frame.index = pd.MultiIndex.from_tuples(split, names=["country", "vendor"])
    frame["rubric"] = rubric.name
    columns = [c for c in ("country_name", "score", "band", "data_access", "dependency", "score_low", "score_high",
                           "deployments", "vendors", "rubric") if c in frame.columns]
    frame = frame[columns]
    return frame.sort_values("score", ascending=False, kind="stable", na_position="last")


def _deployment_frame(comp: Computation) -> pd.DataFrame:
    table, rows, rubric = comp.table, comp.rows, comp.rubric
    dims = comp.dim_scores
    frame = pd.DataFrame({
        "country": table.country[rows].astype(str),
        "vendors": _per_distinct_row(table.vendors[rows], lambda mask: ", ".join(np.array(table.vendor_ids)[mask])),
        "sector": np.array(FIELDS["sector"].vocab)[table.scalars["sector"][rows]],
        "score": comp.deployment_score("default"),
        "data_access": dims["default"]["data_access"],
        "dependency": dims["default"]["dependency"],
        "score_low": comp.deployment_score("low"),
        "score_high": comp.deployment_score("high"),
        "vector": _vectors(comp),
    }, index=pd.Index(table.ids[rows].astype(str), name="deployment"))
    frame["band"] = [rubric.band(s) for s in frame["score"]]
    return frame.sort_values(["score"], ascending=False, kind="stable")


def _per_distinct_row(matrix: np.ndarray, text: Callable[[np.ndarray], str]) -> list[str]:
    """``text`` of each row of ``matrix``, worked out once per distinct row (deployments share
    a handful of vendor sets and level vectors, so a large registry repeats them)."""
    if not len(matrix):
        return []
    distinct, inverse = np.unique(matrix, axis=0, return_inverse=True)
    texts = [text(row) for row in distinct]
    return [texts[k] for k in inverse.reshape(-1)]


def _vectors(comp: Computation) -> list[str]:
    """Each counted deployment's :func:`vector_string`."""
    levels = comp.levels
    n_factors, n_modifiers = levels.unknown.shape[1], levels.modifier_levels.shape[1]
    keys = np.column_stack([levels.levels["default"], levels.unknown, levels.modifier_levels,
                            comp.duplicate_of >= 0]).astype(np.int64)

    def text(key: np.ndarray) -> str:
        return vector_string(comp.rubric, key[:n_factors], key[n_factors:2 * n_factors].astype(bool),
                             key[2 * n_factors:2 * n_factors + n_modifiers], bool(key[-1]))
    return _per_distinct_row(keys, text)
