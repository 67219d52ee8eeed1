"""统计分析: the year's figures over the cases a user may see, with charts and an Excel export."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import DbSession, now
from domain.legal_calendar import CHINA_TZ
from services import statistics
from services.statistics_export import workbook_bytes
from web.console.bar_chart import bar_svg
from web.console.common import PageRoute, SignedInViewer, render

router = APIRouter(include_in_schema=False, route_class=PageRoute)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(year: int | None) -> int:
    return year or now().astimezone(CHINA_TZ).year


@router.get("/statistics", response_class=HTMLResponse)
def statistics_page(
    request: Request, db: DbSession, viewer: SignedInViewer, year: int | None = Query(None, ge=2000, le=2100)
) -> Response:
    chosen = _year(year)
    stats = statistics.compute(db, viewer.principal, chosen, now=now())
    charts = {
        "process": bar_svg("按月新立案件（按流程）", statistics.MONTHS, list(stats.by_process.items())),
        "area": bar_svg(
            "各辖区案件",
            [a.name for a in stats.by_area],
            [
                ("在办（未逾期）", [a.open_now - a.overdue_now for a in stats.by_area]),
                ("在办（逾期）", [a.overdue_now for a in stats.by_area]),
            ],
        ),
        "fines": bar_svg(
            "罚款决定与缴纳（元）",
            statistics.MONTHS,
            [("决定罚款", stats.fines_imposed), ("缴纳入库", stats.fines_collected)],
            unit="元",
        ),
    }
    return render(
        request,
        "statistics.html",
        viewer,
        stats=stats,
        charts=charts,
        months=statistics.MONTHS,
        this_year=now().astimezone(CHINA_TZ).year,
        title="统计分析",
    )


@router.get("/statistics.xlsx", response_class=Response)
def statistics_xlsx(
    db: DbSession, viewer: SignedInViewer, year: int | None = Query(None, ge=2000, le=2100)
) -> Response:
    chosen = _year(year)
    stats = statistics.compute(db, viewer.principal, chosen, now=now())
    scope = viewer.principal.jurisdiction_name
    name = quote(f"统计分析-{scope}-{chosen}.xlsx", safe="")
    ascii_name = f"statistics-{viewer.principal.jurisdiction_code}-{chosen}.xlsx"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{name}"
    return Response(workbook_bytes(stats, scope), media_type=XLSX_TYPE, headers={"Content-Disposition": disposition})
