"""The brief's typed view-model, and factor roles declared in the rubric."""

from __future__ import annotations

import dataclasses

import pytest

import techrisk
from techrisk.report.view import BriefView, CountrySection, DeploymentRow, Headline

AS_OF = "2026-01-01"


def test_view_is_typed_not_preformatted(fixture_data):
    view = techrisk.brief("KZ", as_of=AS_OF).view
    assert isinstance(view, BriefView)
    section = view.sections[0]
    assert isinstance(section, CountrySection) and isinstance(section.headline, Headline)
    assert section.headline.vendors == ("Alpha Systems",)  # names, joined only by the template
    assert isinstance(section.headline.score, float)
    row = next(d for d in section.deployments if d.id == "kz-b")
    assert isinstance(row, DeploymentRow) and isinstance(row.vendors, tuple)
    # points of the deployment's own score (75.6): CV level 3 = 100 points x weight 0.3 x dimension weight 0.5
    assert row.top_factors[0].code == "CV" and row.top_factors[0].points == pytest.approx(15.0)
    assert row.label == "Alpha Systems telecom core" and row.status_history == ("operational since 2002",)
    assert dataclasses.is_dataclass(view.rubric) and view.rubric.source == "rubrics/techrisk-1.0.yaml"


def test_method_text_comes_from_the_rubric(fixture_data):
    base = techrisk.load_rubric()
    data = base.model_dump()
    for dim in data["dimensions"].values():
        dim["combine"]["ratio"] = 0.25
    quarter = base.derive(data, "test")
    md = techrisk.brief("KZ", rubric=quarter, as_of=AS_OF).markdown
    assert "rank weights that fall by a factor of 0.25 from one deployment to the next" in md
    assert "halve" not in md
    html = techrisk.brief("KZ", rubric=quarter, as_of=AS_OF).html
    assert f"<code>TR{quarter.version}/DS:3/…</code>" in html


def test_rubric_1_0_finds_its_role_by_field():
    rubric = techrisk.load_rubric("techrisk-1.0")
    assert all(f.role is None for f in rubric.factors)  # released before roles existed
    assert rubric.factor_for_role("data_sensitivity").id == "data_sensitivity"


def test_finding_follows_the_declared_role_not_the_factor_id(fixture_data):
    base = techrisk.load_rubric()
    data = base.model_dump()
    for factor in data["factors"]:
        if factor["id"] == "data_sensitivity":
            factor.update(id="what_is_captured", role="data_sensitivity")
    renamed = base.derive(data, "test")
    assert renamed.factor_for_role("data_sensitivity").id == "what_is_captured"
    md = techrisk.brief("KZ", rubric=renamed, as_of=AS_OF).markdown
    assert "The most sensitive data recorded is facial recognition, captured by Alpha Systems AI video analytics" in md


def test_a_role_is_declared_once():
    data = techrisk.load_rubric().model_dump()
    for factor in data["factors"][:2]:
        factor["role"] = "data_sensitivity"
    with pytest.raises(techrisk.RubricError, match="duplicate factor roles"):
        techrisk.load_rubric().derive(data, "test")


def test_each_deployment_row_shows_its_own_three_largest_shares():
    # Bundled data: several deployments in one country, so a share shown under the wrong
    # deployment (or out of order) shows up. Each share is points x factor weight x dimension
    # weight x the deployment's modifiers: they add up to the deployment's own score.
    explain = techrisk.explain("KZ")
    section = techrisk.brief("KZ").view.sections[0]
    counted = [row for row in section.deployments if row.counted]
    assert len(counted) >= 3
    for row in counted:
        mine = explain[explain.deployment == row.id]
        own = sorted(mine.points * mine.factor_weight * mine.dimension_weight * mine.multiplier, reverse=True)
        assert [share.points for share in row.top_factors] == pytest.approx(own[:3])
        assert sum(own) == pytest.approx(row.score)
        assert {share.code for share in row.top_factors} <= set(mine.code)
