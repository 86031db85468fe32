"""Key findings of a country brief: plain sentences read off the records and the run's contributions.

Each finding is a :class:`Finding`: a sentence that names systems by their names (or a readable
description, never a record id), says their status and date, and carries the numbers of the
sources that support it. Record ids and vector codes stay in the tables and the method section.
What the records do not say (unknown financing, unknown data) is listed apart, as gaps, because
no source can be cited for an absence.

Factors are found by the role the rubric declares for them (``role: data_sensitivity``), never
by a factor id written here, so a rubric that renames or replaces a factor keeps its findings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from techrisk.data.models import Deployment, Evidence
from techrisk.data.models.deployment import StatusEntry
from techrisk.data.models.fields import earliest_date, latest_date, year_of
from techrisk.data.vocab import LABELS, UNKNOWN
from techrisk.scoring.readers import FIELDS
from techrisk.scoring.rubric import Rubric

__all__ = ["STATE_FINANCING", "Finding", "findings", "gaps", "history_entries", "history_text", "join_words",
           "label", "place_text", "plural", "status_text", "supporting", "words", "year_text"]

STATE_FINANCING = ("prc_state_loan", "multilateral_loan", "grant_donation")

Cite = Callable[[Sequence[Evidence]], tuple[int, ...]]

# How a status reads with its date: "operational since 2019", "agreed in 2019".
_SINCE = ("operational", "suspended")


@dataclass(frozen=True)
class Finding:
    """One key finding: a sentence, and the numbers of the sources behind it (in the list of sources)."""

    text: str
    citations: tuple[int, ...]


def words(value: str) -> str:
    """``prc_state_loan`` -> ``PRC state loan`` (vocabulary values for people)."""
    return LABELS.get(value, value.replace("_", " "))


def join_words(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def label(record: Deployment, vendor_names: dict[str, str] | None = None) -> str:
    """A deployment's own name where it has one, else a readable description: never its id.

    ``Huawei 5G radio access for Etisalat in Dubai``: vendors, sector, operator and place, as known.
    """
    if record.name != UNKNOWN:
        return record.name
    names = vendor_names or {}
    text = f"{join_words([names.get(v, v) for v in record.vendors])} {words(record.sector)}"
    if record.operator_name:
        text += f" for {record.operator_name}"
    return text + place_text(record.place)


def place_text(place: str) -> str:
    """`` in Almaty``, `` nationwide`` or nothing (unknown place)."""
    if place == UNKNOWN:
        return ""
    return " nationwide" if place.lower() in ("national", "nationwide") else f" in {place}"


def year_text(date: str) -> str:
    return date[:4] if date != UNKNOWN else "date unknown"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def history_entries(record: Deployment, as_of: str | None = None) -> tuple[StatusEntry, ...]:
    """The status history up to the as-of date (all of it without one): entries dated after it
    are left out, so an as-of brief says nothing the sources of that day could not."""
    if as_of is None:
        return record.history
    day = latest_date(as_of)
    return tuple(e for e in record.history
                 if (e.date == UNKNOWN and record.status_on(as_of) is not None)
                 or (day is not None and (earliest_date(e.date) or day) <= day))


def _entry_text(entry: StatusEntry, record: Deployment, first: bool, last: bool = True) -> str:
    date = entry.date if entry.date != UNKNOWN or not first else record.start
    if date == UNKNOWN:
        text = f"{entry.value} (date unknown)"
    else:
        text = f"{entry.value} {'since' if last and entry.value in _SINCE else 'in'} {date[:4]}"
    return f"{text} ({entry.note})" if entry.note else text


def status_text(record: Deployment, as_of: str | None = None) -> str:
    """The status history in a phrase: ``contracted in 2011, operational since 2018``, ``agreed in 2019``."""
    return ", ".join(history_text(record, as_of))


def history_text(record: Deployment, as_of: str | None = None) -> tuple[str, ...]:
    """Every step of the status history, oldest first: ``("agreed in 2018", "operational since 2019")``."""
    entries = history_entries(record, as_of)
    if not entries:
        return ("not started on the as-of date",)
    return tuple(_entry_text(e, record, i == 0, i == len(entries) - 1) for i, e in enumerate(entries))


def supporting(record: Deployment, *fields: str) -> tuple[Evidence, ...]:
    """The evidence whose quote supports any of ``fields`` (e.g. ``financing``), else all the record's evidence."""
    named = tuple(e for e in record.evidence if set(fields) & set(e.supports))
    return named or record.evidence


def _sorted_cites(numbers: Sequence[int]) -> tuple[int, ...]:
    return tuple(sorted(set(numbers)))


def _record_values(record: Deployment, field: str) -> set[str]:
    value = getattr(record, field)
    return {value} if isinstance(value, str) else set(value)


