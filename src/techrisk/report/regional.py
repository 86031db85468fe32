"""The comparison page of a regional brief: a sorted table, a chart of scores with their
uncertainty ranges and rank intervals, the vendors the countries share, and the factors
behind the largest difference. Per-country sections follow it in the brief.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from techrisk.data.registry import Registry
from techrisk.report import svg as svg_charts
from techrisk.report.findings import join_words, words

__all__ = ["ComparisonRow", "RegionalView", "SharedVendor", "regional_view"]


@dataclass(frozen=True)
class ComparisonRow:
    code: str
    name: str
    score: float | None
    band: str
    score_low: float | None
    score_high: float | None
    data_access: float | None
    dependency: float | None
    rank: int | None
    rank_low: int | None
    rank_high: int | None
    deployments: int
    vendors: tuple[str, ...]


@dataclass(frozen=True)
class SharedVendor:
    name: str
    countries: tuple[str, ...]


@dataclass(frozen=True)
class RegionalView:
    rows: tuple[ComparisonRow, ...]
    ranked_of: int
    chart: str
    shared: tuple[SharedVendor, ...]
    differences: tuple[str, ...]


def _row(code: str, name: str, scores: pd.DataFrame, stability: pd.DataFrame, registry: Registry,
         counted_vendors: tuple[str, ...]) -> ComparisonRow:
    row = scores.loc[code] if code in scores.index else None
    if row is None or pd.isna(row.score):
        band = "no counted deployment" if registry.deployments_in(code) else "no records"
        return ComparisonRow(code, name, None, band, None, None, None, None, None, None, None, 0, ())
    st = stability.loc[code] if code in stability.index else None
    return ComparisonRow(
        code, name, float(row.score), str(row.band), float(row.score_low), float(row.score_high),
        float(row.data_access), float(row.dependency),
        None if st is None else int(st["rank"]), None if st is None else int(st.rank_p05),
        None if st is None else int(st.rank_p95), int(row.deployments), counted_vendors)


def _differences(rows: list[ComparisonRow], explain: pd.DataFrame) -> tuple[str, ...]:
    """The gap between the highest and lowest scored country, by the factors that make most of it."""
    scored = [r for r in rows if r.score is not None]
    if len(scored) < 2:
        return ()
    top, bottom = scored[0], scored[-1]
    by = explain.groupby(["country", "factor"])["contribution"].sum().unstack(fill_value=0.0)
    gap = (by.loc[top.code] - by.loc[bottom.code]).sort_values(ascending=False, kind="stable")
    parts = [f"{words(str(f))} ({v:+.1f} points)" for f, v in gap.head(3).items() if v > 0]
    assert top.score is not None and bottom.score is not None
    text = f"{top.name} scores {top.score - bottom.score:.1f} points above {bottom.name}"
    if parts:
        text += f"; most of the gap comes from {join_words(parts)}"
    return (text + ".",)


def regional_view(codes: tuple[str, ...], names: dict[str, str], scores: pd.DataFrame, stability: pd.DataFrame,
                  explain: pd.DataFrame, registry: Registry, counted_vendors: dict[str, tuple[str, ...]]
                  ) -> RegionalView:
    """The comparison page: rows sorted by score (unscored last, by name)."""
    rows = [_row(c, names[c], scores, stability, registry, counted_vendors.get(c, ())) for c in codes]
    rows.sort(key=lambda r: (r.score is None, -(r.score or 0.0), r.name))
    chart = svg_charts.comparison_bars(
        [(r.name, r.score, r.score_low or 0.0, r.score_high or 0.0,
          f"rank {r.rank} ({r.rank_low}–{r.rank_high})" if r.rank is not None else "")
         for r in rows if r.score is not None],
        "Scores with the range unknowns allow, and rank with its 90% interval")
    vendor_countries: dict[str, list[str]] = {}
    for r in rows:
        for v in r.vendors:
            vendor_countries.setdefault(v, []).append(r.name)
    shared = tuple(SharedVendor(v, tuple(cs)) for v, cs in sorted(vendor_countries.items(),
                                                                   key=lambda kv: (-len(kv[1]), kv[0]))
                   if len(cs) > 1)
    return RegionalView(tuple(rows), len(stability), chart, shared, _differences(rows, explain))
