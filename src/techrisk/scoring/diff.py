"""Rubric diffs: how every country's score, band and rank move from one rubric to another."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from techrisk.data.licence import DATA_LICENCE
from techrisk.data.registry import Registry
from techrisk.scoring.assessment import Assessment, assess
from techrisk.scoring.rubric import RubricLike, load_rubric
from techrisk.scoring.scores import scores_of

__all__ = ["rubric_diff"]


def rubric_diff(old: RubricLike | Assessment, new: RubricLike | Assessment, *, registry: Registry | None = None,
                as_of: dt.date | str | None = None) -> pd.DataFrame:
    """Per-country score, band and rank changes between two rubrics, largest moves first.

    Args:
        old, new: rubric names (``"techrisk-1.0"``), paths or :class:`~techrisk.scoring.rubric.Rubric`
            objects, or two runs (:class:`~techrisk.scoring.assessment.Assessment`) of one registry.
            ``attrs["old"]``/``attrs["new"]`` name the rubrics, derived ones as such
            (``techrisk-1.0+1a2b3c4d``).

    Returns:
        Index ``country``; columns ``score_old``, ``score_new``, ``change``, ``band_old``,
        ``band_new``, ``band_changed``, ``rank_old``, ``rank_new``, ``rank_change``
        (positive: the country moved up the ranking, towards rank 1).
    """
    old_run = old if isinstance(old, Assessment) else assess(registry, old, as_of)
    if isinstance(new, Assessment):
        new_run = new
    else:
        new_rubric = load_rubric(new)
        # The same rubric again: one run, and a diff of exactly zero.
        new_run = old_run if new_rubric == old_run.rubric else old_run.with_rubric(new_rubric)
    old_rubric, new_rubric = old_run.rubric, new_run.rubric
    a = scores_of(old_run)
    b = scores_of(new_run).reindex(a.index)
    frame = pd.DataFrame({
        "country_name": a["country_name"],
        "score_old": a["score"], "score_new": b["score"],
        "change": b["score"] - a["score"],
        "band_old": a["band"], "band_new": b["band"],
    })
    frame["band_changed"] = frame["band_old"] != frame["band_new"]
    # Countries with no counted deployment have no score and no rank (<NA>).
    frame["rank_old"] = a["score"].rank(ascending=False, method="min").astype("Int64")
    frame["rank_new"] = b["score"].rank(ascending=False, method="min").astype("Int64")
    frame["rank_change"] = frame["rank_old"] - frame["rank_new"]
    order = frame["change"].abs().sort_values(ascending=False, kind="stable", na_position="last").index
    frame = frame.loc[order]
    frame.attrs.update(old=old_rubric.name, new=new_rubric.name, license=DATA_LICENCE)
    return frame
