"""Exports for the field's tools: flat tables (CSV, Excel, Parquet, JSON lines) and
FollowTheMoney entities.

Tables open cleanly in pandas, Excel, R and Datawrapper: the first line is the header, lists
are joined with ``"; "``, and the licence and attribution go in a ``LICENSE.txt`` file beside
the tables (a ``licence`` sheet in Excel), never into a comment line. The deployments and
presence tables, with the evidence table, are the layout :mod:`techrisk.data.tabular` reads
back as user records.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from techrisk.data.countries import country_name
from techrisk.data.licence import DATA_LICENCE
from techrisk.data.models import Deployment

if TYPE_CHECKING:
    import pandas as pd

    from techrisk.data.models import Presence
    from techrisk.data.registry import Registry

TABLES = ("vendors", "legal_entities", "brands", "deployments", "presence", "regulatory_actions", "evidence")
FORMATS = ("csv", "xlsx", "parquet", "jsonl", "ftm")
LICENCE_FILE = "LICENSE.txt"


def _joined(values: Any) -> str:
    return "; ".join(str(v) for v in values)


def export_tables(registry: Registry) -> dict[str, pd.DataFrame]:
    """Every export table as a DataFrame, keyed by table name (see ``TABLES``)."""
    import pandas as pd

    from techrisk.data.frames import evidence_rows

    vendors = [{"vendor_id": v.id, "name": v.name, "aliases": _joined(v.aliases),
                "headquarters": v.headquarters.city, "hq_country": v.headquarters.country,
                "founded": v.founded.year, "state_linked": v.state_linked} for v in registry.vendors]
    entities = [{"vendor_id": v.id, "name": e.name, "role": e.role, "jurisdiction": e.jurisdiction,
                 "since": e.since, "until": e.until, "evidence": len(e.evidence)}
                for v in registry.vendors for e in v.legal_entities]
    brands = [{"vendor_id": v.id, "name": b.name, "kind": b.kind, "since": b.since, "until": b.until,
               "evidence": len(b.evidence)} for v in registry.vendors for b in v.brands]
    actions = [{"vendor_id": v.id, "id": a.id, "jurisdiction": a.jurisdiction, "authority": a.authority,
                "scope": a.scope, "kind": a.kind, "date": a.date, "status": a.status, "sectors": _joined(a.sectors),
                "summary": a.summary, "evidence": len(a.evidence)}
               for v in registry.vendors for a in v.regulatory_actions]
    evidence = [{k: v for k, v in row.items() if k != "_evidence"} for row in evidence_rows(registry)]
    frames = {
        "vendors": pd.DataFrame(vendors),
        "legal_entities": pd.DataFrame(entities, columns=["vendor_id", "name", "role", "jurisdiction", "since",
                                                          "until", "evidence"]),
        "brands": pd.DataFrame(brands, columns=["vendor_id", "name", "kind", "since", "until", "evidence"]),
        "deployments": pd.DataFrame([record_row(d) for d in registry.deployments], columns=list(DEPLOYMENT_COLUMNS)),
        "presence": pd.DataFrame([record_row(p) for p in registry.presence], columns=list(PRESENCE_COLUMNS)),
        "regulatory_actions": pd.DataFrame(actions, columns=["vendor_id", "id", "jurisdiction", "authority", "scope",
                                                             "kind", "date", "status", "sectors", "summary",
                                                             "evidence"]),
        "evidence": pd.DataFrame(evidence),
    }
    for frame in frames.values():
        frame.attrs["license"] = DATA_LICENCE
    return frames


DEPLOYMENT_COLUMNS = (
    "id", "country", "country_name", "system", "place", "name", "vendors", "partners", "operator", "operator_name",
    "sector", "data_captured", "capabilities", "scale_value", "scale_unit", "scale_note", "coverage", "start",
    "status", "current_status", "status_date", "end", "status_checked", "financing", "access", "confidence",
    "summary", "evidence",
)
PRESENCE_COLUMNS = ("id", "country", "country_name", "vendors", "kind", "name", "start", "summary", "evidence")


def record_row(record: Deployment | Presence) -> dict[str, Any]:
    """One deployment or presence record in the table layout (lists joined with "; ")."""
    row: dict[str, Any] = {"id": record.id, "country": record.country, "country_name": country_name(record.country)}
    for key, value in record.model_dump(exclude={"id", "country", "evidence", "scale", "history"}).items():
        row[key] = _joined(value) if isinstance(value, (list, tuple)) else value
    if isinstance(record, Deployment):
        row["status"] = "; ".join(f"{e.value} {e.date}" for e in record.history)
        row["current_status"] = record.status
        row["status_date"] = record.history[-1].date
        row["end"] = record.end
        scale = record.scale
        row.update(scale_value=scale.value if scale else None, scale_unit=scale.unit if scale else None,
                   scale_note=scale.note if scale else None)
    row["evidence"] = len(record.evidence)
    return row


def write_export(registry: Registry, fmt: str, path: str | os.PathLike[str],
                 tables: tuple[str, ...] = TABLES) -> list[Path]:
    """Write the registry in ``fmt`` to ``path``; return the files written.

    ``csv`` and ``parquet`` write a folder with one file per table; ``xlsx`` one workbook with
    a sheet per table; ``jsonl`` one file with one JSON object per row (``"table"`` names its
    table); ``ftm`` one file of FollowTheMoney entities, one JSON object a line. Every format
    writes the licence and attribution into ``LICENSE.txt`` beside the data (and a ``licence``
    sheet in Excel).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    unknown = sorted(set(tables) - set(TABLES))
    if unknown:
        raise ValueError(f"unknown table(s) {unknown}; choose from: {', '.join(TABLES)}")
    target = Path(path)
    if fmt == "ftm":
        from techrisk.data.ftm import write_ftm

        target.parent.mkdir(parents=True, exist_ok=True)
        write_ftm(registry, target)
        return [target, _licence_beside(target)]
    frames = {name: frame for name, frame in export_tables(registry).items() if name in tables}
    if fmt in ("csv", "parquet"):
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for name, frame in frames.items():
            table_path = target / f"{name}.{fmt}"
            if fmt == "csv":
                frame.to_csv(table_path, index=False)
            else:
                frame.to_parquet(table_path, index=False)
            written.append(table_path)
        (target / LICENCE_FILE).write_text(licence_text(), encoding="utf-8")
        return [*written, target / LICENCE_FILE]
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        import pandas as pd

        with pd.ExcelWriter(target) as writer:
            for name, frame in frames.items():
                frame.to_excel(writer, sheet_name=name, index=False)
            pd.DataFrame({"licence": licence_text().splitlines()}).to_excel(writer, sheet_name="licence", index=False)
        return [target, _licence_beside(target)]
    with target.open("w", encoding="utf-8") as out:
        for name, frame in frames.items():
            for row in json.loads(frame.to_json(orient="records", force_ascii=False)):
                out.write(json.dumps({"table": name, **row}, ensure_ascii=False) + "\n")
    return [target, _licence_beside(target)]


def licence_text() -> str:
    """The licence and attribution that travel with every export."""
    from techrisk._version import __version__

    return (f"techrisk {__version__} data export\n\n{DATA_LICENCE}\n\n"
            "Each row's evidence (the evidence table) names the publications behind it; quotes remain "
            "the work of their publishers.\n")


def _licence_beside(target: Path) -> Path:
    path = target.parent / LICENCE_FILE
    path.write_text(licence_text(), encoding="utf-8")
    return path
