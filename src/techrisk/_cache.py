"""Process-wide caches, cleared together by :func:`techrisk.cache_clear`.

Each module that keeps a cache registers its clearing function here when it is imported,
so one call resets the bundled registry, the parsed rubrics and anything built from them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

_clearers: list[Callable[[], None]] = []
lock = threading.RLock()


def register(clear: Callable[[], None]) -> Callable[[], None]:
    """Remember ``clear`` (a cache's clearing function); returns it unchanged."""
    _clearers.append(clear)
    return clear


def clear_all() -> None:
    with lock:
        for clear in _clearers:
            clear()


def register_lru(function):
    """Decorator form for an ``functools.lru_cache`` function: registers its cache_clear."""
    register(function.cache_clear)
    return function
