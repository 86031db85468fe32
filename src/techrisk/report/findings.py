"""Key findings of a country brief: sentences read off the records and the run's contributions.

Factors are found by the role the rubric declares for them (``role: data_sensitivity``), never
by a factor id written here, so a rubric that renames or replaces a factor keeps its findings.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from techrisk.data.models import Deployment
from techrisk.data.models.fields import year_of
from techrisk.data.vocab import LABELS, UNKNOWN
from techrisk.scoring.readers import FIELDS
from techrisk.scoring.rubric import Rubric

__all__ = ["STATE_FINANCING", "findings", "label", "plural", "words", "year_text"]

STATE_FINANCING = ("prc_state_loan", "multilateral_loan", "grant_donation")


def words(value: str) -> str:
    """``prc_state_loan`` -> ``PRC state loan`` (vocabulary values for people)."""
    return LABELS.get(value, value.replace("_", " "))


def label(record: Deployment) -> str:
    """A deployment's own name where it has one, else its id."""
    return record.name if record.name != UNKNOWN else record.id


def year_text(date: str) -> str:
    return date[:4] if date != UNKNOWN else "date unknown"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _record_values(record: Deployment, field: str) -> set[str]:
    value = getattr(record, field)
    return {value} if isinstance(value, str) else set(value)


def findings(name: str, head: pd.Series, deployments: Sequence[Deployment], dep_scores: pd.DataFrame,
             explain: pd.DataFrame, rubric: Rubric, counted: Sequence[Deployment],
             vendor_names: dict[str, str]) -> tuple[str, ...]:
    """The key findings, in order: headline, coverage, top factors, lead deployment, most
    sensitive data, state financing, deployments that do not count."""
    out = [
        f"{name} scores {head.score:.1f} of 100 ({head.band}) under rubric {rubric.name}: data access "
        f"{head.data_access:.1f}, dependency {head.dependency:.1f}. Unknown values leave the score between "
        f"{head.score_low:.1f} and {head.score_high:.1f}."
    ]
    vendors = sorted({vendor_names[v] for d in counted for v in d.vendors})
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
    sensitivity = rubric.factor_for_role("data_sensitivity")
    if sensitivity is not None:
        sensitive = explain[(explain.factor == sensitivity.id) & ~explain.unknown]
        if len(sensitive):
            best = sensitive.sort_values(["level", "deployment"], ascending=[False, True], kind="stable").iloc[0]
            top_values = next(lv.values or () for lv in sensitivity.levels if lv.level == best.level)
            where = next(d for d in counted if d.id == best.deployment)
            held = _record_values(where, sensitivity.reads)
            kinds = [words(k) for k in FIELDS[sensitivity.reads].vocab if k in held and k in top_values]
            if kinds:
                out.append(f"The most sensitive data recorded is {' and '.join(kinds)}, captured by {label(where)}.")
            else:
                # The level came from a capability (advertised or contracted, not documented in use).
                also = sensitivity.also_reads.field if sensitivity.also_reads else None
                capable = sorted(_record_values(where, also)) if also else []
                out.append(f"{label(where)} is recorded as capable of {' and '.join(words(k) for k in capable)}, "
                           f"which no source documents in use.")
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
    return tuple(out)
