"""Numbered sources of a brief, grouped: each country's own sources first, then vendor-wide ones.

A brief numbers every publication once, in the order it is first cited. The brief cites each
country's deployment and presence sources before any regulatory action (see
``view.number_sources``), so a country's own reporting comes first and the generic
vendor-wide sources follow, grouped by vendor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from techrisk.data.models import Evidence

__all__ = ["Source", "SourceGroup", "Sources"]


@dataclass(frozen=True)
class Source:
    """One cited publication, numbered in order of first citation."""

    number: int
    publisher: str
    title: str
    author: str | None
    date: str
    url: str | None
    accessed: str | None
    group: str = ""


@dataclass(frozen=True)
class SourceGroup:
    """A heading of the list of sources and its publications, in number order."""

    title: str
    sources: tuple[Source, ...]


@dataclass
class Sources:
    """Numbers each cited publication once; new ones join the current ``group``."""

    items: list[Source] = field(default_factory=list)
    group: str = ""
    _index: dict[str, int] = field(default_factory=dict)

    def cite(self, evidence: Sequence[Evidence]) -> tuple[int, ...]:
        numbers: list[int] = []
        for ev in evidence:
            if ev.source_id not in self._index:
                self.items.append(Source(len(self.items) + 1, ev.publisher, ev.title, ev.author, ev.date, ev.url,
                                         ev.accessed, self.group))
                self._index[ev.source_id] = len(self.items)
            number = self._index[ev.source_id]
            if number not in numbers:
                numbers.append(number)
        return tuple(numbers)

    def number_of(self, evidence: Evidence) -> int:
        return self.cite([evidence])[0]

    def groups(self) -> tuple[SourceGroup, ...]:
        titles = list(dict.fromkeys(s.group for s in self.items))
        return tuple(SourceGroup(t, tuple(s for s in self.items if s.group == t)) for t in titles)
