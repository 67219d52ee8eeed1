"""A small server-drawn SVG line chart of open and overdue cases (no JavaScript needed)."""

from __future__ import annotations

from markupsafe import Markup, escape

from domain.legal_calendar import CHINA_TZ
from services.snapshots import TrendPoint

WIDTH, HEIGHT, PAD = 640, 180, 32


def trend_svg(points: list[TrendPoint]) -> Markup | None:
    if len(points) < 2:
        return None
    top = max(max(p.open_cases for p in points), 1)
    step = (WIDTH - 2 * PAD) / (len(points) - 1)

    def line(values: list[int]) -> str:
        return " ".join(
            f"{PAD + i * step:.1f},{HEIGHT - PAD - v / top * (HEIGHT - 2 * PAD):.1f}" for i, v in enumerate(values)
        )

    first = points[0].taken_at.astimezone(CHINA_TZ)
    last = points[-1].taken_at.astimezone(CHINA_TZ)
    label = f"{first:%m-%d %H:%M} — {last:%m-%d %H:%M}"
    return Markup(
        f'<svg class="trend" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="在办与逾期案件趋势">'
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#9aa5b1"/>'
        f'<text x="{PAD}" y="{PAD - 10}" font-size="12" fill="#52606d">{top}</text>'
        f'<text x="{PAD}" y="{HEIGHT - 8}" font-size="12" fill="#52606d">{escape(label)}</text>'
        f'<polyline fill="none" stroke="#1f5fa8" stroke-width="2" points="{line([p.open_cases for p in points])}"/>'
        f'<polyline fill="none" stroke="#c62828" stroke-width="2" points="{line([p.overdue_cases for p in points])}"/>'
        "</svg>"
    )
