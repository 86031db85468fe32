"""Explanations: every point of a country's score as a (deployment, factor) row, and rubric diffs."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from techrisk.countries import lookup_country
from techrisk.engine import DIMENSIONS
from techrisk.licence import DATA_LICENCE
from techrisk.rubric import load_rubric
from techrisk.rubric_fields import FIELDS

EXPLAIN_COLUMNS = [
    "deployment", "vendors", "sector", "factor", "code", "dimension", "reads", "value", "level", "level_label",
    "unknown", "points", "factor_weight", "dimension_weight", "rank", "rank_weight", "contribution",
    "deployment_score", "vector", "records",
]


def _value_text(comp, i: int, row: int, factor) -> tuple[str, str]:
    """What the factor read for one deployment, and the sourced records behind it."""
    table, spec = comp.table, FIELDS[factor.reads]
    deployment_id = str(table.ids[row])
    if spec.kind == "values":
        if spec.multi:
            values = np.array(spec.vocab)[table.lists[factor.reads][row]]
            return ", ".join(values), deployment_id
        return spec.vocab[table.scalars[factor.reads][row]], deployment_id
    count = int(comp.levels.counts[factor.reads][i])
    if factor.reads == "country.vendor_sectors":
        return str(count), deployment_id
    ids = comp.levels.counted_ids.get(factor.reads, {})
    vendors = np.array(table.vendor_ids)[table.vendors[row]]
    records = sorted({r for v in vendors for r in ids.get(v, ())})
    if factor.reads == "vendor.state_links":
        records = [f"{v}/ownership" for v in vendors]
    return str(count), "; ".join(records) or deployment_id


def explain(country: str, *, registry=None, rubric=None, as_of: dt.date | str | None = None) -> pd.DataFrame:
    """One row per (deployment, factor): how each point of a country's score arises.

    ``contribution`` = dimension weight x rank weight x factor weight x points, and the
    contributions add up to ``score().loc[country, "score"]`` (up to 1e-9). ``records`` names
    what the value was read from: the deployment id (its evidence is in the registry), or
    the vendor's regulatory actions, issues and ownership records for vendor factors.

    Example:
        >>> import techrisk
        >>> rows = techrisk.explain("KZ")
        >>> abs(rows.contribution.sum() - techrisk.score().loc["KZ", "score"]) < 1e-9
        True
    """
    from techrisk.scoring import _resolve, compute, vector_string

    code = lookup_country(country)
    registry, rubric, as_of_ord = _resolve(registry, rubric, as_of)
    comp = compute(registry.scoring_table, rubric, as_of_ord)
    table, rows = comp.table, comp.rows
    mine = np.flatnonzero(table.country[rows] == code)
    records = []
    for i in mine:
        row = rows[i]
        levels = comp.levels.levels["default"][i]
        vector = vector_string(rubric, levels, comp.levels.unknown[i])
        dep_score = sum(rubric.dimensions[d].weight * comp.dim_scores["default"][d][i] for d in DIMENSIONS)
        for j, factor in enumerate(rubric.factors):
            dim = factor.dimension
            value, sources = _value_text(comp, i, row, factor)
            level = int(levels[j])
            points = float(comp.points["default"][i, j])
            dim_weight = rubric.dimensions[dim].weight
            records.append({
                "deployment": str(table.ids[row]),
                "vendors": ", ".join(np.array(table.vendor_ids)[table.vendors[row]]),
                "sector": FIELDS["sector"].vocab[table.scalars["sector"][row]],
                "factor": factor.id, "code": factor.code, "dimension": dim, "reads": factor.reads,
                "value": value, "level": level,
                "level_label": next(lv.label for lv in factor.levels if lv.level == level),
                "unknown": bool(comp.levels.unknown[i, j]), "points": points,
                "factor_weight": factor.weight, "dimension_weight": dim_weight,
                "rank": int(comp.rank[dim][i]), "rank_weight": float(comp.rank_weight[dim][i]),
                "contribution": dim_weight * float(comp.rank_weight[dim][i]) * factor.weight * points,
                "deployment_score": float(dep_score), "vector": vector, "records": sources,
            })
    frame = pd.DataFrame(records, columns=EXPLAIN_COLUMNS)
    frame.attrs.update(country=code, rubric=rubric.name,
                       as_of=None if as_of is None else dt.date.fromordinal(as_of_ord).isoformat(), license=DATA_LICENCE)
    return frame


def rubric_diff(old, new, *, registry=None, as_of: dt.date | str | None = None) -> pd.DataFrame:
    """Per-country score, band and rank changes between two rubrics, largest moves first.

    Args:
        old, new: rubric names (``"techrisk-1.0"``), paths or :class:`~techrisk.rubric.Rubric` objects.

    Returns:
        Index ``country``; columns ``score_old``, ``score_new``, ``change``, ``band_old``,
        ``band_new``, ``band_changed``, ``rank_old``, ``rank_new``, ``rank_change``
        (positive: the country moved up the ranking, towards rank 1).
    """
    from techrisk.scoring import score

    old_rubric, new_rubric = load_rubric(old), load_rubric(new)
    a = score(registry=registry, rubric=old_rubric, as_of=as_of)
    b = score(registry=registry, rubric=new_rubric, as_of=as_of).reindex(a.index)
    frame = pd.DataFrame({
        "country_name": a["country_name"],
        "score_old": a["score"], "score_new": b["score"],
        "change": b["score"] - a["score"],
        "band_old": a["band"], "band_new": b["band"],
    })
    frame["band_changed"] = frame["band_old"] != frame["band_new"]
    frame["rank_old"] = a["score"].rank(ascending=False, method="min").astype(int)
    frame["rank_new"] = b["score"].rank(ascending=False, method="min").astype(int)
    frame["rank_change"] = frame["rank_old"] - frame["rank_new"]
    order = frame["change"].abs().sort_values(ascending=False, kind="stable").index
    frame = frame.loc[order]
    frame.attrs.update(old=old_rubric.name, new=new_rubric.name, license=DATA_LICENCE)
    return frame
