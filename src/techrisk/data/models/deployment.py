"""Per-country records: deployments of vendor technology, and vendor presence."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from techrisk.data.models.evidence import Evidence
from techrisk.data.models.fields import STRICT, CountryCode, PartialDate, RecordId, earliest_date, latest_date
from techrisk.data.vocab import (
    ACCESS,
    CONFIDENCE,
    COVERAGE,
    DATA_KINDS,
    FINANCING,
    INACTIVE_STATUSES,
    OPERATORS,
    PRESENCE_KINDS,
    SCALE_UNITS,
    SECTORS,
    STATUSES,
    UNKNOWN,
)


class Scale(BaseModel):
    """How big a deployment is, with its unit (cameras, subscribers, share of capacity...)."""

    model_config = STRICT

    value: float | None = Field(default=None, ge=0, strict=True, allow_inf_nan=False)
    unit: Literal[SCALE_UNITS]
    note: str | None = None

    @model_validator(mode="after")
    def _percent_in_range(self) -> Scale:
        if self.unit == "percent_national_capacity" and self.value is not None and self.value > 100:
            raise ValueError(f"a percentage of national capacity cannot exceed 100 (got {self.value})")
        return self


def _unknown_only_alone(values: tuple[str, ...], field: str) -> tuple[str, ...]:
    if UNKNOWN in values and len(values) > 1:
        raise ValueError(f"{field}: 'unknown' cannot be listed together with known values {list(values)}")
    if len(set(values)) != len(values):
        raise ValueError(f"{field}: duplicate values in {list(values)}")
    return values


class Deployment(BaseModel):
    """A system built or supplied in one country by one or more registry vendors."""

    model_config = STRICT

    id: RecordId
    country: CountryCode
    place: str = UNKNOWN
    name: str = UNKNOWN
    vendors: tuple[str, ...] = Field(min_length=1)
    partners: tuple[str, ...] = ()
    operator: Literal[OPERATORS] = UNKNOWN
    operator_name: str | None = None
    sector: Literal[SECTORS]
    data_captured: tuple[Literal[DATA_KINDS], ...] = (UNKNOWN,)
    scale: Scale | None = None
    coverage: Literal[COVERAGE] = UNKNOWN
    start: PartialDate = UNKNOWN
    end: PartialDate | None = None
    status: Literal[STATUSES]
    financing: Literal[FINANCING] = UNKNOWN
    access: tuple[Literal[ACCESS], ...] = (UNKNOWN,)
    confidence: Literal[CONFIDENCE]
    summary: str | None = None
    evidence: tuple[Evidence, ...] = Field(min_length=1)

    @field_validator("data_captured", "access", mode="after")
    @classmethod
    def _unknown_alone(cls, values: tuple[str, ...], info) -> tuple[str, ...]:
        if not values:
            raise ValueError(f"{info.field_name} is empty; write [unknown] when nothing is known")
        return _unknown_only_alone(values, info.field_name)

    @field_validator("vendors", mode="after")
    @classmethod
    def _no_duplicate_vendors(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(values)) != len(values):
            raise ValueError(f"duplicate vendor ids in {list(values)}")
        return values

    @model_validator(mode="after")
    def _dates_and_status_agree(self) -> Deployment:
        if self.end is not None and self.end != UNKNOWN:
            # Partial dates: "start 2020-06, end 2020" is fine (2020 runs to 31 December).
            start, end = earliest_date(self.start), latest_date(self.end)
            if start is not None and end is not None and end < start:
                raise ValueError(f"end {self.end!r} is before start {self.start!r}")
            if self.status not in INACTIVE_STATUSES and self.status != "suspended":
                raise ValueError(f"end {self.end!r} is given but status is {self.status!r}; use 'ended' or 'removed'")
        if not self.id.startswith(self.country.lower() + "-"):
            raise ValueError(f"id {self.id!r} must start with the country code '{self.country.lower()}-'")
        return self

    @property
    def active(self) -> bool:
        return self.status not in INACTIVE_STATUSES


class Presence(BaseModel):
    """Vendor presence that is not a deployment: an office, subsidiary, academy or listed affiliate."""

    model_config = STRICT

    id: RecordId
    country: CountryCode
    vendors: tuple[str, ...] = Field(min_length=1)
    kind: Literal[PRESENCE_KINDS]
    name: str | None = None
    start: PartialDate = UNKNOWN
    summary: str | None = None
    evidence: tuple[Evidence, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _id_matches_country(self) -> Presence:
        if not self.id.startswith(self.country.lower() + "-"):
            raise ValueError(f"id {self.id!r} must start with the country code '{self.country.lower()}-'")
        return self
