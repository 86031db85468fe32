"""Exceptions raised by techrisk.

Every error about data is a :class:`DataError` (a ``ValueError``), so callers can catch
one class. A :class:`DataError` holds the full list of problems found, each naming the
file, the line where known, the record and the field.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in one data file.

    Attributes:
        path: the file, as given or relative to the data folder.
        line: 1-based line number in the file, or ``None`` when not known.
        record: the record's id (or ``#index`` when the record has no usable id).
        field: dotted field path inside the record, e.g. ``evidence[0].quote``.
        message: what is wrong, quoting the offending value.
    """

    path: str
    line: int | None
    record: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        parts = [where]
        if self.record:
            parts.append(f"record {self.record!r}")
        if self.field:
            parts.append(self.field)
        return ": ".join(parts) + f": {self.message}"


class DataError(ValueError):
    """Invalid data: a malformed file, an unknown field, a bad code, a duplicate id...

    The message lists every problem, one a line. ``problems`` holds them as
    :class:`Problem` objects.
    """

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(path="<input>", line=None, record=None, field=None, message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in techrisk data:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


class RubricError(DataError):
    """An invalid rubric: weights, levels, thresholds or field references."""


class UnknownCountryError(LookupError, ValueError):
    """A country that is neither an ISO 3166-1 code nor a known name."""


class UnknownVendorError(LookupError, ValueError):
    """A vendor name or alias that is not in the registry."""
