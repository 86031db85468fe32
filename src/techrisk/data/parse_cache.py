"""A cache of the bundled YAML files' parsed data, so that a new process skips the YAML parser.

Parsing the bundled files takes about a second; reading the same data back from JSON takes a
few hundredths. The cache holds only what the YAML reader returned (plain dicts, lists,
strings, numbers, booleans and nulls); every record is still validated by the models on every
load, so the cache cannot let an invalid record in.

- Key: the SHA-256 of techrisk's version, the YAML reader's own source, and every bundled
  file's relative path and bytes. Any change to a file (or to how YAML is read) misses the
  cache, and the files are parsed again.
- Where: ``$TECHRISK_CACHE_DIR``, else ``$XDG_CACHE_HOME/techrisk``, else ``~/.cache/techrisk``.
  ``TECHRISK_CACHE_DIR=off`` turns the cache off. Writing is atomic (a temporary file, then a
  rename); a cache that cannot be written or read is skipped, never an error.
- Only the bundled data is cached, never a user's own files.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from techrisk._version import __version__

ENV_VAR = "TECHRISK_CACHE_DIR"
OFF = "off"
FORMAT = 1  # bump when the file layout changes


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is turned off."""
    env = os.environ.get(ENV_VAR)
    if env is not None:
        return None if env.strip().lower() in (OFF, "") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "techrisk"


def key_of(labels: dict[Path, str]) -> str:
    """The cache key of these files, each under its label (its path relative to the data
    folder; see the module docstring)."""
    digest = hashlib.sha256(f"techrisk {__version__} format {FORMAT}\n".encode())
    digest.update(Path(__file__).with_name("yaml_io.py").read_bytes())
    for path, label in labels.items():
        digest.update(b"\0" + label.encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def read(key: str) -> dict[str, Any] | None:
    """The cached data by relative path, or None (no cache, another key, unreadable)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        payload = json.loads((folder / f"bundled-{key[:32]}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(payload, dict) or payload.get("key") != key or not isinstance(payload.get("data"), dict):
        return None
    return payload["data"]


def write(key: str, data: dict[str, Any]) -> bool:
    """Store ``data`` (relative path -> parsed file) under ``key``; False if it was not stored.

    Data that JSON would not give back unchanged (a non-text mapping key, a NaN) is not
    cached: the next load parses the YAML again."""
    folder = cache_dir()
    if folder is None:
        return False
    try:
        text = json.dumps({"key": key, "data": data}, ensure_ascii=False)
        if json.loads(text)["data"] != data:
            return False
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("bundled-*.json"):
            old.unlink(missing_ok=True)
        handle, tmp = tempfile.mkstemp(dir=folder, prefix=".bundled-", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, folder / f"bundled-{key[:32]}.json")
        return True
    except (OSError, TypeError, ValueError):
        return False

