"""The view-model of a brief: typed, plain data built from one Assessment.

Templates only lay this out and format its values (``score``, ``join``, ``md``); they never
parse a value back. Every sentence and number here comes from the data. The same view renders
to Markdown and HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from techrisk.data.countries import country_name
from techrisk.data.models import Deployment, Evidence
from techrisk.data.models.fields import year_of
from techrisk.data.regions import region_of
from techrisk.data.registry import Registry
from techrisk.data.vocab import UNKNOWN
from techrisk.report import svg as svg_charts
from techrisk.report.findings import findings, label, words, year_text
from techrisk.scoring.rubric import Rubric

# Jurisdictions whose regulatory actions a vendor table shows, in this order.
MAIN_JURISDICTIONS = ("US", "EU", "GB", "AU", "CA", "IN", "JP")


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


@dataclass
class Sources:
    """Numbers each cited publication once, in order of first citation."""

    items: list[Source] = field(default_factory=list)
    _index: dict[str, int] = field(default_factory=dict)

    def cite(self, evidence: Sequence[Evidence]) -> tuple[int, ...]:
        numbers: list[int] = []
        for ev in evidence:
            if ev.source_id not in self._index:
                self.items.append(Source(len(self.items) + 1, ev.publisher, ev.title, ev.author, ev.date, ev.url,
                                         ev.accessed))
                self._index[ev.source_id] = len(self.items)
            number = self._index[ev.source_id]
            if number not in numbers:
                numbers.append(number)
        return tuple(numbers)


@dataclass(frozen=True)
class FactorShare:
    """Points one factor adds to a deployment's score (``CV 7.5``)."""

    code: str
    points: float


@dataclass(frozen=True)
class DeploymentRow:
    id: str
    year: str
    place: str
    name: str
    vendors: tuple[str, ...]
    partners: tuple[str, ...]
    sector: str
    data: tuple[str, ...]
    operator: str
    financing: str
    status: str
    confidence: str
    counted: bool
    score: float | None
    vector: str | None
    top_factors: tuple[FactorShare, ...]
    summary: str
    citations: tuple[int, ...]


@dataclass(frozen=True)
class ActionKind:
    kind: str
    year: str


@dataclass(frozen=True)
class Regulation:
    """A vendor's regulatory actions in force in one jurisdiction."""

    jurisdiction: str
    actions: tuple[ActionKind, ...]
    citations: tuple[int, ...]


@dataclass(frozen=True)
class Strongest:
    """The deployment that adds the most points to a country's score, for one vendor."""

    label: str
    points: float


@dataclass(frozen=True)
class VendorRow:
    id: str
    name: str
    sectors: tuple[str, ...]
    deployments: int
    strongest: Strongest | None
    regulation: tuple[Regulation, ...]


@dataclass(frozen=True)
class PresenceRow:
    kind: str
    name: str
    vendors: tuple[str, ...]
    year: str
    citations: tuple[int, ...]


@dataclass(frozen=True)
class Headline:
    score: float
    band: str
    score_low: float
    score_high: float
    data_access: float
    dependency: float
    deployments: int
    vendors: tuple[str, ...]


@dataclass(frozen=True)
class Charts:
    """Inline SVG (already markup) and how many regional peers the peer chart shows."""

    contribution: str
    peers: str
    peer_count: int
    timeline: str


@dataclass(frozen=True)
class CountrySection:
    code: str
    name: str
    region: str
    has_records: bool
    presence: tuple[PresenceRow, ...]
    deployments: tuple[DeploymentRow, ...]
    headline: Headline | None = None
    rank_line: str = ""
    findings: tuple[str, ...] = ()
    vendors: tuple[VendorRow, ...] = ()
    charts: Charts | None = None


@dataclass(frozen=True)
class UnknownRange:
    level: int
    low: int
    high: int


@dataclass(frozen=True)
class FactorRow:
    code: str
    id: str
    dimension: str
    question: str
    weight: float
    unknown: UnknownRange | None


@dataclass(frozen=True)
class BandRow:
    name: str
    min: float


@dataclass(frozen=True)
class RubricView:
    """The method section: the rubric as used, named as derived when it is."""

    name: str
    date: str
    source: str  # rubrics/<name>.yaml, or the derived rubric's name and content hash
    combine: str  # how a country's deployments are combined, in words, from the ratios
    vector_example: str
    factors: tuple[FactorRow, ...]
    bands: tuple[BandRow, ...]


