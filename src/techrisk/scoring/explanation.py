"""Explanations: every point of a country's score as a (deployment, factor) row."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from techrisk.data.countries import lookup_country
from techrisk.data.models import Deployment
from techrisk.data.registry import Registry
from techrisk.scoring.assessment import Assessment, assessment_for
from techrisk.scoring.engine import Computation
from techrisk.scoring.readers import FIELDS, CountReader
from techrisk.scoring.rubric import Factor, RubricLike
from techrisk.scoring.vector import vector_string

__all__ = ["EXPLAIN_COLUMNS", "contribution_table", "contributions_of", "explain", "explain_country"]

EXPLAIN_COLUMNS = [
    "deployment", "vendors", "sector", "factor", "code", "dimension", "reads", "value", "level", "level_label",
    "unknown", "points", "factor_weight", "dimension_weight", "rank", "rank_weight", "multiplier", "modifiers",
    "contribution", "deployment_score", "vector", "records", "quotes",
]


def _field_quotes(deployment: Deployment | None) -> dict[str, str]:
    """Field -> the quotes whose evidence names that field in ``supports`` (joined by " | "),
    so an explanation can show the sentence behind a factor's level."""
    fields: dict[str, list[str]] = {}
    for e in deployment.evidence if deployment is not None else ():
        for token in e.supports:
            fields.setdefault(token, []).append(e.quote)
    return {k: " | ".join(dict.fromkeys(v)) for k, v in fields.items()}


def _quotes_of(run: Assessment, deployment_id: str) -> dict[str, str]:
    """:func:`_field_quotes` of one deployment, worked out once per run and only for the
    deployments an explanation shows (one country's need not read every record's evidence)."""
    by_id = run.derived("explanation.deployments", lambda r: {d.id: d for d in r.registry.deployments})
    memo: dict[str, dict[str, str]] = run.derived("explanation.quotes", lambda r: {})
    if deployment_id not in memo:
        memo[deployment_id] = _field_quotes(by_id.get(deployment_id))
    return memo[deployment_id]


def modifier_text(comp: Computation, i: int) -> str:
    """``"lifecycle: agreed x0.35; evidence: confirmed x1"``: each modifier's level for one
    counted deployment, and a system duplicate's reason for counting 0."""
    rubric = comp.rubric
    parts = []
    for j, modifier in enumerate(rubric.modifiers):
        level = int(comp.levels.modifier_levels[i, j])
        label = next(lv.label for lv in modifier.levels if lv.level == level)
        parts.append(f"{modifier.id}: {label} x{modifier.multiplier(level):g}")
    duplicate = int(comp.duplicate_of[i])
    if duplicate >= 0:
        other = str(comp.table.ids[comp.rows[duplicate]])
        parts.append(f"same system as {other}, which counts instead: x0")
    return "; ".join(parts)


def _value_text(comp: Computation, i: int, row: int, factor: Factor) -> tuple[str, str]:
    """What the factor read for one deployment, and the sourced records behind it."""
    table, spec = comp.table, FIELDS[factor.reads]
    deployment_id = str(table.ids[row])
    if spec.kind == "values":
        if spec.multi:
            values = np.array(spec.vocab)[table.lists[factor.reads][row]]
            return ", ".join(values), deployment_id
        return spec.vocab[table.scalars[factor.reads][row]], deployment_id
    assert isinstance(spec, CountReader)
    counted = comp.levels.counted[factor.reads]
    vendors = np.array(table.vendor_ids)[table.vendors[row]]
    return str(int(counted.per_row[i])), "; ".join(spec.records(list(vendors), counted)) or deployment_id


def contributions_of(run: Assessment) -> pd.DataFrame:
    """The run's contribution table (:func:`contribution_table`), built once and kept with it."""
    return run.derived("contributions", contribution_table)


def contribution_table(run: Assessment) -> pd.DataFrame:
    """Every (deployment, factor) row of every country, in one pass over the counted deployments.

    Columns are :data:`EXPLAIN_COLUMNS` plus ``country``; rows follow the registry's
    deployment order, factors in rubric order.
    """
    rows = _contribution_records(run, np.arange(len(run.computation.rows)), with_country=True)
    frame = pd.DataFrame(rows, columns=[*EXPLAIN_COLUMNS, "country"])
    frame.attrs.update(run.attrs())
    return frame


