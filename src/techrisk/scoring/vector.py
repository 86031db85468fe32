"""Deployment vectors: ``TR1.0/DS:2?/SE:3/...``, one factor level each, and back to a score.

A vector names the rubric that made it (prefix and version); a derived rubric's version
carries its content hash (``TR1.0+1a2b3c4d/...``), so a reweighted vector is never read
with the original weights.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

import numpy as np

from techrisk.scoring.engine import DIMENSIONS, dimension_scores, modifier_multipliers, points_matrix, weight_vectors
from techrisk.scoring.rubric import Rubric, RubricLike, load_rubric

if TYPE_CHECKING:
    from techrisk.scoring.assessment import Assessment

__all__ = ["score_vector", "vector_string"]


# Marks a record that counts 0 because another record of the same system counts instead.
DUPLICATE_CODE = "DUP"


def vector_string(rubric: Rubric, levels: np.ndarray, unknown: np.ndarray,
                  modifier_levels: np.ndarray | None = None, duplicate: bool = False) -> str:
    """``TR2.0/DS:2?/SE:3/.../LC:4/EV:1/MT:0``: each factor's level (``?`` marks a level set by an
    unknown value), then each modifier's level; ``/DUP:1`` ends the vector of a record that
    counts 0 because a higher-scoring record of the same system counts instead."""
    parts = [f"{rubric.vector_prefix}{rubric.version}"]
    for j, factor in enumerate(rubric.factors):
        parts.append(f"{factor.code}:{levels[j]}{'?' if unknown[j] else ''}")
    if modifier_levels is not None:
        for j, modifier in enumerate(rubric.modifiers):
            parts.append(f"{modifier.code}:{modifier_levels[j]}")
    if duplicate:
        parts.append(f"{DUPLICATE_CODE}:1")
    return "/".join(parts)


_VECTOR = re.compile(r"^(?P<prefix>[A-Z]+)(?P<version>[0-9][0-9A-Za-z.+]*)(?P<rest>(/[A-Z]{2,3}:\d+\??)+)$")


def score_vector(vector: str, rubric: RubricLike | Assessment = None) -> float:
    """Reproduce a deployment's score (0-100) from its vector string alone.

    The score is the sum over dimensions of dimension weight x sum of factor weight x
    level points, times the product of the modifiers' multipliers (0 for ``DUP:1``), exactly
    as in steps 3, 3b and 5 of the rubric, computed by the engine itself.
    ``rubric`` may be an :class:`~techrisk.scoring.assessment.Assessment`: its rubric is used.

    Example:
        >>> score_vector("TR1.0/DS:4/SE:3/AP:2/IN:3/SL:1/VR:2/CV:3/CR:3/FN:2/CN:2/SC:2")
        100.0
    """
    if rubric is not None and not isinstance(rubric, Rubric | str | os.PathLike):
        rubric = rubric.rubric  # an Assessment: the rubric it was scored with
    rubric = load_rubric(rubric)
    match = _VECTOR.match(vector.strip())
    if match is None:
        raise ValueError(f"not a techrisk vector: {vector!r} (expected e.g. 'TR1.0/DS:2/SE:3/...')")
    if match["prefix"] != rubric.vector_prefix or match["version"] != rubric.version:
        raise ValueError(f"vector {vector!r} was made with {match['prefix']}{match['version']}, "
                         f"but the rubric is {rubric.vector_prefix}{rubric.version}")
    levels = {}
    for part in match["rest"].strip("/").split("/"):
        code, level = part.rstrip("?").split(":")
        if code in levels:
            raise ValueError(f"factor {code} appears twice in {vector!r}")
        levels[code] = int(level)
    duplicate = levels.pop(DUPLICATE_CODE, 0)
    if duplicate not in (0, 1):
        raise ValueError(f"vector {vector!r}: {DUPLICATE_CODE} is 1 or absent")
    codes = [f.code for f in rubric.factors] + [m.code for m in rubric.modifiers]
    missing, extra = [c for c in codes if c not in levels], [c for c in levels if c not in codes]
    if missing or extra:
        raise ValueError(f"vector {vector!r}: missing factors {missing}, unknown factors {extra}")
    allowed = {f.code: {lv.level for lv in f.levels} for f in rubric.factors}
    allowed.update({m.code: {lv.level for lv in m.levels} for m in rubric.modifiers})
    for code, numbers in allowed.items():
        if levels[code] not in numbers:
            raise ValueError(f"vector {vector!r}: {code} has no level {levels[code]}")
    # Steps 3 and 5 exactly as the engine runs them, so a vector gives its deployment's score to the bit.
    points = points_matrix(rubric, np.array([[levels[f.code] for f in rubric.factors]]))
    weights = weight_vectors(rubric)
    multiplier = modifier_multipliers(rubric, np.array([[levels[m.code] for m in rubric.modifiers]], dtype=np.int64))
    if duplicate:
        multiplier = multiplier * 0.0
    dims = {dim: multiplier * dimension_scores(points, weights[dim]) for dim in DIMENSIONS}
    return float(sum((rubric.dimensions[d].weight * dims[d] for d in DIMENSIONS), np.zeros(1))[0])
