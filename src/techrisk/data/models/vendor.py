"""The vendor registry: legal entities, ownership, legal exposure, regulatory actions, issues."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from techrisk.data.models.evidence import Evidence
from techrisk.data.models.fields import (
    STRICT,
    CountryCode,
    Jurisdiction,
    PartialDate,
    RecordId,
    earliest_date,
    latest_date,
)
from techrisk.data.vocab import (
    ACTION_KINDS,
    ACTION_SCOPES,
    ACTION_STATUSES,
    BRAND_KINDS,
    ENTITY_ROLES,
    SECTORS,
    SEVERITIES,
    STATE_LINKS,
)


class _Sourced(BaseModel):
    """Base for every fact: it carries one evidence item or more."""

    model_config = STRICT

    evidence: tuple[Evidence, ...] = Field(min_length=1)


class _Dated(_Sourced):
    """A name that belonged to the vendor for a period: ``since`` and ``until`` are partial
    dates, ``None`` when no source gives them (``until: None`` means it still belongs)."""

    since: PartialDate | None = None
    until: PartialDate | None = None

    @model_validator(mode="after")
    def _since_before_until(self):
        start = earliest_date(self.since) if self.since else None
        end = latest_date(self.until) if self.until else None
        if start and end and start > end:
            raise ValueError(f"since {self.since!r} is after until {self.until!r}")
        return self

    def former_on(self, day: dt.date) -> bool:
        """True when the vendor no longer held this name on ``day`` (the day after ``until``
        at the earliest: a month or year ends on its last day)."""
        end = latest_date(self.until) if self.until else None
        return end is not None and day > end

    def held_on(self, day: dt.date) -> bool:
        """True when the vendor held this name on ``day``, as far as the dates say."""
        start = earliest_date(self.since) if self.since else None
        return not self.former_on(day) and (start is None or day >= start)


class LegalEntity(_Dated):
    name: str = Field(min_length=1)
    role: Literal[ENTITY_ROLES]
    # `unknown` where no source read gives the country of incorporation.
    jurisdiction: CountryCode | Literal["unknown"]


class Brand(_Dated):
    """A brand the vendor sells under, or one sold under another maker's name (OEM,
    relabelled), with the evidence that ties it to the vendor."""

    name: str = Field(min_length=1)
    kind: Literal[BRAND_KINDS]


class Headquarters(_Sourced):
    city: str = Field(min_length=1)
    country: CountryCode


class Founding(_Sourced):
    year: int = Field(ge=1900, le=2100, strict=True)


class Ownership(_Sourced):
    """An ownership or control fact; ``link`` grades how it ties the vendor to the Chinese state
    (``vocab.STATE_LINKS``; ``none`` for the vendor's own account or a fact with no state tie)."""

    summary: str = Field(min_length=1)
    link: Literal[STATE_LINKS]

    @property
    def state_link(self) -> bool:
        return self.link != "none"


class LegalExposure(_Sourced):
    law: str = Field(min_length=1)
    summary: str = Field(min_length=1)


class RegulatoryAction(_Sourced):
    """A dated action by a government or regulator against (or about) the vendor."""

    id: RecordId
    jurisdiction: Jurisdiction
    # The acting body, by name ("UK Government (DCMS)", "European Parliament").
    authority: str = Field(min_length=1)
    # Whom the action binds (vocab.ACTION_SCOPES): a Texas state list is `subnational`, the
    # European Parliament's own camera contract `institutional`, not a national ban.
    scope: Literal[ACTION_SCOPES] = "unknown"
    kind: Literal[ACTION_KINDS]
    date: PartialDate
    status: Literal[ACTION_STATUSES]
    # The sectors the measure covers, as its sources state them; empty when they name none.
    # Rubric 2.0 reads a national measure as mitigation only for the sectors listed here.
    sectors: tuple[Literal[SECTORS], ...] = ()
    summary: str = Field(min_length=1)


class SecurityIssue(_Sourced):
    """A documented vulnerability or security incident."""

    id: RecordId
    cve: str | None = Field(default=None, pattern=r"^CVE-\d{4}-\d{4,}$")
    advisory: str | None = None
    date: PartialDate
    severity: Literal[SEVERITIES]
    summary: str = Field(min_length=1)


class Abuse(_Sourced):
    """Documented involvement in human-rights abuses."""

    id: RecordId
    date: PartialDate
    place: str = Field(min_length=1)
    summary: str = Field(min_length=1)


class Vendor(BaseModel):
    """One of the five vendors the registry covers, with every fact sourced."""

    model_config = STRICT

    id: RecordId
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    legal_entities: tuple[LegalEntity, ...] = ()
    brands: tuple[Brand, ...] = ()
    headquarters: Headquarters
    founded: Founding
    ownership: tuple[Ownership, ...] = ()
    legal_exposure: tuple[LegalExposure, ...] = ()
    product_lines: tuple[str, ...] = ()
    regulatory_actions: tuple[RegulatoryAction, ...] = ()
    security_issues: tuple[SecurityIssue, ...] = ()
    abuses: tuple[Abuse, ...] = ()

    def __repr__(self) -> str:
        # A short summary: the full record (every evidence item) would fill a notebook cell.
        return (f"Vendor(id={self.id!r}, name={self.name!r}, headquarters={self.headquarters.city!r}, "
                f"founded={self.founded.year}, aliases={len(self.aliases)}, legal_entities={len(self.legal_entities)}, "
                f"regulatory_actions={len(self.regulatory_actions)}, security_issues={len(self.security_issues)}, "
                f"abuses={len(self.abuses)})")

    __str__ = __repr__

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the vendor goes by or went by: id, display name, aliases, legal entity
        and brand names (former ones included; :func:`techrisk.screen` tells them apart)."""
        return (self.id, self.name, *self.aliases, *(e.name for e in self.legal_entities),
                *(b.name for b in self.brands))

    @property
    def state_linked(self) -> bool:
        """True when any sourced ownership record documents a link to the Chinese state."""
        return any(o.state_link for o in self.ownership)
