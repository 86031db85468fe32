"""The index page of ``techrisk brief --all``: every briefed country in one sortable table.

Countries without a counted deployment are listed (their brief says why) but get no score or
rank: they are not ranked at 0. The page's one small inline script only sorts the table; the
table reads in score order without it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from techrisk._version import __version__
from techrisk.data.regions import region_of
from techrisk.report.render import environment
from techrisk.scoring.assessment import Assessment
from techrisk.scoring.scores import scores_of

__all__ = ["IndexRow", "index_rows", "write_index"]


@dataclass(frozen=True)
class IndexRow:
    code: str
    name: str
    region: str
    href: str
    score: float | None
    score_low: float | None
    score_high: float | None
    band: str
    rank: int | None
    deployments: int
    vendors: str


def index_rows(run: Assessment, codes: list[str], fmt: str) -> tuple[IndexRow, ...]:
    """One row per briefed country, highest score first, then the unscored by name."""
    scores = scores_of(run)
    scored = scores[scores.score.notna()].sort_values(["score", "country_name"], ascending=[False, True],
                                                     kind="stable")
    rank = {code: i + 1 for i, code in enumerate(scored.index)}
    rows = []
    for code in codes:
        row = scores.loc[code] if code in scores.index else None
        value = None if row is None or math.isnan(float(row.score)) else float(row.score)
        rows.append(IndexRow(
            code=code, name=str(row.country_name) if row is not None else code, region=region_of(code),
            href=f"{code}.{fmt}", score=value,
            score_low=None if value is None or row is None else float(row.score_low),
            score_high=None if value is None or row is None else float(row.score_high),
            band=str(row.band) if row is not None else "no counted deployment",
            rank=rank.get(code), deployments=int(row.deployments) if row is not None else 0,
            vendors=_vendor_names(run, row.vendors if row is not None else ""),
        ))
    return tuple(sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, r.name)))


def _vendor_names(run: Assessment, ids: object) -> str:
    if not isinstance(ids, str) or not ids:
        return ""
    return ", ".join(run.registry.vendor(v.strip()).name for v in ids.split(","))


def write_index(folder: Path, run: Assessment, codes: list[str], fmt: str) -> Path:
    """Write ``<folder>/index.html`` linking every brief written."""
    rows = index_rows(run, codes, fmt)
    html = environment().get_template("index.html.j2").render(
        rows=rows, rubric=run.rubric.name, as_of=run.as_of_text or "current (no as-of date given)",
        scored=sum(r.rank is not None for r in rows), version=__version__)
    path = folder / "index.html"
    path.write_text(html, encoding="utf-8")
    return path
