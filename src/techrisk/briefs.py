"""Country risk briefs: ``techrisk.brief("KZ")`` -> :class:`Brief` (Markdown, HTML, PDF).

One jinja2 Environment is built here and nowhere else. HTML is autoescaped; Markdown is not,
so every value bound for Markdown goes through the ``md`` filter. Undefined variables fail
loudly. Output carries no timestamps: the same inputs give byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from urllib.parse import quote

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from techrisk._version import __version__
from techrisk.asof import as_of_text, parse_as_of
from techrisk.brief_view import Sources, country_view
from techrisk.countries import lookup_country
from techrisk.licence import DATA_LICENCE

# Characters that start Markdown syntax inside a line. (No template puts a value at the start
# of a line, so line-start markers such as "#" or "1." cannot take effect and are left alone.)
# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that can
# start a link, emphasis, code, a table cell, raw HTML or an entity.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~<>&#])")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


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


def cite_numbers(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("techrisk", "templates"),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
    )
    env.filters.update(md=md_escape, md_url=md_url, score=fmt_score, cites=cite_numbers)
    return env


@dataclass(frozen=True)
class Brief:
    """A rendered-on-demand country (or regional) risk brief.

    Attributes:
        countries: alpha-2 codes covered, in the order asked.
        scores: the country score rows (a DataFrame, index alpha-2).
        explain: one row per (deployment, factor) for the countries covered.
        view: the view-model the templates render (plain dicts and lists).
    """

    countries: tuple[str, ...]
    scores: pd.DataFrame = field(repr=False)
    explain: pd.DataFrame = field(repr=False)
    view: dict = field(repr=False)

    @property
    def score(self) -> float | None:
        """The overall score of a single-country brief (``None`` for a country without records)."""
        if len(self.countries) != 1:
            raise AttributeError("a regional brief has no single score; use .scores")
        code = self.countries[0]
        return float(self.scores.loc[code, "score"]) if code in self.scores.index else None

    @cached_property
    def markdown(self) -> str:
        return environment().get_template("brief.md.j2").render(**self.view)

    @cached_property
    def html(self) -> str:
        return environment().get_template("brief.html.j2").render(**self.view)

    def _repr_markdown_(self) -> str:
        return self.markdown

    def _repr_html_(self) -> str:
        return self.html

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the brief; the format follows the suffix: ``.md``, ``.html`` or ``.pdf``.

        Raises:
            ValueError: for any other suffix (nothing is written).
            RuntimeError: for ``.pdf`` when no headless Chromium is installed.
        """
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".md":
            path.write_text(self.markdown, encoding="utf-8")
        elif suffix in (".html", ".htm"):
            path.write_text(self.html, encoding="utf-8")
        elif suffix == ".pdf":
            html_to_pdf(self.html, path)
        else:
            raise ValueError(f"cannot save a brief as {path.name!r}: use a .md, .html or .pdf file name")
        return path


