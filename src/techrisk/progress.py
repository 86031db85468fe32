"""A minimal progress bar for long loops (briefs for every country, large sensitivity runs)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")


def progress_bar(items: Iterable[T], *, enabled: bool = True, label: str = "", stream: TextIO | None = None,
                 total: int | None = None, width: int = 30) -> Iterator[T]:
    """Yield ``items``, drawing ``label [#####.....] 12/40`` on ``stream`` (stderr) as it goes."""
    stream = stream or sys.stderr
    if total is None:
        try:
            total = len(items)  # type: ignore[arg-type]
        except TypeError:
            total = None
    for done, item in enumerate(items, start=1):
        yield item
        if enabled and total:
            filled = int(width * done / total)
            stream.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            if done == total:
                stream.write("\n")
            stream.flush()
