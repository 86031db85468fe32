"""Country lookups on top of pycountry: alpha-2, alpha-3 and English names all resolve."""

from __future__ import annotations

import difflib
from functools import lru_cache

import pycountry

from techrisk.errors import UnknownCountryError


@lru_cache(maxsize=1)
def _name_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if name:
                index[name.casefold()] = country.alpha_2
    return index


def get_country(value: str, default: str | None = None) -> str | None:
    """Return the alpha-2 code for an alpha-2/alpha-3 code or English name, or ``default``."""
    if not isinstance(value, str) or not value.strip():
        return default
    text = value.strip()
    if len(text) == 2:
        found = pycountry.countries.get(alpha_2=text.upper())
    elif len(text) == 3 and text.isalpha():
        found = pycountry.countries.get(alpha_3=text.upper())
    else:
        found = None
    if found is not None:
        return found.alpha_2
    return _name_index().get(text.casefold(), default)


def lookup_country(value: str) -> str:
    """Like :func:`get_country`, but raise :class:`UnknownCountryError` with suggestions.

    Example:
        >>> lookup_country("Kazakhstan"), lookup_country("KAZ"), lookup_country("kz")
        ('KZ', 'KZ', 'KZ')
    """
    code = get_country(value)
    if code is not None:
        return code
    suggestions = difflib.get_close_matches(str(value).casefold(), list(_name_index()), n=3, cutoff=0.6)
    names = [pycountry.countries.get(alpha_2=_name_index()[s]).name for s in suggestions]
    hint = f"; did you mean {', '.join(repr(n) for n in dict.fromkeys(names))}?" if names else ""
    raise UnknownCountryError(
        f"unknown country {value!r}: expected an ISO 3166-1 alpha-2 or alpha-3 code or an English name{hint}"
    )


def country_name(code: str) -> str:
    """The short English name of an alpha-2 code (common name where pycountry has one)."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name
