"""Draft deployment records from AidData's Chinese development finance extracts, for review.

    python scripts/import_aiddata.py [--data ../shared/datasets/aiddata] [--out build/aiddata]

Reads the shared extracts (AidData, William & Mary; ODC-By 1.0: attribute AidData and state
the licence), classifies every row that names a registry vendor, and writes:

- ``<out>/decisions.csv``: one line per row: ``draft`` (a deployment of a vendor's technology:
  networks, cameras, scanners, data centres, e-government, safe-city systems), ``recorded``
  (a registry record already cites the project page) or ``left out`` with the reason
  (scholarships, training, donations of devices, solar plants, sponsorships...).
- ``<out>/<ISO2>.yaml``: draft records for the ``draft`` rows, with ``REVIEW`` comments where
  a person must decide (sector, operator, status, what the quotes support).

Drafts are never loaded by techrisk and never written into ``vendors/``: a reviewer reads the
project page and, where AidData lists them, a primary source, corrects the draft and moves it
into ``vendors/countries/<ISO2>.yaml``. Rerunning is safe: projects a registry record already
cites are skipped, and an existing draft file is left alone unless ``--force`` is given.

A reviewer who decides that a drafted row is not a deployment writes it, with the reason, in
``scripts/aiddata_reviewed.csv``; the row is then ``left out (reviewed)`` and no longer drafted.
"""

from __future__ import annotations

import argparse
import csv
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

DATASET_DATE = "2021-09-29"  # release date of GCDF 2.0 and the Huawei Finance Dataset 2.0
PAGE = "https://china.aiddata.org/projects/{}"
VENDOR_NAMES = {
    "huawei": r"huawei", "zte": r"\bzte\b|zhongxing", "nuctech": r"nuctech|tongfang vision",
    "hikvision": r"hikvision", "dahua": r"\bdahua\b",
}
# Rows that are not deployments of a vendor's technology, checked in this order.
LEFT_OUT = (
    ("scholarships or training", r"scholarship|seeds for the future|\btrain(s|ed|ing)?\b|training cent|academy|"
                                 r"\bcourse|study trip|talent|competition|\baward"),
    ("donation of devices or a classroom, not a system", r"donat\w* (\w+ ){0,3}(phones?|laptops?|computers?|tablets?|"
                                                          r"smart ?classroom)|smart ?classroom"),
    ("solar, power or energy equipment", r"solar|photovoltaic|inverter|power (plant|station)"),
    ("sponsorship, charity or emergency relief", r"sponsor|charit|festival|relief|covid|mask|medical supplies|food"),
    ("medical equipment", r"hospital|medical|\bmri\b|computed tomography|\bct\b|clinic"),
    ("equipment for a university, school, library or laboratory, not a deployed system",
     r"universit|school|college|institute of|laborator|\blabs?\b|library|books"),
)
# A deployment: the kind of system, read from the title, and the sector it suggests.
SYSTEMS = (
    (r"scanner|inspection system|x-ray|container inspection", "border_customs_screening"),
    (r"video ?conferenc", "government_network"),
    (r"safe city|smart city|surveillance|cctv|video|camera|monitoring", "safe_city_platform"),
    (r"data cent(er|re)|cloud", "data_centre_cloud"),
    (r"e-government|egovernment|government (network|communication)|e-governance|national id|identity",
     "government_network"),
    (r"submarine cable", "submarine_cable"),
    (r"backbone|fib(er|re)|optical|broadband|transmission", "fixed_broadband_transmission"),
    (r"\b(gsm|cdma|3g|4g|lte|mobile|cellular|wireless|tower|base station)", "mobile_ran_4g"),
    (r"5g", "mobile_ran_5g"),
    (r"telecom|telephone|network|communication", "fixed_broadband_transmission"),
)
STATE_BANKS = r"export-import bank of china|china eximbank|china development bank"


@dataclass
class Row:
    aiddata_id: str
    country: str
    title: str
    status: str
    commitment_year: str
    completion: str
    funding: str
    implementing: str
    vendors: tuple[str, ...]
    description: str = ""
    flow_type: str = ""
    source_urls: str = ""


