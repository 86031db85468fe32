"""pandas adapters: registry records as DataFrames, one row per record."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pandas as pd

from techrisk.data.countries import country_name
from techrisk.data.licence import DATA_LICENCE
from techrisk.data.models import Deployment

if TYPE_CHECKING:
    from techrisk.data.models import Presence
    from techrisk.data.registry import Registry

FRAME_KINDS = ("vendors", "deployments", "presence", "regulatory_actions", "security_issues", "abuses", "evidence")
COVERAGE_BY = ("country", "vendor", "sector", "confidence", "decade")


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    frame.attrs["license"] = DATA_LICENCE
    return frame


def registry_frame(registry: Registry, kind: str) -> pd.DataFrame:
    if kind not in FRAME_KINDS:
        raise ValueError(f"unknown frame kind {kind!r}; choose one of: {', '.join(FRAME_KINDS)}")
    if kind == "evidence":
        rows = [{k: v for k, v in row.items() if k != "_evidence"} for row in evidence_rows(registry)]
        return _frame(rows, list(_EVIDENCE_COLUMNS))
    if kind == "vendors":
        rows = [
            {
                "vendor_id": v.id,
                "name": v.name,
                "headquarters": v.headquarters.city,
                "hq_country": v.headquarters.country,
                "founded": v.founded.year,
                "state_linked": v.state_linked,
                "aliases": v.aliases,
                "regulatory_actions": len(v.regulatory_actions),
                "security_issues": len(v.security_issues),
                "abuses": len(v.abuses),
                "deployments": sum(v.id in d.vendors for d in registry.deployments),
            }
            for v in registry.vendors
        ]
        return _frame(rows, list(rows[0]) if rows else ["vendor_id"])
    if kind in ("regulatory_actions", "security_issues", "abuses"):
        rows = []
        for vendor in registry.vendors:
            for item in getattr(vendor, kind):
                row: dict[str, Any] = {"vendor_id": vendor.id}
                row.update(item.model_dump(exclude={"evidence"}))
                row["evidence"] = len(item.evidence)
                rows.append(row)
        return _frame(rows, list(rows[0]) if rows else ["vendor_id", "id"])
    records: tuple[Deployment, ...] | tuple[Presence, ...] = (
        registry.deployments if kind == "deployments" else registry.presence)
    rows = []
    for record in records:
        row = {"id": record.id, "country": record.country, "country_name": country_name(record.country)}
        row.update(record.model_dump(exclude={"evidence", "id", "country", "scale", "history"}))
        if isinstance(record, Deployment):
            # The status history as flat columns: the current status, since when, and the
            # whole history as text ("agreed 2017; operational 2019").
            row["status"] = record.status
            row["status_date"] = record.history[-1].date
            row["end"] = record.end
            row["status_history"] = "; ".join(f"{e.value} {e.date}" for e in record.history)
            scale = record.scale
            row["scale_value"] = scale.value if scale else None
            row["scale_unit"] = scale.unit if scale else None
        row["evidence"] = len(record.evidence)
        rows.append(row)
    return _frame(rows, list(rows[0]) if rows else ["id", "country"])


_EVIDENCE_COLUMNS = (
    "record_kind", "record_id", "vendor_id", "country", "source_id",
    "publisher", "title", "author", "date", "url", "quote", "accessed", "supports",
)


def evidence_rows(registry: Registry) -> Iterator[dict[str, Any]]:
    """Yield one dict per evidence item, with the record it supports (``_evidence`` holds the model)."""
    for kind, record_id, vendor_id, country, ev in registry.iter_evidence_records():
        yield {
            "record_kind": kind, "record_id": record_id, "vendor_id": vendor_id, "country": country,
            "source_id": ev.source_id, "publisher": ev.publisher, "title": ev.title, "author": ev.author,
            "date": ev.date, "url": ev.url, "quote": ev.quote, "accessed": ev.accessed,
            "supports": "; ".join(ev.supports), "_evidence": ev,
        }


def coverage_frame(registry: Registry, by: str | None) -> pd.DataFrame:
    deployments = registry.to_frame("deployments")
    if deployments.empty:
        return _frame([], ["deployments"])
    frame = deployments.explode("vendors")
    if by is None:
        table = pd.crosstab([frame["country"], frame["country_name"]], frame["vendors"])
        table["deployments"] = deployments.groupby("country").size().reindex(
            table.index.get_level_values(0)).to_numpy()
        table.columns.name = None
        table.attrs["license"] = DATA_LICENCE
        return table.sort_values("deployments", ascending=False, kind="stable")
    if by not in COVERAGE_BY:
        raise ValueError(f"unknown coverage grouping {by!r}; choose one of: {', '.join(COVERAGE_BY)}")
    if by == "decade":
        years = pd.to_numeric(frame["start"].str[:4], errors="coerce")
        frame = frame.assign(decade=(years // 10 * 10).astype("Int64").astype("string").fillna("unknown"))
    column = {"vendor": "vendors"}.get(by, by)
    # A deployment with two vendors counts once per vendor when grouping by vendor, once otherwise.
    if by != "vendor":
        frame = frame.drop_duplicates("id")
    counts = frame.groupby(column).agg(deployments=("id", "nunique"), countries=("country", "nunique"))
    counts.index.name = by
    counts.attrs["license"] = DATA_LICENCE
    return counts.sort_values("deployments", ascending=False, kind="stable")
