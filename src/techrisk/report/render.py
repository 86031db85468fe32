"""Rendering: the one jinja2 Environment, and the filters that format values for templates.

HTML is autoescaped; Markdown is not, so every value bound for Markdown goes through the
``md`` filter. Undefined variables fail loudly. Templates format values with these filters
and never parse them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

__all__ = ["cite_numbers", "environment", "fmt_score", "md_escape"]

# Characters that start Markdown syntax inside a line. (No template puts a value at the start
# of a line, so line-start markers such as "#" or "1." cannot take effect and are left alone.)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_escape(value: object) -> str:
    """Make data text inert in Markdown: no links, emphasis, tables or raw HTML from the data."""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def fmt_score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


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
    env.filters.update(md=md_escape, score=fmt_score, cites=cite_numbers)
    return env
