"""The record fields a rubric factor may read.

A factor names one of these in ``reads``. ``values`` fields are looked up in the levels'
``values`` lists; ``count`` fields are compared with the levels' ``min_count``, and each is a
small reader class with ``count()`` (the count of every counted deployment) and ``records()``
(the sourced records behind it), doing exactly what its docstring says (``rubrics/README.md``
repeats them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from techrisk.data.vocab import (
    ACCESS,
    ACTION_KINDS,
    ACTION_SCOPES,
    ACTION_STATUSES,
    CONFIDENCE,
    COVERAGE,
    DATA_KINDS,
    FINANCING,
    OPERATORS,
    SECTORS,
    STATE_LINKS,
    STATUSES,
    UNKNOWN,
)

if TYPE_CHECKING:
    from techrisk.data.models import Vendor
    from techrisk.data.models.vendor import Abuse, SecurityIssue
    from techrisk.scoring.rubric import Factor
    from techrisk.scoring.table import DeploymentTable


# A partial date (or None / "unknown") as a day ordinal; unknown dates sort before any as-of date.
DateOrdinal = Callable[[str | None], int]


@dataclass(frozen=True)
class FieldSpec:
    """A field a factor can read. ``values`` fields are looked up in the levels' ``values``."""

    name: str
    kind: str  # "values" or "count"
    vocab: tuple[str, ...] = ()
    multi: bool = False  # a list field: the factor takes the highest level among its values
    where_keys: dict[str, tuple[str, ...]] | None = None  # allowed filters for a count

    @property
    def can_be_unknown(self) -> bool:
        return UNKNOWN in self.vocab

    @property
    def known_values(self) -> tuple[str, ...]:
        return tuple(v for v in self.vocab if v != UNKNOWN)


@dataclass(frozen=True)
class Counted:
    """What a count reader found: the count per counted deployment, and per vendor the ids of
    the records counted (empty for counts that are not of vendor records)."""

    per_row: np.ndarray
    vendor_records: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class CountReader(FieldSpec):
    """A ``count`` field: compared with the levels' ``min_count``. Its docstring says what it counts.

    A new count field is one subclass here, with :meth:`count` and :meth:`records` (and, for a
    count over vendor records, :meth:`VendorCount.vendor_facts` to take what it needs).
    """

    kind: str = "count"

    def count(self, table: DeploymentTable, factor: Factor, as_of: int, rows: np.ndarray) -> Counted:
        raise NotImplementedError

    def records(self, vendors: Sequence[str], counted: Counted) -> list[str]:
        """The sourced records behind one deployment's count (explanations cite them)."""
        return sorted({r for v in vendors for r in counted.vendor_records.get(v, ())})


@dataclass(frozen=True)
class VendorCount(CountReader):
    """A count over each vendor's own records; a deployment takes the highest among its vendors."""

    def vendor_facts(self, vendor: Vendor, ordinal: DateOrdinal) -> Any:
        """What :meth:`count_vendor` needs from one vendor, taken once when the table is built
        (dates as day ordinals: ``ordinal(date)``)."""
        raise NotImplementedError

    def count_vendor(self, facts: Any, factor: Factor, as_of: int) -> tuple[int, tuple[str, ...]]:
        """The count for one vendor on the as-of date, and the ids of the records counted."""
        raise NotImplementedError

    def count(self, table: DeploymentTable, factor: Factor, as_of: int, rows: np.ndarray) -> Counted:
        per_vendor = np.zeros(len(table.vendor_ids), dtype=np.int64)
        ids: dict[str, tuple[str, ...]] = {}
        for i, vendor in enumerate(table.vendor_ids):
            per_vendor[i], ids[vendor] = self.count_vendor(table.vendor_facts[vendor][self.name], factor, as_of)
        per_row = (np.where(table.vendors[rows], per_vendor[None, :], -1).max(axis=1) if len(rows)
                   else np.zeros(0, np.int64))
        return Counted(per_row, ids)


