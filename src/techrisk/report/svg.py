"""Small, dependency-free SVG charts for briefs (inline, so the HTML opens offline).

Each function returns an SVG string. Every text value is XML-escaped here, because the
SVG is inserted into the HTML as markup.
"""

from __future__ import annotations

import math
import textwrap
from html import escape

WIDTH = 640
BAR_COLOURS = {"data_access": "#3b6ea8", "dependency": "#c0703a"}
HIGHLIGHT, MUTED = "#b03030", "#9aa5b1"


def _text(x: float, y: float, content: str, anchor: str = "start", size: int = 12, weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'font-weight="{weight}">{escape(content)}</text>')


def _svg(height: float, body: list[str], title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
            f'width="100%" role="img" aria-label="{escape(title)}" font-family="sans-serif">'
            f"<title>{escape(title)}</title>{''.join(body)}</svg>")


def contribution_bars(rows: list[tuple[str, str, float]], title: str) -> str:
    """Horizontal bars: (label, dimension, points) per factor, largest first."""
    if not rows:
        return ""
    label_w, bar_w, row_h = 230, WIDTH - 230 - 70, 22
    top = max(points for _, _, points in rows) or 1.0
    body = []
    for i, (label, dim, points) in enumerate(rows):
        y = 8 + i * row_h
        width = bar_w * points / top
        body.append(_text(label_w - 8, y + 14, label, anchor="end"))
        body.append(f'<rect x="{label_w}" y="{y + 3}" width="{width:.1f}" height="{row_h - 8}" '
                    f'fill="{BAR_COLOURS.get(dim, MUTED)}"/>')
        body.append(_text(label_w + width + 6, y + 14, f"{points:.1f}"))
    legend_y = 8 + len(rows) * row_h + 14
    body.append(f'<rect x="{label_w}" y="{legend_y - 10}" width="10" height="10" fill="{BAR_COLOURS["data_access"]}"/>')
    body.append(_text(label_w + 14, legend_y, "data access"))
    body.append(f'<rect x="{label_w + 110}" y="{legend_y - 10}" width="10" height="10" '
                f'fill="{BAR_COLOURS["dependency"]}"/>')
    body.append(_text(label_w + 124, legend_y, "dependency"))
    return _svg(legend_y + 10, body, title)


def peer_bars(rows: list[tuple[str, float, float, float, bool]], title: str) -> str:
    """Horizontal bars with range whiskers: (label, score, low, high, highlighted)."""
    if not rows:
        return ""
    label_w, bar_w, row_h = 170, WIDTH - 170 - 60, 22
    body = []
    for i, (label, score, low, high, mine) in enumerate(rows):
        y = 8 + i * row_h
        colour = HIGHLIGHT if mine else MUTED
        body.append(_text(label_w - 8, y + 14, label, anchor="end", weight="bold" if mine else "normal"))
        body.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w * score / 100:.1f}" height="{row_h - 8}" '
                    f'fill="{colour}"/>')
        x0, x1, ym = label_w + bar_w * low / 100, label_w + bar_w * high / 100, y + row_h / 2
        body.append(f'<line x1="{x0:.1f}" y1="{ym:.1f}" x2="{x1:.1f}" y2="{ym:.1f}" stroke="#222" stroke-width="1"/>')
        body.append(_text(label_w + bar_w * max(score, high) / 100 + 6, y + 14, f"{score:.1f}"))
    return _svg_with_score_axis(body, 8 + len(rows) * row_h + 4, label_w, bar_w, title)


def _svg_with_score_axis(body: list[str], axis_y: float, label_w: float, bar_w: float, title: str) -> str:
    """Close a bar chart: a 0-100 axis with ticks every 25 points below the bars."""
    for tick in (0, 25, 50, 75, 100):
        x = label_w + bar_w * tick / 100
        body.append(f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 4}" stroke="#555"/>')
        body.append(_text(x, axis_y + 16, str(tick), anchor="middle", size=10))
    return _svg(axis_y + 22, body, title)


