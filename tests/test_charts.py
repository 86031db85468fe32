"""Brief charts: unknown dates kept, labels wrapped, unscored countries kept off peer charts (issue 18)."""

from __future__ import annotations

import re

import techrisk
from techrisk.report import svg


def test_timeline_keeps_undated_events_in_a_date_unknown_column():
    chart = svg.timeline([(2019, "Safe City", "deployment"), (None, "Huawei 5G radio access", "deployment")], "t")
    assert "date unknown" in chart
    assert "Huawei 5G radio access" in chart and "2019 Safe City" in chart
    assert chart.count("<circle") == 2


def test_timeline_with_only_undated_events_is_not_empty():
    # The UK's timeline was empty when all it had were undated records.
    chart = svg.timeline([(None, "Hikvision public-safety CCTV", "deployment")], "t")
    assert chart.count("<circle") == 1 and "date unknown" in chart


def test_long_timeline_labels_wrap_instead_of_being_cut():
    long = "Punjab Police Integrated Command, Control and Communication Centre in Lahore and 17 other cities"
    chart = svg.timeline([(2010, "x", "action"), (2020, long, "deployment")], "t")
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", chart)
    assert " ".join(lines).endswith("Lahore and 17 other cities")  # every word is there
    assert len(lines) >= 3
    # The 2020 dot sits at the right end: its label is anchored there and each line fits
    # left of it (about 0.55 em, 6 px at 11 px, a character).
    assert max(len(line) for line in lines) * 6 <= 600


def test_peer_chart_leaves_out_countries_without_a_counted_deployment(registry):
    # Guatemala's one record ended: its score is NaN, and it is no peer at 0.0 for Honduras.
    assert techrisk.score(registry=registry)["score"].isna()["GT"]
    section = techrisk.brief("HN", registry=registry).view.sections[0]
    assert "Guatemala" not in section.charts.peers
    assert "Mexico" in section.charts.peers and section.charts.peer_count == 4  # MX, PA, CR, NI
