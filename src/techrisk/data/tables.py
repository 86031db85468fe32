"""Reading user tables: supplier names for screening (lists, frames, CSV, Excel, Parquet, OCDS).

Large files are read in batches (CSV in chunks, Parquet in record batches), so screening a
file of a million names holds one batch in memory at a time, not the file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

BATCH_ROWS = 100_000
TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xls", ".parquet", ".json")
# Column names a supplier column is found under when none is given (compared case-insensitively).
NAME_COLUMNS = ("supplier", "supplier_name", "suppliername", "name", "vendor", "company", "contractor", "tenderer")

Batch = tuple[list[Any], "pd.DataFrame | None"]


def read_names(source: Any, column: str | None = None, *, ocds: bool = False) -> Iterator[Batch]:
    """Yield ``(names, context)`` batches: the names to screen and, for tables, the other
    columns of the same rows (``None`` for a plain list)."""
    import pandas as pd

    if isinstance(source, (str, os.PathLike)) and (ocds or _looks_like_path(source)):
        yield from _read_file(Path(source), column, ocds=ocds)
    elif isinstance(source, pd.DataFrame):
        name_column = pick_column(list(source.columns), column, label="the DataFrame")
        yield source[name_column].tolist(), source.drop(columns=[name_column])
    elif isinstance(source, pd.Series):
        yield source.tolist(), None
    elif isinstance(source, str):
        yield [source], None
    else:
        try:
            names = list(source)
        except TypeError:
            raise TypeError(f"screen() takes a list of names, a DataFrame or a file path, "
                            f"got {type(source).__name__}") from None
        yield names, None


def _looks_like_path(text: str | os.PathLike[str]) -> bool:
    path = Path(text)
    return path.suffix.lower() in TABLE_SUFFIXES or path.exists()


def pick_column(columns: list[Any], column: str | None, label: str) -> Any:
    """The supplier-name column: ``column`` if given, the only column, or a usual name."""
    if column is not None:
        if column not in columns:
            raise ValueError(f"{label} has no column {column!r}; its columns: {', '.join(map(str, columns))}")
        return column
    if len(columns) == 1:
        return columns[0]
    for wanted in NAME_COLUMNS:
        for found in columns:
            if str(found).strip().lower() == wanted:
                return found
    raise ValueError(f"{label} has several columns; say which holds supplier names with column= "
                     f"(--column): {', '.join(map(str, columns))}")


def _read_file(path: Path, column: str | None, *, ocds: bool) -> Iterator[Batch]:
    import pandas as pd

    if not path.is_file():
        raise FileNotFoundError(2, "no such file", str(path))
    suffix = path.suffix.lower()
    if ocds or suffix == ".json":
        frame = ocds_parties(path)
        yield frame["name"].tolist(), frame.drop(columns=["name"])
    elif suffix in (".csv", ".tsv", ".txt"):
        sep = "\t" if suffix == ".tsv" else ","
        header = pd.read_csv(path, sep=sep, nrows=0, dtype=str, encoding="utf-8-sig")
        name_column = pick_column(list(header.columns), column, label=str(path))
        for chunk in pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, chunksize=BATCH_ROWS,
                                 encoding="utf-8-sig"):
            yield chunk[name_column].tolist(), chunk.drop(columns=[name_column])
    elif suffix == ".parquet":
        import pyarrow.parquet as pq

        parquet = pq.ParquetFile(path)
        name_column = pick_column(parquet.schema_arrow.names, column, label=str(path))
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
            chunk = batch.to_pandas()
            yield chunk[name_column].tolist(), chunk.drop(columns=[name_column])
    elif suffix in (".xlsx", ".xls"):
        frame = pd.read_excel(path, dtype=str)
        name_column = pick_column(list(frame.columns), column, label=str(path))
        yield frame[name_column].tolist(), frame.drop(columns=[name_column])
    else:
        raise ValueError(f"cannot read supplier names from {str(path)!r}: use a .csv, .tsv, .xlsx, .parquet "
                         "or OCDS .json file")


def ocds_parties(path: Path) -> pd.DataFrame:
    """Suppliers and tenderers of an OCDS release package or record package, one row per
    (release, organisation, role): columns ``ocid``, ``release_id``, ``party_id``, ``party_role``, ``name``.

    Names come from ``parties`` (roles ``supplier``/``tenderer``), ``awards[].suppliers`` and
    ``tender.tenderers``; an organisation named in several places of a release is one row.
    """
    import pandas as pd

    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: not a JSON file ({exc})") from None
    if not isinstance(package, dict) or not ({"releases", "records"} & set(package)):
        raise ValueError(f"{path}: not an OCDS release or record package (no 'releases' or 'records' list)")
    releases: list[dict[str, Any]] = list(package.get("releases") or [])
    for record in package.get("records") or []:
        if isinstance(record.get("compiledRelease"), dict):
            releases.append(record["compiledRelease"])
        else:
            releases.extend(r for r in record.get("releases") or [] if isinstance(r, dict) and "parties" in r)
    rows: dict[tuple[Any, ...], dict[str, Any]] = {}

    def add(release: dict[str, Any], party_id: Any, name: Any, role: str) -> None:
        if not isinstance(name, str) or not name.strip():
            return
        key = (release.get("ocid"), release.get("id"), party_id or name, role)
        rows.setdefault(key, {"ocid": release.get("ocid"), "release_id": release.get("id"),
                              "party_id": party_id, "party_role": role, "name": name})

    for release in releases:
        names_by_id = {p.get("id"): p.get("name") for p in release.get("parties") or [] if isinstance(p, dict)}
        for party in release.get("parties") or []:
            for role in ("supplier", "tenderer"):
                if role in (party.get("roles") or []):
                    add(release, party.get("id"), party.get("name"), role)
        for award in release.get("awards") or []:
            for ref in award.get("suppliers") or []:
                add(release, ref.get("id"), ref.get("name") or names_by_id.get(ref.get("id")), "supplier")
        for ref in (release.get("tender") or {}).get("tenderers") or []:
            add(release, ref.get("id"), ref.get("name") or names_by_id.get(ref.get("id")), "tenderer")
    return pd.DataFrame(list(rows.values()), columns=["ocid", "release_id", "party_id", "party_role", "name"])
