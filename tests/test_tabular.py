"""User records from tables (CSV, Excel, Parquet, JSON) and the export round trip (issue 17)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import techrisk
from techrisk.cli import main
from techrisk.errors import DataError

TEMPLATE = Path(__file__).parents[1] / "vendors" / "templates"

GOOD = {
    "id": "rs-test-cameras", "country": "RS", "place": "Novi Sad", "vendors": "huawei", "operator": "police",
    "sector": "public_safety_video", "data_captured": "video", "coverage": "city", "start": "2019",
    "status": "contracted 2019; operational 2020-05", "confidence": "credible",
    "evidence1_publisher": "Example News", "evidence1_title": "Cameras in Novi Sad", "evidence1_date": "2020-05-02",
    "evidence1_quote": "Huawei cameras went live in Novi Sad.",
    "evidence1_supports": "vendors; place; sector; operator; data_captured; coverage; start; status:contracted; status:operational",
}


def test_csv_records_load(tmp_path):
    pd.DataFrame([GOOD]).to_csv(tmp_path / "mine.csv", index=False)
    registry = techrisk.load(tmp_path)
    record = next(d for d in registry.deployments if d.id == "rs-test-cameras")
    assert record.vendors == ("huawei",) and record.status == "operational"
    assert [e.value for e in record.history] == ["contracted", "operational"]
    assert record.evidence[0].supports[-1] == "status:operational"


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet"])
def test_excel_and_parquet_records_load(tmp_path, suffix):
    frame = pd.DataFrame([GOOD])
    path = tmp_path / f"mine{suffix}"
    frame.to_excel(path, index=False) if suffix == ".xlsx" else frame.to_parquet(path)
    assert any(d.id == "rs-test-cameras" for d in techrisk.load(path).deployments)


def test_json_records_load(tmp_path):
    record = {k: v for k, v in GOOD.items() if not k.startswith(("evidence1", "status"))}
    record.update(vendors=["huawei"], data_captured=["video"], status=[{"value": "operational", "date": "2020"}],
                  evidence=[{"publisher": "Example News", "title": "t", "date": "2020", "quote": "q",
                             "supports": ["vendors", "place", "sector", "operator", "data_captured", "coverage", "start",
                                          "status:operational"]}])
    (tmp_path / "mine.json").write_text(json.dumps({"deployments": [record]}))
    assert any(d.id == "rs-test-cameras" for d in techrisk.load(tmp_path).deployments)


def test_evidence_in_a_second_table(tmp_path):
    record = {k: v for k, v in GOOD.items() if not k.startswith("evidence1")}
    pd.DataFrame([record]).to_csv(tmp_path / "deployments.csv", index=False)
    evidence = {k.removeprefix("evidence1_"): v for k, v in GOOD.items() if k.startswith("evidence1")}
    pd.DataFrame([{"record_id": "rs-test-cameras", **evidence}]).to_csv(tmp_path / "evidence.csv", index=False)
    assert any(d.id == "rs-test-cameras" for d in techrisk.load(tmp_path).deployments)


def test_every_problem_named_by_file_row_and_column(tmp_path):
    bad = [dict(GOOD, id="rs-a", sector="cctv"), dict(GOOD, id="rs-b", country="QQ", evidence1_date="2020-13"),
           dict(GOOD, id="rs-c", colour="red")]
    pd.DataFrame(bad).to_csv(tmp_path / "mine.csv", index=False)
    with pytest.raises(DataError) as info:
        techrisk.load(tmp_path)
    text = str(info.value)
    assert "mine.csv:2: record 'rs-a': sector: 'cctv' is not one of the allowed values" in text
    assert "mine.csv:3: record 'rs-b': country:" in text
    assert "mine.csv:3: record 'rs-b': evidence1_date:" in text
    assert "mine.csv:4: record 'rs-c': colour: unknown field (a typo?)" in text


def test_problems_name_the_column_of_each_row(tmp_path):
    """Columns are worked out once per table; each row still gets its own: the numbered
    evidence column it filled (evidence2 when evidence1 is empty), the status column it used,
    and the evidence table's row for joined evidence."""
    second = {k.replace("evidence1_", "evidence2_"): v for k, v in GOOD.items()}
    rows = [
        dict(second, id="rs-a", evidence2_date="2020-02-30"),  # only evidence2 is filled
        dict(GOOD, id="rs-b", status="operational 2020", status_history="contracted 2019; running 2020"),
        dict(GOOD, id="rs-c", evidence1_quote=""),
    ]
    frame = pd.DataFrame(rows)
    frame.loc[0, [c for c in frame.columns if c.startswith("evidence1_")]] = ""
    frame.to_csv(tmp_path / "mine.csv", index=False)
    evidence = {k.removeprefix("evidence1_"): v for k, v in GOOD.items() if k.startswith("evidence1")}
    pd.DataFrame([{"record_id": "rs-c", **dict(evidence, date="2020-13")}]).to_csv(tmp_path / "evidence.csv",
                                                                                  index=False)
    with pytest.raises(DataError) as info:
        techrisk.load(tmp_path)
    text = str(info.value)
    assert "mine.csv:2: record 'rs-a': evidence2_date: '2020-02-30' is not a real date" in text
    # rs-b: status_history wins over status ("running" is not a status; "operational 2020" is).
    assert "mine.csv:3: record 'rs-b': status_history:" in text
    # rs-c: its own evidence1 has no quote; the joined evidence (evidence table line 2) a bad date.
    assert "mine.csv:4: record 'rs-c': evidence1_quote:" in text
    assert re.search(r"mine\.csv:4: record 'rs-c': date \(evidence row at \S*evidence\.csv:2\): '2020-13'", text)


