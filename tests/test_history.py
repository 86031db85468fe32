"""Scores over time (issue 17): one run per date, reused where nothing changed."""

from __future__ import annotations

import pandas as pd
import pytest

import techrisk
from techrisk.cli import main


def test_history_matches_score_on_each_date(registry):
    frame = techrisk.history(["KZ", "GE"], "2016", "2026", registry=registry)
    assert sorted(frame["as_of"].dt.year.unique()) == list(range(2016, 2027))
    for day in ("2016-01-01", "2021-01-01", "2026-01-01"):
        expected = techrisk.score(registry=registry, as_of=day).loc[["KZ", "GE"], "score"]
        got = frame[frame["as_of"] == day].set_index("country").loc[["KZ", "GE"], "score"]
        assert got.tolist() == pytest.approx(expected.tolist())


def test_runs_are_reused_between_record_dates(fixture_data):
    """The fixture registry's record dates are few: twelve monthly dates need fewer runs, and
    every reused run gives the scores a fresh one would."""
    frame = techrisk.history(None, "2021-01", "2021-12", freq="MS")
    assert frame.attrs["runs"] < 12
    for day in frame["as_of"].unique():
        fresh = techrisk.score(as_of=pd.Timestamp(day).date())
        got = frame[frame["as_of"] == day].set_index("country")["score"]
        assert got.sort_index().tolist() == pytest.approx(fresh["score"].sort_index().tolist())


def test_cli_score_history(fixture_data, capsys):
    assert main(["score", "--history", "2020:2022", "--format", "csv"]) == 0
    out = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out))
    assert list(out.columns[:3]) == ["as_of", "country", "country_name"]
    assert sorted(out["as_of"].unique()) == ["2020-01-01", "2021-01-01", "2022-01-01"]
