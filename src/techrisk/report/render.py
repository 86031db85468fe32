"""Rendering: the one jinja2 Environment, and the filters that format values for templates.

HTML is autoescaped; Markdown is not, so every value bound for Markdown goes through the
``md`` filter. Undefined variables fail loudly. Templates format values with these filters
and never parse them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

__all__ = ["cite_numbers", "environment", "fmt_points", "fmt_score", "md_escape", "md_url"]

# Characters that start Markdown syntax inside a line: links, emphasis, code, table cells,
# raw HTML and entities. CommonMark lets any ASCII punctuation be backslash-escaped, so "&"
# becomes "\&" (shown as "&"), never "&amp;" (shown as "&amp;" by plain-text readers).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~<>&#])")


def md_escape(value: object) -> str:
    """Make data text inert in Markdown: no links, emphasis, tables or raw HTML from the data."""
    text = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_url(value: object) -> str:
    """A URL made safe inside a Markdown autolink ``<...>``: anything that could close the
    link or break the line is percent-encoded (validated URLs never hold these)."""
    return quote(str(value), safe=":/?#[]@!$&'()*+,;=%~-._")


def fmt_score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def fmt_points(value: float) -> str:
    """Points with one decimal; a positive amount that would round to 0.0 reads "under 0.1"."""
    return "under 0.1" if 0 < value < 0.05 else f"{value:.1f}"


def cite_numbers(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("techrisk.report", "templates"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
    )
    env.filters.update(md=md_escape, md_url=md_url, score=fmt_score, points=fmt_points, cites=cite_numbers)
    return env
