"""The view-model of a brief: typed, plain data built from one Assessment.

Templates only lay this out and format its values (``score``, ``join``, ``md``); they never
parse a value back. Every sentence and number here comes from the data. The same view renders
to Markdown and HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from techrisk.data.countries import country_name
from techrisk.data.models import Deployment, Presence
from techrisk.data.regions import region_of
from techrisk.data.registry import Registry
from techrisk.data.vocab import UNKNOWN
from techrisk.report.charts import MAIN_JURISDICTIONS, Charts, action_label, actions_in_force, country_charts
from techrisk.report.findings import Finding, findings, gaps, history_text, label, status_text, words, year_text
from techrisk.report.history import Move
from techrisk.report.regional import RegionalView
from techrisk.report.sources import Source, SourceGroup, Sources
from techrisk.scoring.rubric import Rubric


@dataclass(frozen=True)
class FactorShare:
    """Points one factor adds to the deployment's own score (``CV 7.5``): they add up to that score."""

    code: str
    points: float


@dataclass(frozen=True)
class Quote:
    """The verbatim quote behind coded values: a note ``mark`` (numbered through the brief),
    the number of its source and the fields it supports, in words."""

    mark: int
    source: int
    supports: str
    text: str


@dataclass(frozen=True)
class DeploymentRow:
    id: str
    year: str
    place: str
    name: str
    label: str
    status_history: tuple[str, ...]
    quotes: tuple[Quote, ...]
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
class CountrySection:
    code: str
    name: str
    region: str
    has_records: bool
    presence: tuple[PresenceRow, ...]
    deployments: tuple[DeploymentRow, ...]
    headline: Headline | None = None
    rank_line: str = ""
    findings: tuple[Finding, ...] = ()
    gaps: tuple[str, ...] = ()
    vendors: tuple[VendorRow, ...] = ()
    charts: Charts | None = None
    history_chart: str = ""  # score over time (inline SVG), from a year-end as-of sweep
    moves: tuple[Move, ...] = ()


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
    source_groups: tuple[SourceGroup, ...]
    license: str
    version: str
    comparison: RegionalView | None = None  # the comparison page of a regional brief

    def context(self) -> dict[str, object]:
        """The template context: each field (and ``comparison``) by name, values left typed."""
        names = ("title", "regional", "sections", "rubric", "data_date", "as_of", "country_total", "sources",
                 "source_groups", "license", "version", "comparison")
        return {name: getattr(self, name) for name in names}


def _sorted_deployments(deployments: Sequence[Deployment]) -> list[Deployment]:
    return sorted(deployments, key=lambda d: (d.first_date == UNKNOWN, d.first_date, d.id))


def _sorted_presence(registry: Registry, code: str) -> list[Presence]:
    return sorted(registry.presence_in(code), key=lambda p: (p.start == UNKNOWN, p.start, p.id))


def number_sources(codes: Sequence[str], registry: Registry, sources: Sources, as_of: str | None) -> None:
    """Number the sources country-first: every country's deployment and presence sources (in
    table order), then the vendor-wide regulatory actions, grouped by vendor."""
    for code in codes:
        sources.group = f"{country_name(code)}: deployments and presence"
        for d in _sorted_deployments(registry.deployments_in(code)):
            sources.cite(d.evidence)
        for p in _sorted_presence(registry, code):
            sources.cite(p.evidence)
    for vendor_id in sorted({v for c in codes for d in registry.deployments_in(c) for v in d.vendors}):
        vendor = registry.vendor(vendor_id)
        sources.group = f"Regulatory actions against {vendor.name} (vendor-wide)"
        for action in actions_in_force(vendor, as_of):
            sources.cite(action.evidence)
    sources.group = "Other sources"


class Marks:
    """Numbers the quote notes through one brief (Markdown footnotes, print notes)."""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> int:
        self.count += 1
        return self.count


def _quotes(d: Deployment, sources: Sources, marks: Marks) -> tuple[Quote, ...]:
    return tuple(Quote(marks.next(), sources.number_of(ev),
                       ", ".join(s.replace("status:", "status ").replace("_", " ") for s in ev.supports)
                       or "the record", ev.quote)
                 for ev in d.evidence)


