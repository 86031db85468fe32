"""Registry.quality(): per-record sourcing figures, registry totals, and floors they keep."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

import techrisk
from techrisk.data.models import Deployment, Evidence


def _record() -> Deployment:
    # Two evidence items from two publications: one dated with a URL, one undated, untitled,
    # without URL. Coded: vendors, sector, operator, coverage (4 fields) + 1 status entry, each
    # named by a quote, so the supported share is 1. status_checked 2025-06 reads as its last
    # day, 2025-06-30: 517 days before 2026-11-29, so checked recently (two years = 730 days).
    first = Evidence(publisher="A Press", title="A story", date="2025-06", url="https://example.org/a",
                     quote="Huawei built the police cameras.", supports=("vendors", "sector", "operator", "status:operational"))
    second = Evidence(publisher="B Press", title="title not captured", date="unknown",
                      quote="They cover the whole city.", supports=("coverage",))
    return Deployment(id="li-cameras", country="LI", vendors=("huawei",), sector="public_safety_video",
                      operator="police", coverage="city", status=({"value": "operational", "date": "2020"},),
                      status_checked="2025-06", confidence="credible", evidence=(first, second))


def test_quality_of_one_record_by_hand():
    base = techrisk.load()
    registry = dataclasses.replace(base, deployments=(_record(),), presence=())
    frame = registry.quality(today=dt.date(2026, 11, 29))
    row = frame.loc["li-cameras"]
    assert (row.coded_fields, row.supported_fields, row.supported_share) == (5, 5, 1.0)
    assert (row.evidence, row.dated_evidence, row.titled_evidence, row.evidence_with_url) == (2, 1, 1, 1)
    assert (row.sources, bool(row.single_source), bool(row.status_checked_recently)) == (2, False, True)
    totals = frame.attrs["totals"]
    assert totals["dated_evidence"] == 0.5 and totals["titled_evidence"] == 0.5
    assert totals["single_source"] == 0.0 and totals["status_checked_recently"] == 1.0
    # 730 days after 2025-06-30 it is still recent; a day later it is stale.
    assert registry.quality(today=dt.date(2027, 6, 30)).loc["li-cameras", "status_checked_recently"]
    assert not registry.quality(today=dt.date(2027, 7, 1)).loc["li-cameras", "status_checked_recently"]


def test_registry_quality_does_not_fall(registry):
    """Floors at the registry's figures: raise them as the data improves, never lower them to
    admit worse sourcing. Lowered once, on 2026-11-29, when the second and third coverage sweeps
    added 376 new records: their trade-press pages often show no date (dates are never guessed),
    more of them rest on one source, and few carry a recent status check. The old floors were
    0.64 dated, 0.06 recently checked and 0.46 single-source; the next step is a second source
    for single-source records, not a lower floor."""
    totals = registry.quality(today=dt.date(2026, 11, 29)).attrs["totals"]
    assert totals["supported_fields"] == 1.0  # validation requires it
    assert totals["dated_evidence"] >= 0.61
    assert totals["titled_evidence"] >= 0.76
    assert totals["evidence_with_url"] >= 0.98
    assert totals["status_checked_recently"] >= 0.053
    assert totals["single_source"] <= 0.509


def test_cli_prints_quality_totals(capsys):
    from techrisk.cli import main

    assert main(["coverage", "--quality"]) == 0
    out = capsys.readouterr().out
    assert "coded fields supported by a named quote: 100.0%" in out
    assert "records resting on a single source" in out
