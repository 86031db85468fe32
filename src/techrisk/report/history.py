"""Score over time for briefs: a plain as-of sweep, one assessment per year-end, once per run.

Each year's score is the country's score under the run's rubric with the registry as it
stood on 31 December of that year (the last point uses the run's own as-of date). A year in
which the score moves by a point or more is marked, with the events of that year from the
records: status changes of the country's deployments, regulatory actions against its vendors
in the main jurisdictions and their documented security issues (what lifecycle, supply and
vendor-record factors read).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import pandas as pd

from techrisk.data.models.fields import year_of
from techrisk.report.charts import action_label, actions_in_force
from techrisk.report.findings import label
from techrisk.scoring.assessment import Assessment, assess
from techrisk.scoring.scores import scores_of

__all__ = ["FIRST_YEAR", "MOVE", "Move", "country_moves", "score_history"]

FIRST_YEAR = 2000  # the registry's earliest counted deployments are from the early 2000s
MOVE = 1.0  # points: a smaller year-on-year change is not marked


@dataclass(frozen=True)
class Move:
    """A year in which the score moved by at least :data:`MOVE` points, and what happened then."""

    year: int
    before: float | None
    after: float | None
    events: tuple[str, ...]


def _end_year(run: Assessment) -> int:
    return run.as_of.year if run.as_of is not None else dt.date.today().year


def score_history(run: Assessment) -> pd.DataFrame:
    """Index year, columns ``(country, score|score_low|score_high)``: built once per run."""

    def build(r: Assessment) -> pd.DataFrame:
        frames = {}
        last = _end_year(r)
        for year in range(FIRST_YEAR, last + 1):
            point = r if year == last else assess(registry=r.registry, rubric=r.rubric, as_of=f"{year}-12-31")
            frames[year] = scores_of(point)[["score", "score_low", "score_high"]]
        return pd.concat(frames, names=["year", "country"]).unstack("country")

    return run.derived("report.score_history", build)


def country_moves(run: Assessment, code: str, vendor_names: dict[str, str]) -> tuple[list[tuple[int, float | None,
                                                                                                  float, float]],
                                                                                       tuple[Move, ...]]:
    """The country's yearly (year, score, low, high) points and its marked moves."""
    history = score_history(run)
    points: list[tuple[int, float | None, float, float]] = []
    for year in history.index:
        value = history.at[year, ("score", code)] if ("score", code) in history.columns else float("nan")
        if pd.isna(value):
            points.append((int(year), None, 0.0, 0.0))
        else:
            points.append((int(year), float(value), float(history.at[year, ("score_low", code)]),
                           float(history.at[year, ("score_high", code)])))
    deployments = run.registry.deployments_in(code)
    vendors = sorted({v for d in deployments for v in d.vendors})
    moves = []
    for (_, before, _, _), (year, after, _, _) in itertools.pairwise(points):
        if abs((after or 0.0) - (before or 0.0)) < MOVE:
            continue
        events = [f"{label(d, vendor_names)} {e.value}" for d in deployments for e in d.history
                  if year_of(e.date if e.date != "unknown" else d.start) == year]
        actions = sorted({f"{a.jurisdiction} {action_label(a)} ({vendor_names[v]})" for v in vendors
                          for a in actions_in_force(run.registry.vendor(v), None) if year_of(a.date) == year})
        issues = sorted({f"{i.cve or 'security issue'} ({vendor_names[v]})" for v in vendors
                         for i in run.registry.vendor(v).security_issues if year_of(i.date) == year})
        moves.append(Move(year, before, after, tuple(events + actions + issues)))
    return points, tuple(moves)
