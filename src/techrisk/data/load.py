"""Load YAML files into a :class:`~techrisk.data.registry.Registry`.

Loading runs in two passes: first every file is parsed and every record validated on its
own; then cross-references are resolved (deployment -> vendor, duplicate ids). Problems are
gathered across all files and raised together in one :class:`~techrisk.errors.DataError`,
so a contributor sees every mistake at once. No record is ever skipped: either every record
in the files is loaded, or loading fails.

The bundled data is parsed once per process and cached; ``cache_clear()`` resets it.
"""

from __future__ import annotations

import gc
import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from techrisk import _cache
from techrisk._paths import data_source
from techrisk.data import parse_cache
from techrisk.data.models import Deployment, Presence, Vendor
from techrisk.data.registry import Registry
from techrisk.data.tabular import TableDocument, is_table, read_tables
from techrisk.data.yaml_io import Loc, YamlDocument, read_yaml
from techrisk.errors import DataError, Problem

RECORD_LISTS: dict[str, type[BaseModel]] = {"deployments": Deployment, "presence": Presence}
YAML_SUFFIXES = (".yaml", ".yml")  # compared case-insensitively: .YAML and .Yml are read too
# JSON records files have the YAML files' shape ({"deployments": [...]}); JSON is read by
# the same safe YAML reader, so its problems carry line numbers too.
JSON_SUFFIXES = (".json",)
# Files that look like records in a format techrisk does not read: an error, not a silent skip.
DATA_LIKE_SUFFIXES = (".jsonl", ".xls", ".ods", ".txt")

_lock = _cache.lock
_bundled: dict[Path, Registry] = {}
_cache.register(_bundled.clear)


