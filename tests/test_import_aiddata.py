"""scripts/import_aiddata.py: which AidData rows become drafts, and how drafts are coded.

The rows here are made up (no AidData data is copied into the project); each one exercises
one rule of the classifier.
"""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parents[1] / "scripts" / "import_aiddata.py"
spec = importlib.util.spec_from_file_location("import_aiddata", SCRIPT)
aiddata = importlib.util.module_from_spec(spec)
sys.modules["import_aiddata"] = aiddata  # dataclasses look their module up by name
spec.loader.exec_module(aiddata)


def row(title, vendors=("huawei",), flow="Grant", funding="Unspecified Chinese Government Institution",
        status="Completion", description=""):
    return aiddata.Row(aiddata_id="1", country="KE", title=title, status=status, commitment_year="2015",
                       completion="2017-03-01T00:00:00", funding=funding, implementing="", vendors=tuple(vendors),
                       description=description, flow_type=flow)


@pytest.mark.parametrize(("title", "vendors", "flow", "expected"), [
    ("Huawei sponsors students for ICT training in China", ("huawei",), "Grant", ("left out", "scholarships or training")),
    ("Huawei donates smart classroom to a middle school", ("huawei",), "Grant", "left out"),
    ("Huawei provides solar inverters for a power plant", ("huawei",), "Grant", ("left out", "solar, power or energy equipment")),
    ("Government grant for CT scanners to county hospitals", ("nuctech",), "Loan", ("left out", "medical equipment")),
    ("Government donates two container scanners to customs", (), "Grant", "left out"),  # no vendor named
    ("Government donates two container scanners to customs", ("nuctech",), "Grant", ("draft", "border_customs_screening")),
    ("Exim loan for a Safe City Project", ("huawei",), "Loan", ("draft", "safe_city_platform")),
    ("Huawei supplier credit to the operator for telecommunications equipment", ("huawei",),
     "Supplier's Credit/Export Seller's Credit", ("draft", "fixed_broadband_transmission")),
    ("Government donates video conferencing equipment to a ministry", ("zte",), "Grant", ("draft", "government_network")),
    ("Huawei trains engineers", ("huawei",), "Scholarships/training in the donor country", "left out"),
])
def test_classify(title, vendors, flow, expected):
    decision = aiddata.classify(row(title, vendors, flow))
    if isinstance(expected, tuple):
        assert decision == expected
    else:
        assert decision[0] == expected


def test_financing_follows_flow_type_and_funder():
    assert aiddata.financing(row("x", flow="Loan", funding="Export-Import Bank of China")) == "prc_state_loan"
    assert aiddata.financing(row("x", flow="Export Buyer's Credit", funding="China Development Bank")) == "prc_state_loan"
    assert aiddata.financing(row("x", flow="Grant")) == "grant_donation"
    # A vendor's own supplier credit is not a state loan: left for the reviewer.
    assert aiddata.financing(row("x", flow="Supplier's Credit/Export Seller's Credit",
                                 funding="Huawei Technologies Co., Ltd.")) == "unknown"


def test_draft_cites_the_project_page_and_marks_what_needs_review():
    record, notes = aiddata.draft(row("Exim loan for Huawei Safe City Project", flow="Loan",
                                      funding="Export-Import Bank of China",
                                      description="The city signed the deal in 2015. Huawei installed 500 cameras."),
                                  "safe_city_platform")
    assert record["id"] == "ke-aiddata-1" and record["financing"] == "prc_state_loan"
    assert record["status"] == [{"value": "contracted", "date": "2015"}, {"value": "operational", "date": "2017-03-01"}]
    first, second = record["evidence"]
    assert first["url"] == "https://china.aiddata.org/projects/1" and first["quote"] == first["title"]
    assert first["supports"] == ["vendors", "financing"]  # the title names Huawei and a loan
    assert second["quote"] == "Huawei installed 500 cameras." and second["supports"] == ["vendors"]
    assert any(n.startswith("REVIEW status") for n in notes)


def test_rerun_never_overwrites_a_draft(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "huawei_finance_dataset_v2.csv").write_text(
        "AidData TUFF Project ID,Description,Flow Type,Source URLs\n9,Huawei built it.,Grant,\n", encoding="utf-8")
    (data / "gcdf_v2_geolocated_projects.csv").write_text("AidData TUFF Project ID,Flow Type\n", encoding="utf-8")
    (data / "vendor_linked_projects.csv").write_text(
        "aiddata_id,country_iso2,title,status,commitment_year,completion,funding_agencies,implementing_agencies,vendors\n"
        "9,KE,Huawei donates a national backbone network,Completion,2015,,Huawei,,huawei\n", encoding="utf-8")
    out = tmp_path / "out"
    assert aiddata.main(["--data", str(data), "--out", str(out)]) == 0
    draft = out / "KE.yaml"
    assert "ke-aiddata-9" in draft.read_text(encoding="utf-8")
    draft.write_text("# reviewed by hand\n", encoding="utf-8")
    aiddata.main(["--data", str(data), "--out", str(out)])
    assert draft.read_text(encoding="utf-8") == "# reviewed by hand\n"
    assert "draft" in (out / "decisions.csv").read_text(encoding="utf-8")


def test_reviewed_rows_are_left_out_with_their_reason(tmp_path):
    path = tmp_path / "reviewed.csv"
    path.write_text("aiddata_id,country,decision,reason,reviewed\n"
                    "71,RW,left out,\"a small donation, no system named\",2026-11-29\n"
                    "72,RW,recorded,,2026-11-29\n", encoding="utf-8")
    assert aiddata.reviewed_decisions(path) == {"71": "a small donation, no system named"}
    assert aiddata.reviewed_decisions(tmp_path / "missing.csv") == {}


def test_shipped_review_file_gives_a_reason_for_every_row():
    with open(aiddata.REVIEWED, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows, "scripts/aiddata_reviewed.csv is empty"
    assert all(r["decision"] == "left out" and len(r["reason"]) > 20 and r["aiddata_id"].isdigit() for r in rows)
    assert len({r["aiddata_id"] for r in rows}) == len(rows)
