"""The view-model of a brief: plain data computed from the registry and the scores.

Templates only lay this out; every sentence and number here comes from the data. The same
view renders to Markdown and HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from techrisk.data.countries import country_name
from techrisk.data.models import Evidence
from techrisk.data.models.fields import year_of
from techrisk.data.regions import region_of
from techrisk.data.vocab import LABELS, UNKNOWN
from techrisk.report import svg as svg_charts

# Jurisdictions whose regulatory actions a vendor table shows, in this order.
MAIN_JURISDICTIONS = ("US", "EU", "GB", "AU", "CA", "IN", "JP")
STATE_FINANCING = ("prc_state_loan", "multilateral_loan", "grant_donation")


def words(value: str) -> str:
    """``prc_state_loan`` -> ``PRC state loan`` (vocabulary values for people)."""
    return LABELS.get(value, value.replace("_", " "))


def label(record) -> str:
    """A deployment's own name where it has one, else its id."""
    return record.name if record.name != UNKNOWN else record.id


def year_text(date: str) -> str:
    return date[:4] if date != UNKNOWN else "date unknown"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


@dataclass
class Sources:
    """Numbers each cited publication once, in order of first citation."""

    items: list[dict] = field(default_factory=list)
    _index: dict[str, int] = field(default_factory=dict)

    def cite(self, evidence: tuple[Evidence, ...]) -> list[int]:
        numbers = []
        for ev in evidence:
            if ev.source_id not in self._index:
                self.items.append({
                    "number": len(self.items) + 1, "publisher": ev.publisher, "title": ev.title,
                    "author": ev.author, "date": ev.date, "url": ev.url, "accessed": ev.accessed,
                })
                self._index[ev.source_id] = len(self.items)
            number = self._index[ev.source_id]
            if number not in numbers:
                numbers.append(number)
        return numbers


def _deployment_rows(deployments, scores: pd.DataFrame, explain: pd.DataFrame, sources: Sources) -> list[dict]:
    rows = []
    for d in sorted(deployments, key=lambda d: (d.start == UNKNOWN, d.start, d.id)):
        counted = d.id in scores.index
        mine = explain[explain.deployment == d.id]
        top = mine.sort_values("contribution", ascending=False, kind="stable").head(3)
        rows.append({
            "id": d.id,
            "year": year_text(d.start),
            "place": d.place, "name": d.name,
            "vendors": ", ".join(d.vendors), "partners": ", ".join(d.partners),
            "sector": words(d.sector), "data": ", ".join(words(x) for x in d.data_captured),
            "operator": words(d.operator), "financing": words(d.financing),
            "status": d.status, "confidence": words(d.confidence),
            "counted": counted,
            "score": float(scores.loc[d.id, "score"]) if counted else None,
            "vector": scores.loc[d.id, "vector"] if counted else None,
            "top_factors": [f"{r.code} {r.contribution:.1f}" for r in top.itertuples()] if counted else [],
            "summary": d.summary or "",
            "citations": sources.cite(d.evidence),
        })
    return rows


def _vendor_rows(registry, deployments, explain: pd.DataFrame, sources: Sources, as_of: str | None) -> list[dict]:
    rows = []
    present = sorted({v for d in deployments for v in d.vendors})
    names = {d.id: label(d) for d in deployments}
    for vendor_id in present:
        vendor = registry.vendor(vendor_id)
        mine = [d for d in deployments if vendor_id in d.vendors]
        contributions = explain.loc[[vendor_id in vs for vs in explain.vendors.str.split(", ")]]
        by_deployment = contributions.groupby("deployment")["contribution"].sum().sort_values(ascending=False)
        strongest = (f"{names[by_deployment.index[0]]} ({by_deployment.iloc[0]:.1f} points)"
                     if len(by_deployment) else "none counted")
        regulation = []
        for juris in MAIN_JURISDICTIONS:
            actions = [a for a in vendor.regulatory_actions if a.jurisdiction == juris and a.status == "in_force"
                       and (as_of is None or a.date == UNKNOWN or a.date <= as_of)]
            if actions:
                kinds = sorted({f"{words(a.kind)} ({year_text(a.date)})" for a in actions})
                cites = sorted({n for a in actions for n in sources.cite(a.evidence)})
                regulation.append({"jurisdiction": juris, "text": "; ".join(kinds), "citations": cites})
        rows.append({
            "id": vendor_id, "name": vendor.name,
            "sectors": ", ".join(sorted({words(d.sector) for d in mine})),
            "deployments": len(mine), "strongest": strongest, "regulation": regulation,
        })
    return rows


