"""A small server-drawn SVG line chart of open and overdue cases (no JavaScript needed).

Points are placed by time (a gap of a day looks like a day), with a value axis, time ticks, the
latest values written at the end of each line, and a tooltip (<title>) on every point (D19).
Without any snapshot yet the panel says so instead of disappearing.
"""

from __future__ import annotations

import datetime as dt
import math

from markupsafe import Markup, escape

from domain.legal_calendar import CHINA_TZ
from services.snapshots import TrendPoint

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 44, 64, 16, 40
SERIES = (("open_cases", "在办", "#1f5fa8"), ("overdue_cases", "逾期", "#c62828"))
AXIS = "#9aa5b1"
TEXT = "#52606d"
EMPTY = "暂无数据：系统每小时记录一次在办与逾期案件数，有记录后在此显示趋势。"


def _nice_top(value: int) -> int:
    """The axis maximum: the value rounded up to 1, 2 or 5 times a power of ten (at least 4)."""
    if value <= 4:
        return 4
    power: int = 10 ** int(math.log10(value))
    return next(factor * power for factor in (1, 2, 5, 10) if value <= factor * power)


def _label(at: dt.datetime, span: dt.timedelta) -> str:
    local = at.astimezone(CHINA_TZ)
    return f"{local.month}月{local.day}日" if span >= dt.timedelta(days=3) else f"{local.day}日{local:%H:%M}"


def trend_svg(points: list[TrendPoint]) -> Markup:
    if not points:
        return Markup(f'<p class="muted chart-empty">{escape(EMPTY)}</p>')
    first, last = points[0].taken_at, points[-1].taken_at
    span = last - first
    seconds = span.total_seconds() or 1.0
    top = _nice_top(max(max(p.open_cases, p.overdue_cases) for p in points))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(at: dt.datetime) -> float:
        if span.total_seconds() == 0:
            return LEFT + plot_w / 2
        return LEFT + (at - first).total_seconds() / seconds * plot_w

    def y(value: int) -> float:
        return TOP + plot_h - value / top * plot_h

    parts = [
        f'<svg class="trend" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="在办与逾期案件趋势">',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="{AXIS}"/>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" stroke="{AXIS}"/>',
    ]
    for i in range(5):  # value axis: 0, ¼, ½, ¾ and the top, with light grid lines
        value = top * i // 4
        parts.append(
            f'<line x1="{LEFT}" y1="{y(value):.1f}" x2="{LEFT + plot_w}" y2="{y(value):.1f}" stroke="#eef1f4"/>'
            f'<text class="tick" x="{LEFT - 6}" y="{y(value) + 4:.1f}" font-size="11" fill="{TEXT}" '
            f'text-anchor="end">{value}</text>'
        )
    ticks = 1 if span.total_seconds() == 0 else 4
    for i in range(ticks + 1 if ticks > 1 else 1):  # time axis, spaced by time
        at = first + span * (i / ticks) if ticks > 1 else first
        parts.append(
            f'<line x1="{x(at):.1f}" y1="{TOP + plot_h}" x2="{x(at):.1f}" y2="{TOP + plot_h + 4}" stroke="{AXIS}"/>'
            f'<text class="tick" x="{x(at):.1f}" y="{TOP + plot_h + 18}" font-size="11" fill="{TEXT}" '
            f'text-anchor="middle">{escape(_label(at, span))}</text>'
        )
    for attr, name, colour in SERIES:
        coords = [(x(p.taken_at), y(getattr(p, attr))) for p in points]
        if len(coords) > 1:
            line = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in coords)
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{line}"/>')
        for p, (cx, cy) in zip(points, coords, strict=True):
            local = p.taken_at.astimezone(CHINA_TZ)
            tip = f"{local.month}月{local.day}日 {local:%H:%M}：在办{p.open_cases}件，逾期{p.overdue_cases}件"
            parts.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3" fill="{colour}"><title>{escape(tip)}</title></circle>'
            )
        end_x, end_y = coords[-1]
        parts.append(
            f'<text class="value" x="{end_x + 6:.1f}" y="{end_y + 4:.1f}" font-size="12" fill="{colour}">'
            f"{escape(name)}{getattr(points[-1], attr)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
