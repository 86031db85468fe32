"""Reading YAML safely, with the line number of every value kept for error messages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from techrisk.errors import DataError, Problem

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe loader that reads only ``true``/``false`` as booleans, and dates as text.

    YAML 1.1 also reads ``no``, ``yes``, ``on`` and ``off`` as booleans, which would turn
    Norway's country code ``NO`` into ``False``. Dates stay strings so that the models
    validate them (an impossible date such as 2019-13-01 becomes a field error, not a crash).
    Tags such as ``!!python/object`` are refused because the loader is a safe one.
    """


_DROPPED = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _Loader.yaml_implicit_resolvers.setdefault(_first, []).insert(
        0, ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"))
    )

Loc = tuple[str | int, ...]


def _line_map(node: yaml.Node | None, loc: Loc = (), out: dict[Loc, int] | None = None) -> dict[Loc, int]:
    """Map each value's location (keys and list indexes) to its 1-based line."""
    if out is None:
        out = {}
    if node is None:
        return out
    out[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            _line_map(value_node, (*loc, key), out)
            out[(*loc, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, (*loc, index), out)
    return out


class YamlDocument:
    """A parsed YAML file: its data and the line of every value in it."""

    def __init__(self, path: Path, label: str, data: Any, lines: dict[Loc, int]):
        self.path = path
        self.label = label
        self.data = data
        self._lines = lines

    def line(self, loc: Loc) -> int | None:
        """The line of the deepest part of ``loc`` that exists in the file."""
        for end in range(len(loc), -1, -1):
            line = self._lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None


def read_yaml(path: Path, label: str | None = None) -> YamlDocument:
    """Parse one YAML file with the safe loader; raise DataError naming the file and line."""
    label = label or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(Problem(label, None, None, None, f"cannot read file: {exc}")) from exc
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = " ".join(str(exc).split())
        raise DataError(Problem(label, line, None, None, f"invalid YAML: {reason}")) from exc
    finally:
        loader.dispose()
    return YamlDocument(path, label, data, _line_map(node))
