"""The bundled data itself: sourced, consistent, and covering what the issues ask for.

This is the data linter; it runs inside pytest so it can never be skipped.
"""

from __future__ import annotations

import collections

import pytest

import techrisk
from techrisk.data.models.fields import earliest_date
from techrisk.data.vocab import UNKNOWN, VENDOR_IDS


def test_five_vendors(registry):
    assert sorted(v.id for v in registry.vendors) == sorted(VENDOR_IDS)


def test_ids_unique(registry):
    country_ids = [d.id for d in registry.deployments] + [p.id for p in registry.presence]
    assert [i for i, n in collections.Counter(country_ids).items() if n > 1] == []
    # Within one vendor, ids are unique. The same act or finding (e.g. NDAA section 889, one
    # assessment of two vendors' cameras) is recorded once on each vendor it names.
    for vendor in registry.vendors:
        ids = [x.id for x in (*vendor.regulatory_actions, *vendor.security_issues, *vendor.abuses)]
        assert [i for i, n in collections.Counter(ids).items() if n > 1] == [], vendor.id


def test_every_fact_has_a_quote(registry):
    for row in registry.to_frame("evidence").itertuples():
        assert row.quote.strip() and row.publisher.strip() and row.title.strip(), row.record_id


def test_dates_are_ordered(registry):
    for d in registry.deployments:
        if d.end not in (None, UNKNOWN) and d.start != UNKNOWN:
            assert earliest_date(d.start) <= earliest_date(d.end), d.id


def test_no_two_records_describe_the_same_deployment(registry):
    # Two operators' networks in one country are two systems; two records of one system say so
    # with the same `system` key (and are counted once).
    keys = collections.Counter((d.country, tuple(sorted(d.vendors)), d.place, d.name, d.sector, d.operator_name,
                                d.system or d.id)
                               for d in registry.deployments if d.name != UNKNOWN or d.place != UNKNOWN)
    assert [k for k, n in keys.items() if n > 1] == []


def test_country_files_hold_only_their_country():
    from techrisk.data.load import is_yaml
    from techrisk.data.yaml_io import read_yaml

    # Every file under countries/, whatever the case of its suffix (.yaml, .YML...), and read
    # with techrisk's own reader (a plain YAML 1.1 reader turns Norway's NO into False).
    paths = sorted(p for p in (techrisk.data_source().vendors / "countries").iterdir() if p.is_file())
    assert all(is_yaml(p) for p in paths), [p.name for p in paths if not is_yaml(p)]
    for path in paths:
        data = read_yaml(path).data or {}
        countries = {str(r.get("country")) for kind in ("deployments", "presence") for r in data.get(kind) or []}
        assert countries <= {path.stem}, f"{path.name} holds records of {sorted(countries - {path.stem})}"


def test_at_least_forty_countries(registry):
    assert len(registry.countries) >= 40


# Deployments named in the project's source documents (shared/sources, see its README):
# each must be in the registry. Ids are the records' ids.
SOURCE_DOCUMENT_DEPLOYMENTS = [
    "kz-sergek-video-analytics",                   # Sergek, Korkem Telecom, Dahua partner (Civic IDEA 2023)
    "kz-hikvision-almaty-unified-video-monitoring",  # Almaty face and plate recognition (Civic IDEA 2023)
    # (Hikvision road-safety cameras: the same Civic IDEA sentence as Almaty's system, merged
    # into that record in the 2.0 re-audit: one system, one record.)
    "kz-zte-kazakhtelecom-wireless-telephone-2002",  # ZTE wireless for Kazakhtelecom (RUSI)
    "kz-huawei-5g-pilot-networks",                 # Huawei/ZTE 5G (Civic IDEA 2023)
    "kg-zte-bishkek-telephone-network-gift-2001",  # $10m ZTE gift, 10,000 subscribers (RUSI)
    "tj-huawei-dushanbe-safe-city",                # Dushanbe, SCO-mechanism loans (RUSI)
    "tm-huawei-national-telecom-infrastructure",   # ~45% of telecom infrastructure (RUSI)
    "tm-zte-first-dial-up-service-2000",           # ZTE dial-up 2000 (RUSI)
    "uz-zte-beeline-sdm-platform-2021",            # ZTE SDM for Beeline Uzbekistan (RUSI)
    "uz-huawei-safe-city-2019",                    # Tashkent safe city (RUSI)
    "ru-huawei-mts-5g-2019",                       # Russia adopts Huawei 5G (RUSI)
    "ge-nuctech-revenue-service-inspection-systems",  # Nuctech on Georgia's borders (Civic IDEA)
]


@pytest.mark.parametrize("record_id", SOURCE_DOCUMENT_DEPLOYMENTS)
def test_source_document_deployment_present(registry, record_id):
    assert any(d.id == record_id for d in registry.deployments)


def test_kyrgyz_gift_is_recorded_as_a_donation(registry):
    gift = next(d for d in registry.deployments if d.id == "kg-zte-bishkek-telephone-network-gift-2001")
    assert gift.financing == "grant_donation" and gift.vendors == ("zte",)


def test_dushanbe_financing_is_a_prc_state_loan(registry):
    # RUSI frames the loans as "via the SCO", but the lender was China's Exim Bank: under the
    # coding conventions (vendors/README.md) a bilateral Exim loan is a PRC state loan, and
    # multilateral_loan needs a source naming a multilateral lender.
    dushanbe = next(d for d in registry.deployments if d.id == "tj-huawei-dushanbe-safe-city")
    assert dushanbe.financing == "prc_state_loan"


def test_readme_headline_counts_match_the_data(registry):
    """The README states the registry's size; it must not drift from the data."""
    import re
    from pathlib import Path

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    match = re.search(r"holds\s+(\d+) deployments in (\d+) countries", readme)
    assert match, "README lost its headline counts"
    assert (int(match[1]), int(match[2])) == (len(registry.deployments), len(registry.countries))
    assert f"and {len(registry.presence)} presence records" in readme


def _bracketed(text: str) -> list[str]:
    """Top-level bracketed parts of ``text``: "A (B (C)) D (E)" -> ["B (C)", "E"]."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth, start = depth + 1, (i + 1 if depth == 0 else start)
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                parts.append(text[start:i])
    return parts


def test_operator_name_qualifiers_are_in_a_quote(registry):
    """A bracketed part of an operator's name ("Telesur (state-owned)") says something a quote of
    the record must say; audits found such qualifiers added beyond the sources."""
    def norm(text: str) -> str:
        return " ".join(text.replace("\u2019", "'").split()).lower()

    problems = []
    for d in registry.deployments:
        quotes = norm(" ".join(e.quote for e in d.evidence))
        problems += [f"{d.id}: ({part})" for part in _bracketed(d.operator_name or "") if norm(part) not in quotes]
    assert not problems, "operator_name qualifiers no quote gives:\n" + "\n".join(problems)


def test_bracketed_reads_nested_brackets():
    assert _bracketed("Robi (formerly Axiata (Bangladesh) Ltd) and X (Y)") == ["formerly Axiata (Bangladesh) Ltd", "Y"]
    assert _bracketed("no brackets") == []
