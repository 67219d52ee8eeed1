"""Server-drawn SVG bar charts (统计分析): a y axis with round ticks, one bar per category (stacked
by series), the total above each bar, a tooltip per segment, and a legend. No script needed."""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

COLOURS = ("#1f5fa8", "#e08a1e", "#2e7d32", "#c62828", "#6a4c93", "#00838f", "#8d6e63", "#546e7a")
WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 20, 40
LEGEND_LINE = 18


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round axis values from 0 to at least `top`: steps of 1, 2 or 5 times a power of ten."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    if step < 1 and top >= 1:
        step = 1
    ticks = [0.0]
    while ticks[-1] < top:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _fmt(value: float, unit: str) -> str:
    if unit == "元" and value >= 10000:
        return f"{value / 10000:,.1f}万"
    return f"{value:,.0f}"


def bar_svg(
    label: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    unit: str = "件",
) -> Markup:
    """A stacked bar chart; an empty one says 暂无数据 instead of drawing nothing."""
    totals = [sum(values[i] for _, values in series) for i in range(len(categories))]
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}">']
    if not any(totals):
        parts.append(
            f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" font-size="14" fill="#7b8794">'
            "暂无数据</text></svg>"
        )
        return Markup("".join(parts))
    ticks = nice_ticks(max(totals))
    top = ticks[-1]
    plot_h, plot_w = HEIGHT - TOP - BOTTOM, WIDTH - LEFT - RIGHT
    slot = plot_w / len(categories)
    bar_w = min(56.0, max(6.0, slot * 0.6))  # one category is a bar, not a wall

    def y(value: float) -> float:
        return TOP + plot_h - value / top * plot_h

    for tick in ticks:
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#e4e7eb"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="11" fill="#52606d">'
            f"{_fmt(tick, unit)}</text>"
        )
    parts.append(f'<text x="4" y="{TOP - 6}" font-size="11" fill="#52606d">{escape(unit)}</text>')
    for i, category in enumerate(categories):
        x = LEFT + i * slot + (slot - bar_w) / 2
        base = 0.0
        for s, (name, values) in enumerate(series):
            value = values[i]
            if value:
                tip = f"{category} · {name}：{_fmt(value, unit)}{unit}"
                parts.append(
                    f'<rect x="{x:.1f}" y="{y(base + value):.1f}" width="{bar_w:.1f}" '
                    f'height="{y(base) - y(base + value):.1f}" fill="{COLOURS[s % len(COLOURS)]}">'
                    f"<title>{escape(tip)}</title></rect>"
                )
            base += value
        if totals[i]:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y(totals[i]) - 4:.1f}" text-anchor="middle" font-size="11" '
                f'fill="#1f2933">{_fmt(totals[i], unit)}</text>'
            )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11" '
            f'fill="#52606d">{escape(category)}</text>'
        )
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#9aa5b1"/>')
    legend_x, legend_y = LEFT, HEIGHT - 14
    for s, (name, _) in enumerate(series):
        width = 28 + 12 * len(name)
        if legend_x + width > WIDTH - RIGHT and legend_x > LEFT:  # the legend wraps to a new line
            legend_x, legend_y = LEFT, legend_y + LEGEND_LINE
        parts.append(
            f'<rect x="{legend_x}" y="{legend_y}" width="10" height="10" fill="{COLOURS[s % len(COLOURS)]}"/>'
            f'<text x="{legend_x + 14}" y="{legend_y + 9}" font-size="11" fill="#1f2933">{escape(name)}</text>'
        )
        legend_x += width
    parts.append("</svg>")
    height = legend_y + LEGEND_LINE
    svg = "".join(parts).replace(f'viewBox="0 0 {WIDTH} {HEIGHT}"', f'viewBox="0 0 {WIDTH} {height}"', 1)
    return Markup(svg)
