"""Exports (issue 17): FollowTheMoney entities valid by the library's own checks, and tables
that open cleanly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from techrisk.cli import main
from techrisk.data.ftm import ftm_entities, validate_entity


def test_ftm_entities_pass_followthemoney_validation(registry):
    entities = list(ftm_entities(registry))
    assert entities
    problems = [(e.schema.name, e.id, validate_entity(e)) for e in entities if validate_entity(e)]
    assert not problems, problems[:5]
    schemata = {e.schema.name for e in entities}
    assert {"Company", "Ownership", "Sanction", "Project", "ProjectParticipant", "Article", "Documentation"} <= schemata


def test_ftm_dates_and_ownership(registry):
    entities = {e.id: e for e in ftm_entities(registry)}
    usa = next(e for e in entities.values() if e.schema.name == "Company" and "Dahua Technology USA" in e.get("name"))
    ownership = next(e for e in entities.values() if e.schema.name == "Ownership" and usa.id in e.get("asset"))
    assert ownership.get("startDate") == ["2014"] and ownership.get("endDate") == ["2024-01"]
    dahua = next(e for e in entities.values() if e.schema.name == "Company" and e.get("name") == ["Dahua Technology"])
    assert "Lorex" in dahua.get("previousName")
    # Presence records (here: Huawei affiliates on the US Entity List) are companies tied to the vendor.
    huawei = next(e for e in entities.values() if e.schema.name == "Company" and e.get("name") == ["Huawei"])
    links = [e for e in entities.values() if e.schema.name == "UnknownLink" and huawei.id in e.get("subject")]
    assert any(link.get("role") == ["listed affiliate"] for link in links)


def test_cli_export_ftm_is_read_by_the_ftm_tools(tmp_path):
    out = tmp_path / "techrisk.ftm.json"
    assert main(["export", "--format", "ftm", "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert all(json.loads(line)["schema"] for line in lines)
    assert (tmp_path / "LICENSE.txt").exists()
    # The followthemoney command-line tool re-parses and validates the file.
    ftm = Path(sys.executable).parent / "ftm"
    if not ftm.exists():
        pytest.skip("the ftm command is not installed beside this Python")
    done = subprocess.run([str(ftm), "validate", "-i", str(out), "-o", str(tmp_path / "valid.json")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len((tmp_path / "valid.json").read_text(encoding="utf-8").splitlines()) == len(lines)


@pytest.mark.parametrize("fmt", ["xlsx", "parquet", "jsonl"])
def test_cli_export_formats(tmp_path, fmt):
    target = tmp_path / ("out" if fmt == "parquet" else f"out.{fmt}")
    assert main(["export", "--format", fmt, "-o", str(target), "--table", "deployments", "--table", "vendors"]) == 0
    if fmt == "xlsx":
        sheets = pd.read_excel(target, sheet_name=None)
        assert list(sheets) == ["vendors", "deployments", "licence"]
        assert sheets["deployments"].columns[0] == "id"
    elif fmt == "parquet":
        assert len(pd.read_parquet(target / "deployments.parquet")) > 500
    else:
        rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
        assert {r["table"] for r in rows} == {"vendors", "deployments"}
