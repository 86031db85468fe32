"""Loading a large user file stays exact about its errors (issue 19): the fast paths (garbage
collector paused, line numbers looked up only for failing records) still name the file, the
line, the record and the field of every bad record, however deep in the file it is."""

from __future__ import annotations

import gc
import re

import pytest

import techrisk
from techrisk.data.load import gc_paused
from techrisk.errors import DataError

RECORDS = 10_000
BAD = {2_345: "start", 6_789: "coverage", 9_876: "financing"}
RECORD_LINES = 49  # lines per record in the text below

RECORD = """\
- id: {id}
  country: {country}
  place: Pristina
  name: unknown
  vendors:
  - hikvision
  partners:
  - Example Integrator
  operator: municipality
  operator_name: Pristina Municipality
  sector: public_safety_video
  data_captured:
  - video
  scale:
    value: 120
    unit: cameras
  coverage: {coverage}
  start: {start}
  status:
  - value: contracted
    date: 2021-03
  - value: operational
    date: '2022'
  financing: {financing}
  access:
  - unknown
  confidence: single_report
  summary: A synthetic record, one of many.
  evidence:
  - publisher: Example Gazette
    title: 'Example: city installs 120 cameras'
    date: '2022-01-15'
    url: https://example.org/cameras
    quote: "EXAMPLE QUOTE: Pristina Municipality's 120 Hikvision cameras, installed by Example Integrator after a March 2021 contract, are now recording."
    accessed: '2026-11-29'
    supports:
    - vendors
    - partners
    - place
    - operator
    - operator_name
    - sector
    - data_captured
    - scale
    - coverage
    - start
    - financing
    - status:contracted
    - status:operational
"""


def record(index: int) -> str:
    bad = BAD.get(index)
    return RECORD.format(
        id=f"xk-large-{index:06d}", country="XK",
        start="2021-13-01" if bad == "start" else "2021-03",
        coverage="citywide" if bad == "coverage" else "city",
        financing="prc_state_loans" if bad == "financing" else "commercial",
    )


def test_three_bad_records_deep_in_a_large_yaml_file_are_all_reported(tmp_path):
    assert RECORD.count("\n") == RECORD_LINES
    path = tmp_path / "many.yaml"
    path.write_text("deployments:\n" + "".join(record(i) for i in range(RECORDS)), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        techrisk.load(path)
    found = {(p.record, p.field): p for p in caught.value.problems}
    assert set(found) == {(f"xk-large-{i:06d}", field) for i, field in BAD.items()}
    for (record_id, field), problem in found.items():
        index = int(record_id.rsplit("-", 1)[1])
        offset = {"start": 17, "coverage": 16, "financing": 23}[field]  # the field's line in a record
        assert problem.line == 2 + index * RECORD_LINES + offset, (record_id, field, problem.line)
        assert problem.path == str(path)
        assert re.match(rf".*many\.yaml:{problem.line}: record '{record_id}': {field}: ", str(problem))


def test_the_garbage_collector_is_restored_even_when_loading_fails(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("deployments:\n- id: [unclosed\n", encoding="utf-8")
    assert gc.isenabled()
    with pytest.raises(DataError):
        techrisk.load(bad)
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a caller's own setting is kept
    finally:
        gc.enable()


@pytest.mark.parametrize("records", [RECORDS, pytest.param(10 * RECORDS, marks=pytest.mark.slow)])
def test_three_bad_rows_deep_in_a_large_csv_file_are_all_reported(tmp_path, records):
    """The table path works out each column once per table; a bad row deep inside still gets
    its own line (header = line 1, so row i is line i + 2) and its own column. At 10^5 rows the
    bad ones sit ten times deeper."""
    import pandas as pd

    scale = records // RECORDS
    bad = {i * scale: field for i, field in BAD.items()}
    rows = [{
        "id": f"xk-large-{i:06d}", "country": "XK", "vendors": "hikvision", "operator": "municipality",
        "sector": "public_safety_video", "data_captured": "video",
        "coverage": "citywide" if bad.get(i) == "coverage" else "city",
        "start": "2021-13-01" if bad.get(i) == "start" else "2021-03",
        "status": "operational 2022",
        "financing": "prc_state_loans" if bad.get(i) == "financing" else "commercial",
        "confidence": "single_report",
        "evidence1_publisher": "Example Gazette", "evidence1_title": "Example", "evidence1_date": "2022-01-15",
        "evidence1_quote": "EXAMPLE QUOTE: 120 Hikvision cameras are recording in the city.",
        "evidence1_supports": "vendors; operator; sector; data_captured; coverage; start; financing; status:operational",
    } for i in range(records)]
    path = tmp_path / "many.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    with pytest.raises(DataError) as caught:
        techrisk.load(path)
    found = {(p.record, p.field): p.line for p in caught.value.problems}
    assert found == {(f"xk-large-{i:06d}", field): i + 2 for i, field in bad.items()}