@dataclass(frozen=True)
class VendorStateLinks(VendorCount):
    """Number of the vendor's ownership records that document a link to the Chinese state
    (any ``link`` but ``none``)."""

    def vendor_facts(self, vendor: Vendor, ordinal: DateOrdinal) -> int:
        return sum(o.state_link for o in vendor.ownership)

    def count_vendor(self, facts: int, factor: Factor, as_of: int) -> tuple[int, tuple[str, ...]]:
        return facts, ()

    def records(self, vendors: Sequence[str], counted: Counted) -> list[str]:
        return [f"{v}/ownership" for v in vendors]


@dataclass(frozen=True)
class VendorStateLeverage(VendorCount):
    """The grade of the vendor's strongest documented link to the Chinese state, 0-3: the
    position in ``vocab.STATE_LINKS`` of its strongest ownership ``link`` (1 party or
    personnel ties, 2 state ownership, 3 a defence-industry owner), or 3 when a regulatory
    action of a kind in the factor's ``where.kind`` (a military-company designation) is dated on
    or before the as-of date with a status in ``where.status``."""

    def vendor_facts(self, vendor: Vendor, ordinal: DateOrdinal) -> tuple:
        links = tuple((f"{vendor.id}/ownership[{i}]", STATE_LINKS.index(o.link))
                      for i, o in enumerate(vendor.ownership) if o.link != "none")
        actions = tuple((a.id, a.kind, a.status, ordinal(a.date)) for a in vendor.regulatory_actions)
        return links, actions

    def count_vendor(self, facts: tuple, factor: Factor, as_of: int) -> tuple[int, tuple[str, ...]]:
        links, actions = facts
        where = factor.where or {}
        designations = tuple(a_id for a_id, kind, status, date in actions
                             if date <= as_of and kind in where.get("kind", ())
                             and status in where.get("status", (status,)))
        top = len(STATE_LINKS) - 1
        if designations:
            return top, designations
        grade = max((g for _, g in links), default=0)
        return grade, tuple(r for r, g in links if g == grade)


@dataclass(frozen=True)
class VendorRecord(VendorCount):
    """Number of the vendor's security issues and abuses dated on or before the as-of date."""

    def vendor_facts(self, vendor: Vendor, ordinal: DateOrdinal) -> tuple[tuple[str, int], ...]:
        records: list[SecurityIssue | Abuse] = [*vendor.security_issues, *vendor.abuses]
        return tuple((r.id, ordinal(r.date)) for r in records)

    def count_vendor(self, facts: tuple[tuple[str, int], ...], factor: Factor,
                     as_of: int) -> tuple[int, tuple[str, ...]]:
        ids = tuple(r for r, d in facts if d <= as_of)
        return len(ids), ids


def _action_matches(where: dict[str, tuple[str, ...]], kind: str, status: str, scope: str) -> bool:
    return (kind in where.get("kind", (kind,)) and status in where.get("status", (status,))
            and scope in where.get("scope", (scope,)))


@dataclass(frozen=True)
class VendorRestrictions(VendorCount):
    """Number of the vendor's regulatory actions dated on or before the as-of date that match the
    factor's ``where`` filter (kind, status and, where given, scope)."""

    def vendor_facts(self, vendor: Vendor, ordinal: DateOrdinal) -> tuple[tuple[str, str, str, str, int], ...]:
        return tuple((a.id, a.kind, a.status, a.scope, ordinal(a.date)) for a in vendor.regulatory_actions)

    def count_vendor(self, facts: tuple[tuple[str, str, str, str, int], ...], factor: Factor,
                     as_of: int) -> tuple[int, tuple[str, ...]]:
        where = factor.where or {}
        ids = tuple(a_id for a_id, kind, status, scope, date in facts
                    if date <= as_of and _action_matches(where, kind, status, scope))
        return len(ids), ids