def comparison_bars(rows: list[tuple[str, float | None, float, float, str]], title: str) -> str:
    """A regional comparison: (label, score, low, high, rank text) per country, bar and range
    whisker on a 0-100 axis, the rank with its interval written at the right."""
    rows = [r for r in rows if r[1] is not None]
    if not rows:
        return ""
    label_w, note_w, row_h = 150, 130, 24
    bar_w = WIDTH - label_w - note_w - 10
    body = []
    for i, (label, score, low, high, note) in enumerate(rows):
        y = 8 + i * row_h
        value = float(score or 0.0)
        body.append(_text(label_w - 8, y + 15, label, anchor="end"))
        body.append(f'<rect x="{label_w}" y="{y + 4}" width="{bar_w * value / 100:.1f}" height="{row_h - 9}" '
                    f'fill="{MUTED}"/>')
        x0, x1, ym = label_w + bar_w * low / 100, label_w + bar_w * high / 100, y + row_h / 2
        body.append(f'<line x1="{x0:.1f}" y1="{ym:.1f}" x2="{x1:.1f}" y2="{ym:.1f}" stroke="#222" stroke-width="1.5"/>')
        for x in (x0, x1):
            body.append(f'<line x1="{x:.1f}" y1="{ym - 4:.1f}" x2="{x:.1f}" y2="{ym + 4:.1f}" stroke="#222"/>')
        body.append(_text(label_w + bar_w + 8, y + 15, f"{value:.1f} · {note}" if note else f"{value:.1f}", size=11))
    return _svg_with_score_axis(body, 8 + len(rows) * row_h + 4, label_w, bar_w, title)


def score_line(points: list[tuple[int, float | None, float, float]], marks: list[int], title: str) -> str:
    """Score by year: (year, score or None, low, high); a band for the range unknowns allow, a
    line for the score (broken where there is none), numbered rings on the ``marks`` years."""
    scored = [p for p in points if p[1] is not None]
    if len(scored) < 2:
        return ""
    first, last = points[0][0], points[-1][0]
    left, right, top, bottom = 40, WIDTH - 16, 10, 190
    span = max(last - first, 1)

    def x(year: int) -> float:
        return left + (right - left) * (year - first) / span

    def y(value: float) -> float:
        return bottom - (bottom - top) * value / 100

    body = []
    for tick in (0, 25, 50, 75, 100):
        body.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{right}" y2="{y(tick):.1f}" stroke="#e3e6ea"/>')
        body.append(_text(left - 6, y(tick) + 4, str(tick), anchor="end", size=10))
    for tick in range(first, last + 1, max(1, span // 8)):
        body.append(_text(x(tick), bottom + 16, str(tick), anchor="middle", size=10))
    runs: list[list[tuple[int, float | None, float, float]]] = [[]]
    for point in points:
        if point[1] is None:
            runs.append([])
        else:
            runs[-1].append(point)
    for run in (r for r in runs if r):
        band = [f"{x(yr):.1f},{y(hi):.1f}" for yr, _, _, hi in run] + [
            f"{x(yr):.1f},{y(lo):.1f}" for yr, _, lo, _ in reversed(run)]
        body.append(f'<polygon points="{" ".join(band)}" fill="{BAR_COLOURS["data_access"]}" fill-opacity="0.15"/>')
        line = " ".join(f"{x(yr):.1f},{y(float(sc or 0.0)):.1f}" for yr, sc, _, _ in run)
        body.append(f'<polyline points="{line}" fill="none" stroke="{BAR_COLOURS["data_access"]}" stroke-width="2"/>')
    values = {yr: sc for yr, sc, _, _ in points}
    for n, year in enumerate(marks, start=1):
        cy = y(float(values.get(year) or 0.0))
        body.append(f'<circle cx="{x(year):.1f}" cy="{cy:.1f}" r="7" fill="#fff" stroke="{HIGHLIGHT}" '
                    'stroke-width="1.5"/>')
        body.append(_text(x(year), cy + 3.5, str(n), anchor="middle", size=9, weight="bold"))
    return _svg(bottom + 24, body, title)


def _wrapped(x: float, y: float, content: str, anchor: str, width: float, size: int = 11) -> tuple[str, int]:
    """A text label wrapped to ``width`` pixels (about 0.55 em a character): markup and line count."""
    lines = textwrap.wrap(content, max(12, int(width / (size * 0.55)))) or [""]
    spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if i == 0 else size + 2}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    # A white halo keeps a label readable where the stems of later events cross it.
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" stroke="#fff" '
            f'stroke-width="3" paint-order="stroke">{spans}</text>',
            len(lines))