def _contribution_records(run: Assessment, counted: np.ndarray, *, with_country: bool) -> list[dict[str, Any]]:
    """One dict per (deployment, factor) for the counted deployments at positions ``counted``."""
    comp, rubric = run.computation, run.rubric
    table, rows = comp.table, comp.rows
    dep_scores = comp.deployment_score("default")
    vendor_names = np.array(table.vendor_ids, dtype=object)
    level_labels = [{lv.level: lv.label for lv in factor.levels} for factor in rubric.factors]
    records = []
    for i in map(int, counted):
        row = rows[i]
        levels = comp.levels.levels["default"][i]
        vector = vector_string(rubric, levels, comp.levels.unknown[i], comp.levels.modifier_levels[i],
                               bool(comp.duplicate_of[i] >= 0))
        vendors = ", ".join(vendor_names[table.vendors[row]])
        sector = FIELDS["sector"].vocab[table.scalars["sector"][row]]
        deployment = str(table.ids[row])
        modifiers = modifier_text(comp, i)
        quotes = _quotes_of(run, deployment)
        for j, factor in enumerate(rubric.factors):
            dim = factor.dimension
            value, sources = _value_text(comp, i, row, factor)
            level = int(levels[j])
            points = float(comp.points["default"][i, j])
            dim_weight = rubric.dimensions[dim].weight
            rank_weight = float(comp.rank_weight[dim][i])
            multiplier = float(comp.multiplier[i])
            record = {
                "deployment": deployment, "vendors": vendors, "sector": sector,
                "factor": factor.id, "code": factor.code, "dimension": dim, "reads": factor.reads,
                "value": value, "level": level, "level_label": level_labels[j][level],
                "unknown": bool(comp.levels.unknown[i, j]), "points": points,
                "factor_weight": factor.weight, "dimension_weight": dim_weight,
                "rank": int(comp.rank[dim][i]), "rank_weight": rank_weight,
                "multiplier": multiplier, "modifiers": modifiers,
                "contribution": dim_weight * rank_weight * multiplier * factor.weight * points,
                "deployment_score": float(dep_scores[i]), "vector": vector, "records": sources,
                # Vendor and country counts rest on the vendor's records (named in `records`).
                "quotes": quotes.get(factor.reads, ""),
            }
            if with_country:
                record["country"] = str(table.country[row])
            records.append(record)
    return records


def explain_country(run: Assessment, country: str) -> pd.DataFrame:
    """One country's rows of the run's contributions (see :func:`explain`).

    Read from the run's table of all countries when that is built; else only this country's
    deployments are explained (a single ``explain`` call need not build every country).
    """
    code = lookup_country(country)
    if run.has_derived("contributions"):
        table = contributions_of(run)
        frame = table.loc[table["country"] == code, EXPLAIN_COLUMNS].reset_index(drop=True)
    else:
        mine = np.flatnonzero(run.table.country[run.computation.rows] == code)
        frame = pd.DataFrame(_contribution_records(run, mine, with_country=False), columns=EXPLAIN_COLUMNS)
    frame.attrs = {"country": code, **run.attrs()}
    return frame


def explain(country: str, *, registry: Registry | None = None, rubric: RubricLike = None,
            as_of: dt.date | str | None = None, assessment: Assessment | None = None) -> pd.DataFrame:
    """One row per (deployment, factor): how each point of a country's score arises.

    ``contribution`` = dimension weight x rank weight x multiplier x factor weight x points,
    and the contributions add up to ``score().loc[country, "score"]`` (up to 1e-9).
    ``multiplier`` is the product of the rubric's modifiers (lifecycle, evidence, mitigation;
    1 under rubric 1.0), and ``modifiers`` says which level of each applied. ``records`` names
    what the value was read from: the deployment id (its evidence is in the registry), or
    the vendor's regulatory actions, issues and ownership records for vendor factors;
    ``quotes`` holds the verbatim quotes whose evidence names the field the factor reads
    (empty for unknown values and for counts over vendor records).
    Pass ``assessment`` (from :func:`~techrisk.assess`) to read an existing run.

    Example:
        >>> import techrisk
        >>> rows = techrisk.explain("KZ")
        >>> abs(rows.contribution.sum() - techrisk.score().loc["KZ", "score"]) < 1e-9
        True
    """
    code = lookup_country(country)  # before any scoring, so a typo fails fast
    return explain_country(assessment_for(assessment, registry, rubric, as_of), code)
