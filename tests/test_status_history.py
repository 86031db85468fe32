"""Status histories drive as-of: what a system was on any date (data model 2.0)."""

from __future__ import annotations

import pytest

import techrisk
from techrisk.errors import DataError
from tests.conftest import SUPPORTS_ALL, deployment_yaml

HISTORY = "status: [{value: agreed, date: 2018-03}, {value: operational, date: 2020}, {value: removed, date: 2023-05}]"


@pytest.fixture
def with_history(fixture_data, write_tree):
    text = deployment_yaml(id="uz-history", country="UZ").replace(
        "status: [{value: operational, date: unknown}]", HISTORY)
    return techrisk.load(write_tree({"UZ.yaml": text}))


def test_status_on_a_date(with_history):
    record = next(d for d in with_history.deployments if d.id == "uz-history")
    assert [record.status_on(day) for day in ("2017-12-31", "2018-03", "2019", "2021-06-01", "2023-05-31")] == [
        None, "agreed", "agreed", "operational", "removed"]
    assert record.status == "removed" and record.end == "2023-05" and record.first_date == "2018-03"


@pytest.mark.parametrize("as_of, counted", [
    ("2018-02-28", False),   # before the agreement: not yet anything
    ("2018-06-30", True),    # agreed: counts (the rubric decides how much an agreement weighs)
    ("2021-01-01", True),    # operational
    ("2023-04-30", True),    # still operational the day before its removal month
    ("2023-06-01", False),   # removed: no longer counts
])
def test_a_record_counts_from_its_agreement_until_its_removal(with_history, as_of, counted):
    scores = techrisk.score(registry=with_history, as_of=as_of)
    assert bool("UZ" in scores.index and scores.loc["UZ", "deployments"] == 1) == counted


def test_unsupported_status_entries_are_named(fixture_data, write_tree):
    evidence = "[{publisher: P, title: T, date: 2020, quote: q, supports: [vendors, sector, 'status:agreed']}]"
    text = deployment_yaml(evidence=evidence).replace("status: [{value: operational, date: unknown}]", HISTORY)
    with pytest.raises(DataError) as info:
        techrisk.load(write_tree({"KZ.yaml": text}))
    messages = [str(p) for p in info.value.problems]
    assert any("status[1]: 'operational' is not supported" in m for m in messages), messages
    assert any("status[2]: 'removed' is not supported" in m for m in messages), messages
    assert not any("status[0]" in m for m in messages), messages


@pytest.mark.parametrize("field, value", [
    ("financing", "prc_state_loan"), ("coverage", "national"), ("data_captured", "[facial_recognition]"),
    ("capabilities", "[facial_recognition]"), ("start", "2019"), ("operator", "police"),
])
def test_every_known_coded_field_needs_a_supporting_quote(fixture_data, write_tree, field, value):
    evidence = "[{publisher: P, title: T, date: 2020, quote: q, supports: [vendors, sector, 'status:operational']}]"
    text = deployment_yaml(extra=f"{field}: {value}", evidence=evidence)
    with pytest.raises(DataError) as info:
        techrisk.load(write_tree({"KZ.yaml": text}))
    assert [p.field for p in info.value.problems] == [field]


def test_the_old_scalar_status_is_explained(fixture_data, write_tree):
    text = deployment_yaml().replace("status: [{value: operational, date: unknown}]", "status: operational")
    with pytest.raises(DataError, match=r"status is a dated history since data model 2.0: write "
                                        r"status: \[\{value: operational, date: YYYY\}\]"):
        techrisk.load(write_tree({"KZ.yaml": text}))


def test_capability_is_not_documented_use(fixture_data, write_tree):
    text = deployment_yaml(extra="data_captured: [video, facial_recognition]\ncapabilities: [facial_recognition]",
                           evidence=f"[{{publisher: P, title: T, date: 2020, quote: q, supports: {SUPPORTS_ALL}}}]")
    with pytest.raises(DataError, match="'facial_recognition' is already documented in data_captured"):
        techrisk.load(write_tree({"KZ.yaml": text}))
