"""Briefs: content matches the engine, data is escaped, output is deterministic."""

from __future__ import annotations

import re

import pytest

import techrisk
from techrisk.report.render import md_escape

from .conftest import SUPPORTS_ALL, deployment_yaml

AS_OF = "2026-01-01"


def test_headline_equals_score(fixture_data):
    b = techrisk.brief("Kazakhstan", as_of=AS_OF)
    assert b.score == pytest.approx(techrisk.score(as_of=AS_OF).loc["KZ", "score"])
    assert "Score 52.6 / 100 (high)" in b.markdown  # 52.55625, hand-checked in test_scoring.py
    assert "range 50.7–56.9" in b.markdown


def test_every_deployment_and_citation_appears(fixture_data):
    b = techrisk.brief("GE", as_of=AS_OF)
    html = b.html
    for d in fixture_data.deployments_in("GE"):
        assert d.id in html or d.name in html
    cited = {int(n) for n in re.findall(r'href="#src-(\d+)"', html)}
    listed = {int(n) for n in re.findall(r'<li id="src-(\d+)"', html)}
    assert cited and cited <= listed
    assert "not counted" in html  # the scanner ended in 2020


def test_brief_has_all_seven_parts(fixture_data):
    md = techrisk.brief("KZ", as_of=AS_OF).markdown
    for heading in ("## Kazakhstan (KZ)", "### Key findings", "### Vendor exposure", "### Deployments",
                    "## Method", "## Sources"):
        assert heading in md
    html = techrisk.brief("KZ", as_of=AS_OF).html
    # contribution, score-over-time and timeline charts; the peers chart gives way to a note, because the
    # fixture has no other Central Asian country
    assert html.count("<svg") == 3
    assert "No other country of Central Asia has recorded deployments" in html
    assert "Absence of a record is not evidence of absence" in html


def test_findings_follow_the_data(fixture_data):
    md = techrisk.brief("KZ", as_of=AS_OF).markdown
    # kz-b has no name: it is described by vendor and sector, never by its id, with its status history
    assert ("1 counted deployment is financed by the Chinese state or through a grant: Alpha Systems telecom core "
            "(PRC state loan, operational since 2002). [1]") in md
    # kz-a (facial recognition) and kz-b (subscriber records) share the top level; ties go by id
    assert ("The most sensitive data recorded is facial recognition, captured by Alpha Systems AI video analytics "
            "(operational since 2017). [1]") in md
    assert "kz-a" not in md.split("### Key findings")[1].split("### Vendor exposure")[0]
    # CV: kz-b .5*.5*.3*100 = 7.5 plus kz-a .5*.25*.3*33 = 1.2375
    assert "The largest contributions to the country score come from coverage (8.7 points)" in md


def test_country_without_records_gets_an_honest_brief(fixture_data):
    b = techrisk.brief("France", as_of=AS_OF)
    assert b.score is None
    assert "No deployments of the five vendors are recorded for France" in b.markdown
    assert "not evidence that there are none" in b.html


def test_unknown_country_suggests_names(fixture_data):
    with pytest.raises(techrisk.UnknownCountryError, match="did you mean 'Kazakhstan'"):
        techrisk.brief("Kazakstan")


def test_regional_brief_compares_side_by_side(fixture_data):
    b = techrisk.brief(["KZ", "GEO", "Uzbekistan"], as_of=AS_OF)
    assert b.countries == ("KZ", "GE", "UZ")
    md = b.markdown
    assert md.index("## Comparison") < md.index("## Kazakhstan (KZ)") < md.index("## Georgia (GE)")
    assert "| Uzbekistan | n/a | no records | | not ranked |" in md
    with pytest.raises(AttributeError, match="regional brief has no single score"):
        b.score


def test_regional_comparison_page_comes_first_sorted_with_ranks(fixture_data):
    b = techrisk.brief(["GE", "UZ", "KZ"], as_of=AS_OF)
    md = b.markdown
    table = md.split("## Comparison")[1].split("## Georgia (GE)")[0]
    # sorted by score, unscored last; KZ 52.55625 and GE 13.5875 are the fixture's only two
    # scored countries, so their ranks are 1 and 2 in every sample
    assert table.index("| Kazakhstan | 52.6 | high | 50.7–56.9 | 1 (1–1) |") < table.index("| Georgia | 13.6 | low |")
    assert table.index("| Georgia |") < table.index("| Uzbekistan | n/a |")
    assert "Kazakhstan scores 39.0 points above Georgia" in table  # 52.55625 - 13.5875 = 38.96875
    assert "No vendor has counted deployments in more than one of these countries." in table
    assert b.html.count("<svg") >= 1 and "rank 1 (1–1)" in b.html  # the comparison chart
    # the sections follow in the order asked
    assert md.index("## Georgia (GE)") < md.index("## Uzbekistan (UZ)") < md.index("## Kazakhstan (KZ)")


