"""Evidence: the publication that supports a fact, with a verbatim quote."""

from __future__ import annotations

import functools
import hashlib
import re
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, field_validator

from techrisk.data.models.fields import STRICT, PartialDate
from techrisk.data.vocab import PRESENCE_SUPPORT_FIELDS, STATUSES, SUPPORT_FIELDS

# One sentence at most. Most quotes are far shorter; the bound leaves room for a long list
# sentence (e.g. the countries of the US Entity List's Huawei affiliates).
MAX_QUOTE_CHARS = 800
# Characters never found in a real URL as written in a citation; `<` and `>` would also
# break out of Markdown's <autolink> and HTML attributes.
_URL_FORBIDDEN = set(' \t\r\n<>"{}|\\^`') | {chr(c) for c in range(32)} | {"\x7f"}
_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$", re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 16)  # evidence items of one publication repeat its URL
def check_url(value: str) -> str:
    """An http(s) URL with a real host name: parsed with urllib, not pattern-matched."""
    bad = sorted({c for c in value if c in _URL_FORBIDDEN})
    if bad:
        raise ValueError(f"a URL cannot contain {', '.join(repr(c) for c in bad)} (got {value!r})")
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError as exc:
        raise ValueError(f"not a valid URL ({exc}) (got {value!r})") from None
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"expected an http(s) URL such as 'https://example.org/page', got {value!r}")
    if not _HOST.match(host.encode("idna").decode("ascii") if host else ""):
        raise ValueError(f"{host!r} is not a host name (a trailing dot or a typo?) (got {value!r})")
    if parts.username or parts.password:
        raise ValueError(f"a URL with a user name or password is not a citation (got {value!r})")
    return value


_SUPPORTABLE = frozenset(SUPPORT_FIELDS) | frozenset(PRESENCE_SUPPORT_FIELDS) | {f"status:{s}" for s in STATUSES}


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
        bad = [v for v in values if v not in _SUPPORTABLE]
        if bad:
            raise ValueError(f"supports names unknown fields {bad}; allowed: {', '.join(sorted(_SUPPORTABLE))}")
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
        return None if value is None else check_url(value)

    @property
    def source_id(self) -> str:
        """A stable id for the publication (not the quote), so sources can be numbered once."""
        key = "\x1f".join([self.publisher, self.title, self.date, str(self.url or "")])
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