def load(*paths: str | os.PathLike[str]) -> Registry:
    """Return the bundled registry, merged with any user YAML files or folders given.

    Args:
        *paths: record files or folders (searched recursively) in the format described in
            ``vendors/README.md``: YAML or JSON, or tables (CSV, TSV, Excel, Parquet) with one
            row per record. Their records are added to the bundled
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
    files, skipped, path_problems = find_files(paths)
    return replace(_build(files, base=bundled, problems=path_problems), skipped=tuple(str(p) for p in skipped))


def cache_clear() -> None:
    """Forget every cache: the bundled registry and the parsed rubrics (after editing files
    under ``vendors/`` or ``rubrics/``)."""
    _cache.clear_all()


def validate(*paths: str | os.PathLike[str]) -> Registry:
    """Load without the cache: the bundled data re-read from disk, plus ``paths``."""
    source = data_source()
    user_files, skipped, path_problems = find_files(paths) if paths else ([], [], [])
    registry = _build(_bundled_files(source.vendors) + user_files, base=None, data_root=source.root,
                      problems=path_problems)
    return replace(registry, skipped=tuple(str(p) for p in skipped))


def _load_bundled() -> Registry:
    source = data_source()
    with _lock:
        registry = _bundled.get(source.root)
        if registry is None:
            registry = _build_bundled(_bundled_files(source.vendors), source.root)
            _bundled[source.root] = registry
        return registry


def _build_bundled(files: list[Path], root: Path) -> Registry:
    """The bundled registry, its YAML read from the parse cache when the files are unchanged
    (:mod:`techrisk.data.parse_cache`). Cached data is validated like any other; if it fails,
    the files are parsed again, so a problem is reported with its line."""
    relative = {path: _label(path, root) for path in files}
    try:
        key = parse_cache.key_of(relative)
    except OSError:
        key = None
    if key is not None:
        cached = parse_cache.read(key)
        if cached is not None and set(cached) == set(relative.values()):
            try:
                return _build(files, base=None, data_root=root,
                              documents={path: cached[label] for path, label in relative.items()})
            except DataError:
                pass
    parsed: dict[Path, Any] = {}
    registry = _build(files, base=None, data_root=root, parsed=parsed)
    if key is not None and len(parsed) == len(files):
        parse_cache.write(key, {relative[path]: data for path, data in parsed.items()})
    return registry


def is_yaml(path: Path) -> bool:
    return path.suffix.lower() in YAML_SUFFIXES


def is_records_file(path: Path) -> bool:
    """A file the loader reads: YAML, JSON or a table."""
    return is_yaml(path) or path.suffix.lower() in JSON_SUFFIXES or is_table(path)


# Folders under vendors/ that hold no bundled data: templates for users to copy.
NOT_BUNDLED = ("templates",)


def _bundled_files(vendors_dir: Path) -> list[Path]:
    # Documentation (README.md) lives beside the data; everything else must be YAML.
    found = [p for p in vendors_dir.rglob("*")
             if p.is_file() and p.relative_to(vendors_dir).parts[0] not in NOT_BUNDLED]
    files = sorted(p for p in found if is_yaml(p))
    strays = sorted(p for p in found if not is_yaml(p) and p.suffix.lower() != ".md")
    if strays:
        raise DataError([Problem(str(p), None, None, None,
                                 "a file in the bundled data folder that is not YAML; rename it to .yaml or remove it")
                         for p in strays])
    return files


def expand_paths(paths: tuple[str | os.PathLike[str], ...]) -> tuple[list[Path], list[Path]]:
    """:func:`find_files`, raising its problems."""
    files, skipped, problems = find_files(paths)
    if problems:
        raise DataError(problems)
    return files, skipped


def find_files(paths: tuple[str | os.PathLike[str], ...]) -> tuple[list[Path], list[Path], list[Problem]]:
    """The record files to read under ``paths``, and the other files found (skipped, reported).

    A folder is searched recursively for YAML, JSON and table files (CSV, TSV, Excel,
    Parquet). A file that looks like records in a format techrisk does not read (``.xls``,
    ``.ods``, ``.jsonl``, ``.txt``) is an error rather than a silent skip; so is a folder with
    no record file, a path that does not exist, and an empty path.
    """
    files: list[Path] = []
    skipped: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        if raw is None or str(raw).strip() == "":
            problems.append(Problem(repr(raw), None, None, None, "an empty path; give a file or folder of records"))
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file())
            record_files = [p for p in found if is_records_file(p)]
            for other in (p for p in found if not is_records_file(p)):
                if other.suffix.lower() in DATA_LIKE_SUFFIXES:
                    problems.append(Problem(str(other), None, None, None,
                                            f"looks like data but is not read: techrisk reads records from "
                                            f"{', '.join(READABLE)} files; save it as one of those"))
                else:
                    skipped.append(other)
            if not record_files:
                problems.append(Problem(str(path), None, None, None,
                                        f"the folder holds no record files ({', '.join(READABLE)})"))
            files.extend(record_files)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), None, None, None, "no such file or folder"))
    return files, skipped, problems


READABLE = (*YAML_SUFFIXES, *JSON_SUFFIXES, ".csv", ".tsv", ".xlsx", ".parquet")


def _label(path: Path, data_root: Path | None) -> str:
    if data_root is not None:
        try:
            return path.resolve().relative_to(data_root).as_posix()
        except ValueError:
            pass
    return str(path)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk load, and restore it even on error.

    Parsing and validating records allocates millions of objects and frees almost none, so
    every automatic collection walks a growing heap for nothing: with it running, a file of
    100,000 records spent most of its time in collections. Reference counting still frees
    everything that is not a cycle; the collector runs again, as configured, afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build(files: list[Path], base: Registry | None, data_root: Path | None = None,
           problems: list[Problem] | None = None, documents: dict[Path, Any] | None = None,
           parsed: dict[Path, Any] | None = None) -> Registry:
    """Read and check ``files`` (on top of ``base``). ``documents`` gives already parsed data
    for some YAML files (the parse cache's; their problems carry no line numbers); the data of
    every YAML file parsed here is put in ``parsed`` when it is given."""
    with gc_paused():
        return _build_unpaused(files, base, data_root, problems, documents or {}, parsed)


def _build_unpaused(files: list[Path], base: Registry | None, data_root: Path | None,
                    problems: list[Problem] | None, documents: dict[Path, Any],
                    parsed: dict[Path, Any] | None) -> Registry:
    # Problems found before reading (a missing path, an unreadable format) come first, and
    # the files that can be read are still checked, so one run lists everything.
    problems = list(problems or [])
    vendors: list[tuple[Vendor, str]] = []
    records: dict[str, list[tuple[Any, str]]] = {kind: [] for kind in RECORD_LISTS}
    # Every record read, valid or not, for the cross-file checks: (kind, id, vendors, label).
    raw_records: list[tuple[str, str | None, Any, str]] = []

    # Pass 1: parse and validate each record on its own. Tables are read together, so that
    # an evidence table joins the records of any table given with it.
    tables = [(path, _label(path, data_root)) for path in files if is_table(path)]
    for path in files:
        if is_table(path):
            continue
        label = _label(path, data_root)
        if path in documents:
            doc = YamlDocument(path, label, documents[path])
        else:
            try:
                doc = read_yaml(path, label)
            except DataError as exc:
                problems.extend(exc.problems)
                continue
            if parsed is not None:
                # Kept before any record is read (reading never changes the parsed data).
                parsed[path] = doc.data
        _read_document(doc, vendors, records, raw_records, problems)
    if tables:
        table_docs, table_problems = read_tables(tables)
        problems.extend(table_problems)
        for table in table_docs:
            _read_document(table, vendors, records, raw_records, problems)

    # Pass 2: cross-references across files.
    all_vendors = list(base.vendors if base else ()) + [v for v, _ in vendors]
    _check_duplicates([(v.id, lbl) for v, lbl in vendors], base_ids={v.id for v in base.vendors} if base else set(), kind="vendor", problems=problems)
    vendor_ids = {v.id for v in all_vendors}
    # Record ids are unique across deployments and presence records together.
    base_ids = {r.id for kind in RECORD_LISTS for r in getattr(base, kind)} if base else set()
    _check_duplicates([(rid, lbl) for _, rid, _, lbl in raw_records if rid], base_ids=base_ids,
                      kind="record", problems=problems)
    # Checked on the raw records, so a record that failed its own checks is cross-checked too.
    for _, record_id, raw_vendors, lbl in raw_records:
        if not isinstance(raw_vendors, list):
            continue
        for index, vendor_id in enumerate(raw_vendors):
            if isinstance(vendor_id, str) and vendor_id not in vendor_ids:
                problems.append(
                    Problem(lbl, None, record_id, f"vendors[{index}]",
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


def _read_document(doc: YamlDocument | TableDocument, vendors: list, records: dict[str, list], raw_records: list,
                   problems: list[Problem]) -> None:
    data: Any = doc.data
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
            if kind not in data:
                continue
            items = data[kind]
            if not isinstance(items, list):
                shown = "nothing" if items is None else f"{type(items).__name__} {items!r}"[:60]
                problems.append(Problem(doc.label, doc.line((kind,)), None, kind,
                                        f"expected a list of records (write [] for none), got {shown}"))
                continue
            for index, item in enumerate(items):
                where = f"{doc.label}:{doc.line((kind, index))}"
                record_id = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None
                raw_records.append((kind, record_id, item.get("vendors") if isinstance(item, dict) else None, where))
                record = _validate(model, item, doc, (kind, index), problems)
                if record is not None:
                    records[kind].append((record, where))
                    for field, message in record.unsupported() if isinstance(record, Deployment) else ():
                        loc = (kind, index, *_parse_field(field))
                        name = doc.column(loc) if isinstance(doc, TableDocument) else field
                        problems.append(Problem(doc.label, doc.line(loc), record.id, name, message))
    else:
        if isinstance(doc, TableDocument):
            return  # tables always hold records
        data = dict(data)
        data.setdefault("id", doc.path.stem)  # a vendor file's id defaults to its file stem
        vendor = _validate(Vendor, data, doc, (), problems)
        if vendor is not None:
            vendors.append((vendor, doc.label))


def _validate(model: type[BaseModel], item: Any, doc: YamlDocument | TableDocument, loc: Loc,
              problems: list[Problem]):
    record_id = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None
    record = record_id or (f"{loc[0]}[{loc[1]}]" if len(loc) == 2 else None)
    if not isinstance(item, dict):
        problems.append(Problem(doc.label, doc.line(loc), record, None,
                                f"expected a record (a mapping of field: value), got {_shown(item)}"))
        return None
    try:
        return model.model_validate(item)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        failed = {tuple(e["loc"]) for e in errors}
        seen: set[tuple[Loc, str]] = set()
        for error in errors:
            field_loc = tuple(error["loc"])
            # "needs at least 1 item" after an item failed is noise: the item's own error says it.
            if error["type"] == "too_short" and any(f[:len(field_loc)] == field_loc and f != field_loc for f in failed):
                continue
            message = plain_message(error)
            if (field_loc, message) in seen:
                continue
            seen.add((field_loc, message))
            problems.append(Problem(doc.label, doc.line(loc + field_loc), record, _field_name(doc, loc, field_loc), message))
        return None


def _field_name(doc: YamlDocument | TableDocument, loc: Loc, field_loc: Loc) -> str | None:
    """The field as the user wrote it: a dotted path in YAML, the column in a table."""
    if isinstance(doc, TableDocument):
        return doc.column(loc + field_loc)
    return _dotted(field_loc) or None


def _shown(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    text = repr(value)
    return f"{type(value).__name__} {text[:60]}{'...' if len(text) > 60 else ''}"


def plain_message(error: Any) -> str:
    """One pydantic error in plain words, quoting the offending value once."""
    kind, message, value = error["type"], error["msg"], error.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (a typo?)"
    if kind.endswith("_type") and value is None:
        return "is empty (null); write a value, or remove the field to use its default"
    if kind in ("value_error", "assertion_error"):
        message = message.split(", ", 1)[1] if ", " in message else message
        return message  # our own messages already quote the value
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{value!r} is not one of the allowed values: {expected}"
    if kind == "too_short":
        return f"needs at least {error.get('ctx', {}).get('min_length', 1)} item(s)"
    if kind.endswith("_type"):
        expected = message.removeprefix("Input should be ").removeprefix("a valid ")
        return f"expected {expected}, got {_shown(value)}"
    if isinstance(value, (dict, list)) or value is None:
        return message
    return f"{message} (got {value!r})"


def _parse_field(field: str) -> Loc:
    """'status[1]' -> ('status', 1); 'financing' -> ('financing',)."""
    parts: list[str | int] = []
    for piece in field.replace("]", "").split("."):
        name, *indexes = piece.split("[")
        parts.append(name)
        parts.extend(int(i) for i in indexes)
    return tuple(parts)


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