def timeline_parts(dated: list[tuple[int | None, str, str]], title: str, rows: int = 18) -> tuple[str, ...]:
    """The timeline cut into charts of at most ``rows`` events on the same axis, so that each
    fits a printed page (an SVG cannot break across pages)."""
    known = sorted((e for e in dated if e[0] is not None), key=lambda e: (e[0] or 0, e[2], e[1]))
    ordered = known + sorted((e for e in dated if e[0] is None), key=lambda e: (e[2], e[1]))
    if not ordered:
        return ()
    size = math.ceil(len(ordered) / math.ceil(len(ordered) / rows))  # balanced parts
    chunks = [ordered[i:i + size] for i in range(0, len(ordered), size)]
    years = [e[0] for e in known if e[0] is not None]
    span = (min(years), max(years)) if years else None
    has_undated = len(known) < len(ordered)
    return tuple(timeline(chunk, title if len(chunks) == 1 else f"{title} (part {i + 1} of {len(chunks)})",
                          span=span, undated_column=has_undated)
                 for i, chunk in enumerate(chunks))


def timeline(dated: list[tuple[int | None, str, str]], title: str, *, span: tuple[int, int] | None = None,
             undated_column: bool | None = None) -> str:
    """Dots on a year axis: (year, label, kind) with kind "deployment" or "action".

    Events without a year are not dropped: they sit in a last column marked "date unknown".
    Long labels wrap onto further lines instead of running off the chart. ``span`` and
    ``undated_column`` fix the axis, so the parts of one timeline share it.
    """
    if not dated:
        return ""
    known = [e for e in dated if e[0] is not None]
    undated = [e for e in dated if e[0] is None] if undated_column is None or undated_column else []
    if undated_column and not undated:
        undated = [(None, "", "")]  # keeps the column on a part that has no undated event
    left, right = 40, WIDTH - (110 if undated else 40)
    unknown_x = WIDTH - 50
    years = [int(e[0]) for e in known if e[0] is not None]
    first, last = span if span else ((min(years), max(years)) if years else (0, 0))
    width = max(last - first, 1)
    usable = right - left
    body = []
    if years or span:
        body.append(f'<line x1="{left}" y1="30" x2="{right}" y2="30" stroke="#555"/>')
        for tick in range(first, last + 1, max(1, width // 8)):
            x = left + usable * (tick - first) / width
            body.append(f'<line x1="{x:.1f}" y1="26" x2="{x:.1f}" y2="34" stroke="#555"/>')
            body.append(_text(x, 20, str(tick), anchor="middle", size=10))
    if undated:
        body.append(f'<line x1="{unknown_x}" y1="26" x2="{unknown_x}" y2="34" stroke="#555"/>')
        body.append(_text(unknown_x, 20, "date unknown", anchor="middle", size=10))

    def place(year: int | None) -> float:
        return unknown_x if year is None else left + usable * (year - first) / width

    ordered = sorted(known, key=lambda e: (e[0] or 0, e[2], e[1])) + sorted(
        (e for e in undated if e[1]), key=lambda e: (e[2], e[1]))
    y = 50.0
    for year, label, kind in ordered:
        x = place(year)
        colour = BAR_COLOURS["data_access"] if kind == "deployment" else HIGHLIGHT
        body.append(f'<line x1="{x:.1f}" y1="30" x2="{x:.1f}" y2="{y - 4:.1f}" stroke="{colour}" '
                    'stroke-opacity="0.35"/>')
        body.append(f'<circle cx="{x:.1f}" cy="{y - 4:.1f}" r="4" fill="{colour}"/>')
        anchor = "end" if x > WIDTH * 0.55 else "start"
        room = (x - 8 - 4) if anchor == "end" else (WIDTH - x - 8 - 4)
        text = f"{year} {label}" if year is not None else label
        markup, lines = _wrapped(x - 8 if anchor == "end" else x + 8, y, text, anchor, room)
        body.append(markup)
        y += 16 + (lines - 1) * 13
    return _svg(y + 6, body, title)
