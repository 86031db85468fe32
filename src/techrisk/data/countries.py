"""Country lookups on top of pycountry: alpha-2, alpha-3 and English names all resolve."""

from __future__ import annotations

import difflib
import unicodedata
from functools import lru_cache

import pycountry

from techrisk.data.models.fields import EXTRA_COUNTRIES
from techrisk.errors import UnknownCountryError

# Everyday English names that pycountry's name, official_name and common_name do not hold.
# Keep this list short: each entry is a name in wide use (news style guides) for one country.
EVERYDAY_NAMES = {
    "Russia": "RU", "Turkey": "TR", "UK": "GB", "Britain": "GB", "Great Britain": "GB",
    "Ivory Coast": "CI", "Macedonia": "MK", "Burma": "MM", "Palestine": "PS",
    "DR Congo": "CD", "DRC": "CD", "Congo-Kinshasa": "CD", "Congo-Brazzaville": "CG",
    "Gambia": "GM", "Cape Verde": "CV", "East Timor": "TL", "Swaziland": "SZ",
    "Vatican": "VA", "Holland": "NL", "UAE": "AE", "America": "US", "Micronesia": "FM",
}


def _fold(name: str) -> str:
    """Case, accents, punctuation and a leading "the" do not matter: "Cote d'Ivoire"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = " ".join(text.replace("'", "").replace("’", "").replace(",", " ").replace(".", "").split())
    return text.removeprefix("the ")


@lru_cache(maxsize=1)
def _name_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if name:
                index[_fold(name)] = country.alpha_2
    for code, name in EXTRA_COUNTRIES.items():
        index[_fold(name)] = code
    for name, code in EVERYDAY_NAMES.items():
        index.setdefault(_fold(name), code)
    return index


def is_country_code(code: str) -> bool:
    """True for an ISO 3166-1 alpha-2 code or one of :data:`EXTRA_COUNTRIES`."""
    return code in EXTRA_COUNTRIES or pycountry.countries.get(alpha_2=code) is not None


def get_country(value: str, default: str | None = None) -> str | None:
    """Return the alpha-2 code for an alpha-2/alpha-3 code or English name, or ``default``."""
    if value is None or not isinstance(value, str):
        raise TypeError(f"a country is a code or name as text, such as 'KZ' or 'Kazakhstan'; got {value!r}")
    if not value.strip():
        return default
    text = value.strip()
    if len(text) == 2 and text.upper() in EXTRA_COUNTRIES:
        return text.upper()
    if len(text) == 2:
        found = pycountry.countries.get(alpha_2=text.upper())
    elif len(text) == 3 and text.isalpha():
        found = pycountry.countries.get(alpha_3=text.upper())
    else:
        found = None
    if found is not None:
        return found.alpha_2
    return _name_index().get(_fold(text), default)


def lookup_country(value: str) -> str:
    """Like :func:`get_country`, but raise :class:`UnknownCountryError` with suggestions.

    Example:
        >>> lookup_country("Kazakhstan"), lookup_country("KAZ"), lookup_country("kz")
        ('KZ', 'KZ', 'KZ')
    """
    code = get_country(value)
    if code is not None:
        return code
    suggestions = difflib.get_close_matches(_fold(str(value)), list(_name_index()), n=3, cutoff=0.6)
    names = [country_name(_name_index()[s]) for s in suggestions]
    hint = f"; did you mean {', '.join(repr(n) for n in dict.fromkeys(names))}?" if names else ""
    raise UnknownCountryError(
        f"unknown country {value!r}: expected an ISO 3166-1 alpha-2 or alpha-3 code or an English name{hint}"
    )


def country_name(code: str) -> str:
    """The short English name of an alpha-2 code (common name where pycountry has one)."""
    if code in EXTRA_COUNTRIES:
        return EXTRA_COUNTRIES[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name
