"""The world coverage sweeps: which countries each covers, and the targets it set.

Three sweeps (issues #14, #15 and #16) divide the world by UN M49 sub-region. Their targets
are research goals, not properties of the data: ``techrisk coverage --targets`` prints how far
the registry has come, and the absence of a record is never evidence of absence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from techrisk.data.regions import region_of

if TYPE_CHECKING:
    from techrisk.data.models import Deployment
    from techrisk.data.registry import Registry

# Operators that are public bodies, for "cameras bought by police, ministries, municipalities,
# schools and hospitals".
PUBLIC_BODIES = frozenset({
    "police", "municipality", "customs_border", "ministry", "intelligence", "military", "education",
    "health", "legislature", "transport_operator",
})


def in_europe_west_central_asia(code: str) -> bool:
    """Sweep I: Europe, the Caucasus, Turkey, the Middle East (with Iran) and Central Asia."""
    region = region_of(code)
    return code == "IR" or region in ("Central Asia", "Western Asia") or region.endswith("Europe")


def in_africa(code: str) -> bool:
    """Sweep II: every African country."""
    return region_of(code).endswith("Africa")


def in_americas_asia_pacific(code: str) -> bool:
    """Sweep III: the Americas, South, Southeast and East Asia (not China), Oceania."""
    return (code != "CN" and region_of(code) not in ("unknown", "Antarctica")
            and not in_europe_west_central_asia(code) and not in_africa(code))


def _hikvision_dahua_public(d: Deployment) -> bool:
    return bool({"hikvision", "dahua"} & set(d.vendors)) and d.operator in PUBLIC_BODIES


def _nuctech_border(d: Deployment) -> bool:
    return "nuctech" in d.vendors and d.sector == "border_customs_screening"


def _vendor(name: str) -> Callable[[Deployment], bool]:
    return lambda d: name in d.vendors


@dataclass(frozen=True)
class Target:
    measure: str  # what is counted, in words
    minimum: int
    counts: Callable[[Deployment], bool] | None = None  # None: countries, not deployments


@dataclass(frozen=True)
class Sweep:
    issue: int
    name: str
    member: Callable[[str], bool]
    targets: tuple[Target, ...]


SWEEPS = (
    Sweep(14, "I: Europe, Middle East, Caucasus, Central Asia", in_europe_west_central_asia, (
        Target("countries with a deployment", 45),
        Target("deployments", 300, lambda d: True),
        Target("Hikvision or Dahua deployments run by a public body", 60, _hikvision_dahua_public),
        Target("Nuctech scanners at ports, airports or borders", 30, _nuctech_border),
    )),
    Sweep(15, "II: Africa", in_africa, (
        Target("countries with a deployment", 48),
        Target("deployments", 250, lambda d: True),
        Target("Nuctech scanners at ports, airports or borders", 40, _nuctech_border),
        Target("ZTE deployments", 30, _vendor("zte")),
    )),
    Sweep(16, "III: Americas, Asia, Pacific", in_americas_asia_pacific, (
        Target("countries with a deployment", 55),
        Target("deployments", 300, lambda d: True),
    )),
)
WORLD = (Target("countries with a deployment", 150), Target("deployments", 1000, lambda d: True))


def _measure(target: Target, deployments: Iterable[Deployment]) -> int:
    rows = list(deployments)
    if target.counts is None:
        return len({d.country for d in rows})
    return sum(target.counts(d) for d in rows)


def sweep_progress(registry: Registry) -> pd.DataFrame:
    """One row per sweep target (and the world totals): the target, the registry's value, met.

    Example:
        >>> import techrisk
        >>> frame = sweep_progress(techrisk.load())
        >>> list(frame.columns)
        ['issue', 'scope', 'measure', 'target', 'value', 'met']
    """
    rows = []
    for sweep in SWEEPS:
        members = [d for d in registry.deployments if sweep.member(d.country)]
        for target in sweep.targets:
            value = _measure(target, members)
            rows.append((sweep.issue, sweep.name, target.measure, target.minimum, value, value >= target.minimum))
    for target in WORLD:
        value = _measure(target, registry.deployments)
        rows.append((16, "world", target.measure, target.minimum, value, value >= target.minimum))
    return pd.DataFrame(rows, columns=["issue", "scope", "measure", "target", "value", "met"])