def _deployment_rows(deployments: Sequence[Deployment], scores: pd.DataFrame, explain: pd.DataFrame,
                     sources: Sources, vendor_names: dict[str, str], as_of: str | None,
                     marks: Marks) -> tuple[DeploymentRow, ...]:
    rows = []
    # Per deployment, its three largest shares: points of its own score, so they add up to the
    # score shown beside them (one stable sort for all deployments: ties keep the table's order).
    own = explain.points * explain.factor_weight * explain.dimension_weight * explain.multiplier
    ranked = explain.assign(own=own).sort_values("own", ascending=False, kind="stable")
    top_shares: dict[str, list[FactorShare]] = {}
    top = ranked.groupby("deployment", sort=False).head(3)
    for deployment, code, share in zip(top["deployment"], top["code"], top["own"], strict=True):
        top_shares.setdefault(deployment, []).append(FactorShare(code, float(share)))
    score_of, vector_of = scores["score"].to_dict(), scores["vector"].to_dict()
    for d in _sorted_deployments(deployments):
        counted = d.id in score_of
        rows.append(DeploymentRow(
            id=d.id, year=year_text(d.first_date), place=d.place, name=d.name, label=label(d, vendor_names),
            status_history=history_text(d, as_of), quotes=_quotes(d, sources, marks),
            vendors=tuple(vendor_names.get(v, v) for v in d.vendors), partners=tuple(d.partners),
            sector=words(d.sector), data=tuple(words(x) for x in d.data_captured),
            operator=words(d.operator), financing=words(d.financing),
            status=status_text(d, as_of), confidence=words(d.confidence),
            counted=counted,
            score=float(score_of[d.id]) if counted else None,
            vector=str(vector_of[d.id]) if counted else None,
            top_factors=tuple(top_shares.get(d.id, ())) if counted else (),
            summary=d.summary or "",
            citations=sources.cite(d.evidence),
        ))
    return tuple(rows)


def _vendor_rows(registry: Registry, deployments: Sequence[Deployment], explain: pd.DataFrame, sources: Sources,
                 as_of: str | None, vendor_names: dict[str, str]) -> tuple[VendorRow, ...]:
    rows = []
    present = sorted({v for d in deployments for v in d.vendors})
    names = {d.id: label(d, vendor_names) for d in deployments}
    for vendor_id in present:
        vendor = registry.vendor(vendor_id)
        mine = [d for d in deployments if vendor_id in d.vendors]
        contributions = explain[explain.deployment.isin({d.id for d in mine})]
        by_deployment = contributions.groupby("deployment")["contribution"].sum().sort_values(ascending=False)
        strongest = (Strongest(names[by_deployment.index[0]], float(by_deployment.iloc[0]))
                     if len(by_deployment) else None)
        regulation = []
        actions = actions_in_force(vendor, as_of)
        for juris in MAIN_JURISDICTIONS:
            here = [a for a in actions if a.jurisdiction == juris]
            if here:
                # A state list or one institution's purchasing is named as such, not as the country's ban.
                kinds = sorted({(action_label(a), year_text(a.date)) for a in here})
                cites = tuple(sorted({n for a in here for n in sources.cite(a.evidence)}))
                regulation.append(Regulation(juris, tuple(ActionKind(k, y) for k, y in kinds), cites))
        rows.append(VendorRow(
            id=vendor_id, name=vendor.name, sectors=tuple(sorted({words(d.sector) for d in mine})),
            deployments=len(mine), strongest=strongest, regulation=tuple(regulation),
        ))
    return tuple(rows)


def country_view(code: str, *, registry: Registry, rubric: Rubric, scores: pd.DataFrame, dep_scores: pd.DataFrame,
                 explain: pd.DataFrame, sources: Sources, as_of_text: str | None,
                 rank_line: str = "", marks: Marks | None = None) -> CountrySection:
    """Everything one country's section of a brief shows."""
    marks = marks or Marks()
    name = country_name(code)
    vendor_names = {v.id: v.name for v in registry.vendors}
    deployments = registry.deployments_in(code)
    counted = [d for d in deployments if d.id in dep_scores.index]
    rows = _deployment_rows(deployments, dep_scores, explain, sources, vendor_names, as_of_text, marks)
    presence = tuple(
        PresenceRow(words(p.kind), p.name or "", tuple(vendor_names.get(v, v) for v in p.vendors), year_text(p.start),
                    sources.cite(p.evidence))
        for p in _sorted_presence(registry, code)
    )
    region, has_records = region_of(code), bool(deployments)
    if code not in scores.index or not counted or pd.isna(scores.loc[code, "score"]):
        return CountrySection(code, name, region, has_records, presence, rows)
    head = scores.loc[code]
    mine = dep_scores.loc[[d.id for d in counted]].sort_values(["score"], ascending=False, kind="stable")
    headline = Headline(
        score=float(head.score), band=str(head.band), score_low=float(head.score_low),
        score_high=float(head.score_high), data_access=float(head.data_access), dependency=float(head.dependency),
        deployments=int(head.deployments),
        vendors=tuple(sorted({vendor_names[v] for d in counted for v in d.vendors})),
    )
    found = findings(counted, deployments, mine, explain, rubric, vendor_names, sources.cite, as_of_text)
    vendors = _vendor_rows(registry, deployments, explain, sources, as_of_text, vendor_names)
    charts = country_charts(code, name, explain, scores, registry, as_of_text, vendor_names)
    return CountrySection(code, name, region, has_records, presence, rows, headline=headline, rank_line=rank_line,
                          findings=found, gaps=gaps(counted), vendors=vendors, charts=charts)
