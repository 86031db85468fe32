"""Golden snapshot of every country's scores under every bundled rubric.

Any change in rubric or data that moves a score fails here with a readable table of moves
(country, old, new, band change) until the snapshot is regenerated with

    python -m pytest tests/test_golden.py --update-golden

and a reviewer reads the diff of tests/golden/. Provenance: the snapshot is written by this
test from the bundled data; it is not a hand check (tests/test_scoring.py holds those). Its
value is the diff a human reads when data or rubric changes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pandas as pd

import techrisk
from techrisk.scoring.rubric import bundled_rubrics

GOLDEN = Path(__file__).parent / "golden"
# Pinned so that the snapshot does not drift with the calendar.
AS_OF = "2026-11-23"
COLUMNS = ("score", "band", "data_access", "dependency", "score_low", "score_high", "deployments")


def snapshot(rubric_name: str) -> dict:
    table = techrisk.score(rubric=rubric_name, as_of=AS_OF).sort_index()
    countries = {}
    for code, row in table.iterrows():
        # A country with no counted deployment has no score: null in the file.
        countries[code] = {c: (_number(row[c]) if c not in ("band", "deployments") else
                               (row[c] if c == "band" else int(row[c]))) for c in COLUMNS}
    return {"rubric": rubric_name, "as_of": AS_OF, "countries": countries}


def _number(value) -> float | None:
    return None if pd.isna(value) else round(float(value), 4)


def _text(value) -> str:
    return "none" if value is None else f"{value:.4f}"


def describe_moves(old: dict, new: dict) -> str:
    lines = []
    for code in sorted(set(old) | set(new)):
        a, b = old.get(code), new.get(code)
        if a == b:
            continue
        if a is None or b is None:
            lines.append(f"  {code}: {'added' if a is None else 'removed'} ({_text((b or a)['score'])}, {(b or a)['band']})")
            continue
        band = f", band {a['band']} -> {b['band']}" if a["band"] != b["band"] else ""
        if a["score"] != b["score"]:
            change = (f" ({b['score'] - a['score']:+.4f})" if a["score"] is not None and b["score"] is not None else "")
            lines.append(f"  {code}: score {_text(a['score'])} -> {_text(b['score'])}{change}{band}")
        else:
            moved = ", ".join(f"{k} {a.get(k)} -> {b.get(k)}" for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k))
            lines.append(f"  {code}: score unchanged; {moved}")
    return "\n".join(lines)


@pytest.mark.parametrize("rubric_name", list(bundled_rubrics()))
def test_scores_match_golden(rubric_name, update_golden):
    path = GOLDEN / f"{rubric_name}.json"
    current = snapshot(rubric_name)
    if update_golden or not path.exists():
        path.write_text(json.dumps(current, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
        if not update_golden:
            pytest.fail(f"wrote a new golden file {path}; review and commit it")
        return
    golden = json.loads(path.read_text(encoding="utf-8"))
    moves = describe_moves(golden["countries"], current["countries"])
    assert not moves, (
        f"scores under {rubric_name} moved against tests/golden/{path.name}:\n{moves}\n"
        "If the change is intended, run: python -m pytest tests/test_golden.py --update-golden"
    )


def test_describe_moves_names_countries_and_bands():
    old = {"KZ": {"score": 50.0, "band": "high"}, "GE": {"score": 10.0, "band": "low"}}
    new = {"KZ": {"score": 49.0, "band": "elevated"}, "GE": {"score": 10.0, "band": "low"}}
    assert describe_moves(old, new) == "  KZ: score 50.0000 -> 49.0000 (-1.0000), band high -> elevated"
