"""The one place that locates the bundled ``vendors/`` and ``rubrics/`` folders.

Resolution order:

1. the environment variable ``TECHRISK_DATA_DIR`` (a folder holding ``vendors/`` and
   ``rubrics/``);
2. ``techrisk/_data`` inside the installed package (a wheel install: hatchling
   force-includes the top-level folders there);
3. the source checkout: the repository root above ``src/`` (an editable install, or
   running from a clone with ``PYTHONPATH=src``).

An editable install also has a stale ``_data`` copy in site-packages at worst, never a
fresher one, so the checkout is only used when no ``_data`` folder ships with the code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "TECHRISK_DATA_DIR"


@dataclass(frozen=True)
class DataSource:
    """Where the bundled data is read from, and why that folder was chosen."""

    root: Path
    kind: str  # "env", "package" or "checkout"

    @property
    def vendors(self) -> Path:
        return self.root / "vendors"

    @property
    def rubrics(self) -> Path:
        """``rubrics/`` in the data folder; when ``TECHRISK_DATA_DIR`` names a folder of records
        without rubrics, the rubrics bundled with techrisk."""
        own = self.root / "rubrics"
        if self.kind == "env" and not own.is_dir():
            bundled = _bundled_root()
            if bundled is not None:
                return bundled.root / "rubrics"
        return own


def data_source() -> DataSource:
    """Return the data folder in use (see the module docstring for the order)."""
    env = os.environ.get(ENV_VAR)
    if env:
        return DataSource(Path(env).resolve(), "env")
    found = _bundled_root()
    if found is not None:
        return found
    raise FileNotFoundError(
        "techrisk cannot find its bundled data: no techrisk/_data folder in the package and no "
        f"source checkout above {Path(__file__).resolve().parent}. Reinstall techrisk, or set {ENV_VAR} to a folder "
        "holding vendors/ and rubrics/."
    )


def _bundled_root() -> DataSource | None:
    """The data shipped with the code (package or checkout), ignoring the environment."""
    package_dir = Path(__file__).resolve().parent
    packaged = package_dir / "_data"
    if (packaged / "vendors").is_dir():
        return DataSource(packaged, "package")
    checkout = package_dir.parent.parent
    if (checkout / "vendors").is_dir() and (checkout / "pyproject.toml").is_file():
        return DataSource(checkout, "checkout")
    return None
