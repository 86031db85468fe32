"""techrisk: how exposed is a country to surveillance and telecom technology from
Huawei, Hikvision, Dahua, ZTE and Nuctech?

Three calls cover most work::

    import techrisk
    registry = techrisk.load()          # the bundled, sourced registry
    techrisk.score()                    # a DataFrame of country scores
    techrisk.brief("KZ").save("kz.html")

Nothing is loaded at import time; the registry is read (and cached) on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from techrisk._paths import data_source
from techrisk._version import __version__
from techrisk.errors import DataError, RubricError, UnknownCountryError, UnknownVendorError
from techrisk.load import cache_clear, load

if TYPE_CHECKING:
    from techrisk.briefs import Brief, brief
    from techrisk.registry import Registry
    from techrisk.rubric import Rubric, load_rubric
    from techrisk.scoring import explain, rubric_diff, score, score_vector

__all__ = [
    "Brief",
    "DataError",
    "Registry",
    "Rubric",
    "RubricError",
    "UnknownCountryError",
    "UnknownVendorError",
    "__version__",
    "analysis",
    "brief",
    "cache_clear",
    "data_source",
    "explain",
    "load",
    "load_rubric",
    "rubric_diff",
    "score",
    "score_vector",
]

# Names served lazily, so `import techrisk` stays cheap (pandas and scikit-learn load on use).
_LAZY = {
    "Brief": "techrisk.briefs",
    "brief": "techrisk.briefs",
    "Registry": "techrisk.registry",
    "Rubric": "techrisk.rubric",
    "load_rubric": "techrisk.rubric",
    "explain": "techrisk.scoring",
    "rubric_diff": "techrisk.scoring",
    "score": "techrisk.scoring",
    "score_vector": "techrisk.scoring",
}


def __getattr__(name: str) -> Any:
    if name == "analysis":
        return import_module("techrisk.analysis")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'techrisk' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
