"""techrisk: how exposed is a country to surveillance and telecom technology from
Huawei, Hikvision, Dahua, ZTE and Nuctech?

Three calls cover most work::

    import techrisk
    registry = techrisk.load()          # the bundled, sourced registry
    techrisk.score()                    # a DataFrame of country scores
    run = techrisk.assess()             # one scoring run, for several views of it
    techrisk.brief("KZ").save("kz.html")
    techrisk.screen("suppliers.csv")    # which suppliers are the vendors, their subsidiaries or brands

Nothing is loaded at import time; the registry is read (and cached) on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from techrisk._paths import data_source
from techrisk._version import __version__
from techrisk.errors import DataError, RubricError, UnknownCountryError, UnknownVendorError

if TYPE_CHECKING:
    from techrisk.data.load import cache_clear, load
    from techrisk.data.registry import Registry
    from techrisk.data.screening import screen
    from techrisk.report.brief import Brief, brief
    from techrisk.scoring.assessment import Assessment, assess
    from techrisk.scoring.diff import rubric_diff
    from techrisk.scoring.explanation import explain
    from techrisk.scoring.history import history
    from techrisk.scoring.rubric import Rubric, load_rubric
    from techrisk.scoring.scores import score
    from techrisk.scoring.vector import score_vector

__all__ = [
    "Assessment",
    "Brief",
    "DataError",
    "Registry",
    "Rubric",
    "RubricError",
    "UnknownCountryError",
    "UnknownVendorError",
    "__version__",
    "analysis",
    "assess",
    "brief",
    "cache_clear",
    "data_source",
    "explain",
    "history",
    "load",
    "load_rubric",
    "rubric_diff",
    "score",
    "score_vector",
    "screen",
]

# Names served lazily, so `import techrisk` stays cheap: pydantic's models, pandas and
# scikit-learn load on first use, not on import.
_LAZY = {
    "load": "techrisk.data.load",
    "cache_clear": "techrisk.data.load",
    "Assessment": "techrisk.scoring.assessment",
    "assess": "techrisk.scoring.assessment",
    "Brief": "techrisk.report.brief",
    "brief": "techrisk.report.brief",
    "Registry": "techrisk.data.registry",
    "Rubric": "techrisk.scoring.rubric",
    "load_rubric": "techrisk.scoring.rubric",
    "explain": "techrisk.scoring.explanation",
    "history": "techrisk.scoring.history",
    "rubric_diff": "techrisk.scoring.diff",
    "score": "techrisk.scoring.scores",
    "score_vector": "techrisk.scoring.vector",
    "screen": "techrisk.data.screening",
}
# Subpackages and modules served as attributes (``from techrisk import analysis, plots``).
_MODULES = {"analysis": "techrisk.analysis", "plots": "techrisk.analysis.plots"}


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return import_module(_MODULES[name])
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'techrisk' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
