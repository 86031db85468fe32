"""Data quality made visible: how well each deployment record is sourced.

``Registry.quality()`` returns one row per deployment and, in ``attrs["totals"]``, the
registry-wide figures that ``techrisk coverage --quality`` prints and a data test keeps from
falling.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd

from techrisk.data.models.fields import latest_date
from techrisk.data.vocab import REQUIRED_SUPPORT, UNKNOWN

if TYPE_CHECKING:
    from techrisk.data.models import Deployment
    from techrisk.data.registry import Registry

# Titles that say the headline was not seen.
PLACEHOLDER_TITLES = frozenset({"title not captured", UNKNOWN})
# A status confirmed by a source in the last two years counts as recently checked.
RECENT_DAYS = 2 * 365

QUALITY_COLUMNS = [
    "country", "coded_fields", "supported_fields", "supported_share", "evidence", "dated_evidence",
    "titled_evidence", "evidence_with_url", "sources", "single_source", "status_checked", "status_checked_recently",
]


def _coded_fields(d: Deployment) -> list[str]:
    """The fields of REQUIRED_SUPPORT that hold a known value, plus one per status entry."""
    coded = [f for f in REQUIRED_SUPPORT if getattr(d, f) not in (None, UNKNOWN, (), (UNKNOWN,))]
    return coded + [f"status:{e.value}" for e in d.history]


def _row(d: Deployment, today: dt.date) -> dict:
    named = {token for e in d.evidence for token in e.supports}
    coded = _coded_fields(d)
    supported = [f for f in coded if f in named]
    checked = d.status_checked
    checked_date = latest_date(checked) if checked and checked != UNKNOWN else None
    # A source is a distinct publication: its URL, else publisher and title.
    sources = {e.url or f"{e.publisher}|{e.title}" for e in d.evidence}
    return {
        "country": d.country,
        "coded_fields": len(coded),
        "supported_fields": len(supported),
        "supported_share": len(supported) / len(coded) if coded else 1.0,
        "evidence": len(d.evidence),
        "dated_evidence": sum(e.date != UNKNOWN for e in d.evidence),
        "titled_evidence": sum(e.title.strip().lower() not in PLACEHOLDER_TITLES for e in d.evidence),
        "evidence_with_url": sum(e.url is not None for e in d.evidence),
        "sources": len(sources),
        "single_source": len(sources) == 1,
        "status_checked": checked,
        "status_checked_recently": checked_date is not None and (today - checked_date).days <= RECENT_DAYS,
    }


def quality_frame(registry: Registry, today: dt.date | None = None) -> pd.DataFrame:
    """One row per deployment (index: its id), columns :data:`QUALITY_COLUMNS`.

    ``attrs["totals"]`` holds the registry-wide shares (0-1): ``supported_fields`` (coded
    fields named in some evidence item's ``supports``), ``dated_evidence``,
    ``titled_evidence``, ``evidence_with_url`` (of all evidence items), ``status_checked_recently``
    and ``single_source`` (of all records), and the counts ``records`` and ``evidence``.
    ``today`` (default: the date today) decides what "recently" (two years) means.
    """
    today = today or dt.date.today()
    rows = [_row(d, today) for d in registry.deployments]
    frame = pd.DataFrame(rows, columns=QUALITY_COLUMNS,
                         index=pd.Index([d.id for d in registry.deployments], name="deployment"))
    n_records, n_evidence = len(frame), int(frame["evidence"].sum())

    def share(part: float, whole: float) -> float:
        return float(part / whole) if whole else 1.0

    frame.attrs["totals"] = {
        "records": n_records,
        "evidence": n_evidence,
        "supported_fields": share(frame["supported_fields"].sum(), frame["coded_fields"].sum()),
        "dated_evidence": share(frame["dated_evidence"].sum(), n_evidence),
        "titled_evidence": share(frame["titled_evidence"].sum(), n_evidence),
        "evidence_with_url": share(frame["evidence_with_url"].sum(), n_evidence),
        "status_checked_recently": share(frame["status_checked_recently"].sum(), n_records),
        "single_source": share(frame["single_source"].sum(), n_records),
    }
    frame.attrs["today"] = today.isoformat()
    return frame


def totals_text(frame: pd.DataFrame) -> str:
    """The totals as lines for the CLI."""
    t = frame.attrs["totals"]
    return "\n".join([
        f"{t['records']} deployment records, {t['evidence']} evidence items (as of {frame.attrs['today']}):",
        f"  coded fields supported by a named quote: {t['supported_fields']:.1%}",
        f"  evidence with a date: {t['dated_evidence']:.1%}; with a title: {t['titled_evidence']:.1%}; "
        f"with a URL: {t['evidence_with_url']:.1%}",
        f"  records whose status a source confirmed in the last two years: {t['status_checked_recently']:.1%}",
        f"  records resting on a single source: {t['single_source']:.1%}",
    ])
