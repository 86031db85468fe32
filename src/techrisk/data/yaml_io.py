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

    A plain scalar's tag depends only on its text (there are no path resolvers), so it is
    looked up once per distinct text: a large file repeats "unknown", vendor ids and sectors
    thousands of times, and PyYAML's resolver otherwise runs its regular expressions on each.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0] and not self.yaml_path_resolvers:
            key = (value, implicit[1])
            tag = _TAGS.get(key)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_TAGS) < _TAGS_MAX:
                    _TAGS[key] = tag
            return tag
        return super().resolve(kind, value, implicit)


# Tags of plain scalars already resolved, shared by every loader (the resolvers are fixed).
_TAGS: dict[tuple[str, bool], str] = {}
_TAGS_MAX = 200_000


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


# Scalar and collection tags a data file may hold. Anything else (``!!binary``, ``!!set``,
# ``!!timestamp``, ``!!python/...``, a merge key ``<<``) is a problem, not a silent conversion.
_ALLOWED_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "seq", "map")
}


# Aliases may repeat a value (e.g. one evidence list for several facts), but their expansion
# is bounded: at most this many values beyond ten times the file's own nodes. A "billion
# laughs" file stops here instead of exhausting memory.
EXTRA_ALIAS_VALUES = 10_000

# Bidirectional overrides and isolates can make text display differently from what it says
# (a quote that reads backwards, a URL that hides its host); control characters other than
# tab and newline have no place in a citation.
FORBIDDEN_CHARS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))} | {
    chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 0x7F)
}


def forbidden_chars(text: str) -> list[str]:
    """The disallowed characters in ``text``, as U+XXXX codes."""
    return sorted({f"U+{ord(c):04X}" for c in text if c in FORBIDDEN_CHARS})


def _count_nodes(root: yaml.Node) -> int:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(v for pair in node.value for v in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return len(seen)


def _check_and_map(root: yaml.Node | None) -> tuple[dict[Loc, int], list[tuple[int, str]]]:
    """Walk the node tree iteratively: map each value's location to its 1-based line, and
    list (line, message) for duplicate keys, disallowed tags, self-referencing aliases and
    alias expansions beyond the bound. Time and memory stay linear in the file's size.
    """
    lines: dict[Loc, int] = {}
    problems: list[tuple[int, str]] = []
    if root is None:
        return lines, problems
    budget = 10 * _count_nodes(root) + EXTRA_ALIAS_VALUES
    # Each stack entry carries the ids of its ancestors, to catch an alias that contains itself.
    stack: list[tuple[yaml.Node, Loc, frozenset[int]]] = [(root, (), frozenset())]
    while stack:
        node, loc, ancestors = stack.pop()
        line = node.start_mark.line + 1
        budget -= 1
        if budget < 0:
            problems.append((line, "aliases (*name) expand to far more values than the file holds; "
                                   "write the values out instead"))
            break
        if id(node) in ancestors:
            problems.append((line, "an alias refers to a value that contains it (a self-reference)"))
            continue
        lines.setdefault(loc, line)  # a mapping value keeps its key's line
        if node.tag not in _ALLOWED_TAGS:
            problems.append((line, f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')!r} is not allowed; "
                                   "write plain text, numbers, lists and mappings"))
            continue
        if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
            bad = forbidden_chars(node.value)
            if bad:
                problems.append((line, f"text contains invisible control or bidirectional-override characters "
                                       f"({', '.join(bad)}); remove them"))
        inner = ancestors | {id(node)} if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) else ancestors
        if isinstance(node, yaml.MappingNode):
            keys: dict[object, int] = {}
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line + 1
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _ALLOWED_TAGS:
                    problems.append((key_line, "a mapping key must be plain text (merge keys `<<` are not allowed)"))
                    continue
                key = key_node.value
                if key in keys:
                    problems.append((key_line, f"duplicate key {key!r} (first on line {keys[key]}); "
                                               "the second would silently replace the first"))
                    continue
                keys[key] = key_line
                lines.setdefault((*loc, key), key_line)
                stack.append((value_node, (*loc, key), inner))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                stack.append((item, (*loc, index), inner))
    return lines, sorted(set(problems))


