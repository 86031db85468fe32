"""Count fields are small reader classes: each says what it counts and shows its records."""

from __future__ import annotations

import techrisk
from techrisk.scoring.readers import FIELDS, CountReader


def test_every_count_field_is_a_documented_reader():
    counts = {name: spec for name, spec in FIELDS.items() if spec.kind == "count"}
    assert set(counts) == {"vendor.state_links", "vendor.state_leverage", "vendor.record", "vendor.restrictions",
                           "country.vendor_sectors", "country.mitigation"}
    for name, spec in counts.items():
        assert isinstance(spec, CountReader), name
        doc = type(spec).__doc__ or ""
        assert "umber of" in doc or "grade of" in doc, name


def test_readers_count_and_cite(fixture_data):
    run = techrisk.assess(as_of="2026-01-01")
    counted = run.computation.levels.counted
    row = list(run.table.ids[run.computation.rows]).index("kz-a")
    restrictions = counted["vendor.restrictions"]
    assert FIELDS["vendor.restrictions"].records(["alpha"], restrictions) == ["us-ban-2022", "us-export-2019"]
    assert int(restrictions.per_row[row]) == 2
    assert FIELDS["vendor.state_links"].records(["alpha"], counted["vendor.state_links"]) == ["alpha/ownership"]
    assert FIELDS["country.vendor_sectors"].records(["alpha"], counted["country.vendor_sectors"]) == []
