"""Sensitivity, drivers and peers on the registry registry."""

from __future__ import annotations

import pytest

import techrisk
from techrisk import analysis


def test_intervals_contain_point_rank(registry):
    table = analysis.sensitivity(registry=registry, n=2_000, seed=1)
    assert ((table.rank_p05 <= table["rank"]) & (table["rank"] <= table.rank_p95)).all()
    scored = techrisk.score(registry=registry).dropna(subset=["score"])
    # Only countries with a counted deployment are ranked.
    assert set(table.index) == set(scored.index)
    assert table.attrs == {"rubric": "techrisk-2.0", "n": 2_000, "spread": 0.25, "unknowns": False,
                           "structural": True, "seed": 1, "countries": len(scored),
                           "varied": ["weights", "structural choices"]}


def test_structural_choices_widen_rank_intervals(registry):
    # With the weights held fixed, only the declared structural choices move the ranks: some
    # intervals open up, and switching them off gives back the point ranking exactly.
    structural = analysis.sensitivity(registry=registry, n=400, spread=0.0, seed=3)
    fixed = analysis.sensitivity(registry=registry, n=50, spread=0.0, structural=False)
    width = structural.rank_p95 - structural.rank_p05
    assert (width > 0).sum() > len(width) / 4
    assert (fixed.rank_p05 == fixed["rank"]).all() and (fixed.rank_p95 == fixed["rank"]).all()


def test_structural_sampling_stays_inside_declared_ranges():
    import numpy as np

    from techrisk.analysis.stability import _structural_samples

    run = techrisk.assess()
    rubric = run.rubric
    draws = _structural_samples(rubric, run.computation, 300, np.random.default_rng(0))
    # Drawn per (modifier, level) and expanded to deployments one chunk of samples at a time.
    multipliers, breadths = draws.multipliers(np.arange(300), len(run.computation.rows)), draws.breadths
    low, high = rubric.dimensions["data_access"].combine.breadth_range
    assert breadths is not None and low <= breadths.min() and breadths.max() <= high
    # Each deployment's sampled multiplier lies between the products of its modifiers' bounds.
    levels = run.computation.levels.modifier_levels
    lows = np.ones(len(levels))
    highs = np.ones(len(levels))
    for j, modifier in enumerate(rubric.modifiers):
        bounds = {lv.level: lv.bounds for lv in modifier.levels}
        lows *= [bounds[level][0] for level in levels[:, j]]
        highs *= [bounds[level][1] for level in levels[:, j]]
    counted = run.computation.duplicate_of < 0
    assert (multipliers[:, counted] >= lows[counted] - 1e-12).all()
    assert (multipliers[:, counted] <= highs[counted] + 1e-12).all()
    assert (multipliers[:, ~counted] == 0).all()


def test_band_probabilities_sum_to_one(registry):
    table = analysis.sensitivity(registry=registry, n=500, unknowns=True)
    probabilities = table.filter(like="p_").sum(axis=1)
    assert probabilities.round(12).eq(1).all()


def test_zero_spread_is_exactly_the_point_ranking(registry):
    table = analysis.sensitivity(registry=registry, n=50, spread=0.0, structural=False)
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
    table = pd.DataFrame({"rank": [3, 1, 2, 4, 5, 6, 7, 8], "rank_p05": [2, 1, 2, 3, 4, 5, 6, 7],
                          "rank_p95": [5, 1, 3, 5, 6, 7, 8, 8]}, index=["KZ", "UZ", "A", "B", "C", "D", "E", "F"])
    table.attrs.update(spread=0.25, n=10_000, varied=["weights", "structural choices"])
    assert analysis.rank_statement("KZ", table) == (
        "ranks 3rd of 8 scored countries; between 2nd and 5th in 90% of samples (weights varied by ±25%; "
        "aggregation breadth and lifecycle, evidence and mitigation multipliers drawn from their declared "
        "ranges; 10,000 samples). This rank is not stable: its 90% interval spans half the table or more")
    assert analysis.rank_statement("UZ", table).startswith("ranks 1st of 8 scored countries; 1st in at least 90%")
    assert "not stable" not in analysis.rank_statement("UZ", table)  # interval of 1 in a table of 8
    assert "not stable" not in analysis.rank_statement("A", table)  # 2nd-3rd: 2 of 8


def test_drivers_and_peers(registry):
    frame = analysis.drivers(registry=registry)
    assert set(frame.index) == {f.id for f in techrisk.load_rubric().factors}
    ratios = frame.attrs["explained_variance_ratio"]
    assert ratios == sorted(ratios, reverse=True) and sum(ratios) <= 1 + 1e-9
    groups = analysis.peers(registry=registry, groups=3)
    assert groups["group"].nunique() == 3
    assert all(" and " in label for label in groups["label"])
