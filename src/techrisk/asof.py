"""The one parser of "as of" dates, shared by every entry point (Python and CLI).

``as_of`` asks: what did the registry say on this day? It accepts a ``datetime.date``, a
``datetime.datetime`` (its date is used), or text: ``YYYY-MM-DD``, ``YYYYMMDD``, or a
period, ``YYYY-MM`` or ``YYYY``, which means the **last** day of that period ("as of 2015"
is the end of 2015). ``None`` means today.
"""

from __future__ import annotations

import datetime as dt
import re

from techrisk.data.models.fields import latest_date

_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


def parse_as_of(value: object) -> dt.date:
    """Normalise ``value`` to a date; raise ``ValueError`` in plain words.

    Example:
        >>> parse_as_of("2015"), parse_as_of("2016-02"), parse_as_of("20190101")
        (datetime.date(2015, 12, 31), datetime.date(2016, 2, 29), datetime.date(2019, 1, 1))
    """
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise TypeError(f"as_of must be a date or text such as '2019-05-01', got {value!r}")
    text = value.strip()
    period = _PERIOD.match(text)
    try:
        if period:
            dt.date(int(period.group(1)), int(period.group(2) or 1), 1)  # the month must exist
            last = latest_date(text)
            assert last is not None  # only "unknown" has no last day
            return last
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"as_of {value!r} is not a date: write YYYY-MM-DD, YYYYMMDD, YYYY-MM or YYYY "
            f"(a month or year means its last day)"
        ) from None


def as_of_text(value: object) -> str | None:
    """The ISO text of a parsed as-of date, or ``None`` when none was asked for."""
    return None if value is None else parse_as_of(value).isoformat()
