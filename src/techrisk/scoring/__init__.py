"""Layer 2, the scoring: rubrics, the columnar table, the engine, and one run as an :class:`Assessment`.

Imports only from ``techrisk.data`` (and the top-level ``errors``/``_paths``), never from
``techrisk.analysis`` or ``techrisk.report`` (``tests/test_layers.py`` checks it).
"""

from techrisk.scoring.assessment import Assessment, assess
from techrisk.scoring.diff import rubric_diff
from techrisk.scoring.explanation import explain
from techrisk.scoring.scores import score
from techrisk.scoring.vector import score_vector

__all__ = ["Assessment", "assess", "explain", "rubric_diff", "score", "score_vector"]
