"""User records from tables: CSV, TSV, Excel and Parquet, one row per record.

The layout (documented in ``vendors/README.md``, template in ``vendors/templates/``) is the
export layout of :mod:`techrisk.data.export`, so an exported deployments table loads back as
user records once its ids are changed:

- one column per field; list fields (``vendors``, ``partners``, ``data_captured``,
  ``capabilities``, ``access``, evidence ``supports``) separated by ``;``;
- ``status`` (or ``status_history``) as ``"agreed 2017; operational 2019-05"``;
- ``scale_value``, ``scale_unit``, ``scale_note``;
- evidence in numbered columns (``evidence1_publisher``, ``evidence1_quote``...) or in a
  separate evidence table (a file whose name ends in ``evidence``, or an Excel sheet named
  ``evidence``) with a ``record_id`` column, joined by id;
- a file whose name contains ``presence`` holds presence records; any other, deployments.

Columns that exports add for reading (``country_name``, ``current_status``, ``status_date``,
``end``, and an ``evidence`` count) are ignored; so are rows of an exported evidence table
that belong to vendor facts (``record_kind`` other than ``deployment`` or ``presence``).
Each problem names the file, the row's line (the header is line 1) and the column.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from techrisk.errors import Problem

if TYPE_CHECKING:
    import pandas as pd

    from techrisk.data.yaml_io import Loc

TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".parquet")
LIST_FIELDS = ("vendors", "partners", "data_captured", "capabilities", "access")
EVIDENCE_FIELDS = ("publisher", "title", "author", "date", "url", "quote", "accessed", "supports")
EXPORT_ONLY = ("country_name", "current_status", "status_date", "end", "evidence")
_EVIDENCE_COLUMN = re.compile(r"^evidence(\d+)_(\w+)$")
_STATUS_ENTRY = re.compile(r"^(?P<value>[a-z_]+)(?:\s+(?P<date>\S+))?$")


def is_table(path: Path) -> bool:
    return path.suffix.lower() in TABLE_SUFFIXES


def is_evidence_table(name: str) -> bool:
    return name.lower().endswith("evidence")


class TableDocument:
    """A table of records in the shape the loader expects (``{"deployments": [...]}``), with
    the file line and column of every value kept for error messages."""

    def __init__(self, path: Path, label: str, kind: str):
        self.path = path
        self.label = label
        self.kind = kind
        self.data: dict[str, list[dict[str, Any]]] = {kind: []}
        self._lines: dict[Loc, int] = {}
        self._columns: dict[Loc, str] = {}

    def line(self, loc: Loc) -> int | None:
        for end in range(len(loc), 1, -1):
            line = self._lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return self._lines.get(tuple(loc[:2]))

    def column(self, loc: Loc) -> str:
        """The column (or evidence table cell) that holds the value at ``loc``."""
        for end in range(len(loc), 2, -1):
            name = self._columns.get(tuple(loc[:end]))
            if name is not None:
                return name
        return ".".join(str(p) for p in loc[2:]) or "(row)"

    def add(self, record: dict[str, Any], line: int, columns: dict[Loc, str], lines: dict[Loc, int]) -> None:
        index = len(self.data[self.kind])
        self.data[self.kind].append(record)
        base = (self.kind, index)
        self._lines[base] = line
        for loc, name in columns.items():
            self._columns[base + loc] = name
        for loc, other in lines.items():
            self._lines[base + loc] = other


def _cells(path: Path) -> dict[str, pd.DataFrame]:
    """Every sheet of the file as text (empty cells as ""), keyed by sheet name ("" for one-table files)."""
    import pandas as pd

    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv"):
        # utf-8-sig: Excel writes "CSV UTF-8" with a byte-order mark, which would stick to the first header.
        return {"": pd.read_csv(path, sep="\t" if suffix == ".tsv" else ",", dtype=str, keep_default_na=False,
                                encoding="utf-8-sig")}
    if suffix == ".xlsx":
        sheets = pd.read_excel(path, sheet_name=None, dtype=str)
        return {name: frame.fillna("") for name, frame in sheets.items()}
    frame = pd.read_parquet(path)
    return {"": frame.apply(lambda col: col.map(_text))}


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    return str(value)


def _rows(frame: pd.DataFrame) -> Iterator[tuple[Any, ...]]:
    """The frame's rows as tuples, from each column converted once (``itertuples`` reads an
    Arrow-backed text column one boxed element at a time)."""
    return zip(*(frame.iloc[:, i].tolist() for i in range(len(frame.columns))), strict=True)


def read_tables(paths: list[tuple[Path, str]]) -> tuple[list[TableDocument], list[Problem]]:
    """Read record tables and evidence tables, join evidence by record id; gather every problem."""
    docs: list[TableDocument] = []
    evidence_rows: list[tuple[str, int, dict[str, str]]] = []  # (label, line, row)
    problems: list[Problem] = []
    for path, label in paths:
        try:
            sheets = _cells(path)
        except Exception as exc:  # pandas raises many types for a malformed file
            problems.append(Problem(label, None, None, None, f"cannot read the table: {exc}"))
            continue
        for sheet, frame in sheets.items():
            where = f"{label}[{sheet}]" if sheet and len(sheets) > 1 else label
            columns = [str(c).strip() for c in frame.columns]
            if is_evidence_table(sheet or path.stem):
                if "record_id" not in columns:
                    problems.append(Problem(where, 1, None, None, "an evidence table needs a 'record_id' "
                                            "column naming the record each row supports"))
                    continue
                for offset, values in enumerate(_rows(frame)):
                    row = {c: str(v).strip() for c, v in zip(columns, values, strict=True) if str(v).strip()}
                    if row:
                        evidence_rows.append((where, offset + 2, row))
                continue
            kind = "presence" if "presence" in (sheet or path.stem).lower() else "deployments"
            doc = TableDocument(path, where, kind)
            for offset, values in enumerate(_rows(frame)):
                row = {c: str(v).strip() for c, v in zip(columns, values, strict=True)}
                if any(row.values()):
                    record, names, lines = _record(row, offset + 2)
                    doc.add(record, offset + 2, names, lines)
            docs.append(doc)
    _join_evidence(docs, evidence_rows, problems)
    return docs, problems


def _record(row: dict[str, str], line: int) -> tuple[dict[str, Any], dict[Loc, str], dict[Loc, int]]:
    """One table row as a record mapping, with the column behind each field."""
    record: dict[str, Any] = {}
    names: dict[Loc, str] = {}
    evidence: dict[int, dict[str, Any]] = {}
    evidence_columns: dict[tuple[int, str], str] = {}
    history_column = "status_history" if row.get("status_history") else "status"
    for column, value in row.items():
        if not value or column in EXPORT_ONLY or (column == "status" and history_column != "status"):
            continue
        if column == history_column:
            record["status"] = [_status_entry(part) for part in _split(value)]
            names[("status",)] = column
        elif column.startswith("scale_"):
            field = column.removeprefix("scale_")
            record.setdefault("scale", {})[field] = _number(value) if field == "value" else value
            names[("scale", field)] = column
        elif (match := _EVIDENCE_COLUMN.match(column)) is not None:
            number, field = int(match.group(1)), match.group(2)
            evidence.setdefault(number, {})[field] = _split(value) if field == "supports" else value
            evidence_columns[(number, field)] = column
        else:
            record[column] = _split(value) if column in LIST_FIELDS else value
            names[(column,)] = column
    if evidence:
        ordered = sorted(evidence)
        record["evidence"] = [evidence[n] for n in ordered]
        for (number, field), column in evidence_columns.items():
            names[("evidence", ordered.index(number), field)] = column
    return record, names, {}


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _number(value: str) -> float | str:
    try:
        return float(value.replace(",", "")) if value.replace(",", "").replace(".", "", 1).isdigit() else value
    except ValueError:
        return value


def _status_entry(text: str) -> dict[str, str] | str:
    match = _STATUS_ENTRY.match(text)
    if not match:
        return text  # the model reports it, quoting the text
    entry = {"value": match.group("value")}
    if match.group("date"):
        entry["date"] = match.group("date")
    return entry


def _join_evidence(docs: list[TableDocument], rows: list[tuple[str, int, dict[str, str]]],
                   problems: list[Problem]) -> None:
    by_id: dict[str, tuple[TableDocument, int]] = {}
    for doc in docs:
        for index, record in enumerate(doc.data[doc.kind]):
            if isinstance(record.get("id"), str):
                by_id.setdefault(record["id"], (doc, index))
    for label, line, row in rows:
        if row.get("record_kind", "deployment") not in ("deployment", "presence"):
            continue
        record_id = row.pop("record_id", "")
        for extra in ("record_kind", "vendor_id", "country", "source_id"):  # export columns, derived
            row.pop(extra, None)
        found = by_id.get(record_id)
        if found is None:
            problems.append(Problem(label, line, record_id or None, "record_id",
                                    f"no record with id {record_id!r} in the tables given"))
            continue
        doc, index = found
        evidence = doc.data[doc.kind][index].setdefault("evidence", [])
        item: dict[str, Any] = {k: (_split(v) if k == "supports" else v) for k, v in row.items()}
        position = len(evidence)
        evidence.append(item)
        base = (doc.kind, index, "evidence", position)
        doc._lines[base] = doc._lines[(doc.kind, index)]
        for field in item:
            doc._columns[(*base, field)] = f"{field} (evidence row at {label}:{line})"
