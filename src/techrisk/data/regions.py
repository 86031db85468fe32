"""UN M49 regions (e.g. "Central Asia"), for choosing a country's regional peers.

The table comes from the ``country_converter`` package's data file, read directly with the
csv module: no region table is written by hand here. (Its converter API is not used; it
reads the code "NA" for Namibia as a missing value under recent pandas.)
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib.resources import files


def _codes(cell: str) -> list[str]:
    """The alpha-2 codes in a table cell: a plain code ("KZ"), or, for a few countries with an
    alternative code, an anchored regular expression ("^GB$|^UK$", "^GR$|^EL$")."""
    return [part.strip("^$") for part in cell.split("|")]


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    text = files("country_converter").joinpath("country_data.tsv").read_text(encoding="utf-8")
    return {code: row["UNregion"] for row in csv.DictReader(text.splitlines(), delimiter="\t")
            if row.get("ISO2") and row.get("UNregion") for code in _codes(row["ISO2"])}


def region_of(code: str) -> str:
    """The UN M49 sub-region of an alpha-2 code, or ``"unknown"``.

    Example:
        >>> region_of("KZ"), region_of("NA"), region_of("GB"), region_of("GR")
        ('Central Asia', 'Southern Africa', 'Northern Europe', 'Southern Europe')
    """
    return _regions().get(code, "unknown")
