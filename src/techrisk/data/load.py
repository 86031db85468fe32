"""Load YAML files into a :class:`~techrisk.data.registry.Registry`.

Loading runs in two passes: first every file is parsed and every record validated on its
own; then cross-references are resolved (deployment -> vendor, duplicate ids). Problems are
gathered across all files and raised together in one :class:`~techrisk.errors.DataError`,
so a contributor sees every mistake at once. No record is ever skipped: either every record
in the files is loaded, or loading fails.

The bundled data is parsed once per process and cached; ``cache_clear()`` resets it.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from techrisk._paths import data_source
from techrisk.data.models import Deployment, Presence, Vendor
from techrisk.data.registry import Registry
from techrisk.data.yaml_io import Loc, YamlDocument, read_yaml
from techrisk.errors import DataError, Problem

RECORD_LISTS: dict[str, type[BaseModel]] = {"deployments": Deployment, "presence": Presence}
YAML_SUFFIXES = (".yaml", ".yml")

_lock = threading.Lock()
_bundled: dict[Path, Registry] = {}


def load(*paths: str | os.PathLike[str]) -> Registry:
    """Return the bundled registry, merged with any user YAML files or folders given.

    Args:
        *paths: YAML files or folders (searched recursively for ``*.yaml``/``*.yml``) in the
            format described in ``vendors/README.md``. Their records are added to the bundled
            ones; an id that is already taken is an error, not an override.

    Returns:
        An immutable :class:`Registry`.

    Raises:
        DataError: listing every problem found, each naming the file, line, record and field.

    Example:
        >>> import techrisk
        >>> registry = techrisk.load()
        >>> registry.vendor("海康威视").id
        'hikvision'
    """
    bundled = _load_bundled()
    if not paths:
        return bundled
    files = _expand(paths)
    return _build(files, base=bundled)


def cache_clear() -> None:
    """Forget the cached bundled registry (after editing files under ``vendors/``)."""
    with _lock:
        _bundled.clear()


def validate(*paths: str | os.PathLike[str]) -> Registry:
    """Load without the cache: the bundled data re-read from disk, plus ``paths``."""
    source = data_source()
    files = _bundled_files(source.vendors) + (_expand(paths) if paths else [])
    return _build(files, base=None, data_root=source.root)


def _load_bundled() -> Registry:
    source = data_source()
    with _lock:
        registry = _bundled.get(source.root)
        if registry is None:
            registry = _build(_bundled_files(source.vendors), base=None, data_root=source.root)
            _bundled[source.root] = registry
        return registry


def _bundled_files(vendors_dir: Path) -> list[Path]:
    return sorted(p for p in vendors_dir.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())


def _expand(paths: tuple[str | os.PathLike[str], ...]) -> list[Path]:
    files: list[Path] = []
    missing: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(Problem(str(path), None, None, None, "no such file or folder"))
    if missing:
        raise DataError(missing)
    return files


def _label(path: Path, data_root: Path | None) -> str:
    if data_root is not None:
        try:
            return path.resolve().relative_to(data_root).as_posix()
        except ValueError:
            pass
    return str(path)


def _build(files: list[Path], base: Registry | None, data_root: Path | None = None) -> Registry:
    problems: list[Problem] = []
    vendors: list[tuple[Vendor, str]] = []
    records: dict[str, list[tuple[Any, str]]] = {kind: [] for kind in RECORD_LISTS}

    # Pass 1: parse and validate each record on its own.
    for path in files:
        label = _label(path, data_root)
        try:
            doc = read_yaml(path, label)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        _read_document(doc, vendors, records, problems)

    # Pass 2: cross-references across files.
    all_vendors = list(base.vendors if base else ()) + [v for v, _ in vendors]
    _check_duplicates([(v.id, lbl) for v, lbl in vendors], base_ids={v.id for v in base.vendors} if base else set(), kind="vendor", problems=problems)
    vendor_ids = {v.id for v in all_vendors}
    for kind in RECORD_LISTS:
        base_ids = {r.id for r in getattr(base, kind)} if base else set()
        _check_duplicates([(r.id, lbl) for r, lbl in records[kind]], base_ids=base_ids, kind=kind, problems=problems)
        for record, lbl in records[kind]:
            for index, vendor_id in enumerate(record.vendors):
                if vendor_id not in vendor_ids:
                    problems.append(
                        Problem(lbl, None, record.id, f"vendors[{index}]",
                                f"unknown vendor id {vendor_id!r}; known ids: {', '.join(sorted(vendor_ids))}")
                    )
    if problems:
        raise DataError(problems)
    return Registry(
        vendors=tuple(all_vendors),
        deployments=tuple(base.deployments if base else ()) + tuple(r for r, _ in records["deployments"]),
        presence=tuple(base.presence if base else ()) + tuple(r for r, _ in records["presence"]),
        files=tuple(base.files if base else ()) + tuple(str(p) for p in files),
    )


def _read_document(doc: YamlDocument, vendors: list, records: dict[str, list], problems: list[Problem]) -> None:
    data = doc.data
    if not isinstance(data, dict):
        problems.append(Problem(doc.label, 1, None, None,
                                f"expected a mapping at the top of the file, got {type(data).__name__}"))
        return
    if any(key in data for key in RECORD_LISTS):
        unknown = sorted(set(data) - set(RECORD_LISTS))
        for key in unknown:
            problems.append(Problem(doc.label, doc.line((key,)), None, key,
                                    f"unknown top-level key {key!r}; a records file holds only: {', '.join(RECORD_LISTS)}"))
        for kind, model in RECORD_LISTS.items():
            items = data.get(kind) or []
            if not isinstance(items, list):
                problems.append(Problem(doc.label, doc.line((kind,)), None, kind, f"expected a list of records, got {type(items).__name__}"))
                continue
            for index, item in enumerate(items):
                record = _validate(model, item, doc, (kind, index), problems)
                if record is not None:
                    records[kind].append((record, f"{doc.label}:{doc.line((kind, index))}"))
    else:
        data = dict(data)
        data.setdefault("id", doc.path.stem)  # a vendor file's id defaults to its file stem
        vendor = _validate(Vendor, data, doc, (), problems)
        if vendor is not None:
            vendors.append((vendor, doc.label))


def _validate(model: type[BaseModel], item: Any, doc: YamlDocument, loc: Loc, problems: list[Problem]):
    record_id = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None
    record = record_id or (f"{loc[0]}[{loc[1]}]" if len(loc) == 2 else None)
    try:
        return model.model_validate(item)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            field_loc = tuple(error["loc"])
            message = error["msg"]
            if error["type"] not in ("missing", "extra_forbidden") and "input" in error and not isinstance(error["input"], (dict, list)):
                message += f" (got {error['input']!r})"
            if error["type"] == "extra_forbidden":
                message = "unknown field (a typo?)"
            problems.append(Problem(doc.label, doc.line(loc + field_loc), record, _dotted(field_loc) or None, message))
        return None


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _check_duplicates(items: list[tuple[str, str]], base_ids: set[str], kind: str, problems: list[Problem]) -> None:
    counts = Counter(record_id for record_id, _ in items)
    seen: set[str] = set()
    for record_id, label in items:
        if record_id in base_ids:
            problems.append(Problem(label, None, record_id, "id", f"duplicate {kind} id {record_id!r}: already in the bundled registry"))
        elif counts[record_id] > 1 and record_id not in seen:
            where = sorted({lbl for rid, lbl in items if rid == record_id})
            problems.append(Problem(label, None, record_id, "id",
                                    f"duplicate {kind} id {record_id!r} appears {counts[record_id]} times (in {', '.join(where)})"))
        seen.add(record_id)
