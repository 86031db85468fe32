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
    the file line and column of every value kept for error messages.

    Every row of a table has the same columns, so the column behind a field is kept once per
    table; a row keeps only its line, the numbered evidence columns it filled and the status
    column it used. Evidence joined from an evidence table names its own row.
    """

    def __init__(self, path: Path, label: str, kind: str, layout: _Layout):
        self.path = path
        self.label = label
        self.kind = kind
        self.layout = layout
        self.data: dict[str, list[dict[str, Any]]] = {kind: []}
        self._row_lines: list[int] = []
        self._evidence_numbers: list[tuple[int, ...]] = []
        self._status_columns: list[str | None] = []
        self._joined: dict[tuple[int, int], tuple[int, str]] = {}  # (row, position) -> (line, where)

    def line(self, loc: Loc) -> int | None:
        if len(loc) < 2 or loc[0] != self.kind or not isinstance(loc[1], int) or loc[1] >= len(self._row_lines):
            return None
        return self._row_lines[loc[1]]  # evidence joined from another table: its record's row

    def column(self, loc: Loc) -> str:
        """The column (or evidence table cell) that holds the value at ``loc``."""
        field = loc[2:]
        row = loc[1] if len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(self._row_lines) else None
        if row is not None and field[:1] == ("evidence",) and len(field) >= 3 and isinstance(field[1], int):
            position, name = field[1], field[2]
            joined = self._joined.get((row, position))
            if joined is not None:
                return f"{name} (evidence row at {joined[1]}:{joined[0]})"
            numbers = self._evidence_numbers[row]
            if position < len(numbers):
                return f"evidence{numbers[position]}_{name}"
        elif row is not None and field[:1] == ("status",):
            return self._status_columns[row] or "status"
        elif field[:1] != ("evidence",):
            for end in range(len(field), 0, -1):
                column = self.layout.column_of.get(tuple(field[:end]))
                if column is not None:
                    return column
        return ".".join(str(p) for p in field) or "(row)"

    def add(self, record: dict[str, Any], line: int, evidence_numbers: tuple[int, ...] = (),
            status_column: str | None = None) -> None:
        self.data[self.kind].append(record)
        self._row_lines.append(line)
        self._evidence_numbers.append(evidence_numbers)
        self._status_columns.append(status_column)

    def join_evidence(self, row: int, item: dict[str, Any], line: int, where: str) -> None:
        """Append an evidence item read from row ``line`` of the evidence table ``where``."""
        evidence = self.data[self.kind][row].setdefault("evidence", [])
        self._joined[(row, len(evidence))] = (line, where)
        evidence.append(item)


class _Layout:
    """What each column of a records table holds, worked out once per table.

    Roles: ``skip`` (export-only columns), ``history`` (``status`` or ``status_history``; the
    latter wins in a row that fills both), ``scale`` (``scale_value``...), ``evidence``
    (``evidence<n>_<field>``), ``list`` (``;``-separated) and ``plain``.
    """

    def __init__(self, columns: list[str]):
        self.columns = columns
        self.roles: list[tuple[str, str, int]] = []  # (role, field, evidence number)
        self.column_of: dict[Loc, str] = {}
        for column in columns:
            if column in EXPORT_ONLY:
                self.roles.append(("skip", column, 0))
            elif column in ("status", "status_history"):
                self.roles.append(("history", column, 0))
            elif column.startswith("scale_"):
                field = column.removeprefix("scale_")
                self.roles.append(("scale", field, 0))
                self.column_of[("scale", field)] = column
            elif (match := _EVIDENCE_COLUMN.match(column)) is not None:
                self.roles.append(("evidence", match.group(2), int(match.group(1))))
            else:
                self.roles.append(("list" if column in LIST_FIELDS else "plain", column, 0))
                self.column_of[(column,)] = column
        self.history_index = {column: i for i, column in enumerate(columns) if column in ("status", "status_history")}

    def status_column(self, values: tuple[str, ...]) -> str | None:
        """The column a row's status history is read from (``status_history`` when filled)."""
        at = self.history_index.get("status_history")
        if at is not None and values[at]:
            return "status_history"
        return "status" if "status" in self.history_index else None


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
    return {"": frame.apply(_text_column)}


def _text_column(column: pd.Series) -> pd.Series:
    """A Parquet column as text: a column of strings (and nulls) at once, any other cell by cell."""
    import pandas as pd

    if pd.api.types.is_string_dtype(column.dtype) and column.dropna().map(type).eq(str).all():
        return column.fillna("").astype(str)
    return column.map(_text)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    return str(value)


def _stripped(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as text without surrounding whitespace, a column at a time."""
    return frame.apply(lambda column: column.astype(str).str.strip())


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
                for offset, values in enumerate(_rows(_stripped(frame))):
                    row = {c: v for c, v in zip(columns, values, strict=True) if v}
                    if row:
                        evidence_rows.append((where, offset + 2, row))
                continue
            kind = "presence" if "presence" in (sheet or path.stem).lower() else "deployments"
            layout = _Layout(columns)
            doc = TableDocument(path, where, kind, layout)
            for offset, values in enumerate(_rows(_stripped(frame))):
                if any(values):
                    status_column = layout.status_column(values)
                    record, numbers = _record_from(layout, values, status_column)
                    doc.add(record, offset + 2, numbers, status_column)
            docs.append(doc)
    _join_evidence(docs, evidence_rows, problems)
    return docs, problems


def _record_from(layout: _Layout, values: tuple[str, ...],
                 history: str | None) -> tuple[dict[str, Any], tuple[int, ...]]:
    """One table row as a record mapping (its status read from the column ``history``), and
    the evidence column numbers it filled (in order)."""
    record: dict[str, Any] = {}
    evidence: dict[int, dict[str, Any]] = {}
    for (role, field, number), column, value in zip(layout.roles, layout.columns, values, strict=True):
        if not value or role == "skip":
            continue
        if role == "history":
            if column == history:
                record["status"] = [_status_entry(part) for part in _split(value)]
        elif role == "scale":
            record.setdefault("scale", {})[field] = _number(value) if field == "value" else value
        elif role == "evidence":
            evidence.setdefault(number, {})[field] = _split(value) if field == "supports" else value
        else:
            record[field] = _split(value) if role == "list" else value
    if not evidence:
        return record, ()
    numbers = tuple(sorted(evidence))
    record["evidence"] = [evidence[n] for n in numbers]
    return record, numbers


def row_record(row: dict[str, str]) -> dict[str, Any]:
    """One row given as ``{column: text}`` as a record mapping (for scripts that write records)."""
    layout = _Layout(list(row))
    values = tuple(str(v).strip() for v in row.values())
    return _record_from(layout, values, layout.status_column(values))[0]


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
        item: dict[str, Any] = {k: (_split(v) if k == "supports" else v) for k, v in row.items()}
        doc.join_evidence(index, item, line, label)