def findings(counted: Sequence[Deployment], deployments: Sequence[Deployment], dep_scores: pd.DataFrame,
             explain: pd.DataFrame, rubric: Rubric, vendor_names: dict[str, str], cite: Cite,
             as_of: str | None = None) -> tuple[Finding, ...]:
    """The key findings, in order: coverage, top factors, lead deployment, most sensitive data,
    state financing, deployments that do not count. Each carries at least one citation."""
    by_id = {d.id: d for d in deployments}

    def name(d: Deployment) -> str:
        return label(d, vendor_names)

    out: list[Finding] = []
    vendors = sorted({vendor_names[v] for d in counted for v in d.vendors})
    sectors = sorted({words(d.sector) for d in counted})
    dated = sorted((d for d in counted if year_of(d.first_date) is not None), key=lambda d: (d.first_date, d.id))
    n = len(counted)
    where = (f"in {sectors[0]}" if len(sectors) == 1 else
             f"in {plural(len(sectors), 'sector')} ({join_words(sectors)})")
    text = (f"{plural(n, 'deployment')} by {join_words(vendors)} {'counts' if n == 1 else 'count'} towards the "
            f"score, {where}")
    if dated:
        first = dated[0]
        text += (f"; the earliest is {name(first)}, {status_text(first, as_of)}" if n > 1 else
                 f": {name(first)}, {status_text(first, as_of)}")
        out.append(Finding(text + ".", _sorted_cites(cite(supporting(first, "start", f"status:{first.status}")))))
    else:
        out.append(Finding(text + "; none has a known start date.", cite(counted[0].evidence)))

    by_factor = explain.groupby("factor")["contribution"].sum().sort_values(ascending=False, kind="stable")
    # The top factors, grouped by the deployment that adds most to each.
    groups: dict[str, list[str]] = {}
    cites: list[int] = []
    for factor, points in by_factor.head(3).items():
        if points <= 0:
            continue
        rows = explain[explain.factor == factor].sort_values(["contribution", "deployment"],
                                                            ascending=[False, True], kind="stable")
        lead = by_id[rows.iloc[0].deployment]
        groups.setdefault(lead.id, []).append(f"{words(str(factor))} ({points:.1f} points)")
        cites.extend(cite(supporting(lead, str(rows.iloc[0].reads))))
    if groups:
        parts = [f"{join_words(factors)}, mostly from {name(by_id[dep])}" for dep, factors in groups.items()]
        out.append(Finding(f"The largest contributions to the country score come from {'; '.join(parts)}.",
                           _sorted_cites(cites)))

    lead_row = dep_scores.iloc[0]
    lead_d = by_id[str(lead_row.name)]
    what = [join_words([vendor_names[v] for v in lead_d.vendors]), words(lead_d.sector)]
    if lead_d.place != UNKNOWN:
        what.append(place_text(lead_d.place).strip().removeprefix("in "))
    described = f"{lead_d.name} ({', '.join(what)})" if lead_d.name != UNKNOWN else name(lead_d)
    out.append(Finding(f"The highest-scoring deployment is {described}, {status_text(lead_d, as_of)}, at "
                       f"{lead_row.score:.1f} of 100.",
                       _sorted_cites(cite(supporting(lead_d, "name", "vendors", "sector", "place",
                                                     f"status:{lead_d.status}")))))

    sensitivity = rubric.factor_for_role("data_sensitivity")
    if sensitivity is not None:
        sensitive = explain[(explain.factor == sensitivity.id) & ~explain.unknown]
        if len(sensitive):
            best = sensitive.sort_values(["level", "deployment"], ascending=[False, True], kind="stable").iloc[0]
            top_values = next(lv.values or () for lv in sensitivity.levels if lv.level == best.level)
            where_d = by_id[best.deployment]
            held = _record_values(where_d, sensitivity.reads)
            kinds = [words(k) for k in FIELDS[sensitivity.reads].vocab if k in held and k in top_values]
            if kinds:
                out.append(Finding(f"The most sensitive data recorded is {join_words(kinds)}, captured by "
                                   f"{name(where_d)} ({status_text(where_d, as_of)}).",
                                   _sorted_cites(cite(supporting(where_d, sensitivity.reads)))))
            else:
                # The level came from a capability (advertised or contracted, not documented in use).
                also = sensitivity.also_reads.field if sensitivity.also_reads else None
                capable = sorted(_record_values(where_d, also)) if also else []
                if capable and also:
                    out.append(Finding(f"{name(where_d)} is recorded as capable of "
                                       f"{join_words([words(k) for k in capable])}, which no source documents "
                                       f"in use.", _sorted_cites(cite(supporting(where_d, also)))))

    state = [d for d in counted if d.financing in STATE_FINANCING]
    if state:
        listed = "; ".join(f"{name(d)} ({words(d.financing)}, {status_text(d, as_of)})" for d in state)
        verb = "is" if len(state) == 1 else "are"
        out.append(Finding(f"{plural(len(state), 'counted deployment')} {verb} financed by the Chinese state or "
                           f"through a grant: {listed}.",
                           _sorted_cites([c for d in state for c in cite(supporting(d, "financing"))])))

    counted_ids = {d.id for d in counted}
    inactive = [d for d in deployments if d.id not in counted_ids]
    if inactive:
        listed = "; ".join(f"{name(d)} ({status_text(d, as_of)})" for d in inactive[:5])
        more = f"; and {plural(len(inactive) - 5, 'other')}" if len(inactive) > 5 else ""
        verb = "does" if len(inactive) == 1 else "do"
        out.append(Finding(f"{plural(len(inactive), 'recorded deployment')} {verb} not count, because "
                           f"{'it' if len(inactive) == 1 else 'they'} ended, {'was' if len(inactive) == 1 else 'were'}"
                           f" removed or had not started by the as-of date: {listed}{more}.",
                           _sorted_cites([c for d in inactive[:5] for c in cite(supporting(d, f"status:{d.status}"))])))
    return tuple(out)


def gaps(counted: Sequence[Deployment]) -> tuple[str, ...]:
    """What the counted records do not say, in words (no source can be cited for an absence)."""
    n = len(counted)
    out = []
    for field, what in (("financing", "how it was financed"), ("data_captured", "what data it captures"),
                        ("access", "who can reach its data"), ("start", "when it started")):
        unknown = sum(_record_values(d, field) == {UNKNOWN} for d in counted)
        if unknown == 0:
            continue
        if n == 1:
            out.append(f"no source says {what}")
        elif unknown == n:
            out.append(f"for {'both' if n == 2 else f'all {n}'}, no source says {what}")
        else:
            out.append(f"for {unknown} of the {n}, no source says {what}")
    return tuple(out)
