"""Per-country records: deployments of vendor technology, and vendor presence."""

from __future__ import annotations

import itertools
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
    REQUIRED_SUPPORT,
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


KNOWN_DATA_KINDS = tuple(k for k in DATA_KINDS if k != UNKNOWN)


class StatusEntry(BaseModel):
    """One dated step of a deployment's life: agreed, contracted, operational, removed..."""

    model_config = STRICT

    value: Literal[STATUSES]
    date: PartialDate = UNKNOWN
    note: str | None = None


def _status_history(value: object) -> object:
    if isinstance(value, str):
        raise ValueError(
            f"status is a dated history since data model 2.0: write "
            f"status: [{{value: {value}, date: YYYY}}] (got {value!r})"
        )
    return value


class Deployment(BaseModel):
    """A system built or supplied in one country by one or more registry vendors.

    ``status`` is a dated history (oldest first); the property :attr:`status` is its last value,
    :meth:`status_on` the value on a given date. ``data_captured`` is what a source shows the
    system doing; ``capabilities`` what it can do or was contracted to do. Every coded field
    that is not unknown is named in the ``supports`` of at least one evidence item.
    """

    model_config = STRICT

    id: RecordId
    country: CountryCode
    system: RecordId | None = None
    place: str = UNKNOWN
    name: str = UNKNOWN
    vendors: tuple[str, ...] = Field(min_length=1)
    partners: tuple[str, ...] = ()
    operator: Literal[OPERATORS] = UNKNOWN
    operator_name: str | None = None
    sector: Literal[SECTORS]
    data_captured: tuple[Literal[DATA_KINDS], ...] = (UNKNOWN,)
    capabilities: tuple[Literal[KNOWN_DATA_KINDS], ...] = ()
    scale: Scale | None = None
    coverage: Literal[COVERAGE] = UNKNOWN
    start: PartialDate = UNKNOWN
    history: tuple[StatusEntry, ...] = Field(alias="status", min_length=1)
    status_checked: PartialDate | None = None
    financing: Literal[FINANCING] = UNKNOWN
    access: tuple[Literal[ACCESS], ...] = (UNKNOWN,)
    confidence: Literal[CONFIDENCE]
    summary: str | None = None
    evidence: tuple[Evidence, ...] = Field(min_length=1)

    @field_validator("history", mode="before")
    @classmethod
    def _history_is_a_list(cls, value: object) -> object:
        return _status_history(value)

    @field_validator("data_captured", "access", mode="after")
    @classmethod
    def _unknown_alone(cls, values: tuple[str, ...], info) -> tuple[str, ...]:
        if not values:
            raise ValueError(f"{info.field_name} is empty; write [unknown] when nothing is known")
        return _unknown_only_alone(values, info.field_name)

    @field_validator("vendors", "capabilities", mode="after")
    @classmethod
    def _no_duplicates(cls, values: tuple[str, ...], info) -> tuple[str, ...]:
        if len(set(values)) != len(values):
            raise ValueError(f"duplicate values in {info.field_name}: {list(values)}")
        return values

    @model_validator(mode="after")
    def _consistent(self) -> Deployment:
        problems = [message for _, message in self._shape_problems()]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _shape_problems(self) -> list[tuple[str, str]]:
        out = []
        if not self.id.startswith(self.country.lower() + "-"):
            out.append(("id", f"id {self.id!r} must start with the country code '{self.country.lower()}-'"))
        dates = [e.date for e in self.history]
        if UNKNOWN in dates[1:]:
            out.append(("status", "only the first status entry may have an unknown date"))
        known = [d for d in dates if d != UNKNOWN]
        for earlier, later in itertools.pairwise(known):
            later_last, earlier_first = latest_date(later), earliest_date(earlier)
            if later_last is not None and earlier_first is not None and later_last < earlier_first:
                out.append(("status", f"status entries must be oldest first ({earlier!r} comes before {later!r})"))
        start, end = earliest_date(self.start), self.end
        end_last = latest_date(end) if end is not None else None
        if start is not None and end_last is not None and end_last < start:
            out.append(("status", f"the deployment ends ({end!r}) before its start ({self.start!r})"))
        for value in sorted(set(self.capabilities) & set(self.data_captured)):
            out.append(("capabilities", f"{value!r} is already documented in data_captured; list it once"))
        return out

    def unsupported(self) -> list[tuple[str, str]]:
        """(field, message) for each coded field with a known value that no evidence item
        names in ``supports``. The loader reports these; see ``vendors/README.md``."""
        named = {token for e in self.evidence for token in e.supports}
        out = []
        for field in REQUIRED_SUPPORT:
            value = getattr(self, field)
            if value in (None, UNKNOWN, (), (UNKNOWN,)):
                continue
            if field not in named:
                out.append((field, f"{_show(value)} is not supported by any evidence item: add {field!r} to the "
                                   f"`supports` of the evidence whose quote says it, or write unknown"))
        for index, entry in enumerate(self.history):
            if f"status:{entry.value}" not in named:
                out.append((f"status[{index}]",
                            f"{entry.value!r} is not supported by any evidence item: add 'status:{entry.value}' "
                            "to the `supports` of the evidence whose quote says it"))
        return out

    @property
    def status(self) -> str:
        """The last status in the history (what the system is now, as far as sources say)."""
        return self.history[-1].value

    @property
    def end(self) -> str | None:
        """The date the deployment stopped (an ended/removed last status), else ``None``."""
        last = self.history[-1]
        return last.date if last.value in INACTIVE_STATUSES else None

    @property
    def first_date(self) -> str:
        """``start`` if a source gives it, else the first dated status entry, else unknown."""
        if self.start != UNKNOWN:
            return self.start
        return next((e.date for e in self.history if e.date != UNKNOWN), UNKNOWN)

    def status_on(self, date: str) -> str | None:
        """The status on a date (``YYYY[-MM[-DD]]``): the last entry dated on or before it.

        An undated first entry holds from ``start`` (always, when that is unknown too);
        ``None`` before the first entry. The scoring engine reads histories the same way.
        """
        day = latest_date(date)
        if day is None:
            raise ValueError(f"status_on needs a date, got {date!r}")
        current = None
        for entry in self.history:
            since = earliest_date(entry.date if entry.date != UNKNOWN else self.start)
            if since is not None and since > day:
                break
            current = entry.value
        return current

    @property
    def active(self) -> bool:
        return self.status not in INACTIVE_STATUSES


def _show(value: object) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, BaseModel):
        return "(given)"
    return repr(value)


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