def combine_text(rubric: Rubric) -> str:
    """How a country's deployments are combined, in words (step 4 of the rubric)."""
    methods = {(d.combine.method, d.combine.parameter) for d in rubric.dimensions.values()}
    texts = []
    for method, parameter in sorted(methods):
        if method == "gap_closing":
            texts.append(f"the highest-scoring deployment in full, each further one closing part of the gap left "
                         f"to 100, with a weight that falls by a factor of {parameter:g} per rank")
        elif parameter == 0.5:
            texts.append("rank weights that halve from one deployment to the next")
        else:
            texts.append(f"rank weights that fall by a factor of {parameter:g} from one deployment to the next")
    return "; ".join(texts)


def rubric_view(rubric: Rubric) -> RubricView:
    combine = combine_text(rubric)
    first = rubric.factors[0]
    example_level = first.levels[-2].level if len(first.levels) > 1 else first.levels[0].level
    return RubricView(
        name=rubric.name, date=rubric.date, source=rubric.source, combine=combine,
        vector_example=f"{rubric.vector_prefix}{rubric.version}/{first.code}:{example_level}/…",
        factors=tuple(FactorRow(f.code, f.id, f.dimension, f.question, f.weight,
                                None if f.unknown is None else UnknownRange(f.unknown.level, f.unknown.low,
                                                                            f.unknown.high))
                      for f in rubric.factors),
        bands=tuple(BandRow(b.name, b.min) for b in rubric.bands),
    )


@dataclass(frozen=True)
class BriefView:
    """Everything a brief shows; the templates receive its fields as top-level names."""

    title: str
    regional: bool
    sections: tuple[CountrySection, ...]
    rubric: RubricView
    data_date: str
    as_of: str
    country_total: int
    sources: tuple[Source, ...]
    license: str
    version: str

    @property
    def comparison(self) -> tuple[CountrySection, ...]:
        return self.sections

    def context(self) -> dict[str, object]:
        """The template context: each field (and ``comparison``) by name, values left typed."""
        names = ("title", "regional", "sections", "rubric", "data_date", "as_of", "country_total", "sources",
                 "license", "version", "comparison")
        return {name: getattr(self, name) for name in names}


def _deployment_rows(deployments: Sequence[Deployment], scores: pd.DataFrame, explain: pd.DataFrame,
                     sources: Sources) -> tuple[DeploymentRow, ...]:
    rows = []
    for d in sorted(deployments, key=lambda d: (d.start == UNKNOWN, d.start, d.id)):
        counted = d.id in scores.index
        mine = explain[explain.deployment == d.id]
        top = mine.sort_values("contribution", ascending=False, kind="stable").head(3)
        rows.append(DeploymentRow(
            id=d.id, year=year_text(d.start), place=d.place, name=d.name,
            vendors=tuple(d.vendors), partners=tuple(d.partners),
            sector=words(d.sector), data=tuple(words(x) for x in d.data_captured),
            operator=words(d.operator), financing=words(d.financing),
            status=d.status, confidence=words(d.confidence),
            counted=counted,
            score=float(scores.loc[d.id, "score"]) if counted else None,
            vector=str(scores.loc[d.id, "vector"]) if counted else None,
            top_factors=(tuple(FactorShare(r.code, float(r.contribution)) for r in top.itertuples())
                         if counted else ()),
            summary=d.summary or "",
            citations=sources.cite(d.evidence),
        ))
    return tuple(rows)


def _vendor_rows(registry: Registry, deployments: Sequence[Deployment], explain: pd.DataFrame, sources: Sources,
                 as_of: str | None) -> tuple[VendorRow, ...]:
    rows = []
    present = sorted({v for d in deployments for v in d.vendors})
    names = {d.id: label(d) for d in deployments}
    for vendor_id in present:
        vendor = registry.vendor(vendor_id)
        mine = [d for d in deployments if vendor_id in d.vendors]
        contributions = explain[explain.deployment.isin({d.id for d in mine})]
        by_deployment = contributions.groupby("deployment")["contribution"].sum().sort_values(ascending=False)
        strongest = (Strongest(names[by_deployment.index[0]], float(by_deployment.iloc[0]))
                     if len(by_deployment) else None)
        regulation = []
        for juris in MAIN_JURISDICTIONS:
            actions = [a for a in vendor.regulatory_actions if a.jurisdiction == juris and a.status == "in_force"
                       and (as_of is None or a.date == UNKNOWN or a.date <= as_of)]
            if actions:
                kinds = sorted({(words(a.kind), year_text(a.date)) for a in actions})
                cites = tuple(sorted({n for a in actions for n in sources.cite(a.evidence)}))
                regulation.append(Regulation(juris, tuple(ActionKind(k, y) for k, y in kinds), cites))
        rows.append(VendorRow(
            id=vendor_id, name=vendor.name, sectors=tuple(sorted({words(d.sector) for d in mine})),
            deployments=len(mine), strongest=strongest, regulation=tuple(regulation),
        ))
    return tuple(rows)


