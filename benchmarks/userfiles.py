"""Seeded user record files (YAML, CSV, Parquet) of any size, for the loading rows.

Every record is the template row of ``vendors/templates/deployments.csv`` with its own id
and one of a few countries, vendors and sectors, so each one validates; ``bad`` lists record
positions to spoil (an impossible start date), for the error-reporting checks.
"""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

TEMPLATE = Path(__file__).parents[1] / "vendors" / "templates" / "deployments.csv"
COUNTRIES = ("XK", "KZ", "KE", "RS", "PK", "EC", "ZM", "UG")
VENDORS = ("hikvision", "dahua", "huawei")


def template_row() -> dict[str, str]:
    with TEMPLATE.open(encoding="utf-8") as handle:
        return next(csv.DictReader(handle))


def rows(size: int, bad: tuple[int, ...] = ()) -> list[dict[str, str]]:
    base = template_row()
    out = []
    for i in range(size):
        row = dict(base)
        row["country"] = COUNTRIES[i % len(COUNTRIES)]
        row["id"] = f"{row['country'].lower()}-user-{i:07d}"
        row["vendors"] = VENDORS[i % len(VENDORS)]
        row["capabilities"] = ""  # the template's quote does not support one
        if i in bad:
            row["start"] = "2021-13-01"
        out.append(row)
    return out


def write_csv(path: Path, size: int, bad: tuple[int, ...] = ()) -> Path:
    data = rows(size, bad)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(data[0]))
        writer.writeheader()
        writer.writerows(data)
    return path


def write_parquet(path: Path, size: int) -> Path:
    import pandas as pd

    pd.DataFrame(rows(size)).to_parquet(path, index=False)
    return path


def write_yaml(path: Path, size: int, bad: tuple[int, ...] = ()) -> Path:
    from techrisk.data.tabular import row_record

    records = [row_record(row) for row in rows(size, bad)]
    Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.write_text(yaml.dump({"deployments": records}, Dumper=Dumper, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")
    return path