def test_as_of_brief_hides_later_status_entries(fixture_data):
    # On 2010-01-01 Georgia's scanner (operational 2015, ended 2020) had not started.
    b = techrisk.brief(["GE", "KZ"], as_of="2010-01-01")
    assert "| Georgia | n/a | no counted deployment | | not ranked |" in b.markdown
    ge = b.view.sections[0]
    assert {row.status for row in ge.deployments} == {"not started on the as-of date"}
    assert techrisk.brief("GE", as_of="2018-06-30").view.sections[0].deployments[0].status_history == (
        "operational since 2015",)


def test_output_is_deterministic(fixture_data):
    first = techrisk.brief("KZ", as_of=AS_OF)
    second = techrisk.brief("KZ", as_of=AS_OF)
    assert first.html == second.html and first.markdown == second.markdown


def test_data_is_text_never_markup(fixture_data, write_tree):
    hostile = deployment_yaml(
        id="kz-evil",
        extra='name: "<script>alert(1)</script>"\nplace: "[click](https://evil.example) **bold** | cell"',
        evidence='[{publisher: "<b>Pub</b>", title: "[x](javascript:alert(1))", date: 2020, quote: q, '
                 f'supports: {SUPPORTS_ALL}}}]',
    )
    registry = techrisk.load(write_tree({"KZ.yaml": hostile}))
    b = techrisk.brief("KZ", registry=registry, as_of=AS_OF)
    assert "<script>alert(1)</script>" not in b.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in b.html
    assert "<b>Pub</b>" not in b.html
    assert "<script>" not in b.markdown and "\\<script\\>" in b.markdown
    assert "[click](https" not in b.markdown and "\\[click\\](https" in b.markdown
    assert "\\[x\\](javascript" in b.markdown
    assert "\\*\\*bold\\*\\* \\| cell" in b.markdown


def test_md_escape_neutralises_markdown():
    assert md_escape("a_b *c* [d](e) `f` | g <h>") == "a\\_b \\*c\\* \\[d\\](e) \\`f\\` \\| g \\<h\\>"
    # Backslash escapes, not entities: "&" must not reach a reader as "&amp;".
    assert md_escape("Sandler, Travis & Rosenberg") == "Sandler, Travis \\& Rosenberg"
    assert md_escape("line\nbreak") == "line break"


def test_save_picks_format_from_suffix(fixture_data, tmp_path):
    b = techrisk.brief("KZ", as_of=AS_OF)
    assert b.save(tmp_path / "kz.md").read_text(encoding="utf-8") == b.markdown
    assert b.save(tmp_path / "kz.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(ValueError, match=r"cannot save a brief as 'kz\.docx'"):
        b.save(tmp_path / "kz.docx")
    assert not (tmp_path / "kz.docx").exists()


def test_notebook_reprs(fixture_data):
    b = techrisk.brief("KZ", as_of=AS_OF)
    assert b._repr_html_() == b.html
    assert b._repr_markdown_() == b.markdown
    assert set(b.explain.deployment) == {"kz-a", "kz-b"}


def test_html_is_self_contained(fixture_data):
    html = techrisk.brief("KZ", as_of=AS_OF).html
    assert "<script" not in html
    assert not re.search(r'<(link|img)\b', html)
    assert not re.search(r'src="https?://', html)


def test_a_state_list_is_not_shown_as_a_national_ban():
    # Dahua is on the Texas Prohibited Technologies List (scope: subnational); the vendor table
    # names it as such rather than as a US procurement ban of unknown date.
    md = techrisk.brief("RS", as_of="2026-11-29").markdown
    assert "procurement ban, subnational (date unknown)" in md
    assert "procurement ban (date unknown)" not in md
    # The same label in the timeline and the score-over-time notes: the European Parliament's
    # own camera contract (2021) is an institution's decision, not an EU equipment ban.
    html = techrisk.brief("GB", as_of="2026-11-29").html
    assert "EU equipment ban, institutional" in html
    assert "EU equipment ban (Hikvision)" not in html
