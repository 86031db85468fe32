"""Scores over time: one :class:`~techrisk.scoring.assessment.Assessment` per date, reused
where nothing changed in between.

Scoring reads the as-of date only by comparing it with the dates in the records (a
deployment's start, end and status entries; a vendor's regulatory actions, issues and
abuses), each taken as the first or last day of its partial date. Two as-of dates with the
same set of record dates on or before them therefore give the same scores, and the second
reuses the first one's run.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from techrisk.data.countries import lookup_country
from techrisk.data.load import load
from techrisk.data.models.fields import earliest_date, latest_date
from techrisk.scoring.assessment import Assessment, assess
from techrisk.scoring.rubric import RubricLike, load_rubric

if TYPE_CHECKING:
    import pandas as pd

    from techrisk.data.registry import Registry

_DATE_KEYS = ("date", "start", "end", "until", "since", "status_checked")


def _dates(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in _DATE_KEYS and isinstance(item, str):
                yield item
            else:
                yield from _dates(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _dates(item)


def breakpoints(registry: Registry) -> list[int]:
    """Every day ordinal a record date can mean (first and last day), sorted."""
    days: set[int] = set()
    records: list[Any] = [*registry.vendors, *registry.deployments, *registry.presence]
    texts = [t for r in records for t in _dates(r.model_dump(by_alias=True))]
    texts += [d.end for d in registry.deployments if d.end]
    for text in texts:
        for bound in (earliest_date(text), latest_date(text)):
            if bound is not None:
                days.add(bound.toordinal())
    return sorted(days)


def history(countries: str | list[str] | tuple[str, ...] | None = None, start: str | dt.date = "2010",
            end: str | dt.date | None = None, freq: str = "YS", *, registry: Registry | None = None,
            rubric: RubricLike = None) -> pd.DataFrame:
    """Scores at each date from ``start`` to ``end``, as one tidy table.

    Args:
        countries: a country or a list (alpha-2, alpha-3 or name); ``None`` for all.
        start, end: the first and last dates (``"2010"`` is 1 January 2010; ``end`` defaults
            to today).
        freq: a pandas frequency: ``"YS"`` (each 1 January), ``"QS"``, ``"MS"``...
        registry: defaults to ``techrisk.load()``.
        rubric: a rubric, a bundled name or a path; default the newest.

    Returns:
        One row per (date, country) with a score: ``as_of``, ``country`` and the columns of
        :func:`techrisk.score`. ``attrs["runs"]`` is the number of distinct scoring runs.

    Example:
        >>> import techrisk
        >>> frame = techrisk.history("KZ", "2015", "2020")
        >>> frame["as_of"].dt.year.tolist()
        [2015, 2016, 2017, 2018, 2019, 2020]
    """
    import pandas as pd

    from techrisk.scoring.scores import score

    registry = registry or load()
    rubric_obj = load_rubric(rubric)
    codes = None
    if countries is not None:
        codes = [lookup_country(c) for c in ([countries] if isinstance(countries, str) else countries)]
    days = pd.date_range(pd.Timestamp(str(start)), pd.Timestamp(str(end)) if end else pd.Timestamp.today(), freq=freq)
    marks = breakpoints(registry)
    runs: dict[int, Assessment] = {}
    frames = []
    for day in days:
        key = bisect.bisect_right(marks, day.date().toordinal())
        run = runs.get(key)
        if run is None:
            run = runs[key] = assess(registry, rubric_obj, as_of=day.date())
        frame = score(assessment=run)
        if codes is not None:
            frame = frame[frame.index.isin(codes)]
        frames.append(frame.reset_index().assign(as_of=day.normalize()))
    columns = ["as_of", "country", "country_name", "score", "band", "data_access", "dependency", "score_low",
               "score_high", "deployments", "vendors", "rubric"]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    table = table[[c for c in columns if c in table.columns]]
    table.attrs.update(rubric=rubric_obj.name, runs=len(runs),
                       license=frames[0].attrs.get("license") if frames else None)
    return table
