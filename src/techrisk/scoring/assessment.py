"""One scoring run as one value: :class:`Assessment`, built by :func:`assess`.

An Assessment holds the registry, the rubric (named as derived when it was reweighted or
edited, with its content hash), the normalised as-of date, the factor levels of every
deployment (computed once) and, on first use, the contribution table of every country
(built in one pass). ``score``, ``explain``, ``score_vector``, ``rubric_diff``,
``sensitivity``, ``drivers``, ``peers``, ``factor_profile`` and ``brief`` all read one, so
several views of one run never recompute it::

    run = techrisk.assess(as_of="2026-01-01")
    techrisk.score(assessment=run)
    techrisk.explain("KZ", assessment=run)
    techrisk.brief("KZ", assessment=run)

The views live in the modules that build them (``scores``, ``explanation``...) and keep
what they build with the run (:meth:`Assessment.derived`); this module imports none of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from techrisk.data.licence import DATA_LICENCE
from techrisk.data.load import load
from techrisk.data.registry import Registry
from techrisk.scoring.engine import Computation, compute
from techrisk.scoring.rubric import Rubric, RubricLike, load_rubric
from techrisk.scoring.table import DeploymentTable, as_of_ordinal, table_from_registry

__all__ = ["Assessment", "assess", "assessment_for"]

T = TypeVar("T")
_TABLE_KEY = "techrisk.scoring.table"


def table_of(registry: Registry) -> DeploymentTable:
    """The columnar table of a registry, built once per registry object."""
    return registry.derived(_TABLE_KEY, table_from_registry)


@dataclass(frozen=True, eq=False)
class Assessment:
    """A registry scored under one rubric on one as-of date. Build it with :func:`assess`.

    Attributes:
        registry: the records scored.
        rubric: the rubric used; ``rubric.name`` says if it was derived (``techrisk-1.0+1a2b3c4d``)
            and ``rubric.content_hash`` identifies its content.
        as_of: the as-of date asked for, normalised to a date; ``None`` means "today", and
            outputs then carry no date of their own making.
        as_of_ordinal: the date actually scored (today's when ``as_of`` is ``None``).
        computation: steps 1-4 of the rubric for every deployment (factor levels, points,
            dimension scores, rank weights), computed once.
    """

    registry: Registry = field(repr=False)
    rubric: Rubric
    as_of: dt.date | None
    as_of_ordinal: int = field(repr=False)
    computation: Computation = field(repr=False)
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False)

    def derived(self, key: str, build: Callable[[Assessment], T]) -> T:
        """``build(self)``, computed on the first call for ``key`` and kept: how higher layers
        (a brief's rank-stability sample) attach their once-per-run results."""
        if key not in self._derived:
            self._derived[key] = build(self)
        return self._derived[key]

    @property
    def table(self) -> DeploymentTable:
        return self.computation.table

    @property
    def as_of_text(self) -> str | None:
        """``YYYY-MM-DD``, or ``None`` when no as-of date was asked for."""
        return None if self.as_of is None else self.as_of.isoformat()

    def attrs(self, **extra: Any) -> dict[str, Any]:
        """The provenance every frame of this run carries in ``DataFrame.attrs``."""
        return {"rubric": self.rubric.name, "as_of": self.as_of_text, "license": DATA_LICENCE, **extra}

    def with_rubric(self, rubric: RubricLike) -> Assessment:
        """The same registry and as-of date under another rubric (a new run)."""
        return assess(self.registry, rubric, self.as_of)


def assess(registry: Registry | None = None, rubric: RubricLike = None,
           as_of: dt.date | str | None = None) -> Assessment:
    """Score the registry once under a rubric on an as-of date.

    Args:
        registry: defaults to ``techrisk.load()``.
        rubric: a :class:`~techrisk.scoring.rubric.Rubric`, a bundled name, a path; default newest.
        as_of: a date or ``YYYY-MM-DD``; default today.

    Example:
        >>> import techrisk
        >>> run = techrisk.assess()
        >>> techrisk.score(assessment=run).equals(techrisk.score())
        True
    """
    registry = registry if registry is not None else load()
    rubric = load_rubric(rubric)
    ordinal = as_of_ordinal(as_of)
    date = None if as_of is None else dt.date.fromordinal(ordinal)
    return Assessment(registry, rubric, date, ordinal, compute(table_of(registry), rubric, ordinal))


def assessment_for(assessment: Assessment | None, registry: Registry | None = None, rubric: RubricLike = None,
                   as_of: dt.date | str | None = None) -> Assessment:
    """The Assessment a public function was given, or a new one from its other arguments."""
    if assessment is None:
        return assess(registry, rubric, as_of)
    if registry is not None or rubric is not None or as_of is not None:
        raise ValueError("pass either an assessment or registry/rubric/as_of, not both")
    return assessment


