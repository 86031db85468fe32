"""Bad input gets a clear DataError naming file, record and field; nothing is dropped."""

from __future__ import annotations

import pytest

import techrisk
from techrisk import DataError

from .conftest import deployment_yaml


def test_fixture_registry_loads_every_record(fixture_data):
    assert len(fixture_data.vendors) == 2
    assert len(fixture_data.deployments) == 4  # 2 in KZ.yaml + 2 in GE.yaml, none dropped


def test_user_file_is_merged_with_bundled(fixture_data, write_tree):
    folder = write_tree({"mine/UZ.yaml": deployment_yaml(id="uz-test", country="UZ")})
    merged = techrisk.load(folder)
    assert len(merged.deployments) == len(fixture_data.deployments) + 1
    assert merged.deployments_in("Uzbekistan")[0].id == "uz-test"
    assert len(techrisk.load().deployments) == 4  # the cached bundled registry is untouched


# Each kind of bad input: the files written, and the message the DataError must carry
# (file, line where known, record, field, and the offending value).
BAD_INPUT = {
    "malformed yaml": (
        {"bad.yaml": "deployments:\n  - id: kz-x\n    country: [KZ\n"},
        r"bad\.yaml:\d+: invalid YAML"),
    "unknown field": (
        {"KZ.yaml": deployment_yaml(extra="colour: red")},
        r"KZ\.yaml:\d+: record 'kz-test': colour: unknown field"),
    "wrong type": (
        {"KZ.yaml": deployment_yaml(extra="start: 2019-13-01")},
        r"KZ\.yaml:8: record 'kz-test': start: .*'2019-13-01'"),
    "invalid country code": (
        {"XX.yaml": deployment_yaml(id="xx-test", country="XX")},
        r"XX\.yaml:\d+: record 'xx-test': country: .*'XX' is not an ISO 3166-1"),
    "unknown vendor id": (
        {"KZ.yaml": deployment_yaml(vendors="[alpha, acme]")},
        r"KZ\.yaml:\d+: record 'kz-test': vendors\[1\]: unknown vendor id 'acme'"),
    "duplicate id within user files": (
        {"a/KZ.yaml": deployment_yaml(), "b/KZ.yaml": deployment_yaml()},
        r"record 'kz-test': id: duplicate record id 'kz-test' appears 2 times"),
    "duplicate of bundled id": (
        {"KZ.yaml": deployment_yaml(id="kz-a")},
        r"KZ\.yaml:\d+: record 'kz-a': id: duplicate record id 'kz-a': already in the bundled"),
    "record without evidence": (
        {"KZ.yaml": deployment_yaml(evidence=None)},
        r"KZ\.yaml:\d+: record 'kz-test': evidence: required field is missing"),
    "empty evidence list": (
        {"KZ.yaml": deployment_yaml(evidence="[]")},
        r"record 'kz-test': evidence: .*at least 1 item"),
    "evidence without quote": (
        {"KZ.yaml": deployment_yaml(evidence="[{publisher: P, title: T, date: 2020}]")},
        r"record 'kz-test': evidence\[0\]\.quote: required field is missing"),
    "python tag refused": (
        {"evil.yaml": "deployments: !!python/object/apply:os.system ['echo hi']\n"},
        r"evil\.yaml:1: the tag '!!python/object/apply:os.system' is not allowed"),
}


@pytest.mark.parametrize(("files", "pattern"), list(BAD_INPUT.values()), ids=list(BAD_INPUT))
def test_bad_input_names_file_record_and_field(fixture_data, write_tree, files, pattern):
    folder = write_tree(files)
    with pytest.raises(DataError, match=pattern):
        techrisk.load(folder)


def test_every_problem_in_a_file_is_listed(fixture_data, write_tree):
    text = deployment_yaml(extra="colour: red\nstart: someday") + deployment_yaml(id="kz-two", country="QQ").split("\n", 1)[1]
    folder = write_tree({"KZ.yaml": text})
    with pytest.raises(DataError) as info:
        techrisk.load(folder)
    fields = sorted((p.record, p.field) for p in info.value.problems)
    assert fields == [("kz-test", "colour"), ("kz-test", "start"), ("kz-two", "country")]
    assert str(info.value).startswith("3 problems in techrisk data:")


def test_problems_across_files_are_gathered(fixture_data, write_tree):
    folder = write_tree({"a.yaml": "deployments: [\n", "KZ.yaml": deployment_yaml(extra="colour: red")})
    with pytest.raises(DataError) as info:
        techrisk.load(folder)
    assert {p.path.rsplit("/", 1)[-1] for p in info.value.problems} == {"a.yaml", "KZ.yaml"}


def test_norway_is_not_false(fixture_data, write_tree):
    # YAML 1.1 reads a bare NO as the boolean false; techrisk's loader must not.
    folder = write_tree({"NO.yaml": deployment_yaml(id="no-test", country="NO")})
    assert techrisk.load(folder).deployments_in("NOR")[0].country == "NO"


def test_missing_path(fixture_data, tmp_path):
    with pytest.raises(DataError, match=r"nowhere\.yaml: no such file or folder"):
        techrisk.load(tmp_path / "nowhere.yaml")


def test_top_level_must_be_a_mapping(fixture_data, write_tree):
    folder = write_tree({"list.yaml": "- a\n- b\n"})
    with pytest.raises(DataError, match=r"list\.yaml:1: expected a mapping"):
        techrisk.load(folder)


def test_ended_deployment_needs_consistent_dates(fixture_data, write_tree):
    text = deployment_yaml(extra="start: 2020").replace(
        "status: [{value: operational, date: unknown}]", "status: [{value: operational, date: 2020}, {value: ended, date: 2019}]")
    folder = write_tree({"KZ.yaml": text})
    with pytest.raises(DataError, match=r"record 'kz-test': .*the deployment ends \('2019'\) before its start \('2020'\)"):
        techrisk.load(folder)


def test_data_error_is_a_value_error():
    assert issubclass(DataError, ValueError)
