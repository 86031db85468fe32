"""Supplier screening (issue 17): match kinds, false-positive guards, as_of, inputs, and the
precision and recall on a labelled list.

The expectations below were written by hand from the registry's vendor files (which names,
entities and brands each vendor has, and their dates), not copied from the screener's output.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

import techrisk
from techrisk.cli import main
from techrisk.data.names import cjk_key, name_key, ticker_key

LABELLED = Path(__file__).parent / "fixtures" / "screening" / "labelled_suppliers.csv"


def one(name: str, **kwargs) -> dict:
    return techrisk.screen([name], **kwargs).iloc[0].to_dict()


def test_name_keys():
    assert name_key("Huawei Technologies Co., Ltd.") == "huawei technologies"
    assert name_key("ZTE Hungary Kft.") == "zte hungary"
    assert name_key("Hikvision Deutschland GmbH") == "hikvision deutschland"
    assert cjk_key("华为技术（德国）有限公司") == "华为技术德国"
    assert [ticker_key(t) for t in ("002415", "SZSE:002415", "763.HK", "0763.HK", "763", "12345")] == \
        ["2415", "2415", "763", "763", None, None]


@pytest.mark.parametrize(("name", "vendor", "kind", "role"), [
    ("Hikvision", "hikvision", "exact", "vendor name"),
    ("Zhejiang Dahua Technology Co., Ltd.", "dahua", "exact", "legal entity (parent)"),
    ("HUAWEI TECHNOLOGIES CO., LIMITED", "huawei", "normalised", "subsidiary"),
    ("Hua Wei Technologies Co. Ltd", "huawei", "normalised", "subsidiary"),
    ("浙江大华技术股份有限公司", "dahua", "exact", "alias"),
    ("华为技术（德国）有限公司", "huawei", "chinese", "unrecorded entity bearing the vendor's name"),
    ("SZSE:002415", "hikvision", "ticker", "alias"),
    ("0763.HK", "zte", "ticker", "alias"),
    ("ZTE Hungary Kft", "zte", "fuzzy", "unrecorded entity bearing the vendor's name"),
    ("Huawei Technologies Italia S.r.l.", "huawei", "fuzzy", "unrecorded entity bearing the vendor's name"),
    # Recorded since 2026-11-29, as an affiliate (its sources do not show the ownership).
    ("Huawei Technologies Deutschland GmbH", "huawei", "exact", "affiliate"),
    ("Nuctech Netherlands B.V.", "nuctech", "normalised", "subsidiary"),
    ("Hikvison Digital Technology Co Ltd", "hikvision", "fuzzy", "alias"),
    ("Dahua Technology Poland Sp. z o.o.", "dahua", "fuzzy", "unrecorded entity bearing the vendor's name"),
    ("HiSilicon Technologies Co. Ltd.", "huawei", "normalised", "subsidiary"),
    # A legal entity written "Name (Other Name)" is found under either name.
    ("Tongfang Co., Ltd.", "nuctech", "exact", "legal entity (parent)"),
    ("Tsinghua Tongfang Co Ltd", "nuctech", "normalised", "legal entity (parent)"),
    # Legal forms and Chinese city names inside a name are companions of a weak anchor.
    ("Dahua Technology Co., Ltd. Beijing Branch", "dahua", "fuzzy", "unrecorded entity bearing the vendor's name"),
    ("Dahua Iberia SL", "dahua", "fuzzy", "unrecorded entity bearing the vendor's name"),
    # Subsidiaries recorded as presence (vendors/countries/AZ.yaml, HU.yaml), with their evidence.
    ("Huawei Technologies Azerbaijan LLC", "huawei", "exact", "subsidiary"),
    ("Huawei Technologies Hungary Kft.", "huawei", "normalised", "subsidiary"),
])
def test_match_kinds(name, vendor, kind, role):
    row = one(name, as_of="2026-01-01")
    assert (row["vendor_id"], row["match_kind"], row["role"]) == (vendor, kind, role)
    assert 0 < row["similarity"] <= 1
    assert row["evidence"]


@pytest.mark.parametrize("name", [
    "Hua Wei Restaurant",            # a vendor name split into syllables, with other words
    "Da Hua Trading",
    "Dahua Trading Co., Ltd.",       # Dahua is also an ordinary Chinese firm name: needs its companions
    "Dahua County People's Hospital",  # and a county in Guangxi
    "Dahua Hong Kong Trading",
    "Tongfang Textiles",
    "大华银行",                        # United Overseas Bank's Chinese name
    "中兴百货",                        # 中兴 alone is a common word; ZTE is 中兴通讯
    "Honor Guard Security Services",  # an ordinary word that is also Huawei's former brand
    "HiVision Systems Ltd",           # one letter from Hikvision, but no Hikvision name
    "Nutech Systems Inc.",
    "ZTT International Limited",
    "Technology Company",
    "763",                            # a bare short number is no stock code
    "",
])
def test_false_positive_guards(name):
    row = one(name)
    assert row["vendor_id"] is None and row["match_kind"] == "none", row


def test_former_subsidiary_follows_as_of():
    """Dahua Technology USA: since 2014, sold in January 2024 (vendors/dahua.yaml)."""
    before = one("Dahua Technology USA Inc.", as_of="2023-06-30")
    after = one("Dahua Technology USA Inc.", as_of="2024-02-01")
    assert (before["role"], before["status"]) == ("subsidiary", "current")
    assert (after["role"], after["status"], after["until"]) == ("former subsidiary", "former", "2024-01")
    # The last day of January 2024 is still inside "2024-01".
    assert one("Dahua Technology USA", as_of="2024-01-31")["status"] == "current"
    assert one("Dahua Technology USA", as_of="2013")["status"] == "not yet"


def test_former_brands():
    lorex = one("Lorex", as_of="2022-11-25")
    assert (lorex["vendor_id"], lorex["role"], lorex["until"]) == ("dahua", "former brand", "2022-11-24")
    assert one("Lorex", as_of="2022-11-24")["role"] == "brand"
    honor = one("Honor", as_of="2021")
    assert (honor["vendor_id"], honor["role"], honor["since"], honor["until"]) == ("huawei", "former brand", "2013", "2020-11-17")
    assert "Shenzhen Zhixin" in honor["evidence"]


def test_a_different_country_is_a_different_company():
    """"Dahua Technology UK Ltd" is as close to the registry's "Dahua Technology USA" as a
    spelling variant would be (token ratio above 90), but UK is not USA: it is Dahua-named and
    unrecorded, not the former US subsidiary (whose sale would make it look "former")."""
    uk = one("Dahua Technology UK Ltd", as_of="2025-01-01")
    assert (uk["vendor_id"], uk["role"], uk["status"], uk["until"]) == \
        ("dahua", "unrecorded entity bearing the vendor's name", "current", None)
    south_africa = one("Huawei Technologies South Africa")
    assert south_africa["role"] == "unrecorded entity bearing the vendor's name"
    # A misspelling with the same country still finds the recorded company.
    typo = one("Dahua Technolgy USA", as_of="2025-01-01")
    assert (typo["matched_name"], typo["role"]) == ("Dahua Technology USA", "former subsidiary")


def test_company_named_after_a_brand_takes_the_brands_dates():
    """Lorex was Dahua's brand from 2018 until 24 November 2022 (vendors/dahua.yaml): a company
    called after it is tied to Dahua only through the brand, so it is former after the sale."""
    after = one("Lorex Technology Inc", as_of="2023-06-30")
    assert (after["vendor_id"], after["role"], after["status"], after["until"]) == \
        ("dahua", "former unrecorded brand company", "former", "2022-11-24")
    assert "brand Lorex" in after["evidence"]
    before = one("Lorex Technology Inc", as_of="2020-01-01")
    assert (before["role"], before["status"]) == ("unrecorded brand company", "current")
    # A company bearing the vendor's own name has no dates of its own.
    assert one("ZTE Hungary Kft.", as_of="2023-06-30")["until"] is None
    # Likewise a company named after a former affiliate: H3C (Huawei's joint venture with 3Com,
    # Huawei's stake sold in November 2006, vendors/huawei.yaml).
    h3c = one("Hangzhou H3C Technologies Co., Ltd.", as_of="2025-01-01")
    assert (h3c["vendor_id"], h3c["role"], h3c["until"]) == \
        ("huawei", "former unrecorded company bearing an affiliate's name", "2006-11")


def test_huawei_marine_is_a_former_affiliate_after_its_sale():
    """vendors/huawei.yaml: Huawei agreed in June 2019 to sell its 51% of Huawei Marine to
    Hengtong; the unit was renamed HMN Technologies. Neither name is a current Huawei name."""
    for name in ("Huawei Marine Networks", "HMN Tech Co., Ltd.", "HMN Technologies"):
        row = one(name, as_of="2024-01-01")
        assert (row["vendor_id"], row["role"], row["until"]) == ("huawei", "former affiliate", "2019-06"), name
    assert one("Huawei Marine Networks", as_of="2015-01-01")["role"] == "affiliate"


def test_inputs_frame_csv_parquet_ocds(tmp_path):
    frame = pd.DataFrame({"lot": [1, 2], "supplier": ["ZTE Corporation", "Acme Ltd"]})
    out = techrisk.screen(frame, column="supplier")
    assert out["lot"].tolist() == [1, 2] and out["vendor_id"].fillna("").tolist() == ["zte", ""]
    frame.to_csv(tmp_path / "s.csv", index=False)
    assert techrisk.screen(tmp_path / "s.csv")["vendor_id"].fillna("").tolist() == ["zte", ""]  # "supplier" found by name
    frame.to_parquet(tmp_path / "s.parquet")
    assert techrisk.screen(str(tmp_path / "s.parquet"), column="supplier")["vendor_id"].fillna("").tolist() == ["zte", ""]
    frame.to_excel(tmp_path / "s.xlsx", index=False)
    assert techrisk.screen(tmp_path / "s.xlsx")["vendor_id"].fillna("").tolist() == ["zte", ""]
    with pytest.raises(ValueError, match="no column 'nope'"):
        techrisk.screen(frame, column="nope")
    package = {"releases": [{"ocid": "ocds-1", "id": "r1",
                             "parties": [{"id": "p1", "name": "Hikvision UK Ltd", "roles": ["supplier"]},
                                         {"id": "p2", "name": "Axis Communications AB", "roles": ["tenderer"]}],
                             "awards": [{"suppliers": [{"id": "p1", "name": "Hikvision UK Ltd"}]}]}]}
    (tmp_path / "release.json").write_text(json.dumps(package))
    out = techrisk.screen(tmp_path / "release.json")
    assert out[["ocid", "party_role", "input", "vendor_id"]].fillna("").values.tolist() == [
        ["ocds-1", "supplier", "Hikvision UK Ltd", "hikvision"], ["ocds-1", "tenderer", "Axis Communications AB", ""]]


def test_cli_screen(tmp_path, capsys):
    (tmp_path / "in.csv").write_text("id,company\n1,Nuctech Company Limited\n2,Smiths Detection\n", encoding="utf-8")
    assert main(["screen", str(tmp_path / "in.csv"), "--column", "company", "-o", str(tmp_path / "out.csv")]) == 0
    out = pd.read_csv(tmp_path / "out.csv")
    assert out["vendor_id"].fillna("").tolist() == ["nuctech", ""]
    assert out["id"].tolist() == [1, 2]
    assert "1 of 2" in capsys.readouterr().out


def test_labelled_precision_and_recall():
    """Precision and recall on 385 hand-labelled supplier names (204 vendor names, 181 hard
    negatives: sound-alikes, split syllables, same Chinese name, place names, unrelated Chinese
    and Western firms, public bodies). Labels follow the registry (a brand the registry does not
    hold, such as Imou, is not in the list). Targets from issue 17: precision >= 0.98, recall >= 0.95."""
    with LABELLED.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 300
    out = techrisk.screen([r["name"] for r in rows])
    predicted = out["vendor_id"].fillna("").tolist()
    tp = sum(1 for r, p in zip(rows, predicted, strict=True) if p and p == r["expected_vendor"])
    fp = sum(1 for r, p in zip(rows, predicted, strict=True) if p and p != r["expected_vendor"])
    fn = sum(1 for r, p in zip(rows, predicted, strict=True) if r["expected_vendor"] and p != r["expected_vendor"])
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    misses = [(r["name"], p) for r, p in zip(rows, predicted, strict=True) if p != r["expected_vendor"]]
    print(f"screening: precision {precision:.3f}, recall {recall:.3f}, misses {misses}")
    assert precision >= 0.98, misses
    assert recall >= 0.95, misses


def test_ocds_record_package(tmp_path):
    package = {"records": [{"ocid": "ocds-2", "compiledRelease": {
        "ocid": "ocds-2", "id": "c1", "parties": [{"id": "s1", "name": "Nuctech Company Limited", "roles": ["supplier"]}],
        "awards": [{"suppliers": [{"id": "s1"}]}]}}]}
    (tmp_path / "record.json").write_text(json.dumps(package))
    out = techrisk.screen(tmp_path / "record.json")
    assert out[["ocid", "party_role", "input", "vendor_id"]].values.tolist() == [
        ["ocds-2", "supplier", "Nuctech Company Limited", "nuctech"]]
    (tmp_path / "other.json").write_text(json.dumps({"data": []}))
    with pytest.raises(ValueError, match="not an OCDS release or record package"):
        techrisk.screen(tmp_path / "other.json")