def find_chromium() -> str | None:
    """The path of a headless-capable Chromium, or None."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str, path: Path) -> None:
    """Print HTML to PDF with headless Chromium (the same renderer the browser tests use)."""
    browser = find_chromium()
    if browser is None:
        raise RuntimeError("saving a brief as PDF needs headless Chromium: install Debian's 'chromium' package "
                           "(apt-get install chromium), or save as .html and print it from a browser")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "brief.html"
        source.write_text(html, encoding="utf-8")
        result = subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             f"--user-data-dir={tmp}/profile", f"--print-to-pdf={path.resolve()}", source.as_uri()],
            capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0 or not path.exists():
        raise RuntimeError(f"Chromium could not print the PDF (exit {result.returncode}): {result.stderr[-500:]}")


def brief(country: str | list[str] | tuple[str, ...], *, registry=None, rubric=None,
          as_of: dt.date | str | None = None) -> Brief:
    """Build a country risk brief, or a regional one for a list of countries.

    Args:
        country: alpha-2, alpha-3 or English name; a list of them for a side-by-side
            regional brief.
        registry: defaults to ``techrisk.load()``.
        rubric: rubric name, path or object; defaults to the newest bundled rubric.
        as_of: brief the registry as it stood on this date.

    Raises:
        UnknownCountryError: naming the closest country names.

    Example:
        >>> import techrisk
        >>> b = techrisk.brief("Kazakhstan")
        >>> b.save("kz.html")  # doctest: +SKIP
    """
    single = isinstance(country, str)
    codes = tuple(dict.fromkeys(lookup_country(c) for c in ([country] if single else country)))
    if not codes:
        raise ValueError("brief() needs at least one country")
    return _assemble(codes, single, _BriefContext.build(registry, rubric, as_of))


@dataclass(frozen=True)
class _BriefContext:
    """What every brief of one registry, rubric and as-of date shares: computed once, so
    ``write_all_briefs`` does not re-score the whole registry for each country."""

    registry: object
    rubric: object
    as_of: dt.date | str | None
    scores: pd.DataFrame
    dep_scores: pd.DataFrame
    stability: pd.DataFrame

    @classmethod
    def build(cls, registry, rubric, as_of) -> _BriefContext:
        from techrisk.analysis import sensitivity
        from techrisk.load import load
        from techrisk.rubric import load_rubric
        from techrisk.scoring import score

        registry = registry if registry is not None else load()
        rubric = load_rubric(rubric)
        # One parse for every use below: scores, listed actions and charts agree on the day.
        as_of = None if as_of is None else parse_as_of(as_of)
        return cls(
            registry=registry, rubric=rubric, as_of=as_of,
            scores=score(registry=registry, rubric=rubric, as_of=as_of),
            dep_scores=score(registry=registry, rubric=rubric, as_of=as_of, by="deployment"),
            # Rank stability for the headline: a seeded, modest sample keeps briefs fast and identical.
            stability=sensitivity(rubric, registry=registry, as_of=as_of, n=2_000, seed=0),
        )

    @property
    def as_of_text(self) -> str | None:
        return as_of_text(self.as_of)


def _assemble(codes: tuple[str, ...], single: bool, ctx: _BriefContext) -> Brief:
    from techrisk.analysis import rank_statement
    from techrisk.scoring import explain as explain_country

    registry, rubric, scores = ctx.registry, ctx.rubric, ctx.scores
    sources = Sources()
    sections, explains = [], []
    for code in codes:
        rows = explain_country(code, registry=registry, rubric=rubric, as_of=ctx.as_of)
        explains.append(rows.assign(country=code))
        sections.append(country_view(code, registry=registry, rubric=rubric, as_of=ctx.as_of, scores=scores,
                                     dep_scores=ctx.dep_scores, explain=rows, sources=sources,
                                     as_of_text=ctx.as_of_text))
        sections[-1]["rank_line"] = rank_statement(code, ctx.stability) if sections[-1]["headline"] else ""
    explain_all = pd.concat(explains, ignore_index=True)
    mine = scores.loc[[c for c in codes if c in scores.index]]
    view = {
        "title": (f"{sections[0]['name']}: technology exposure risk brief" if single else
                  "Regional technology exposure brief: " + ", ".join(s["name"] for s in sections)),
        "regional": not single,
        "sections": sections,
        "comparison": [
            {"name": s["name"], "code": s["code"], "headline": s["headline"]} for s in sections
        ],
        "rubric": {"name": rubric.name, "date": rubric.date, "file": f"rubrics/{rubric.name}.yaml",
                   "dimensions": [{"label": d.label, "question": d.question, "weight": d.weight,
                                   "ratio": d.combine.ratio} for d in rubric.dimensions.values()],
                   "factors": [{"code": f.code, "id": f.id, "dimension": f.dimension, "question": f.question,
                                "weight": f.weight,
                                "unknown": (None if f.unknown is None else
                                            f"level {f.unknown.level} (range {f.unknown.low}-{f.unknown.high})")}
                               for f in rubric.factors],
                   "bands": [{"name": b.name, "min": b.min} for b in rubric.bands]},
        "data_date": registry.data_date,
        "as_of": ctx.as_of_text or "current (no as-of date given)",
        "country_total": len(scores),
        "sources": sources.items,
        "license": DATA_LICENCE,
        "version": __version__,
    }
    return Brief(countries=codes, scores=mine, explain=explain_all, view=view)


def write_all_briefs(folder: Path, *, registry=None, rubric=None, as_of=None, fmt: str = "html",
                     progress: bool = False) -> list[Path]:
    """One brief per country with deployments, written as ``<folder>/<ISO2>.<fmt>``."""
    from techrisk.progress import progress_bar

    ctx = _BriefContext.build(registry, rubric, as_of)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for code in progress_bar(ctx.registry.countries, enabled=progress, label="briefs", stream=sys.stderr):
        written.append(_assemble((code,), True, ctx).save(folder / f"{code}.{fmt}"))
    return written