def _check_plain(root: yaml.Node, check_chars: bool) -> list[tuple[int, str]]:
    """The checks of :func:`_check_and_map` for a file without anchors (so without aliases,
    self-references or alias expansion), building no line map: lines are looked up in the
    node tree only for the records that fail (:meth:`YamlDocument.line`)."""
    problems: list[tuple[int, str]] = []
    stack = [root]
    allowed, mapping, sequence, scalar = _ALLOWED_TAGS, yaml.MappingNode, yaml.SequenceNode, yaml.ScalarNode
    while stack:
        node = stack.pop()
        if node.tag not in allowed:
            problems.append((node.start_mark.line + 1, f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')!r} "
                                                       "is not allowed; write plain text, numbers, lists and mappings"))
            continue
        if isinstance(node, mapping):
            keys: dict[object, yaml.Node] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, scalar) or key_node.tag not in allowed:
                    problems.append((key_node.start_mark.line + 1,
                                     "a mapping key must be plain text (merge keys `<<` are not allowed)"))
                    continue
                key = key_node.value
                if key in keys:
                    problems.append((key_node.start_mark.line + 1,
                                     f"duplicate key {key!r} (first on line {keys[key].start_mark.line + 1}); "
                                     "the second would silently replace the first"))
                    continue
                keys[key] = key_node
                stack.append(value_node)
        elif isinstance(node, sequence):
            stack.extend(reversed(node.value))
        elif check_chars and isinstance(node.value, str) and _FORBIDDEN_RE.search(node.value):
            bad = ", ".join(forbidden_chars(node.value))
            problems.append((node.start_mark.line + 1, f"text contains invisible control or bidirectional-override "
                                                       f"characters ({bad}); remove them"))
    return sorted(set(problems))


class _Unusual(Exception):
    """A node the fast constructor leaves to PyYAML's (which then reports its own error)."""


