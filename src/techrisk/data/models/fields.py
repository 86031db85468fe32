"""Shared field types and validators: partial dates, country codes, record ids."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Annotated

import pycountry
from pydantic import BeforeValidator, ConfigDict

from techrisk.data.vocab import UNKNOWN

# Codes outside ISO 3166-1 that sources and international bodies use for a country:
# Kosovo's user-assigned code, used by the European Commission and the World Bank.
EXTRA_COUNTRIES = {"XK": "Kosovo"}

# Every model in techrisk uses this: extra="forbid" turns a misspelt YAML key into an error
# instead of a silently ignored value.
STRICT = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_RECORD_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Jurisdictions that are not countries but act as one for regulation.
REGIONAL_JURISDICTIONS = {"EU": "European Union"}


def _partial_date(value: object) -> str:
    """Normalise a YAML date (2019, "2019-05", 2019-05-03 or "unknown") to a string."""
    if isinstance(value, bool):
        raise ValueError(f"expected a date (YYYY, YYYY-MM or YYYY-MM-DD), got {value!r}")
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"expected a date (YYYY, YYYY-MM or YYYY-MM-DD), got {value!r}")
    return _date_text(value)


# Validators of text that repeats across records (dates, country codes, URLs) remember their
# answers: large files repeat the same few thousand values. An invalid value raises every time.
_REPEATED = 1 << 16


@functools.lru_cache(maxsize=_REPEATED)
def _date_text(value: str) -> str:
    text = value.strip()
    if text == UNKNOWN:
        return text
    if not _PARTIAL_DATE.match(text):
        raise ValueError(f"expected a date (YYYY, YYYY-MM or YYYY-MM-DD) or 'unknown', got {value!r}")
    parts = [int(p) for p in text.split("-")]
    # Check that the month/day exist by building the earliest date the text allows.
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date ({exc})") from None
    return text


def _country(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO 3166-1 alpha-2 code such as 'KZ', got {value!r}")
    return _country_text(value)


@functools.lru_cache(maxsize=_REPEATED)
def _country_text(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z]{2}", value.strip()):
        raise ValueError(f"expected an ISO 3166-1 alpha-2 code such as 'KZ', got {value!r}")
    code = value.strip().upper()
    if code not in EXTRA_COUNTRIES and pycountry.countries.get(alpha_2=code) is None:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
    return code


def _jurisdiction(value: object) -> str:
    if isinstance(value, str) and value.strip().upper() in REGIONAL_JURISDICTIONS:
        return value.strip().upper()
    return _country(value)


def _record_id(value: object) -> str:
    if not isinstance(value, str) or not _RECORD_ID.match(value):
        raise ValueError(
            f"ids are lower-case words joined by hyphens (e.g. 'kz-sergek-video-analytics'), got {value!r}"
        )
    return value


PartialDate = Annotated[str, BeforeValidator(_partial_date)]
CountryCode = Annotated[str, BeforeValidator(_country)]
Jurisdiction = Annotated[str, BeforeValidator(_jurisdiction)]
RecordId = Annotated[str, BeforeValidator(_record_id)]


def earliest_date(text: str) -> dt.date | None:
    """The first day a partial date can mean: "2019" -> 2019-01-01; "unknown" -> None."""
    if text == UNKNOWN:
        return None
    parts = [int(p) for p in text.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def year_of(text: str) -> int | None:
    """The year of a partial date, or None when unknown."""
    return None if text == UNKNOWN else int(text[:4])


def latest_date(text: str) -> dt.date | None:
    """The last day a partial date can mean: "2019" -> 2019-12-31; "unknown" -> None."""
    if text == UNKNOWN:
        return None
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        following = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date(*parts)
