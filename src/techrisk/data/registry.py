"""The Registry: every vendor, deployment and presence record, with lookups and tables."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from techrisk.data.countries import lookup_country
from techrisk.data.models import Deployment, Evidence, Presence, Vendor
from techrisk.errors import UnknownVendorError

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")

# Words that legal names add and people leave out: "Zhejiang Dahua Technology Co., Ltd."
# should be found as "Zhejiang Dahua Technology".
_LEGAL_SUFFIXES = re.compile(r"\b(co|ltd|limited|company|inc|corp|corporation|plc|llc|gmbh|sa)\b")


def normalise_name(name: str) -> str:
    """Fold case, width and punctuation, and drop legal-form words, for alias matching."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    text = _LEGAL_SUFFIXES.sub(" ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Registry:
    """An immutable set of records. Build one with :func:`techrisk.load`.

    Attributes:
        vendors: every vendor, in load order.
        deployments: every deployment.
        presence: every presence record (offices, listed affiliates, academies).
        files: the files the records were read from.
        skipped: files found in the folders given that are not data (e.g. a README), listed
            so that nothing is left out unnoticed.
    """

    vendors: tuple[Vendor, ...]
    deployments: tuple[Deployment, ...]
    presence: tuple[Presence, ...] = ()
    files: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()

    def __repr__(self) -> str:
        countries = len({d.country for d in self.deployments})
        return (f"<Registry: {len(self.vendors)} vendors, {len(self.deployments)} deployments in "
                f"{countries} countries, {len(self.presence)} presence records>")

    @cached_property
    def _alias_index(self) -> dict[str, Vendor]:
        index: dict[str, Vendor] = {}
        for vendor in self.vendors:
            for name in vendor.names:
                index.setdefault(normalise_name(name), vendor)
        return index

    def get_vendor(self, name: str, default: Vendor | None = None) -> Vendor | None:
        """The vendor with this id, name, alias or legal-entity name, or ``default``."""
        return self._alias_index.get(normalise_name(name), default)

    def vendor(self, name: str) -> Vendor:
        """The vendor with this id, name, alias or legal-entity name.

        Matching ignores case, punctuation and legal-form words (``Co., Ltd.``).

        Raises:
            UnknownVendorError: naming the closest known names.

        Example:
            >>> import techrisk
            >>> techrisk.load().vendor("Hangzhou Hikvision Digital Technology").id
            'hikvision'
        """
        found = self.get_vendor(name)
        if found is not None:
            return found
        close = difflib.get_close_matches(normalise_name(name), list(self._alias_index), n=3, cutoff=0.5)
        hint = f"; closest: {', '.join(repr(c) for c in close)}" if close else ""
        raise UnknownVendorError(f"unknown vendor {name!r}{hint}; known ids: {', '.join(v.id for v in self.vendors)}")

    def deployments_in(self, country: str) -> tuple[Deployment, ...]:
        """Deployments in a country given as alpha-2, alpha-3 or English name."""
        code = lookup_country(country)
        return tuple(d for d in self.deployments if d.country == code)

    def presence_in(self, country: str) -> tuple[Presence, ...]:
        """Presence records in a country given as alpha-2, alpha-3 or English name."""
        code = lookup_country(country)
        return tuple(p for p in self.presence if p.country == code)

    @property
    def countries(self) -> tuple[str, ...]:
        """Alpha-2 codes of every country with at least one deployment, sorted."""
        return tuple(sorted({d.country for d in self.deployments}))

    @cached_property
    def data_date(self) -> str:
        """The most recent date on which a cited source was read (or published): the data's "as of"."""
        dates = [e.accessed or e.date for e in self.iter_evidence()]
        known = [d for d in dates if d != "unknown"]
        return max(known) if known else "unknown"

    def iter_evidence(self) -> Iterator[Evidence]:
        """Yield every evidence item in the registry."""
        for _kind, _record_id, _vendor_id, _country, ev in self.iter_evidence_records():
            yield ev

    def iter_evidence_records(self) -> Iterator[tuple[str, str, str | None, str | None, Evidence]]:
        """Yield ``(record kind, record id, vendor id, country, evidence)`` for every evidence item."""
        for vendor in self.vendors:
            singles = [("headquarters", vendor.headquarters), ("founded", vendor.founded)]
            for name, fact in singles:
                for ev in fact.evidence:
                    yield name, f"{vendor.id}/{name}", vendor.id, None, ev
            for list_field in ("legal_entities", "brands", "ownership", "legal_exposure"):
                for index, fact in enumerate(getattr(vendor, list_field)):
                    for ev in fact.evidence:
                        yield list_field, f"{vendor.id}/{list_field}[{index}]", vendor.id, None, ev
            for list_field in ("regulatory_actions", "security_issues", "abuses"):
                for fact in getattr(vendor, list_field):
                    for ev in fact.evidence:
                        yield list_field, fact.id, vendor.id, None, ev
        records: tuple[tuple[str, tuple[Deployment, ...] | tuple[Presence, ...]], ...] = (
            ("deployment", self.deployments), ("presence", self.presence))
        for kind, items in records:
            for record in items:
                for ev in record.evidence:
                    yield kind, record.id, ";".join(record.vendors), record.country, ev

    def to_frame(self, kind: str) -> pd.DataFrame:
        """A pandas DataFrame with one row per record of ``kind``.

        Args:
            kind: ``"vendors"``, ``"deployments"``, ``"presence"``, ``"regulatory_actions"``,
                ``"security_issues"``, ``"abuses"`` or ``"evidence"``.

        The frame's ``attrs["license"]`` states the data licence and attribution.
        """
        from techrisk.data.frames import registry_frame

        return registry_frame(self, kind)

    def export(self, fmt: str, path: str | os.PathLike[str], tables: tuple[str, ...] | None = None) -> list[Path]:
        """Write the registry for other tools; return the files written.

        Args:
            fmt: ``"csv"`` or ``"parquet"`` (a folder, one file per table), ``"xlsx"`` (one
                workbook), ``"jsonl"`` (one file) or ``"ftm"`` (FollowTheMoney entities).
            path: the folder or file to write.
            tables: for the tabular formats, some of ``vendors``, ``legal_entities``,
                ``brands``, ``deployments``, ``presence``, ``regulatory_actions``, ``evidence``.

        The licence and attribution are written to ``LICENSE.txt`` beside the data.

        Example:
            >>> import techrisk, tempfile
            >>> files = techrisk.load().export("csv", tempfile.mkdtemp(), tables=("vendors",))
            >>> [f.name for f in files]
            ['vendors.csv', 'LICENSE.txt']
        """
        from techrisk.data.export import TABLES, write_export

        return write_export(self, fmt, path, tables=tables or TABLES)

    def coverage(self, by: str | None = None) -> pd.DataFrame:
        """Counts of deployments, to show where the registry is thin.

        Args:
            by: one of ``"country"``, ``"vendor"``, ``"sector"``, ``"confidence"``,
                ``"decade"``, or ``None`` for the country table with a column per vendor.
        """
        from techrisk.data.frames import coverage_frame

        return coverage_frame(self, by)

    def quality(self, today: dt.date | None = None) -> pd.DataFrame:
        """How well each deployment is sourced: one row per record (coded fields supported by a
        named quote, evidence with date, title and URL, distinct sources, whether a source
        confirmed its status in the last two years); registry-wide shares in
        ``attrs["totals"]``. See :func:`techrisk.data.quality.quality_frame`.
        """
        from techrisk.data.quality import quality_frame

        return quality_frame(self, today)

    # Values derived from these (immutable) records by higher layers, e.g. the scoring
    # table: kept with the registry so they are built once, without this layer knowing them.
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def derived(self, key: str, build: Callable[[Registry], T]) -> T:
        """``build(self)``, computed on the first call for ``key`` and kept."""
        if key not in self._derived:
            self._derived[key] = build(self)
        return self._derived[key]