def _construct(loader: Any, node: yaml.Node) -> Any:
    """Build the Python value of a checked node tree without anchors: what PyYAML's safe
    constructor builds, for the tags :data:`_ALLOWED_TAGS` admits, without its per-node
    bookkeeping."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:
            return node.value
        build = _SCALAR_BUILDERS.get(node.tag)
        if build is None:
            raise _Unusual
        return build(loader, node)
    if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
        return {_construct(loader, k): _construct(loader, v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        return [_construct(loader, item) for item in node.value]
    raise _Unusual


_STR, _MAP, _SEQ = ("tag:yaml.org,2002:" + name for name in ("str", "map", "seq"))
_SCALAR_BUILDERS = {
    "tag:yaml.org,2002:int": _BaseLoader.construct_yaml_int,
    "tag:yaml.org,2002:float": _BaseLoader.construct_yaml_float,
    "tag:yaml.org,2002:bool": _BaseLoader.construct_yaml_bool,
    "tag:yaml.org,2002:null": _BaseLoader.construct_yaml_null,
}
_FORBIDDEN_RE = re.compile("[" + "".join(sorted(re.escape(c) for c in FORBIDDEN_CHARS)) + "]")


class YamlDocument:
    """A parsed YAML file: its data and the line of every value in it.

    Lines come from a map built while checking (files with anchors) or, for other files, from
    a small map of the top-level keys and records (every record's label needs its line) and,
    for a deeper value (an error inside a record), from the file's node tree, composed again
    when first needed. The tree is not kept after parsing: it holds about as much memory as
    the records themselves, and most loads never need it.
    """

    def __init__(self, path: Path, label: str, data: Any, lines: dict[Loc, int] | None = None,
                 shallow: dict[Loc, int] | None = None):
        self.path = path
        self.label = label
        self.data = data
        self._lines = lines
        self._shallow = shallow or {}
        self._root: yaml.Node | None = None

    def line(self, loc: Loc) -> int | None:
        """The line of the deepest part of ``loc`` that exists in the file."""
        if self._lines is None:
            loc = tuple(loc)
            if loc in self._shallow:
                return self._shallow[loc]
            return self._line_in_tree(loc)
        for end in range(len(loc), -1, -1):
            line = self._lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None

    def _line_in_tree(self, loc: Loc) -> int | None:
        if self._root is None:
            self._root = _compose(self.path)
        node = self._root
        if node is None:
            return None
        line = node.start_mark.line + 1
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
                        line, node = key_node.start_mark.line + 1, value_node  # a value keeps its key's line
                        break
                else:
                    return line
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return line
        return line


def _shallow_lines(root: yaml.Node) -> dict[Loc, int]:
    """The lines of the document, its top-level keys and every item of a top-level list: what
    :meth:`YamlDocument.line` answers for a record's label without the node tree. The first
    of two equal keys wins, as in the tree walk (a duplicate key is an error anyway)."""
    lines: dict[Loc, int] = {(): root.start_mark.line + 1}
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if not isinstance(key_node, yaml.ScalarNode) or (key_node.value,) in lines:
                continue
            lines[(key_node.value,)] = key_node.start_mark.line + 1
            if isinstance(value_node, yaml.SequenceNode):
                for index, item in enumerate(value_node.value):
                    lines[(key_node.value, index)] = item.start_mark.line + 1
    return lines


def _compose(path: Path) -> yaml.Node | None:
    """The node tree of a file :func:`read_yaml` has already read and checked (for the line of
    a value deep inside a record); None if the file can no longer be read as it was."""
    try:
        loader = _Loader(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    try:
        return loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


_FALLBACK: Any = object()


class _Frame:
    """An open mapping or sequence while :func:`_build_from_events` reads a file."""

    __slots__ = ("depth", "is_map", "key", "key_text", "seen", "value", "wants_key")

    def __init__(self, value: dict | list, depth: int):
        self.value: Any = value
        self.is_map = isinstance(value, dict)
        self.wants_key = True  # a mapping's next scalar is a key
        self.key: Any = None  # the key its next value goes under, and the key as written
        self.key_text: str = ""
        self.seen: set[str] = set()
        self.depth = depth  # 0 for the document's own mapping


def _build_from_events(loader: Any, check_chars: bool) -> Any:
    """The value of a file without anchors and its records' lines, built from the parser's
    events: what :func:`_construct` builds from the node tree, without the tree (which holds
    about as much memory as the values). Returns ``_FALLBACK`` at the first thing the node
    path must handle instead: anything :func:`_check_plain` reports (a tag not allowed, a key
    that is not plain text, a duplicate key, a forbidden character), an alias, or a second
    document; that path then reports it with its own messages."""
    get_event, resolve, builders = loader.get_event, loader.resolve, _SCALAR_BUILDERS
    get_event()  # the stream's start
    event = get_event()
    if isinstance(event, yaml.StreamEndEvent):
        return None, {}
    if not isinstance(event, yaml.DocumentStartEvent):
        return _FALLBACK
    shallow: dict[Loc, int] = {}  # the lines YamlDocument.line answers without the node tree
    stack: list[_Frame] = []
    root: Any = None
    while True:
        event = get_event()
        line = event.start_mark.line + 1
        opened: _Frame | None = None
        if isinstance(event, yaml.ScalarEvent):
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(yaml.ScalarNode, event.value, event.implicit)
            if tag == _STR:
                value = event.value
            elif tag in builders:
                value = builders[tag](loader, yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark,
                                                              event.style))
            else:
                return _FALLBACK
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            is_map = isinstance(event, yaml.MappingStartEvent)
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(yaml.MappingNode if is_map else yaml.SequenceNode, None, event.implicit)
            if tag != (_MAP if is_map else _SEQ):
                return _FALLBACK
            value = {} if is_map else []
            opened = _Frame(value, len(stack))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
            continue
        elif isinstance(event, yaml.DocumentEndEvent):
            break
        else:  # an alias
            return _FALLBACK
        frame = stack[-1] if stack else None
        if frame is not None and frame.is_map and frame.wants_key:
            if opened is not None or event.value in frame.seen:
                return _FALLBACK  # a key that is not plain text, or a duplicate key
            frame.seen.add(event.value)
            frame.wants_key, frame.key, frame.key_text = False, value, event.value
            if frame.depth == 0:
                shallow[(event.value,)] = line
            continue
        if opened is None and check_chars and isinstance(event.value, str) and _FORBIDDEN_RE.search(event.value):
            return _FALLBACK
        if frame is None:
            root = value
            shallow[()] = line
        elif frame.is_map:
            frame.value[frame.key] = value
            frame.wants_key = True
        else:
            if frame.depth == 1 and stack[0].is_map:  # a record in a top-level list
                shallow[(stack[0].key_text, len(frame.value))] = line
            frame.value.append(value)
        if opened is not None:
            stack.append(opened)
    if not isinstance(get_event(), yaml.StreamEndEvent):
        return _FALLBACK  # a second document
    return root, shallow


def read_yaml(path: Path, label: str | None = None) -> YamlDocument:
    """Parse one YAML file with the safe loader; raise DataError naming the file and line."""
    label = label or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(Problem(label, None, None, None, f"cannot read file: {exc}")) from exc
    if "\x00" in text:
        raise DataError(Problem(label, None, None, None, "the file contains a NUL character; is it a text file?"))
    loader = _Loader(text)
    try:
        if "&" not in text:
            # No anchors, so no aliases: values are built straight from the parser's events,
            # with no node tree and no line map (only the records' lines are kept). Forbidden
            # characters can only be in a value if they are in the text or written as a
            # backslash escape.
            check_chars = "\\" in text or bool(_FORBIDDEN_RE.search(text))
            built = _build_from_events(loader, check_chars)
            if built is not _FALLBACK:
                data, shallow = built
                return YamlDocument(path, label, data, shallow=shallow)
            # Something the event path does not take (a problem to report, an alias without
            # an anchor, several documents): parse again into a node tree, which reports it.
            loader.dispose()
            loader = _Loader(text)
        node = loader.get_single_node()
        if node is not None and "&" not in text:
            problems = _check_plain(node, check_chars)
            if problems:
                raise DataError([Problem(label, line, None, None, message) for line, message in problems])
            try:
                data = _construct(loader, node)
            except _Unusual:
                data = loader.construct_document(node)
            return YamlDocument(path, label, data, shallow=_shallow_lines(node))
        lines, problems = _check_and_map(node)
        if problems:
            raise DataError([Problem(label, line, None, None, message) for line, message in sorted(problems)])
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = " ".join(str(exc).split())
        raise DataError(Problem(label, line, None, None, f"invalid YAML: {reason}")) from exc
    except RecursionError:
        raise DataError(Problem(label, None, None, None, "the YAML is nested too deeply to read")) from None
    finally:
        loader.dispose()
    return YamlDocument(path, label, data, lines)