def test_unreadable_data_file_is_reported_not_skipped(tmp_path):
    pd.DataFrame([GOOD]).to_csv(tmp_path / "mine.csv", index=False)
    (tmp_path / "old.ods").write_bytes(b"")
    with pytest.raises(DataError, match=r"old\.ods: looks like data but is not read"):
        techrisk.load(tmp_path)


def test_template_validates():
    """The template users copy (vendors/templates/) loads as it is."""
    registry = techrisk.load(TEMPLATE / "deployments.csv", TEMPLATE / "evidence.csv")
    assert any(d.id.startswith("xk-example") for d in registry.deployments)


def test_exported_deployments_load_back(tmp_path):
    """A country's deployments exported to CSV, with their evidence, load back as user records
    once their ids are changed (the export layout is the input layout)."""
    registry = techrisk.load()
    files = registry.export("csv", tmp_path / "out", tables=("deployments", "evidence"))
    assert [f.name for f in files] == ["deployments.csv", "evidence.csv", "LICENSE.txt"]
    deployments = pd.read_csv(tmp_path / "out" / "deployments.csv", dtype=str, keep_default_na=False)
    evidence = pd.read_csv(tmp_path / "out" / "evidence.csv", dtype=str, keep_default_na=False)
    mine = deployments[deployments["country"] == "KZ"].copy()
    new_id = {old: old.replace("kz-", "kz-copy-", 1) for old in mine["id"]}
    mine["id"] = mine["id"].map(new_id)
    mine["system"] = ""  # system ids name the bundled systems; a copy is its own system
    ev = evidence[evidence["record_id"].isin(new_id)].copy()
    ev["record_id"] = ev["record_id"].map(new_id)
    folder = tmp_path / "mine"
    folder.mkdir()
    mine.to_csv(folder / "deployments.csv", index=False)
    ev.to_csv(folder / "evidence.csv", index=False)
    loaded = techrisk.load(folder)
    copies = {d.id: d for d in loaded.deployments if d.id.startswith("kz-copy-")}
    originals = {d.id: d for d in registry.deployments if d.country == "KZ"}
    assert len(copies) == len(originals)
    for old, new in new_id.items():
        a, b = originals[old], copies[new]
        assert a.model_dump(exclude={"id", "system"}) == b.model_dump(exclude={"id", "system"}), old


def test_csv_export_reads_back_same_rows(tmp_path):
    registry = techrisk.load()
    registry.export("csv", tmp_path, tables=("deployments", "regulatory_actions"))
    frame = pd.read_csv(tmp_path / "deployments.csv")
    assert len(frame) == len(registry.deployments)
    assert frame["id"].tolist() == [d.id for d in registry.deployments]
    assert "CC BY 4.0" in (tmp_path / "LICENSE.txt").read_text()


def test_score_csv_has_no_comment_line(capsys):
    assert main(["score", "--format", "csv"]) == 0
    out = capsys.readouterr()
    assert not out.out.startswith("#")
    frame = pd.read_csv(pd.io.common.StringIO(out.out), index_col=0)
    assert "score" in " ".join(frame.columns)
    assert "CC BY 4.0" in out.err


def test_brief_with_a_data_folder_argument(tmp_path, capsys):
    pd.DataFrame([GOOD]).to_csv(tmp_path / "mine.csv", index=False)
    assert main(["brief", "RS", str(tmp_path)]) == 0
    assert "Novi Sad" in capsys.readouterr().out
    assert main(["validate", "--data", str(tmp_path / "mine.csv")]) == 0


def test_data_dir_without_rubrics_uses_bundled_ones(tmp_path, monkeypatch):
    shutil.copytree(Path(__file__).parents[1] / "vendors", tmp_path / "vendors",
                    ignore=shutil.ignore_patterns("audit-2026-11", "templates", "*.md"))
    monkeypatch.setenv("TECHRISK_DATA_DIR", str(tmp_path))
    techrisk.cache_clear()
    try:
        assert len(techrisk.score()) > 0
    finally:
        monkeypatch.delenv("TECHRISK_DATA_DIR")
        techrisk.cache_clear()


def test_presence_table_and_excel_bom_csv(tmp_path):
    """A file named *presence* holds presence records; a CSV saved by Excel ("CSV UTF-8",
    with a byte-order mark) reads like any other."""
    presence = {"id": "rs-test-office", "country": "RS", "vendors": "zte", "kind": "office", "name": "ZTE Belgrade",
                "evidence1_publisher": "P", "evidence1_title": "T", "evidence1_date": "2020", "evidence1_quote": "q"}
    pd.DataFrame([presence]).to_csv(tmp_path / "my_presence.csv", index=False, encoding="utf-8-sig")
    pd.DataFrame([GOOD]).to_csv(tmp_path / "mine.csv", index=False, encoding="utf-8-sig")
    registry = techrisk.load(tmp_path)
    assert any(p.id == "rs-test-office" for p in registry.presence)
    assert any(d.id == "rs-test-cameras" for d in registry.deployments)
