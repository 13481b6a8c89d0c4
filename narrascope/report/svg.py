"""Small inline SVG charts: plain functions from rows to SVG strings, no JavaScript, no library.

Every chart is an accessible image (``role="img"`` with a ``<title>`` and a ``<desc>``), every mark has
a ``<title>`` tooltip, and every text is escaped here, so callers pass raw labels from articles.
Colours are the report's (``STANCE_COLOURS`` match ``report.css``). The module imports nothing from
narrascope, so the dashboard can reuse it as it is.

    >>> svg = stacked_bars(["2022-01", "2022-02"], [("promotes", "#a61e4d", [1, 3])], title="Articles")
    >>> svg.startswith("<svg") and svg.count('class="bar"')
    2
"""
from __future__ import annotations

from html import escape
from typing import Sequence

STANCE_COLOURS = {"promotes": "#a61e4d", "reports-on": "#1864ab", "counters": "#2b8a3e", "unclear": "#868e96"}
ROLE_COLOURS = {"Protagonist": "#2b8a3e", "Antagonist": "#c92a2a", "Innocent": "#e67700"}
PALETTE = ("#1864ab", "#a61e4d", "#2b8a3e", "#e67700", "#5f3dc4", "#0b7285", "#862e9c", "#5c940d", "#868e96")
FONT = 'font-family="system-ui, sans-serif" font-size="11"'


def esc(value: object) -> str:
    """Text for SVG content or an attribute value (``<``, ``&``, quotes escaped)."""
    return escape("" if value is None else str(value), quote=True)


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _open(width: float, height: float, title: str, desc: str, cls: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {esc(cls)}" role="img" width="{_num(width)}" '
            f'height="{_num(height)}" viewBox="0 0 {_num(width)} {_num(height)}" {FONT}>'
            f"<title>{esc(title)}</title><desc>{esc(desc)}</desc>")


def short(label: object, n: int) -> str:
    """``label`` cut to ``n`` characters with an ellipsis (the full label goes in a tooltip)."""
    text = "" if label is None else str(label)
    return text if len(text) <= n else text[:n - 1] + "…"


def legend(items: Sequence[tuple[str, str]], x: float, y: float) -> str:
    """A row of colour swatches with their text labels."""
    out, cx = [], x
    for name, colour in items:
        out.append(f'<g class="legend-item"><rect x="{_num(cx)}" y="{_num(y - 9)}" width="10" height="10" '
                   f'fill="{esc(colour)}"/><text x="{_num(cx + 14)}" y="{_num(y)}">{esc(name)}</text></g>')
        cx += 24 + 6.5 * len(str(name))
    return "".join(out)


