"""Properties of the scoring engine, checked with hypothesis on random registries.

The vendors are the two fixture vendors (tests/fixtures/registry), one state-linked with a
record, one without, so vendor factors vary too.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import techrisk
from techrisk.data.models import Deployment, Evidence
from techrisk.data.registry import Registry
from techrisk.scoring.rubric import load_rubric
from techrisk.data.vocab import REQUIRED_SUPPORT, ACCESS, COVERAGE, DATA_KINDS, FINANCING, OPERATORS, SECTORS, STATUSES, UNKNOWN

AS_OF = "2026-01-01"
EVIDENCE = Evidence(publisher="Fixture Press", title="Fixture report", date="2020", quote="Fixture quote.",
                    supports=(*REQUIRED_SUPPORT, *(f"status:{s}" for s in STATUSES)))
COUNTRIES = ["KZ", "GE", "KE"]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _subset(vocab: tuple[str, ...]):
    known = [v for v in vocab if v != UNKNOWN]
    return st.one_of(st.just((UNKNOWN,)), st.lists(st.sampled_from(known), min_size=1, max_size=3, unique=True).map(tuple))


@st.composite
def deployments(draw, index: int):
    country = draw(st.sampled_from(COUNTRIES))
    return Deployment(
        id=f"{country.lower()}-d{index}",
        country=country,
        vendors=tuple(draw(st.lists(st.sampled_from(["alpha", "beta"]), min_size=1, max_size=2, unique=True))),
        sector=draw(st.sampled_from(SECTORS)),
        data_captured=draw(_subset(DATA_KINDS)),
        access=draw(_subset(ACCESS)),
        operator=draw(st.sampled_from(OPERATORS)),
        coverage=draw(st.sampled_from(COVERAGE)),
        financing=draw(st.sampled_from(FINANCING)),
        status=({"value": draw(st.sampled_from([s for s in STATUSES if s not in ("ended", "removed")])),
                 "date": (start := str(draw(st.integers(2000, 2025))))},),
        start=start,
        confidence="credible",
        evidence=(EVIDENCE,),
    )


@st.composite
def registries(draw, min_size=1, max_size=8):
    n = draw(st.integers(min_size, max_size))
    return [draw(deployments(i)) for i in range(n)]


def _registry(base: Registry, items) -> Registry:
    return dataclasses.replace(base, deployments=tuple(items))


def _scores(registry: Registry):
    return techrisk.score(registry=registry, as_of=AS_OF)


@SETTINGS
@given(items=registries())
def test_scores_in_range_and_bounds_ordered(fixture_data, items):
    table = _scores(_registry(fixture_data, items))
    assert ((table.score >= 0) & (table.score <= 100)).all()
    assert ((table.score_low <= table.score + 1e-9) & (table.score <= table.score_high + 1e-9)).all()


@SETTINGS
@given(items=registries(), extra=deployments(99))
def test_adding_a_deployment_never_lowers_a_score(fixture_data, items, extra):
    before = _scores(_registry(fixture_data, items))
    after = _scores(_registry(fixture_data, [*items, extra]))
    for country in before.index:
        assert after.loc[country, "score"] >= before.loc[country, "score"] - 1e-9


@SETTINGS
@given(items=registries(min_size=2), seed=st.randoms(use_true_random=False))
def test_record_order_never_changes_a_score(fixture_data, items, seed):
    shuffled = list(items)
    seed.shuffle(shuffled)
    a = _scores(_registry(fixture_data, items))
    b = _scores(_registry(fixture_data, shuffled)).loc[a.index]
    assert (a.score - b.score).abs().max() < 1e-9


# Fields whose value maps to one factor's level only; raising it must never lower a score.
RAISABLE = {"coverage": "coverage", "financing": "financing", "operator": "state_integration"}


@SETTINGS
@given(items=registries(), pick=st.integers(0, 100), field=st.sampled_from(sorted(RAISABLE)), data=st.data())
def test_raising_a_factor_level_never_lowers_a_score(fixture_data, items, pick, field, data):
    factor = load_rubric().factor(RAISABLE[field])
    target = items[pick % len(items)]
    current = getattr(target, field)
    level_of = {v: lv.level for lv in factor.levels for v in lv.values}
    current_level = level_of.get(current, factor.unknown.level if factor.unknown else 0)
    higher = [v for v, lv in level_of.items() if lv > current_level]
    if not higher:
        return
    raised = target.model_copy(update={field: data.draw(st.sampled_from(sorted(higher)))})
    before = _scores(_registry(fixture_data, items))
    after = _scores(_registry(fixture_data, [raised if d is target else d for d in items]))
    assert after.loc[target.country, "score"] >= before.loc[target.country, "score"] - 1e-9


@SETTINGS
@given(items=registries())
def test_contributions_add_up(fixture_data, items):
    registry = _registry(fixture_data, items)
    table = _scores(registry)
    for country in table.index:
        rows = techrisk.explain(country, registry=registry, as_of=AS_OF)
        assert rows.contribution.sum() == pytest.approx(table.loc[country, "score"], abs=1e-9)