@dataclass(frozen=True)
class CountryMitigation(VendorCount):
    """Number of national measures in the deployment's own country against one of its vendors
    that name the deployment's sector: the vendor's regulatory actions with the deployment's
    country as jurisdiction, scope ``national``, the deployment's sector among their ``sectors``,
    dated on or before the as-of date and matching the ``where`` filter (kind, status). The
    highest count over the deployment's vendors."""

    def vendor_facts(self, vendor: Vendor, ordinal: DateOrdinal) -> tuple:
        return tuple((a.id, a.jurisdiction, a.kind, a.status, a.scope, a.sectors, ordinal(a.date))
                     for a in vendor.regulatory_actions if a.scope == "national" and a.sectors)

    def count(self, table: DeploymentTable, factor: Factor, as_of: int, rows: np.ndarray) -> Counted:
        where = factor.where or {}
        sector_vocab = FIELDS["sector"].vocab
        result = np.zeros(len(rows), dtype=np.int64)
        ids: dict[str, tuple[str, ...]] = {}
        countries = table.countries
        codes = table.country_codes[rows]
        sectors_of_rows = table.scalars["sector"][rows]
        for j, vendor in enumerate(table.vendor_ids):
            actions = [a for a in table.vendor_facts[vendor][self.name]
                       if a[6] <= as_of and _action_matches(where, a[2], a[3], a[4])]
            ids[vendor] = tuple(a[0] for a in actions)
            if not actions:
                continue
            has_vendor = table.vendors[rows, j]
            for _id, country, _kind, _status, _scope, sectors, _date in actions:
                code = int(np.searchsorted(countries, country))
                if code == len(countries) or countries[code] != country:
                    continue  # no deployment in that country
                in_sector = np.zeros(len(sector_vocab), dtype=bool)
                in_sector[[sector_vocab.index(s) for s in sectors]] = True
                result += has_vendor & (codes == code) & in_sector[sectors_of_rows]
        return Counted(result, ids)

    def records(self, vendors: Sequence[str], counted: Counted) -> list[str]:
        # The measures that could apply; the explanation's value says how many did.
        return sorted({r for v in vendors for r in counted.vendor_records.get(v, ())})


@dataclass(frozen=True)
class CountryVendorSectors(CountReader):
    """Number of distinct sectors in which the deployment's vendor has counted deployments in the
    same country (the highest over the deployment's vendors)."""

    def count(self, table: DeploymentTable, factor: Factor, as_of: int, rows: np.ndarray) -> Counted:
        # One bincount over (country, vendor, sector) cells marks which sectors each vendor has
        # in each country; a deployment takes the highest count among its vendors.
        sub = table.vendors[rows]
        n_vendors, n_sectors = len(table.vendor_ids), len(FIELDS["sector"].vocab)
        n_cells = len(table.countries) * n_vendors
        dep, vend = np.nonzero(sub)
        pair = table.country_codes[rows][dep] * n_vendors + vend
        sector = table.scalars["sector"][rows][dep].astype(np.int64)
        present = np.bincount(pair * n_sectors + sector, minlength=n_cells * n_sectors) > 0
        per_pair = present.reshape(n_cells, n_sectors).sum(axis=1)
        per_vendor = per_pair.reshape(-1, n_vendors)[table.country_codes[rows]]  # (rows, vendors)
        result = np.where(sub, per_vendor, 0).max(axis=1, initial=0).astype(np.int64)
        return Counted(result, {})

    def records(self, vendors: Sequence[str], counted: Counted) -> list[str]:
        return []


FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        # Deployment fields, read as they are recorded.
        FieldSpec("data_captured", "values", DATA_KINDS, multi=True),
        FieldSpec("capabilities", "values", DATA_KINDS, multi=True),
        FieldSpec("access", "values", ACCESS, multi=True),
        FieldSpec("sector", "values", SECTORS),
        FieldSpec("operator", "values", OPERATORS),
        FieldSpec("coverage", "values", COVERAGE),
        FieldSpec("financing", "values", FINANCING),
        FieldSpec("status", "values", STATUSES),
        FieldSpec("confidence", "values", CONFIDENCE),
        # Counts (each reader's docstring says what it counts).
        VendorStateLinks("vendor.state_links"),
        VendorRecord("vendor.record"),
        VendorStateLeverage("vendor.state_leverage", where_keys={"kind": ACTION_KINDS, "status": ACTION_STATUSES}),
        VendorRestrictions("vendor.restrictions",
                           where_keys={"kind": ACTION_KINDS, "status": ACTION_STATUSES, "scope": ACTION_SCOPES}),
        CountryVendorSectors("country.vendor_sectors"),
        CountryMitigation("country.mitigation", where_keys={"kind": ACTION_KINDS, "status": ACTION_STATUSES}),
    )
}
