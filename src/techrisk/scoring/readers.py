"""The record fields a rubric factor may read.

A factor names one of these in ``reads``. ``values`` fields are looked up in the levels'
``values`` lists; ``count`` fields are compared with the levels' ``min_count``. The engine
computes each field exactly as its description says (``rubrics/README.md`` repeats them).
"""

from __future__ import annotations

from dataclasses import dataclass

from techrisk.data.vocab import (
    ACCESS,
    ACTION_KINDS,
    ACTION_STATUSES,
    CONFIDENCE,
    COVERAGE,
    DATA_KINDS,
    FINANCING,
    OPERATORS,
    SECTORS,
    STATUSES,
    UNKNOWN,
)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str  # "values" or "count"
    description: str
    vocab: tuple[str, ...] = ()
    multi: bool = False  # a list field: the factor takes the highest level among its values
    where_keys: dict[str, tuple[str, ...]] | None = None  # allowed filters for a count

    @property
    def can_be_unknown(self) -> bool:
        return UNKNOWN in self.vocab

    @property
    def known_values(self) -> tuple[str, ...]:
        return tuple(v for v in self.vocab if v != UNKNOWN)


FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec("data_captured", "values", "the deployment's data_captured list", DATA_KINDS, multi=True),
        FieldSpec("access", "values", "the deployment's access list", ACCESS, multi=True),
        FieldSpec("sector", "values", "the deployment's sector", SECTORS),
        FieldSpec("operator", "values", "the deployment's operator", OPERATORS),
        FieldSpec("coverage", "values", "the deployment's coverage", COVERAGE),
        FieldSpec("financing", "values", "the deployment's financing", FINANCING),
        FieldSpec("status", "values", "the deployment's status", STATUSES),
        FieldSpec("confidence", "values", "the deployment's confidence", CONFIDENCE),
        FieldSpec(
            "vendor.state_links", "count",
            "number of the vendor's ownership records marked state_link: true",
        ),
        FieldSpec(
            "vendor.record", "count",
            "number of the vendor's security issues and abuses dated on or before the as-of date",
        ),
        FieldSpec(
            "vendor.restrictions", "count",
            "number of the vendor's regulatory actions dated on or before the as-of date that match "
            "the factor's `where` filter (kind and status)",
            where_keys={"kind": ACTION_KINDS, "status": ACTION_STATUSES},
        ),
        FieldSpec(
            "country.vendor_sectors", "count",
            "number of distinct sectors in which the deployment's vendor has counted deployments "
            "in the same country (the highest over the deployment's vendors)",
        ),
    )
}
