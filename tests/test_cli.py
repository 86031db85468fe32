"""The techrisk command line: exit codes and output."""

from __future__ import annotations

import json
import re

import pytest

import techrisk
from techrisk.cli import main

from .conftest import deployment_yaml


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"techrisk {techrisk.__version__}"


def test_validate_ok(fixture_data, capsys):
    assert main(["validate"]) == 0
    assert capsys.readouterr().out.startswith("ok: 2 vendors, 4 deployments")


def test_validate_lists_problems(fixture_data, write_tree, capsys):
    folder = write_tree({"KZ.yaml": deployment_yaml(extra="colour: red\nstart: someday")})
    assert main(["validate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "2 problems" in err and "colour: unknown field" in err and "start:" in err


def test_vendors_table(fixture_data, capsys):
    assert main(["vendors"]) == 0
    out = capsys.readouterr().out
    assert "Alpha Systems" in out and "Beta Scan" in out


def test_score_json(fixture_data, capsys):
    assert main(["score", "--as-of", "2026-01-01", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["rubric"] == "techrisk-1.0" and "CC BY 4.0" in payload["license"]
    assert [row["country"] for row in payload["rows"]] == ["KZ", "GE"]
    assert payload["rows"][0]["score"] == pytest.approx(52.55625)


def test_score_csv_carries_licence(fixture_data, capsys):
    """The CSV starts with its header (pandas, Excel, Datawrapper read it); the licence goes to stderr."""
    assert main(["score", "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("country,country_name,score")
    assert "techrisk registry data: CC BY 4.0" in captured.err


def test_bad_date_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["score", "--as-of", "yesterday"])
    assert exit_info.value.code == 2
    assert "as_of 'yesterday' is not a date: write YYYY-MM-DD" in capsys.readouterr().err


def test_rubric_diff_prints_moves(fixture_data, tmp_path, capsys):
    rubric = techrisk.load_rubric().with_weights({"coverage": 0.25, "sector_criticality": 0.30})
    path = tmp_path / "swapped.yaml"
    import yaml

    path.write_text(yaml.safe_dump(rubric.model_dump(mode="json"), sort_keys=False), encoding="utf-8")
    assert main(["rubric", "diff", "techrisk-1.0", str(path), "--as-of", "2026-01-01"]) == 0
    out = capsys.readouterr().out
    assert "1 of 2 countries moved" in out and "KZ" in out


def test_brief_writes_file(fixture_data, tmp_path, capsys):
    out_file = tmp_path / "kz.html"
    assert main(["brief", "KZ", "-o", str(out_file)]) == 0
    assert out_file.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_brief_all(fixture_data, tmp_path, capsys):
    assert main(["brief", "--all", "-o", str(tmp_path / "out"), "--format", "md"]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["GE.md", "KZ.md", "index.html"]
    assert "2/2" in capsys.readouterr().err  # the progress bar
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert '<a href="KZ.md">Kazakhstan</a>' in index and '<a href="GE.md">Georgia</a>' in index


def test_brief_all_index_ranks_only_scored_countries(fixture_data, tmp_path):
    # On 2010-01-01 KZ has kz-b (32.2, operational since 2002) and GE nothing yet (its scanner
    # started in 2015): GE is listed without a score or rank, after KZ, not ranked at 0.
    assert main(["brief", "--all", "-o", str(tmp_path), "--as-of", "2010-01-01"]) == 0
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr><td data-sort=\"(\w+)\">.*?</tr>", index)
    assert rows == ["Kazakhstan", "Georgia"]
    kz = re.search(r"<tr><td data-sort=\"Kazakhstan\">.*?</tr>", index).group(0)
    ge = re.search(r"<tr><td data-sort=\"Georgia\">.*?</tr>", index).group(0)
    assert '<td class="num" data-sort="1">1</td><td class="num" data-sort="32.2">32.2</td>' in kz
    assert 'data-sort="9999">–</td>' in ge and "no counted deployment" in ge and "0.0" not in ge
    assert 'aria-sort="ascending"' in index  # the table opens in rank order


def test_brief_unknown_country(fixture_data, capsys):
    assert main(["brief", "Atlantis"]) == 1
    assert "unknown country 'Atlantis'" in capsys.readouterr().err
