"""The columnar form of a registry that the scoring engine reads.

Scoring a million deployments one pydantic object at a time would be slow, so the engine
reads NumPy arrays: one integer code per scalar field, one boolean matrix per list field
(a column per vocabulary value), and a boolean deployment x vendor matrix. The benchmark
builds the same table straight from synthetic arrays.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from techrisk.asof import parse_as_of
from techrisk.data.models.fields import earliest_date
from techrisk.data.vocab import UNKNOWN
from techrisk.scoring.readers import FIELDS, VendorCount

if TYPE_CHECKING:
    from techrisk.data.models import Vendor

# Ordinal used for an unknown start: earlier than any real date, so the deployment counts.
UNKNOWN_START = -1
# Ordinal used for an unknown end of an ended deployment: it ended before any as-of date.
UNKNOWN_END = -1
NO_END = np.iinfo(np.int64).max


# Per vendor count field, what its reader took from one vendor (readers.VendorCount.vendor_facts).
VendorFacts = dict[str, Any]


@dataclass(frozen=True)
class StatusHistory:
    """Every status entry of every deployment, flat and in registry order (oldest first).

    ``row`` is the deployment's row in the table, ``date`` the entry's ordinal (an undated
    first entry takes the deployment's start, or ``UNKNOWN_START``), ``code`` its index in
    the status vocabulary.
    """

    row: np.ndarray
    date: np.ndarray
    code: np.ndarray

    def __post_init__(self) -> None:
        for array in (self.row, self.date, self.code):
            array.flags.writeable = False

    def status_at(self, as_of: int, n: int) -> np.ndarray:
        """The status code of each of ``n`` deployments on ``as_of``: its last entry dated on
        or before that day, or -1 when its first entry is later."""
        codes = np.full(n, -1, dtype=np.int64)
        on = np.flatnonzero(self.date <= as_of)
        # Entries are oldest first within a row: with repeated rows, the last assignment wins.
        codes[self.row[on]] = self.code[on]
        return codes


@dataclass(frozen=True)
class DeploymentTable:
    """Arrays with one entry per deployment, in registry order."""

    ids: np.ndarray  # str
    country: np.ndarray  # str, alpha-2
    scalars: dict[str, np.ndarray]  # field -> int codes into FIELDS[field].vocab
    lists: dict[str, np.ndarray]  # field -> bool matrix (n, len(vocab))
    vendors: np.ndarray  # bool matrix (n, len(vendor_ids))
    vendor_ids: tuple[str, ...]
    start: np.ndarray  # int64 ordinals
    end: np.ndarray  # int64 ordinals (NO_END when no end is given, UNKNOWN_END for `unknown`)
    vendor_facts: dict[str, VendorFacts] = field(default_factory=dict)
    # Dated status entries (data model 2.0). Without them (e.g. a synthetic benchmark table),
    # a deployment counts from `start` with its current status until `end`.
    history: StatusHistory | None = None
    # Integer code of each record's `system` key (-1 for none): records with one code in one
    # country describe one system.
    system: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def __post_init__(self) -> None:
        # The table is shared by every score of a registry: callers must not be able to
        # change it. Arrays become read-only and the per-field dicts read-only views.
        for array in (self.ids, self.country, self.vendors, self.start, self.end,
                      *self.scalars.values(), *self.lists.values()):
            array.flags.writeable = False
        object.__setattr__(self, "scalars", MappingProxyType(dict(self.scalars)))
        object.__setattr__(self, "lists", MappingProxyType(dict(self.lists)))
        object.__setattr__(self, "vendor_facts", MappingProxyType(dict(self.vendor_facts)))

    @cached_property
    def _country_coding(self) -> tuple[np.ndarray, np.ndarray]:
        import pandas as pd

        # factorize hashes the strings once; only the few distinct countries are then sorted.
        codes, uniques = pd.factorize(self.country)
        values = np.asarray(uniques, dtype=str)
        order = np.argsort(values, kind="stable")
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        return _read_only(values[order]), _read_only(rank[codes].astype(np.int64))

    @property
    def countries(self) -> np.ndarray:
        """The distinct countries, sorted (``country_codes`` index into them)."""
        return self._country_coding[0]

    @property
    def country_codes(self) -> np.ndarray:
        """Integer code per deployment (position of its country in sorted order), built once."""
        return self._country_coding[1]

    @cached_property
    def id_order(self) -> np.ndarray:
        """Integer rank of each deployment id in sorted order: the engine's tie-breaker."""
        order = np.argsort(self.ids.astype(str), kind="stable")
        ranks = np.empty(len(order), dtype=np.int64)
        ranks[order] = np.arange(len(order))
        return _read_only(ranks)


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


def _ordinal(text: str | None, unknown: int) -> int:
    if text is None or text == UNKNOWN:
        return unknown
    date = earliest_date(text)
    return date.toordinal() if date else unknown


def vendor_facts(vendor: Vendor) -> VendorFacts:
    """What every vendor count field needs from one vendor, each taken by its own reader."""
    def ordinal(date: str | None) -> int:
        return _ordinal(date, UNKNOWN_START)

    return {name: spec.vendor_facts(vendor, ordinal) for name, spec in FIELDS.items() if isinstance(spec, VendorCount)}


def table_from_registry(registry) -> DeploymentTable:
    """Build the columnar table from a :class:`~techrisk.data.registry.Registry` (one pass)."""
    deployments = registry.deployments
    vendor_ids = tuple(v.id for v in registry.vendors)
    vendor_index = {v: i for i, v in enumerate(vendor_ids)}
    n = len(deployments)
    scalars, lists = {}, {}
    for name, spec in FIELDS.items():
        if spec.kind != "values":
            continue
        index = {v: i for i, v in enumerate(spec.vocab)}
        if spec.multi:
            matrix = np.zeros((n, len(spec.vocab)), dtype=bool)
            for row, d in enumerate(deployments):
                for value in getattr(d, name):
                    matrix[row, index[value]] = True
            lists[name] = matrix
        else:
            scalars[name] = np.fromiter((index[getattr(d, name)] for d in deployments), dtype=np.int16, count=n)
    vendors = np.zeros((n, len(vendor_ids)), dtype=bool)
    for row, d in enumerate(deployments):
        for v in d.vendors:
            vendors[row, vendor_index[v]] = True
    return DeploymentTable(
        ids=np.array([d.id for d in deployments], dtype=object),
        country=np.array([d.country for d in deployments], dtype=object),
        scalars=scalars,
        lists=lists,
        vendors=vendors,
        vendor_ids=vendor_ids,
        start=np.fromiter((_ordinal(d.start, UNKNOWN_START) for d in deployments), dtype=np.int64, count=n),
        end=np.fromiter((NO_END if d.end is None else _ordinal(d.end, UNKNOWN_END) for d in deployments),
                        dtype=np.int64, count=n),
        vendor_facts={v.id: vendor_facts(v) for v in registry.vendors},
        history=_history(deployments),
        system=_system_codes(deployments),
    )


def _system_codes(deployments) -> np.ndarray:
    keys: dict[str, int] = {}
    codes = [keys.setdefault(d.system, len(keys)) if d.system else -1 for d in deployments]
    return np.array(codes, dtype=np.int64)


def _history(deployments) -> StatusHistory:
    codes = {v: i for i, v in enumerate(FIELDS["status"].vocab)}
    rows, dates, values = [], [], []
    for row, d in enumerate(deployments):
        for entry in d.history:
            rows.append(row)
            date = entry.date if entry.date != UNKNOWN else d.start
            dates.append(_ordinal(date, UNKNOWN_START))
            values.append(codes[entry.value])
    return StatusHistory(np.array(rows, dtype=np.int64), np.array(dates, dtype=np.int64),
                         np.array(values, dtype=np.int64))


def as_of_ordinal(as_of: dt.date | str | None) -> int:
    """The as-of date as an ordinal (see :func:`techrisk.asof.parse_as_of`); ``None`` is today."""
    return parse_as_of(as_of).toordinal()
