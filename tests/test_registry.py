"""Registry API on the bundled data: lookups, frames, coverage, licence on exports."""

from __future__ import annotations

import pytest

import techrisk
from techrisk import UnknownCountryError, UnknownVendorError
from techrisk.data.frames import FRAME_KINDS


@pytest.mark.parametrize("name", ["Hangzhou Hikvision Digital Technology", "海康威视", "hikvision", "HIKVISION",
                                  "Hangzhou Hikvision Digital Technology Co., Ltd."])
def test_hikvision_names_resolve(registry, name):
    assert registry.vendor(name).id == "hikvision"


@pytest.mark.parametrize(("name", "vendor_id"), [("华为", "huawei"), ("中兴通讯", "zte"), ("同方威视", "nuctech"),
                                                 ("大华", "dahua"), ("Zhejiang Dahua Technology", "dahua")])
def test_chinese_and_legal_names_resolve(registry, name, vendor_id):
    assert registry.vendor(name).id == vendor_id


def test_unknown_vendor_suggests(registry):
    with pytest.raises(UnknownVendorError, match="unknown vendor 'Hikvison'.*closest: 'hikvision'"):
        registry.vendor("Hikvison")
    assert registry.get_vendor("Hikvison") is None


def test_deployments_in_accepts_codes_and_names(registry):
    by_alpha2 = registry.deployments_in("KZ")
    assert by_alpha2 == registry.deployments_in("KAZ") == registry.deployments_in("Kazakhstan")
    assert by_alpha2 and all(d.country == "KZ" for d in by_alpha2)
    with pytest.raises(UnknownCountryError, match="did you mean 'Kazakhstan'"):
        registry.deployments_in("Kazakstan")


@pytest.mark.parametrize("kind", FRAME_KINDS)
def test_frames_have_one_row_per_record_and_a_licence(registry, kind):
    frame = registry.to_frame(kind)
    expected = {
        "vendors": len(registry.vendors),
        "deployments": len(registry.deployments),
        "presence": len(registry.presence),
        "regulatory_actions": sum(len(v.regulatory_actions) for v in registry.vendors),
        "security_issues": sum(len(v.security_issues) for v in registry.vendors),
        "abuses": sum(len(v.abuses) for v in registry.vendors),
        "evidence": sum(1 for _ in registry.iter_evidence()),
    }[kind]
    assert len(frame) == expected
    assert "CC BY 4.0" in frame.attrs["license"]


def test_frames_carry_join_columns(registry):
    assert {"id", "country", "vendors", "sector"} <= set(registry.to_frame("deployments").columns)
    assert {"vendor_id", "id", "jurisdiction", "date"} <= set(registry.to_frame("regulatory_actions").columns)
    assert {"record_kind", "record_id", "source_id", "quote"} <= set(registry.to_frame("evidence").columns)
    with pytest.raises(ValueError, match="unknown frame kind 'deployment'"):
        registry.to_frame("deployment")


def test_coverage_counts_add_up(registry):
    table = registry.coverage()
    assert table["deployments"].sum() == len(registry.deployments)
    by_conf = registry.coverage("confidence")
    assert by_conf["deployments"].sum() == len(registry.deployments)
    by_vendor = registry.coverage("vendor")  # a two-vendor deployment counts for each vendor
    assert by_vendor["deployments"].sum() == sum(len(d.vendors) for d in registry.deployments)


def test_data_source_is_reported():
    source = techrisk.data_source()
    assert source.kind in ("package", "checkout", "env")
    assert (source.vendors / "huawei.yaml").is_file()


def test_vendor_prints_a_short_summary(registry):
    text = str(registry.vendor("Hikvision"))
    assert text.startswith("Vendor(id='hikvision', name='Hikvision', headquarters='Hangzhou'")
    assert "evidence" not in text
