"""Two independent implementations of ``score()``'s arithmetic, the benchmark's references.

Both take a :class:`~techrisk.scoring.table.DeploymentTable` without status histories or
system keys (what ``synthetic.py`` builds), a rubric using ``gap_closing`` or
``ranked_geometric``, and an as-of ordinal, and return a DataFrame indexed by country with
``score``, ``data_access``, ``dependency``, ``score_low`` and ``score_high`` for every
country with a counted deployment. They do everything ``score()`` does to get those numbers:
the status and date filter (step 1), every factor including the four counts (vendor counts,
vendor sectors per country, national mitigation), the three unknown modes, ``also_reads``,
the modifiers (lifecycle by status, evidence, mitigation) and the rank-weighted combination
with ids as tie-breaker. They start from the table's raw arrays, so the integer coding of
countries and ids that the library caches on a table is part of their time, as it is of a
cold ``score()``. ``run.py`` checks both against the library to 1e-9 before timing them.

Per-vendor counts (a handful of vendors) use the readers' ``count_vendor``; everything per
deployment is written here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from techrisk.scoring.readers import FIELDS
from techrisk.scoring.rubric import DIMENSIONS, Rubric
from techrisk.scoring.table import NO_END, DeploymentTable

MODES = ("default", "low", "high")
OUT = ("score", "data_access", "dependency", "score_low", "score_high")


def _counted(table: DeploymentTable, rubric: Rubric, as_of: int) -> np.ndarray:
    vocab = FIELDS["status"].vocab
    excluded = np.isin(table.scalars["status"], [vocab.index(s) for s in rubric.include.exclude_statuses])
    over = excluded & ((table.end == NO_END) | (table.end <= as_of))
    return (table.start <= as_of) & ~over


def _value_lookup(vocab, level_of, missing, offset=0) -> np.ndarray:
    return np.array([level_of.get(v, missing) - (offset if v in level_of else 0) for v in vocab], dtype=np.int64)


def _held_max(matrix: np.ndarray, lookup: np.ndarray) -> np.ndarray:
    """Per row, the highest lookup value among the columns set (-1 for none)."""
    out = np.full(len(matrix), -1, dtype=np.int64)
    for col in np.argsort(lookup)[::-1]:  # highest level first: the first column set wins
        take = (out == -1) & matrix[:, col]
        out[take] = lookup[col]
    return out


def _level_of_count(levels, counts, clip: bool) -> np.ndarray:
    mins = np.array([lv.min_count for lv in levels])
    numbers = np.array([lv.level for lv in levels])
    pos = np.searchsorted(mins, counts, side="right") - 1
    return numbers[np.clip(pos, 0, None) if clip else pos]


def _per_row_vendor_max(vendors: np.ndarray, per_vendor: np.ndarray) -> np.ndarray:
    return np.where(vendors, per_vendor[None, :], -1).max(axis=1)


def _inputs(table: DeploymentTable, rubric: Rubric, as_of: int):
    """Per counted deployment: country code, id rank, points per mode and factor, multiplier."""
    keep = _counted(table, rubric, as_of)
    rows = np.flatnonzero(keep)
    countries, country = np.unique(table.country[rows].astype(str), return_inverse=True)
    id_rank = np.empty(len(table), dtype=np.int64)
    id_rank[np.argsort(table.ids.astype(str), kind="stable")] = np.arange(len(table))
    tiebreak = id_rank[rows]
    vendors = table.vendors[rows]
    sector = table.scalars["sector"][rows].astype(np.int64)
    n_sectors = len(FIELDS["sector"].vocab)
    n_vendors = len(table.vendor_ids)
    points = {m: np.empty((len(rows), len(rubric.factors))) for m in MODES}
    for j, factor in enumerate(rubric.factors):
        spec = FIELDS[factor.reads]
        to_points = np.full(max(lv.level for lv in factor.levels) + 1, np.nan)
        for lv in factor.levels:
            to_points[lv.level] = lv.points
        if spec.kind == "values":
            level_of = factor.level_of()
            lowest = min(lv.level for lv in factor.levels)
            also = None
            if factor.also_reads is not None:
                lookup = _value_lookup(spec.vocab, level_of, -1, factor.also_reads.levels_below)
                also = _held_max(table.lists[factor.also_reads.field][rows], lookup)
                also = np.where(also >= 0, np.maximum(also, lowest), -1)
            for mode in MODES:
                missing = (getattr(factor.unknown, "level" if mode == "default" else mode) if factor.unknown else -1)
                lookup = _value_lookup(spec.vocab, level_of, missing)
                if spec.multi:
                    found = _held_max(table.lists[factor.reads][rows], lookup)
                else:
                    found = lookup[table.scalars[factor.reads][rows]]
                if also is not None:
                    found = np.maximum(found, also)
                points[mode][:, j] = to_points[found]
            continue
        if factor.reads == "country.vendor_sectors":
            dep, vend = np.nonzero(vendors)
            pair = country[dep] * n_vendors + vend
            present = np.bincount(pair * n_sectors + sector[dep], minlength=len(countries) * n_vendors * n_sectors) > 0
            per_pair = present.reshape(-1, n_sectors).sum(axis=1)
            counts = np.zeros(len(rows), dtype=np.int64)
            np.maximum.at(counts, dep, per_pair[pair])
        else:
            per_vendor = np.array([spec.count_vendor(table.vendor_facts[v][spec.name], factor, as_of)[0]
                                   for v in table.vendor_ids])
            counts = _per_row_vendor_max(vendors, per_vendor)
        level = _level_of_count(factor.levels, counts, clip=True)
        for mode in MODES:
            points[mode][:, j] = to_points[level]
    multiplier = np.ones(len(rows))
    code_of = {c: i for i, c in enumerate(countries)}
    for modifier in rubric.modifiers:
        spec = FIELDS[modifier.reads]
        if spec.kind == "values":
            lookup = np.array([modifier.level_of().get(v, -1) for v in spec.vocab], dtype=np.int64)
            level = lookup[table.scalars[modifier.reads][rows]]
        else:  # country.mitigation
            where = modifier.where or {}
            counts = np.zeros(len(rows), dtype=np.int64)
            for j, v in enumerate(table.vendor_ids):
                for _id, jur, kind, status, _scope, sectors, date in table.vendor_facts[v][spec.name]:
                    if (date > as_of or kind not in where.get("kind", (kind,))
                            or status not in where.get("status", (status,)) or jur not in code_of):
                        continue
                    codes = [FIELDS["sector"].vocab.index(s) for s in sectors]
                    counts += vendors[:, j] & (country == code_of[jur]) & np.isin(sector, codes)
            level = _level_of_count(modifier.levels, counts, clip=False)
        to_mult = np.zeros(max(lv.level for lv in modifier.levels) + 1)
        for lv in modifier.levels:
            to_mult[lv.level] = lv.multiplier
        multiplier *= to_mult[level]
    weights = {d: np.array([f.weight if f.dimension == d else 0.0 for f in rubric.factors]) for d in DIMENSIONS}
    return countries, country, tiebreak, points, multiplier, weights


def numpy_reference(table: DeploymentTable, rubric: Rubric, as_of: int) -> pd.DataFrame:
    """Bare NumPy: one two-key sort per (mode, dimension) after one sort by (country, id)."""
    countries, country, tiebreak, points, multiplier, weights = _inputs(table, rubric, as_of)
    n, n_c = len(country), len(countries)
    base = np.lexsort((tiebreak, country))  # ties in id order; lexsort is stable
    base_country = country[base]
    starts = np.flatnonzero(np.r_[True, base_country[1:] != base_country[:-1]])
    sizes = np.diff(np.r_[starts, n])
    rank = np.arange(n) - np.repeat(starts, sizes)
    out = {}
    for mode in MODES:
        total = np.zeros(n_c)
        for dim in DIMENSIONS:
            s = multiplier * (points[mode] @ weights[dim])
            s_base = s[base]
            order = np.lexsort((-s_base, base_country))  # stable: id order kept within ties
            ordered = s_base[order]
            combine = rubric.dimensions[dim].combine
            if combine.method == "gap_closing":
                b = combine.parameter
                w = np.zeros(n)
                gap = np.ones(n_c)
                present_groups = np.arange(len(starts))
                r = 0
                while r < sizes.max():
                    share = b ** r
                    present_groups = present_groups[sizes[present_groups] > r]
                    cols = starts[present_groups] + r
                    w[cols] = share * gap[present_groups]
                    if share < 2.0 ** -60:  # 1 - share * score / 100 == 1.0 from here on
                        rest = rank >= r
                        w[rest] = b ** rank[rest] * gap[np.repeat(np.arange(len(starts)), sizes)[rest]]
                        break
                    gap[present_groups] *= 1 - share * ordered[cols] / 100
                    r += 1
            else:
                ratio = combine.parameter
                w = (1 - ratio) * ratio ** rank.astype(np.float64)
            value = np.bincount(base_country, weights=ordered * w, minlength=n_c)
            if mode == "default":
                out[dim] = value
            total += rubric.dimensions[dim].weight * value
        out["score" if mode == "default" else f"score_{mode}"] = total
    return pd.DataFrame({k: out[k] for k in OUT}, index=pd.Index(countries, name="country"))


def pandas_reference(table: DeploymentTable, rubric: Rubric, as_of: int) -> pd.DataFrame:
    """Plain pandas for the part pandas is for: one frame per (mode, dimension), sorted and
    grouped by country, gap closing as a grouped cumulative product."""
    countries, country, tiebreak, points, multiplier, weights = _inputs(table, rubric, as_of)
    frame = pd.DataFrame({"country": pd.Categorical.from_codes(country, countries), "id": tiebreak})
    out = {}
    for mode in MODES:
        total = 0.0
        for dim in DIMENSIONS:
            factors = pd.DataFrame(points[mode])
            frame["s"] = factors.mul(weights[dim], axis=1).sum(axis=1).to_numpy() * multiplier
            ordered = frame.sort_values(["country", "s", "id"], ascending=[True, False, True], kind="stable")
            rank = ordered.groupby("country", observed=True).cumcount()
            combine = rubric.dimensions[dim].combine
            b = combine.parameter
            if combine.method == "gap_closing":
                share = b ** rank.astype(float)
                factor = 1 - share * ordered["s"] / 100
                gap = factor.groupby(ordered["country"], observed=True).cumprod()
                gap = gap.groupby(ordered["country"], observed=True).shift(fill_value=1.0)
                w = share * gap
            else:
                w = (1 - b) * b ** rank.astype(float)
            value = (ordered["s"] * w).groupby(ordered["country"], observed=True).sum()
            if mode == "default":
                out[dim] = value
            total = total + rubric.dimensions[dim].weight * value
        out["score" if mode == "default" else f"score_{mode}"] = total
    result = pd.DataFrame({k: out[k] for k in OUT})
    result.index = pd.Index(result.index.astype(str), name="country")
    return result