def country_view(code: str, *, registry: Registry, rubric: Rubric, scores: pd.DataFrame, dep_scores: pd.DataFrame,
                 explain: pd.DataFrame, sources: Sources, as_of_text: str | None,
                 rank_line: str = "") -> CountrySection:
    """Everything one country's section of a brief shows."""
    name = country_name(code)
    deployments = registry.deployments_in(code)
    counted = [d for d in deployments if d.id in dep_scores.index]
    presence = tuple(
        PresenceRow(words(p.kind), p.name or "", tuple(p.vendors), year_text(p.start), sources.cite(p.evidence))
        for p in sorted(registry.presence_in(code), key=lambda p: (p.start == UNKNOWN, p.start, p.id))
    )
    region, has_records = region_of(code), bool(deployments)
    if code not in scores.index or not counted:
        return CountrySection(code, name, region, has_records, presence,
                              _deployment_rows(deployments, dep_scores, explain, sources))
    head = scores.loc[code]
    mine = dep_scores.loc[[d.id for d in counted]].sort_values(["score"], ascending=False, kind="stable")
    vendor_names = {v.id: v.name for v in registry.vendors}
    headline = Headline(
        score=float(head.score), band=str(head.band), score_low=float(head.score_low),
        score_high=float(head.score_high), data_access=float(head.data_access), dependency=float(head.dependency),
        deployments=int(head.deployments),
        vendors=tuple(sorted({vendor_names[v] for d in counted for v in d.vendors})),
    )
    found = findings(name, head, deployments, mine, explain, rubric, counted, vendor_names)
    vendors = _vendor_rows(registry, deployments, explain, sources, as_of_text)
    rows = _deployment_rows(deployments, dep_scores, explain, sources)
    charts = _charts(code, name, explain, scores, registry, as_of_text)
    return CountrySection(code, name, region, has_records, presence, rows, headline=headline, rank_line=rank_line,
                          findings=found, vendors=vendors, charts=charts)


def _charts(code: str, name: str, explain: pd.DataFrame, scores: pd.DataFrame, registry: Registry,
            as_of_text: str | None) -> Charts:
    factors = explain.groupby(["factor", "dimension"], sort=False)["contribution"].sum().reset_index()
    factors = factors.sort_values(["contribution", "factor"], ascending=[False, True], kind="stable")
    contribution = svg_charts.contribution_bars(
        [(words(r.factor), r.dimension, float(r.contribution)) for r in factors.itertuples()],
        f"{name}: contribution of each factor to the score")
    region = region_of(code)
    peers = scores[[region_of(c) == region for c in scores.index]]
    peer_rows = [(str(r.country_name), float(r.score), float(r.score_low), float(r.score_high), c == code)
                 for c, r in peers.iterrows()]
    peer_chart = svg_charts.peer_bars(peer_rows, f"{name} and its {region} peers: score with the range unknowns allow")
    events: list[tuple[int | None, str, str]] = []
    for d in registry.deployments_in(code):
        events.append((year_of(d.start), f"{label(d)} ({', '.join(d.vendors)})", "deployment"))
    # Regulatory actions are grouped by year, jurisdiction and kind, naming the vendors hit.
    grouped: dict[tuple[int, str, str], list[str]] = {}
    for vendor_id in sorted({v for d in registry.deployments_in(code) for v in d.vendors}):
        for a in registry.vendor(vendor_id).regulatory_actions:
            year = year_of(a.date)
            if (a.jurisdiction in MAIN_JURISDICTIONS and a.status == "in_force" and year is not None
                    and (as_of_text is None or a.date <= as_of_text)):
                grouped.setdefault((year, a.jurisdiction, words(a.kind)), []).append(vendor_id)
    for (year, juris, kind), vendor_ids in grouped.items():
        events.append((year, f"{juris} {kind}: {', '.join(sorted(set(vendor_ids)))}", "action"))
    return Charts(contribution, peer_chart, len(peer_rows) - 1,
                  svg_charts.timeline(events, f"{name}: deployments and regulatory actions by year"))
