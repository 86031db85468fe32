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


# Sensitivity sums each country's dimension scores from its top ranks only (engine.group_totals);
# these tests hold it to the exact per-deployment weights that score() and explain() use.

def _batch(seed: int, sizes: list[int], samples: int = 3):
    """Random dimension scores in [0, 100] for a batch of samples, groups of the given sizes laid
    out in shuffled order, ids as tie-breaker, and a few exact ties."""
    import numpy as np

    rng = np.random.default_rng(seed)
    groups = rng.permutation(np.repeat(np.arange(len(sizes)), sizes))
    scores = rng.uniform(0, 100, size=(samples, len(groups)))
    scores[:, 1::7] = scores[:, 0:1]  # ties within and across groups
    return groups, scores, rng.permutation(len(groups))


@pytest.mark.parametrize("method, parameter", [("gap_closing", 0.3), ("gap_closing", 0.5),
                                               ("ranked_geometric", 0.5)])
def test_group_totals_match_the_exact_weights(method, parameter):
    import numpy as np

    from techrisk.scoring.engine import Grouping, combine_weights, group_sum, group_totals, negligible_rank
    from techrisk.scoring.rubric import Combine

    combine = Combine(method=method, **({"breadth": parameter} if method == "gap_closing" else {"ratio": parameter}))
    # Groups larger than the cut-off rank (61 at 0.5) go through the partition; the rest are sorted whole.
    groups, scores, tiebreak = _batch(1, [1, 2, 5, 60, 61, 62, 300])
    grouping = Grouping.of(groups, tiebreak)
    above = grouping.sizes > negligible_rank(parameter, float(scores.max()) / 100)
    assert above.any() and not above.all()  # both branches: partitioned and sorted whole
    for row in scores:
        weights, _ = combine_weights(combine, groups, row, tiebreak)
        exact = group_sum(row * weights, groups, 7)
        fast = np.zeros(7)
        fast[grouping.sorted_groups[grouping.starts].astype(int)] = group_totals(combine, grouping, row[None, :])[0]
        np.testing.assert_allclose(fast, exact, rtol=0, atol=1e-9)


def test_group_totals_take_one_breadth_per_sample():
    import numpy as np

    from techrisk.scoring.engine import Grouping, gap_closing_weights, group_sum, group_totals
    from techrisk.scoring.rubric import Combine

    groups, scores, tiebreak = _batch(2, [3, 80, 150], samples=4)
    breadths = np.array([0.15, 0.3, 0.45, 0.5])
    weights, _ = gap_closing_weights(groups, scores, tiebreak, breadths)
    exact = group_sum(scores * weights, groups, 3)
    grouping = Grouping.of(groups, tiebreak)
    fast = group_totals(Combine(method="gap_closing", breadth=0.3), grouping, scores, breadths)
    np.testing.assert_allclose(fast[:, np.argsort(grouping.sorted_groups[grouping.starts])], exact, rtol=0, atol=1e-9)
    # The same scores under a wider breadth: no total falls, and a group of several rises.
    same = group_totals(Combine(method="gap_closing", breadth=0.3), grouping, np.repeat(scores[:1], 4, axis=0), breadths)
    assert (np.diff(same, axis=0) >= 0).all() and (same[-1] > same[0]).any()


def test_negligible_rank_by_hand():
    from techrisk.scoring.engine import negligible_rank

    # 0.5^60 = 2^-60 is not below 2^-60; 0.5^61 is.
    assert negligible_rank(0.5, 0.8) == 61
    # 0.3^34 = 1.7e-18 >= 2^-60 = 8.7e-19 > 0.3^35 = 5.0e-19.
    assert negligible_rank(0.3, 1.0) == 35
    # A score above 100 (largest > 1) needs one more rank at 0.5: 0.5^61 x 2 = 2^-60.
    assert negligible_rank(0.5, 2.0) == 62
    assert negligible_rank(0.0, 1.0) == 1
    with pytest.raises(ValueError, match="below 1"):
        negligible_rank(1.0, 1.0)


def test_brief_samples_fewer_on_very_large_registries():
    from techrisk.report.brief import stability_samples

    assert stability_samples(1_087) == 2_000  # the bundled registry
    assert stability_samples(25_000) == 2_000  # 5x10^7 cells
    assert stability_samples(100_000) == 500
    assert stability_samples(1_000_000) == 200  # never fewer than 200


def test_tied_countries_keep_their_point_rank_inside_their_interval(bundled_registry_with_twins):
    # Two countries with the same three deployments, listed in opposite orders: their scores are
    # equal, whatever order their floating-point additions run in. With nothing varied, every
    # sample must reproduce the point ranking, ties included (alphabetical).
    table = analysis.sensitivity(registry=bundled_registry_with_twins, n=20, spread=0.0, structural=False)
    assert (table.rank_p05 == table["rank"]).all() and (table.rank_p95 == table["rank"]).all()
    assert table.loc["LI", "score"] == pytest.approx(table.loc["SI", "score"], abs=1e-9)
    assert table.loc["LI", "rank"] + 1 == table.loc["SI", "rank"]  # a tie: alphabetical


@pytest.fixture
def bundled_registry_with_twins():
    from tests.test_rubric_2_0 import dep, registry_of

    # Three kinds whose scores, added in opposite orders, differ in the last bit (found by search):
    # score() puts SI one ulp above LI.
    kinds = [dict(vendors=("zte",), sector="traffic_enforcement", data_captured=("video",), coverage="regional",
                  operator="police"),
             dict(vendors=("zte",), sector="border_customs_screening", data_captured=("location",), coverage="city",
                  operator="municipality"),
             dict(vendors=("huawei",), sector="education_training", data_captured=("location",), coverage="site",
                  operator="ministry")]
    li = [dep(f"li-twin-{i}", "LI", **kind) for i, kind in enumerate(reversed(kinds))]
    si = [dep(f"si-twin-{i}", "SI", **kind) for i, kind in enumerate(kinds)]
    return registry_of(techrisk.load(), *li, *si)


def test_a_grouping_in_its_own_order_is_the_grouping_of_the_reordered_deployments():
    import numpy as np

    from techrisk.scoring.engine import Grouping

    rng = np.random.default_rng(0)
    groups, tiebreak = rng.integers(0, 40, 5_000), rng.permutation(5_000)
    grouping = Grouping.of(groups, tiebreak)
    laid_out, sorted_again = grouping.in_order(), Grouping.of(groups[grouping.perm], tiebreak[grouping.perm])
    for field in ("groups", "perm", "sorted_groups", "starts", "sizes", "start_of"):
        np.testing.assert_array_equal(getattr(laid_out, field), getattr(sorted_again, field))
        assert getattr(laid_out, field).dtype == getattr(sorted_again, field).dtype, field
