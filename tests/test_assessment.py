"""One scoring run as one value: engine calls counted, views agree, derived rubrics named."""

from __future__ import annotations

import pytest

import techrisk
from techrisk import analysis
from techrisk.scoring import engine
from techrisk.scoring.vector import score_vector

AS_OF = "2026-01-01"


@pytest.fixture
def engine_calls(monkeypatch):
    """Count runs of step 2 (factor levels of every deployment), the costly step."""
    calls = []
    original = engine.factor_levels

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(engine, "factor_levels", counted)
    return calls


# The score-over-time chart is an as-of sweep: one more run per year-end from 2000 to the
# year before the as-of date (2000-2025: 26), built once per run and shared by its briefs.
SWEEP = int(AS_OF[:4]) - 2000


def test_one_brief_computes_factor_levels_once(fixture_data, engine_calls):
    run = techrisk.assess(as_of=AS_OF)
    techrisk.brief("KZ", assessment=run).markdown
    assert len(engine_calls) == 1 + SWEEP  # was 5 before the Assessment
    techrisk.brief("GE", assessment=run).markdown
    assert len(engine_calls) == 1 + SWEEP  # a second brief of the run reuses the run and its sweep


def test_one_regional_brief_computes_factor_levels_once(fixture_data, engine_calls):
    techrisk.brief(["KZ", "GE", "UZ"], as_of=AS_OF).html
    assert len(engine_calls) == 1 + SWEEP  # was 8 for four countries


def test_factor_profile_drivers_and_peers_share_one_run(fixture_data, engine_calls):
    run = techrisk.assess(as_of=AS_OF)
    analysis.factor_profile(assessment=run)
    analysis.sensitivity(assessment=run, n=50)
    techrisk.brief("GE", assessment=run)
    techrisk.explain("KZ", assessment=run)
    techrisk.score(assessment=run, by="deployment")
    assert len(engine_calls) == 1 + SWEEP  # factor_profile alone was one run per country


def test_views_of_one_run_equal_the_public_functions(fixture_data):
    run = techrisk.assess(as_of=AS_OF)
    assert run.as_of.isoformat() == AS_OF
    for by in ("country", "vendor", "deployment"):
        assert techrisk.score(assessment=run, by=by).equals(techrisk.score(as_of=AS_OF, by=by))
    assert techrisk.explain("KZ", assessment=run).equals(techrisk.explain("KZ", as_of=AS_OF))
    assert techrisk.brief("KZ", assessment=run).markdown == techrisk.brief("KZ", as_of=AS_OF).markdown


def test_returned_frames_are_copies(fixture_data):
    run = techrisk.assess(as_of=AS_OF)
    frame = techrisk.score(assessment=run)
    frame.loc["KZ", "score"] = -1
    assert techrisk.score(assessment=run).loc["KZ", "score"] == pytest.approx(52.55625)


def test_assessment_excludes_other_arguments(fixture_data):
    run = techrisk.assess(as_of=AS_OF)
    with pytest.raises(ValueError, match="either an assessment or registry/rubric/as_of"):
        techrisk.score(assessment=run, as_of=AS_OF)


def test_as_of_is_normalised(fixture_data):
    import datetime as dt

    assert techrisk.assess(as_of=dt.datetime(2026, 1, 1, 12, 30)).as_of == dt.date(2026, 1, 1)
    assert techrisk.assess().as_of is None  # "today": outputs carry no date of their own making


def test_reweighted_rubric_is_named_as_derived(fixture_data):
    base = techrisk.load_rubric()
    swapped = base.with_weights({"coverage": 0.25, "sector_criticality": 0.30})
    assert swapped.derived_from == "techrisk-1.0"
    assert swapped.name == f"techrisk-1.0+{swapped.content_hash[:8]}"
    assert swapped.content_hash != base.content_hash
    # Unchanged weights give back the rubric itself, not a derived copy.
    assert base.with_weights({"coverage": base.factor("coverage").weight}) is base
    # Deriving again from a derived rubric names the original, not a chain.
    again = swapped.with_weights({"coverage": 0.30, "sector_criticality": 0.25})
    assert again.derived_from == "techrisk-1.0" and again.content_hash == base.content_hash


def test_derived_rubric_names_itself_everywhere(fixture_data):
    swapped = techrisk.load_rubric().with_weights({"coverage": 0.25, "sector_criticality": 0.30})
    scores = techrisk.score(rubric=swapped, as_of=AS_OF)
    assert scores.attrs["rubric"] == swapped.name and set(scores["rubric"]) == {swapped.name}
    deployments = techrisk.score(rubric=swapped, as_of=AS_OF, by="deployment")
    vector = deployments.loc["kz-a", "vector"]
    assert vector.startswith(f"TR{swapped.version}/")
    assert score_vector(vector, swapped) == pytest.approx(deployments.loc["kz-a", "score"])
    with pytest.raises(ValueError, match=r"made with TR1\.0\+"):
        score_vector(vector)  # never read with the original weights
    diff = techrisk.rubric_diff("techrisk-1.0", swapped, as_of=AS_OF)
    assert (diff.attrs["old"], diff.attrs["new"]) == ("techrisk-1.0", swapped.name)
    md = techrisk.brief("KZ", rubric=swapped, as_of=AS_OF).markdown
    assert f"Rubric {swapped.name}" in md.replace("\\", "")
    assert "`rubrics/techrisk-1.0.yaml`" not in md
    assert "derived from rubrics/techrisk-1.0.yaml" in md


def test_bundled_rubric_cites_its_file(fixture_data):
    md = techrisk.brief("KZ", as_of=AS_OF).markdown
    assert "with the rubric `rubrics/techrisk-1.0.yaml`" in md


def test_edited_copy_of_a_bundled_rubric_is_derived(fixture_data, tmp_path):
    source = techrisk.data_source().rubrics / "techrisk-1.0.yaml"
    text = source.read_text(encoding="utf-8")
    edited = tmp_path / "mine.yaml"
    edited.write_text(text.replace("{name: moderate, min: 20}", "{name: moderate, min: 25}"), encoding="utf-8")
    rubric = techrisk.load_rubric(edited)
    assert rubric.derived_from == "techrisk-1.0" and rubric.name != "techrisk-1.0"
    copy = tmp_path / "copy.yaml"
    copy.write_text(text, encoding="utf-8")
    assert techrisk.load_rubric(copy).name == "techrisk-1.0"  # an exact copy is the same rubric


def test_vectors_give_their_deployment_scores_to_the_bit(registry):
    run = techrisk.assess(registry, as_of="2026-11-23")
    deployments = techrisk.score(assessment=run, by="deployment")
    for vector, expected in zip(deployments.vector, deployments.score, strict=True):
        assert score_vector(vector, run) == expected  # exact: the engine's own steps 3 and 5


def test_batched_rank_weights_match_one_weighting():
    """Sensitivity runs the engine's rank weights on a batch; each row must rank as a single run does."""
    import numpy as np

    rng = np.random.default_rng(3)
    groups = rng.integers(0, 5, 40)
    tiebreak = rng.permutation(40)
    scores = rng.integers(0, 4, (6, 40)).astype(float)  # many ties, so the tie-break matters
    batch_weights, batch_ranks = engine.rank_weights(groups, scores, tiebreak, 0.5)
    for row in range(len(scores)):
        weights, ranks = engine.rank_weights(groups, scores[row], tiebreak, 0.5)
        assert (ranks == batch_ranks[row]).all() and (weights == batch_weights[row]).all()
