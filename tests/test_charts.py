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
    # San Marino's one record (ZTE's state mobile network project) ended in 2021: its score is
    # NaN, and it is no peer at 0.0 for Italy. Italy's other Southern European peers with a
    # counted deployment: ES, RS, GR, PT, ME, MT, AD, HR, XK, AL.
    assert techrisk.score(registry=registry)["score"].isna()["SM"]
    section = techrisk.brief("IT", registry=registry).view.sections[0]
    assert "San Marino" not in section.charts.peers
    assert "Spain" in section.charts.peers and section.charts.peer_count == 10


def test_a_long_timeline_is_cut_into_parts_that_share_one_axis():
    events = [(2000 + i % 20, f"event {i}", "deployment") for i in range(60)] + [(None, "undated", "deployment")]
    parts = svg.timeline_parts(events, "t", rows=28)
    assert len(parts) == 3  # 61 events, at most 28 a part: three balanced parts of 21, 21 and 19
    assert [p.count("<circle") for p in parts] == [21, 21, 19]
    assert sum(p.count("<circle") for p in parts) == 61
    for part in parts:  # every part shows the whole span and the date-unknown column
        assert ">2000</text>" in part and ">2018</text>" in part and "date unknown" in part
    assert "undated" in parts[-1] and "(part 3 of 3)" in parts[-1]


def test_points_too_small_to_show_are_not_zero():
    from techrisk.report.render import fmt_points

    assert fmt_points(0.0001) == "under 0.1" and fmt_points(0.0) == "0.0" and fmt_points(4.25) == "4.2"


def test_score_over_time_marks_the_years_that_moved_it(fixture_data):
    """Hand-checked on the fixture (rubric 1.0): kz-b alone from 2002 scores 32.175 (see
    test_cli); kz-a joins in 2017 (47.86875); in 2019 Alpha's US export control lifts supply
    continuity and its CVE-2019-0001 vendor record from level 0 to 1 (50 points) on both
    deployments: explain() gives SC 0.625 + 1.25 and VR 1.875 + 0.9375, +4.6875 in all, to
    52.55625 (the headline score of test_briefs)."""
    section = techrisk.brief("KZ", as_of="2026-01-01").view.sections[0]
    assert [m.year for m in section.moves] == [2002, 2017, 2019]
    first, _, last = section.moves
    assert first.before is None and abs(first.after - 32.175) < 1e-9
    assert first.events == ("Alpha Systems telecom core operational",)
    assert abs(last.after - 52.55625) < 1e-9
    assert last.events == ("US export control (Alpha Systems)", "CVE-2019-0001 (Alpha Systems)")
    assert section.history_chart.count("<circle") == 3 and "<polyline" in section.history_chart
    md = techrisk.brief("KZ", as_of="2026-01-01").markdown
    assert "| 2017 | 32.2 → 47.9 | Alpha Systems AI video analytics operational |" in md


def test_score_line_breaks_where_there_is_no_score():
    chart = svg.score_line([(2000, None, 0, 0), (2001, 10.0, 5, 20), (2002, 12.0, 6, 22), (2003, None, 0, 0),
                            (2004, 30.0, 20, 40), (2005, 31.0, 21, 41)], [2001, 2004], "t")
    assert chart.count("<polyline") == 2 and chart.count("<circle") == 2
    assert svg.score_line([(2000, None, 0, 0), (2001, 5.0, 1, 9)], [], "t") == ""  # one point is no line