def _findings(name: str, head: pd.Series, deployments, dep_scores: pd.DataFrame, explain: pd.DataFrame,
              rubric, counted: list, registry_names: dict[str, str]) -> list[str]:
    out = [
        f"{name} scores {head.score:.1f} of 100 ({head.band}) under rubric {rubric.name}: data access "
        f"{head.data_access:.1f}, dependency {head.dependency:.1f}. Unknown values leave the score between "
        f"{head.score_low:.1f} and {head.score_high:.1f}."
    ]
    vendors = sorted({registry_names[v] for d in counted for v in d.vendors})
    sectors = sorted({words(d.sector) for d in counted})
    years = [year for d in counted if (year := year_of(d.start)) is not None]
    since = f"; the earliest started in {min(years)}" if years else ""
    out.append(f"{plural(len(counted), 'deployment')} by {', '.join(vendors)} count towards the score, in "
               f"{plural(len(sectors), 'sector')} ({', '.join(sectors)}){since}.")
    by_factor = explain.groupby("factor")["contribution"].sum().sort_values(ascending=False, kind="stable")
    top = [f"{words(f)} ({v:.1f} points)" for f, v in by_factor.head(3).items() if v > 0]
    if top:
        out.append(f"The largest contributions come from {', '.join(top)}.")
    lead = dep_scores.iloc[0]
    lead_d = next(d for d in counted if d.id == lead.name)
    out.append(f"The highest-scoring deployment is {label(lead_d)} "
               f"({', '.join(lead_d.vendors)}, {words(lead_d.sector)}), "
               f"at {lead.score:.1f}; its vector is {lead.vector}.")
    sensitive = explain[(explain.factor == "data_sensitivity") & ~explain.unknown]
    if len(sensitive):
        best = sensitive.sort_values(["level", "deployment"], ascending=[False, True], kind="stable").iloc[0]
        factor = rubric.factor("data_sensitivity")
        top_kinds = next(lv.values for lv in factor.levels if lv.level == best.level)
        kinds = [words(k) for k in best.value.split(", ") if k in top_kinds]
        where = label(next(d for d in counted if d.id == best.deployment))
        out.append(f"The most sensitive data recorded is {' and '.join(kinds)}, captured by {where}.")
    else:
        out.append("No counted deployment records what data it captures.")
    state = [d for d in counted if d.financing in STATE_FINANCING]
    unknown_fin = sum(d.financing == UNKNOWN for d in counted)
    if state:
        listed = "; ".join(f"{label(d)} ({words(d.financing)})" for d in state)
        out.append(f"{plural(len(state), 'deployment')} {'is' if len(state) == 1 else 'are'} financed by the Chinese "
                   f"state or through a grant: {listed}.")
    else:
        out.append(f"No counted deployment is recorded as financed by a Chinese state loan or grant; financing is "
                   f"unknown for {unknown_fin} of {len(counted)}.")
    inactive = [d for d in deployments if d not in counted]
    if inactive:
        out.append(f"{plural(len(inactive), 'recorded deployment')} ended, {'was' if len(inactive) == 1 else 'were'} "
                   f"removed or had not started by the as-of date, and "
                   f"{'does' if len(inactive) == 1 else 'do'} not count.")
    return out


def country_view(code: str, *, registry, rubric, scores: pd.DataFrame, dep_scores: pd.DataFrame,
                 explain: pd.DataFrame, sources: Sources, as_of_text: str | None) -> dict:
    """Everything one country's section of a brief shows."""
    name = country_name(code)
    deployments = registry.deployments_in(code)
    counted = [d for d in deployments if d.id in dep_scores.index]
    view: dict = {"code": code, "name": name, "region": region_of(code), "has_records": bool(deployments)}
    view["presence"] = [
        {"kind": words(p.kind), "name": p.name or "", "vendors": ", ".join(p.vendors),
         "year": year_text(p.start), "citations": sources.cite(p.evidence)}
        for p in sorted(registry.presence_in(code), key=lambda p: (p.start == UNKNOWN, p.start, p.id))
    ]
    if code not in scores.index or not counted:
        view.update(headline=None, findings=[], vendors=[], charts={},
                    deployments=_deployment_rows(deployments, dep_scores, explain, sources))
        return view
    head = scores.loc[code]
    mine = dep_scores.loc[[d.id for d in counted]].sort_values(["score"], ascending=False, kind="stable")
    view["headline"] = {k: head[k] for k in ("score", "band", "score_low", "score_high", "data_access", "dependency")}
    view["headline"]["deployments"] = int(head.deployments)
    registry_names = {v.id: v.name for v in registry.vendors}
    view["headline"]["vendors"] = ", ".join(sorted({registry_names[v] for d in counted for v in d.vendors}))
    view["findings"] = _findings(name, head, deployments, mine, explain, rubric, counted, registry_names)
    view["vendors"] = _vendor_rows(registry, deployments, explain, sources, as_of_text)
    view["deployments"] = _deployment_rows(deployments, dep_scores, explain, sources)
    view["charts"] = _charts(code, name, explain, scores, registry, rubric, as_of_text)
    return view


def _charts(code, name, explain, scores, registry, rubric, as_of_text) -> dict:
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
    return {"contribution": contribution, "peers": peer_chart, "peer_count": len(peer_rows) - 1,
            "timeline": svg_charts.timeline(events, f"{name}: deployments and regulatory actions by year")}
