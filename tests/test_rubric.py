"""A bad rubric raises RubricError naming the factor; released rubrics never change in place."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

import techrisk
from techrisk import RubricError
from techrisk.scoring.rubric import bundled_rubrics, load_rubric

RUBRIC = Path(__file__).parents[1] / "rubrics" / "techrisk-1.0.yaml"

# sha256 of every released rubric. A released rubric is immutable: change a copy with a new
# version instead (see CONTRIBUTING.md). Add a line here when a new version is released.
RELEASED = {
    "techrisk-1.0": "7bf72a2b3947e91494da6685a9da9b9f900cb68e0147a219f89818ad20022194",
    "techrisk-2.0": "40908f5430192fd1094e7f7378994f7da2aea9c63368b41bd60bef38a774e155",
}


def _edited(tmp_path, edit) -> Path:
    data = yaml.safe_load(RUBRIC.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "edited.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _factor(data, factor_id):
    return next(f for f in data["factors"] if f["id"] == factor_id)


def test_bundled_rubrics_are_valid_and_2_0_is_the_default():
    rubric = load_rubric()
    assert rubric.name == "techrisk-2.0" and rubric.supersedes == "1.0"
    assert [f.code for f in rubric.factors] == ["DS", "SE", "AP", "IN", "SL", "VR", "CV", "CR", "FN", "CN", "SC"]
    assert [m.code for m in rubric.modifiers] == ["LC", "EV", "MT"]
    # 1.0 stays loadable by name, to reproduce published figures.
    old = load_rubric("techrisk-1.0")
    assert old.name == "techrisk-1.0" and not old.modifiers
    assert {d.combine.method for d in old.dimensions.values()} == {"ranked_geometric"}


@pytest.mark.parametrize("name", sorted(RELEASED))
def test_released_rubric_unchanged(name):
    digest = hashlib.sha256(bundled_rubrics()[name].read_bytes()).hexdigest()
    assert digest == RELEASED[name], (
        f"{name} is released and must not change in place: copy it to a new version instead")


@pytest.mark.parametrize(
    ("edit", "pattern"),
    [
        (lambda d: _factor(d, "access_path").update(weight=0.5),
         r"factor weights in 'data_access' must sum to 1, got 1\.3"),
        (lambda d: _factor(d, "coverage")["levels"][1]["values"].append("site"),
         r"record 'coverage'.*value 'site' is on two levels"),
        (lambda d: _factor(d, "financing")["levels"][1]["values"].clear(),
         r"record 'financing'.*values \['grant_donation'\] of 'financing' are on no level"),
        (lambda d: _factor(d, "data_sensitivity")["levels"][3].update(points=10),
         r"record 'data_sensitivity'.*points must not fall"),
        (lambda d: _factor(d, "access_path")["unknown"].update(low=2),
         r"record 'access_path'.*low <= level <= high"),
        (lambda d: _factor(d, "access_path").update(reads="acess"),
         r"record 'access_path'.*reads unknown field 'acess'"),
        (lambda d: _factor(d, "coverage").pop("unknown"),
         r"record 'coverage'.*say how unknowns count"),
        (lambda d: _factor(d, "supply_continuity")["where"].update(kind=["embargo"]),
         r"record 'supply_continuity'.*unknown values \['embargo'\]"),
        (lambda d: d["bands"].reverse(), r"band thresholds must start at 0 and rise"),
        (lambda d: _factor(d, "coverage").update(wieght=0.3), r"record 'coverage'.*wieght.*Extra inputs"),
    ],
)
def test_invalid_rubric_names_the_factor(tmp_path, edit, pattern):
    with pytest.raises(RubricError, match=pattern):
        load_rubric(_edited(tmp_path, edit))


def test_with_weights_revalidates():
    with pytest.raises(RubricError, match="must sum to 1"):
        load_rubric().with_weights({"coverage": 0.9})


def test_unknown_rubric_name():
    with pytest.raises(FileNotFoundError, match="no rubric named 'techrisk-9'"):
        techrisk.load_rubric("techrisk-9")
