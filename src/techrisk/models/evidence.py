"""Evidence: the publication that supports a fact, with a verbatim quote."""

from __future__ import annotations

import hashlib

import re

from pydantic import BaseModel, Field, field_validator

from techrisk.models.fields import STRICT, PartialDate
from techrisk.vocab import PRESENCE_SUPPORT_FIELDS, STATUSES, SUPPORT_FIELDS

# One sentence at most. Most quotes are far shorter; the bound leaves room for a long list
# sentence (e.g. the countries of the US Entity List's Huawei affiliates).
MAX_QUOTE_CHARS = 800
_URL = re.compile(r"^https?://[^\s/]+\.[^\s/]+(/\S*)?$")


class Evidence(BaseModel):
    """A publication that supports a fact.

    ``quote`` is a short verbatim excerpt that a reader can find in the publication.
    ``url`` is the publication's own address, omitted where none exists.
    """

    model_config = STRICT

    publisher: str = Field(min_length=1)
    title: str = Field(min_length=1)
    author: str | None = None
    date: PartialDate
    url: str | None = None
    quote: str = Field(min_length=1, max_length=MAX_QUOTE_CHARS)
    accessed: PartialDate | None = None
    # The record fields this quote supports (deployments: see vocab.SUPPORT_FIELDS, and
    # `status:<value>` for a status entry). Vendor facts need none: the fact is the record.
    supports: tuple[str, ...] = ()

    @field_validator("supports", mode="after")
    @classmethod
    def _supports_known_fields(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        allowed = set(SUPPORT_FIELDS) | set(PRESENCE_SUPPORT_FIELDS) | {f"status:{s}" for s in STATUSES}
        bad = [v for v in values if v not in allowed]
        if bad:
            raise ValueError(f"supports names unknown fields {bad}; allowed: {', '.join(sorted(allowed))}")
        if len(set(values)) != len(values):
            raise ValueError(f"supports lists a field twice: {list(values)}")
        return values

    @field_validator("quote", mode="after")
    @classmethod
    def _quote_is_not_placeholder(cls, value: str) -> str:
        if value.strip(". …") == "":
            raise ValueError("quote is a placeholder; copy a verbatim excerpt from the publication")
        return value

    @field_validator("url", mode="after")
    @classmethod
    def _url_is_web_address(cls, value: str | None) -> str | None:
        # Checked offline: the shape only. We keep the URL exactly as written (no normalising).
        if value is not None and not _URL.match(value):
            raise ValueError(f"expected an http(s) URL such as 'https://example.org/page', got {value!r}")
        return value

    @property
    def source_id(self) -> str:
        """A stable id for the publication (not the quote), so sources can be numbered once."""
        key = "\x1f".join([self.publisher, self.title, self.date, str(self.url or "")])
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