def stacked_bars(periods: Sequence[str], series: Sequence[tuple[str, str, Sequence[float]]], *, title: str,
                 shade: Sequence[tuple[int, int, str]] = (), width: int = 520, height: int = 170) -> str:
    """Stacked bars, one per period, one segment per series ``(name, colour, values by period)``;
    ``shade`` marks ranges of periods ``(first index, last index, tooltip)`` (detected waves)."""
    left, right, top, bottom = 34, 8, 8, 38
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(s[2][i] for s in series) for i in range(len(periods))]
    peak = max(totals, default=0) or 1
    step = plot_w / max(len(periods), 1)
    bar_w = max(step * 0.8, 1)
    desc = f"{len(periods)} period(s) from {periods[0] if periods else '-'} to {periods[-1] if periods else '-'}; " \
           f"series: {', '.join(s[0] for s in series)}; highest total {_num(max(totals, default=0))}"
    parts = [_open(width, height + 16, title, desc, "bars")]
    for first, last, tip in shade:
        x0, x1 = left + first * step, left + (last + 1) * step
        parts.append(f'<rect class="wave" x="{_num(x0)}" y="{top}" width="{_num(x1 - x0)}" height="{plot_h}" '
                     f'fill="#ffe8a1" fill-opacity="0.7"><title>{esc(tip)}</title></rect>')
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#999"/>'
                 f'<text x="{left - 4}" y="{top + 9}" text-anchor="end">{_num(peak)}</text>'
                 f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end">0</text>')
    for i, period in enumerate(periods):
        y = top + plot_h
        for name, colour, values in series:
            value = values[i]
            if not value:
                continue
            h = plot_h * value / peak
            y -= h
            parts.append(f'<rect class="bar" x="{_num(left + i * step + (step - bar_w) / 2)}" y="{_num(y)}" '
                         f'width="{_num(bar_w)}" height="{_num(h)}" fill="{esc(colour)}">'
                         f"<title>{esc(period)} · {esc(name)}: {_num(value)}</title></rect>")
    every = max(1, len(periods) // 6)
    for i in range(0, len(periods), every):
        parts.append(f'<text x="{_num(left + (i + 0.5) * step)}" y="{top + plot_h + 13}" text-anchor="middle">'
                     f"{esc(periods[i])}</text>")
    parts.append(legend([(s[0], s[1]) for s in series], left, height + 8))
    return "".join(parts) + "</svg>"


def heatmap(rows: Sequence[str], columns: Sequence[str], cells: dict[tuple[int, int, str], float], *, title: str,
            layers: Sequence[tuple[str, str]], cell: int = 13) -> str:
    """A grid: one row per ``rows`` label, one column group per ``columns`` label, and in each group one
    sub-column per layer ``(name, colour)`` (a stance). ``cells`` maps (row, column, layer name) to a
    count; each non-empty cell is a rect whose opacity grows with the count, with the count as tooltip."""
    label_w, head_h, gap = 290, 120, 4
    group_w = cell * len(layers) + gap
    width = label_w + group_w * len(columns) + 10
    height = head_h + cell * len(rows) + 26
    peak = max(cells.values(), default=0) or 1
    desc = f"{len(rows)} row(s) by {len(columns)} column(s) by {len(layers)} layer(s); {len(cells)} non-empty cell(s)"
    parts = [_open(width, height, title, desc, "heatmap")]
    for j, col in enumerate(columns):
        x = label_w + j * group_w + group_w / 2
        parts.append(f'<text x="{_num(x)}" y="{head_h - 4}" transform="rotate(-50 {_num(x)} {head_h - 4})">'
                     f"<title>{esc(col)}</title>{esc(short(col, 22))}</text>")
    for i, row in enumerate(rows):
        y = head_h + i * cell
        if i % 2 == 0:
            parts.append(f'<rect x="0" y="{y}" width="{width}" height="{cell}" fill="#f6f7f9"/>')
        parts.append(f'<text x="{label_w - 6}" y="{y + cell - 3}" text-anchor="end" font-size="10"><title>{esc(row)}</title>'
                     f"{esc(short(row, 46))}</text>")
    for (i, j, name), value in sorted(cells.items()):
        if not value:
            continue
        k = next(n for n, (layer, _) in enumerate(layers) if layer == name)
        colour = layers[k][1]
        opacity = 0.25 + 0.75 * value / peak
        parts.append(f'<rect class="cell" x="{label_w + j * group_w + k * cell}" y="{head_h + i * cell}" '
                     f'width="{cell - 1}" height="{cell - 1}" fill="{esc(colour)}" fill-opacity="{opacity:.2f}">'
                     f"<title>{esc(columns[j])} · {esc(rows[i])} · {esc(name)}: {_num(value)}</title></rect>")
    parts.append(legend(list(layers), 10, height - 8))
    return "".join(parts) + "</svg>"


def hbars(items: Sequence[tuple[str, Sequence[tuple[str, str, float]]]], *, title: str, width: int = 520,
          bar: int = 14) -> str:
    """Horizontal stacked bars: one per item ``(label, [(segment name, colour, value)])``, its total
    written after it; a legend of the segment names below."""
    label_w, right = 190, 40
    plot_w = width - label_w - right
    totals = [sum(v for _, _, v in segs) for _, segs in items]
    peak = max(totals, default=0) or 1
    names: dict[str, str] = {}
    for _, segs in items:
        for name, colour, _ in segs:
            names.setdefault(name, colour)
    height = len(items) * (bar + 4) + 28
    parts = [_open(width, height, title, f"{len(items)} bar(s); largest total {_num(max(totals, default=0))}", "hbars")]
    for i, ((label, segs), total) in enumerate(zip(items, totals)):
        y = i * (bar + 4) + 2
        parts.append(f'<text x="{label_w - 6}" y="{y + bar - 3}" text-anchor="end"><title>{esc(label)}</title>'
                     f"{esc(short(label, 32))}</text>")
        x = float(label_w)
        for name, colour, value in segs:
            if not value:
                continue
            w = plot_w * value / peak
            parts.append(f'<rect class="bar" x="{_num(x)}" y="{y}" width="{_num(w)}" height="{bar}" '
                         f'fill="{esc(colour)}"><title>{esc(label)} · {esc(name)}: {_num(value)}</title></rect>')
            x += w
        parts.append(f'<text x="{_num(x + 4)}" y="{y + bar - 3}">{_num(total)}</text>')
    parts.append(legend(list(names.items()), 10, height - 6))
    return "".join(parts) + "</svg>"