def read_rows(data: Path) -> list[Row]:
    """The vendor-linked rows, with description and flow type joined from the other extracts."""
    details: dict[str, dict[str, str]] = {}
    with open(data / "huawei_finance_dataset_v2.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            details[r["AidData TUFF Project ID"]] = {"description": r["Description"], "flow": r["Flow Type"],
                                                     "sources": r["Source URLs"]}
    with open(data / "gcdf_v2_geolocated_projects.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            details.setdefault(r["AidData TUFF Project ID"], {"description": "", "flow": r["Flow Type"], "sources": ""})
    rows, seen = [], set()
    with open(data / "vendor_linked_projects.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            key = (r["aiddata_id"], r["country_iso2"])
            if key in seen or not r["country_iso2"]:
                continue
            seen.add(key)
            extra = details.get(r["aiddata_id"], {})
            rows.append(Row(
                aiddata_id=r["aiddata_id"], country=r["country_iso2"], title=r["title"], status=r["status"],
                commitment_year=r["commitment_year"], completion=r["completion"], funding=r["funding_agencies"],
                implementing=r["implementing_agencies"],
                vendors=tuple(v for v in r["vendors"].split("|") if v),
                description=extra.get("description", ""), flow_type=extra.get("flow", ""),
                source_urls=extra.get("sources", ""),
            ))
    return rows


def classify(row: Row) -> tuple[str, str]:
    """``("draft", sector)`` or ``("left out", reason)`` for one row, from its title, flow type and
    the vendors AidData's row names."""
    title = row.title.lower()
    if "scholarship" in row.flow_type.lower() or "technical assistance" in row.flow_type.lower():
        return "left out", f"flow type is {row.flow_type!r}, not equipment"
    for reason, pattern in LEFT_OUT:
        if re.search(pattern, title):
            return "left out", reason
    if not row.vendors:
        return "left out", ("no registry vendor named in AidData's row (a lead: Chinese-funded scanners are often "
                            "Nuctech's; read a source that names the supplier)")
    for pattern, sector in SYSTEMS:
        if re.search(pattern, title):
            return "draft", sector
    return "left out", "the title names no network, camera, scanner, data centre or government system"


def financing(row: Row) -> str:
    """What AidData's flow type and funders say: a state-bank loan or credit, a grant, else unknown."""
    funders, flow = row.funding.lower(), row.flow_type.lower()
    if re.search(STATE_BANKS, funders) and ("loan" in flow or "credit" in flow or not flow):
        return "prc_state_loan"
    if flow == "grant":
        return "grant_donation"
    return "unknown"


def _status(row: Row) -> list[dict[str, str]]:
    year = row.commitment_year or "unknown"
    done = (row.completion or "")[:10] or "unknown"
    if row.status == "Pipeline: Pledge":
        return [{"value": "agreed", "date": year}]
    if row.status in ("Pipeline: Commitment", "Implementation"):
        return [{"value": "contracted", "date": year}]
    if row.status == "Completion":
        if done != "unknown" and year != "unknown":
            return [{"value": "contracted", "date": year}, {"value": "operational", "date": done}]
        return [{"value": "operational", "date": done}]
    return [{"value": "reported", "date": "unknown"}]


def _first_sentence(text: str, vendors: tuple[str, ...]) -> str | None:
    """The first sentence of a description that names one of the vendors (at most 800 characters)."""
    for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
        if any(re.search(VENDOR_NAMES[v], sentence, re.I) for v in vendors) and len(sentence) <= 800:
            return sentence
    return None


def draft(row: Row, sector: str) -> tuple[dict, list[str]]:
    """A draft record (a plain dict) and the review notes that go above it."""
    named = [v for v in row.vendors if re.search(VENDOR_NAMES[v], row.title, re.I)]
    fin = financing(row)
    title_supports = (["vendors"] if named else []) + (
        ["financing"] if fin != "unknown" and re.search(r"loan|credit|grant|donat", row.title, re.I) else [])
    evidence = [{"publisher": "AidData", "title": row.title, "date": DATASET_DATE,
                 "url": PAGE.format(row.aiddata_id), "quote": row.title, "supports": title_supports}]
    sentence = _first_sentence(row.description, row.vendors)
    if sentence and sentence != row.title:
        evidence.append({"publisher": "AidData", "title": row.title, "date": DATASET_DATE,
                         "url": PAGE.format(row.aiddata_id), "quote": sentence, "supports": ["vendors"]})
    record = {
        "id": f"{row.country.lower()}-aiddata-{row.aiddata_id}",
        "country": row.country,
        "vendors": list(row.vendors),
        "operator": "unknown",
        "sector": sector,
        "data_captured": ["unknown"],
        "coverage": "unknown",
        "start": row.commitment_year or "unknown",
        "status": _status(row),
        "financing": fin,
        "access": ["unknown"],
        "confidence": "credible",
        "evidence": evidence,
    }
    notes = [
        f"REVIEW AidData {row.aiddata_id}: {row.title}",
        f"REVIEW sector {sector!r} is a guess from the title; operator, coverage and data captured are unknown.",
        f"REVIEW status from AidData's Status field ({row.status}); financing from Flow Type {row.flow_type!r} "
        f"and funders {row.funding!r}: find the quote that says each, or write unknown.",
    ]
    if not named and not sentence:
        notes.append(f"REVIEW no quote names the vendor (AidData lists it among implementing agencies: "
                     f"{row.implementing!r}); read a primary source.")
    if row.source_urls:
        notes.append("REVIEW primary sources AidData lists: " + row.source_urls.replace("|", " "))
    return record, notes


def cited_projects(vendors_dir: Path) -> dict[str, str]:
    """AidData project ids cited by registry records -> the citing record's id."""
    out: dict[str, str] = {}
    for path in sorted((vendors_dir / "countries").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for record in doc.get("deployments") or []:
            for ev in record.get("evidence") or []:
                m = re.match(r"https?://china\.aiddata\.org/projects/(\d+)", str(ev.get("url") or ""))
                if m:
                    out.setdefault(m.group(1), record["id"])
    return out


REVIEWED = Path(__file__).with_name("aiddata_reviewed.csv")


def reviewed_decisions(path: Path = REVIEWED) -> dict[str, str]:
    """AidData project id -> the reviewer's reason for leaving a drafted row out."""
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["aiddata_id"]: r["reason"] for r in csv.DictReader(fh) if r["decision"] == "left out"}


def main(argv: list[str] | None = None) -> int:
    root = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=root.parent / "shared" / "datasets" / "aiddata")
    parser.add_argument("--out", type=Path, default=root / "build" / "aiddata")
    parser.add_argument("--force", action="store_true", help="rewrite existing draft files")
    args = parser.parse_args(argv)
    rows = read_rows(args.data)
    cited = cited_projects(root / "vendors")
    reviewed = reviewed_decisions()
    args.out.mkdir(parents=True, exist_ok=True)
    drafts: dict[str, list[tuple[dict, list[str]]]] = {}
    with open(args.out / "decisions.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["aiddata_id", "country", "title", "decision", "reason_or_sector", "registry_record"])
        for row in rows:
            decision, detail = classify(row)
            if row.aiddata_id in cited:
                decision, detail = "recorded", detail
            elif decision == "draft" and row.aiddata_id in reviewed:
                decision, detail = "left out (reviewed)", reviewed[row.aiddata_id]
            writer.writerow([row.aiddata_id, row.country, row.title, decision, detail, cited.get(row.aiddata_id, "")])
            if decision == "draft":
                drafts.setdefault(row.country, []).append(draft(row, detail))
    written = 0
    for country, items in sorted(drafts.items()):
        path = args.out / f"{country}.yaml"
        if path.exists() and not args.force:
            continue
        parts = ["# Draft records from AidData (ODC-By 1.0): review every field before moving one into vendors/.",
                 "deployments:"]
        for record, notes in items:
            parts.extend(f"  # {note}" for note in notes)
            body = yaml.safe_dump([record], sort_keys=False, allow_unicode=True, width=100)
            parts.append("\n".join("  " + line for line in body.rstrip().splitlines()))
        path.write_text("\n".join(parts) + "\n", encoding="utf-8")
        written += 1
    counts: dict[str, int] = {}
    with open(args.out / "decisions.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            counts[r["decision"]] = counts.get(r["decision"], 0) + 1
    print(f"{len(rows)} AidData rows: {counts}; draft files written: {written} (in {args.out})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
