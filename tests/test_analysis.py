"""Sensitivity, drivers and peers on the registry registry."""

from __future__ import annotations

import pytest

import techrisk
from techrisk import analysis


def test_intervals_contain_point_rank(registry):
    table = analysis.sensitivity(registry=registry, n=2_000, seed=1)
    assert ((table.rank_p05 <= table["rank"]) & (table["rank"] <= table.rank_p95)).all()
    assert table.attrs == {"rubric": "techrisk-1.0", "n": 2_000, "spread": 0.25, "unknowns": False,
                           "seed": 1, "countries": len(registry.countries)}


def test_band_probabilities_sum_to_one(registry):
    table = analysis.sensitivity(registry=registry, n=500, unknowns=True)
    probabilities = table.filter(like="p_").sum(axis=1)
    assert probabilities.round(12).eq(1).all()


def test_zero_spread_is_exactly_the_point_ranking(registry):
    table = analysis.sensitivity(registry=registry, n=50, spread=0.0)
    assert (table.rank_p05 == table["rank"]).all() and (table.rank_p95 == table["rank"]).all()
    scores = techrisk.score(registry=registry)
    bands = scores["band"].reindex(table.index)
    for band in ("low", "moderate", "elevated", "high", "severe"):
        assert ((table[f"p_{band}"] == 1.0) == (bands == band)).all()


def test_seeded_runs_repeat(registry):
    a = analysis.sensitivity(registry=registry, n=300, seed=7)
    b = analysis.sensitivity(registry=registry, n=300, seed=7)
    assert a.equals(b)


def test_rank_statement_wording():
    import pandas as pd

    table = pd.DataFrame({"rank": [3, 1], "rank_p05": [2, 1], "rank_p95": [5, 1]}, index=["KZ", "UZ"])
    table.attrs.update(spread=0.25, n=10_000)
    assert analysis.rank_statement("KZ", table) == (
        "ranks 3rd of 2; between 2nd and 5th in 90% of weightings (weights varied by ±25%, 10,000 samples)")
    assert "1st in at least 90% of weightings" in analysis.rank_statement("UZ", table)


def test_drivers_and_peers(registry):
    frame = analysis.drivers(registry=registry)
    assert set(frame.index) == {f.id for f in techrisk.load_rubric().factors}
    ratios = frame.attrs["explained_variance_ratio"]
    assert ratios == sorted(ratios, reverse=True) and sum(ratios) <= 1 + 1e-9
    groups = analysis.peers(registry=registry, groups=3)
    assert groups["group"].nunique() == 3
    assert all(" and " in label for label in groups["label"])
