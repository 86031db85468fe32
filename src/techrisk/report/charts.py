"""The charts of a country's section: contribution by factor, regional peers, and the timeline.

Countries without a counted deployment (NaN score) are no one's peers: they are left out of
peer charts rather than drawn at 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from techrisk.data.models import RegulatoryAction, Vendor
from techrisk.data.models.fields import year_of
from techrisk.data.regions import region_of
from techrisk.data.registry import Registry
from techrisk.data.vocab import UNKNOWN
from techrisk.report import svg as svg_charts
from techrisk.report.findings import label, words

__all__ = ["MAIN_JURISDICTIONS", "Charts", "action_label", "actions_in_force", "country_charts"]

# Jurisdictions whose regulatory actions a vendor table shows, in this order.
MAIN_JURISDICTIONS = ("US", "EU", "GB", "AU", "CA", "IN", "JP")


def actions_in_force(vendor: Vendor, as_of: str | None) -> list[RegulatoryAction]:
    return [a for a in vendor.regulatory_actions if a.jurisdiction in MAIN_JURISDICTIONS and a.status == "in_force"
            and (as_of is None or a.date == UNKNOWN or a.date <= as_of)]


def action_label(action: RegulatoryAction) -> str:
    """"procurement ban", or "procurement ban, subnational" for a state list or one
    institution's own purchasing, which is not the country's ban."""
    scope = f", {action.scope}" if action.scope in ("subnational", "institutional") else ""
    return words(action.kind) + scope


@dataclass(frozen=True)
class Charts:
    """Inline SVG (already markup) and how many regional peers the peer chart shows."""

    contribution: str
    peers: str
    peer_count: int
    timeline: tuple[str, ...]  # one chart per printed page's worth of events



def country_charts(code: str, name: str, explain: pd.DataFrame, scores: pd.DataFrame, registry: Registry,
            as_of_text: str | None, vendor_names: dict[str, str]) -> Charts:
    factors = explain.groupby(["factor", "dimension"], sort=False)["contribution"].sum().reset_index()
    factors = factors.sort_values(["contribution", "factor"], ascending=[False, True], kind="stable")
    contribution = svg_charts.contribution_bars(
        [(words(r.factor), r.dimension, float(r.contribution)) for r in factors.itertuples()],
        f"{name}: contribution of each factor to the score")
    region = region_of(code)
    # Countries without a counted deployment have no score (NaN): they are not peers at 0.
    scored = scores[scores.score.notna()]
    peers = scored[[region_of(c) == region for c in scored.index]].sort_values("score", ascending=False,
                                                                              kind="stable")
    peer_rows = [(str(r.country_name), float(r.score), float(r.score_low), float(r.score_high), c == code)
                 for c, r in peers.iterrows()]
    peer_chart = svg_charts.peer_bars(peer_rows, f"{name} and its {region} peers: score with the range unknowns allow")
    events: list[tuple[int | None, str, str]] = []
    for d in registry.deployments_in(code):
        events.append((year_of(d.first_date), f"{label(d, vendor_names)}", "deployment"))
    # Regulatory actions are grouped by year, jurisdiction and kind, naming the vendors hit.
    grouped: dict[tuple[int, str, str], list[str]] = {}
    for vendor_id in sorted({v for d in registry.deployments_in(code) for v in d.vendors}):
        for a in actions_in_force(registry.vendor(vendor_id), as_of_text):
            year = year_of(a.date)
            if year is not None:
                grouped.setdefault((year, a.jurisdiction, action_label(a)), []).append(vendor_names[vendor_id])
    for (year, juris, kind), hit in grouped.items():
        events.append((year, f"{juris} {kind}: {', '.join(sorted(set(hit)))}", "action"))
    return Charts(contribution, peer_chart, len(peer_rows) - 1,
                  svg_charts.timeline_parts(events, f"{name}: deployments and regulatory actions by year"))
