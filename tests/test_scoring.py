"""Scores on the fixture registry, checked against values worked out by hand.

Provenance: every expected number below was computed by hand (pen and paper, 2026-11-23)
from rubrics/techrisk-1.0.yaml and tests/fixtures/registry, following the steps written in
the rubric's header; the arithmetic is shown next to each number.
"""

from __future__ import annotations

import pytest

import techrisk
from techrisk.scoring.vector import score_vector

AS_OF = "2026-01-01"


def test_country_scores_match_hand_calculation(fixture_data):
    table = techrisk.score(as_of=AS_OF)
    kz, ge = table.loc["KZ"], table.loc["GE"]
    # kz-a: DA = .25*75 + .15*67 + .20*50 + .15*100 + .10*100 + .15*50 = 71.3
    # kz-b: DA = .25*75 + .15*100 + .20*50 + .15*33 + .10*100 + .15*50 = 66.2
    # country DA = 71.3/2 + 66.2/4 = 52.2
    assert kz.data_access == pytest.approx(52.2)
    # kz-a: DEP = .30*33 + .25*67 + .15*0 + .20*50 + .10*50 = 41.65; kz-b: 30 + 25 + 15 + 10 + 5 = 85
    # country DEP = 85/2 + 41.65/4 = 52.9125
    assert kz.dependency == pytest.approx(52.9125)
    assert kz.score == pytest.approx(52.55625)  # (52.2 + 52.9125) / 2
    assert kz.band == "high"  # 50 <= score < 65
    # ge-scanner ended in 2020 and does not count; ge-cctv: DA 36.2, DEP 18.15, halved by rank 0
    assert ge.score == pytest.approx(13.5875)
    assert ge.deployments == 1
    assert ge.band == "low"


def test_unknown_range_matches_hand_calculation(fixture_data):
    ge = techrisk.score(as_of=AS_OF).loc["GE"]
    # low: access -> local only (-10 DA), coverage -> site (-9.9 DEP): (26.2/2 + 8.25/2) / 2
    assert ge.score_low == pytest.approx(8.6125)
    # high: access -> vendor cloud (+10 DA), coverage national (+20.1), financing loan (+15)
    assert ge.score_high == pytest.approx(24.8625)


def test_as_of_drops_later_deployments_and_actions(fixture_data):
    table = techrisk.score(as_of="2019-01-01")
    # GE: only the scanner (2015-2020) counts: DA 21.25, DEP 15.75 -> (21.25 + 15.75) / 4
    assert table.loc["GE", "score"] == pytest.approx(9.25)
    # KZ: the CVE (2019-03) and both US actions (2019-05, 2022) are not yet dated: VR and SC fall to 0
    assert table.loc["KZ", "data_access"] == pytest.approx(46.575)
    assert table.loc["KZ", "dependency"] == pytest.approx(49.1625)


def test_contributions_add_up_to_score(fixture_data):
    table = techrisk.score(as_of=AS_OF)
    for country in table.index:
        rows = techrisk.explain(country, as_of=AS_OF)
        assert rows.contribution.sum() == pytest.approx(table.loc[country, "score"], abs=1e-9)


def test_explain_traces_vendor_factors_to_records(fixture_data):
    rows = techrisk.explain("Kazakhstan", as_of=AS_OF).set_index(["deployment", "code"])
    assert rows.loc[("kz-a", "SC"), "records"] == "us-ban-2022; us-export-2019"  # the investigation is not counted
    assert rows.loc[("kz-a", "VR"), "records"] == "cve-2019-0001"
    assert bool(rows.loc[("kz-a", "AP"), "unknown"]) is True
    assert rows.loc[("kz-b", "CV"), "contribution"] == pytest.approx(0.5 * 0.5 * 0.30 * 100)


def test_vector_reproduces_deployment_score(fixture_data):
    deployments = techrisk.score(by="deployment", as_of=AS_OF)
    assert deployments.loc["kz-b", "vector"] == "TR1.0/DS:3/SE:3/AP:1/IN:1/SL:1/VR:1/CV:3/CR:3/FN:2/CN:1/SC:1"
    for _, row in deployments.iterrows():
        assert score_vector(row.vector) == pytest.approx(row.score)
    assert deployments.loc["kz-b", "score"] == pytest.approx((66.2 + 85) / 2)


def test_score_vector_rejects_bad_vectors():
    with pytest.raises(ValueError, match="not a techrisk vector"):
        score_vector("DS:3")
    with pytest.raises(ValueError, match="made with TR9.9"):
        score_vector("TR9.9/DS:3")
    with pytest.raises(ValueError, match="missing factors"):
        score_vector("TR1.0/DS:3", "techrisk-1.0")
    with pytest.raises(ValueError, match="has no level 7"):
        score_vector("TR1.0/DS:7/SE:3/AP:1/IN:1/SL:1/VR:1/CV:3/CR:3/FN:2/CN:1/SC:1", "techrisk-1.0")
    with pytest.raises(ValueError, match=r"missing factors \['LC', 'EV', 'MT'\]"):
        score_vector("TR2.0/DS:4/SE:3/AP:2/IN:3/SL:3/VR:2/CV:3/CR:4/FN:2/CN:2/SC:2")


def test_score_vector_applies_modifiers_by_hand():
    # Every factor at its top level scores 100; an agreed (x0.35), single-report (x0.5),
    # mitigated (x0.6) record scores 100 x 0.35 x 0.5 x 0.6 = 10.5; a system duplicate 0.
    top = "TR2.0/DS:4/SE:3/AP:2/IN:3/SL:3/VR:2/CV:3/CR:4/FN:2/CN:2/SC:2"
    assert score_vector(top + "/LC:4/EV:2/MT:0") == pytest.approx(100.0)
    assert score_vector(top + "/LC:0/EV:0/MT:1") == pytest.approx(10.5)
    assert score_vector(top + "/LC:4/EV:2/MT:0/DUP:1") == 0.0


def test_vendor_in_country_scores(fixture_data):
    table = techrisk.score(by="vendor", as_of=AS_OF)
    assert table.loc[("KZ", "alpha"), "score"] == pytest.approx(52.55625)  # alpha is KZ's only vendor


def test_rubric_diff_names_moves(fixture_data, tmp_path):
    rubric = techrisk.load_rubric()
    swapped = rubric.with_weights({"coverage": 0.25, "sector_criticality": 0.30})
    diff = techrisk.rubric_diff(rubric, swapped, as_of=AS_OF)
    # kz-b has coverage and criticality both at 100 points: unchanged. kz-a: CV 33 -> CR 67 gains
    # (.30-.25)*(67-33) = 1.7 DEP points, worth 1.7 / 4 (rank 1) / 2 (dimension) = 0.2125.
    assert diff.loc["KZ", "change"] == pytest.approx(0.2125)
    # ge-cctv: CV and CR both at 33 points: unchanged.
    assert diff.loc["GE", "change"] == pytest.approx(0.0, abs=1e-12)
    assert list(diff.index) == ["KZ", "GE"]


def test_identical_rubrics_diff_exactly_zero(fixture_data):
    diff = techrisk.rubric_diff("techrisk-1.0", "techrisk-1.0", as_of=AS_OF)
    assert (diff.change == 0).all()
    assert not diff.band_changed.any()
