"""Country risk briefs: ``techrisk.brief("KZ")`` -> :class:`Brief` (Markdown, HTML, PDF).

A brief reads one :class:`~techrisk.scoring.assessment.Assessment`: the scores, the
contributions and the rank-stability sample of one run. Rendering lives in ``render.py``.
Output carries no timestamps: the same inputs give byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import pandas as pd

from techrisk._version import __version__
from techrisk.analysis.stability import rank_statement, sensitivity
from techrisk.data.countries import lookup_country
from techrisk.data.licence import DATA_LICENCE
from techrisk.data.registry import Registry
from techrisk.report.history import country_moves
from techrisk.report.pdf import html_to_pdf
from techrisk.report.regional import regional_view
from techrisk.report.render import environment
from techrisk.report.sources import Sources
from techrisk.report.svg import score_line
from techrisk.report.view import BriefView, CountrySection, Marks, country_view, number_sources, rubric_view
from techrisk.scoring.assessment import Assessment, assessment_for
from techrisk.scoring.explanation import explain_country
from techrisk.scoring.rubric import RubricLike
from techrisk.scoring.scores import scores_of

__all__ = ["Brief", "brief", "write_all_briefs"]

# Rank stability for the headline: a seeded, modest sample keeps briefs fast and identical.
# Registries far larger than the bundled one (user records, synthetic benchmarks) get fewer
# samples, so that samples x counted deployments stays within STABILITY_CELLS, but never fewer
# than STABILITY_MIN_SAMPLES; the rank line states the count used.
STABILITY_SAMPLES = 2_000
STABILITY_MIN_SAMPLES = 200
STABILITY_CELLS = 50_000_000


def stability_samples(counted: int) -> int:
    """How many samples a brief's rank line draws for a run counting ``counted`` deployments:
    2,000 up to 25,000 deployments, then fewer (500 at 10^5), and 200 from 250,000 on."""
    return max(STABILITY_MIN_SAMPLES, min(STABILITY_SAMPLES, STABILITY_CELLS // max(counted, 1)))


@dataclass(frozen=True)
class Brief:
    """A rendered-on-demand country (or regional) risk brief.

    Attributes:
        countries: alpha-2 codes covered, in the order asked.
        scores: the country score rows (a DataFrame, index alpha-2).
        explain: one row per (deployment, factor) for the countries covered.
        view: the typed view-model the templates render (:class:`~techrisk.report.view.BriefView`).
    """

    countries: tuple[str, ...]
    scores: pd.DataFrame = field(repr=False)
    explain: pd.DataFrame = field(repr=False)
    view: BriefView = field(repr=False)

    @property
    def score(self) -> float | None:
        """The overall score of a single-country brief (``None`` for a country without records)."""
        if len(self.countries) != 1:
            raise AttributeError("a regional brief has no single score; use .scores")
        code = self.countries[0]
        return float(self.scores.loc[code, "score"]) if code in self.scores.index else None

    @cached_property
    def markdown(self) -> str:
        return environment().get_template("brief.md.j2").render(**self.view.context())

    @cached_property
    def html(self) -> str:
        return environment().get_template("brief.html.j2").render(**self.view.context())

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


def brief(country: str | list[str] | tuple[str, ...], *, registry: Registry | None = None,
          rubric: RubricLike = None, as_of: dt.date | str | None = None,
          assessment: Assessment | None = None) -> Brief:
    """Build a country risk brief, or a regional one for a list of countries.

    Args:
        country: alpha-2, alpha-3 or English name; a list of them for a side-by-side
            regional brief.
        registry: defaults to ``techrisk.load()``.
        rubric: rubric name, path or object; defaults to the newest bundled rubric.
        as_of: brief the registry as it stood on this date.
        assessment: a run from :func:`~techrisk.assess` to brief instead of scoring anew.

    Raises:
        UnknownCountryError: naming the closest country names.

    Example:
        >>> import techrisk
        >>> b = techrisk.brief("Kazakhstan")
        >>> b.save("kz.html")  # doctest: +SKIP
    """
    single = isinstance(country, str)
    asked: list[str] = [country] if isinstance(country, str) else list(country)
    codes = tuple(dict.fromkeys(lookup_country(c) for c in asked))
    if not codes:
        raise ValueError("brief() needs at least one country")
    return _assemble(codes, single, assessment_for(assessment, registry, rubric, as_of))


def _stability(run: Assessment) -> pd.DataFrame:
    """The rank-stability sample behind every brief's rank line: once per run."""
    samples = stability_samples(len(run.computation.rows))
    return run.derived("report.stability", lambda r: sensitivity(n=samples, seed=0, assessment=r))


def _with_history(section: CountrySection, run: Assessment) -> CountrySection:
    """Add the score-over-time chart and its marked moves to a scored country's section."""
    if section.headline is None:
        return section
    names = {v.id: v.name for v in run.registry.vendors}
    points, moves = country_moves(run, section.code, names)
    chart = score_line(points, [m.year for m in moves],
                       f"{section.name}: score by year-end, with the range unknowns allow")
    return replace(section, history_chart=chart, moves=moves if chart else ())


def _assemble(codes: tuple[str, ...], single: bool, run: Assessment) -> Brief:
    registry, rubric, scores = run.registry, run.rubric, scores_of(run)
    stability = _stability(run)
    dep_scores = scores_of(run, "deployment")
    sources, marks = Sources(), Marks()
    number_sources(codes, registry, sources, run.as_of_text)
    sections, explains = [], []
    for code in codes:
        rows = explain_country(run, code)
        explains.append(rows.assign(country=code))
        rank_line = rank_statement(code, stability) if code in stability.index else ""
        section = country_view(code, registry=registry, rubric=rubric, scores=scores, dep_scores=dep_scores,
                               explain=rows, sources=sources, as_of_text=run.as_of_text, rank_line=rank_line,
                               marks=marks)
        sections.append(_with_history(section, run))
    explain_all = pd.concat(explains, ignore_index=True)
    comparison = None if single else regional_view(
        codes, {s.code: s.name for s in sections}, scores, stability, explain_all, registry,
        {s.code: s.headline.vendors for s in sections if s.headline})
    mine = scores.loc[[c for c in codes if c in scores.index]]
    view = BriefView(
        title=(f"{sections[0].name}: technology exposure risk brief" if single else
               "Regional technology exposure brief: " + ", ".join(s.name for s in sections)),
        regional=not single,
        sections=tuple(sections),
        rubric=rubric_view(rubric),
        data_date=registry.data_date,
        as_of=run.as_of_text or "current (no as-of date given)",
        country_total=len(scores),
        sources=tuple(sources.items),
        source_groups=sources.groups(),
        license=DATA_LICENCE,
        version=__version__,
        comparison=comparison,
    )
    return Brief(countries=codes, scores=mine, explain=explain_all, view=view)


def write_all_briefs(folder: Path, *, registry: Registry | None = None, rubric: RubricLike = None,
                     as_of: dt.date | str | None = None, fmt: str = "html", progress: bool = False,
                     assessment: Assessment | None = None) -> list[Path]:
    """One brief per country with deployments, written as ``<folder>/<ISO2>.<fmt>``: one run for all,
    and an ``index.html`` with a sortable table of every country linking its brief (not in the list)."""
    from techrisk.progress import progress_bar
    from techrisk.report.index import write_index

    run = assessment_for(assessment, registry, rubric, as_of)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for code in progress_bar(run.registry.countries, enabled=progress, label="briefs", stream=sys.stderr):
        written.append(_assemble((code,), True, run).save(folder / f"{code}.{fmt}"))
    write_index(folder, run, list(run.registry.countries), fmt)
    return written
