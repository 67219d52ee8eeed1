"""督办: the overdue view for safety-committee offices, with drill-down, ageing, trend and export."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from api.deps import DbSession, now
from db import models
from domain.errors import DomainError
from services import overdue_stats, overdue_tasks, snapshots
from web.console.common import PageRoute, SignedInViewer, render
from web.console.trend_chart import trend_svg

router = APIRouter(include_in_schema=False, route_class=PageRoute)

# The page lists the longest overdue tasks; a province has thousands, which the export gives in full.
PAGE_ROWS = 100


@router.get("/overdue", response_class=HTMLResponse)
def overdue_page(
    request: Request,
    db: DbSession,
    viewer: SignedInViewer,
    under: str | None = None,
    process: str | None = None,
    step: str | None = None,
) -> Response:
    flt = overdue_stats.StatsFilter(under=under or None, process=process or None, step=step or None)
    moment = now()
    try:
        stats = overdue_stats.overdue_stats(db, viewer.principal, flt, now=moment)
        rows = overdue_tasks.overdue_task_list(db, viewer.principal, flt, now=moment, limit=PAGE_ROWS)
    except DomainError as exc:
        return render(request, "error.html", viewer, 422, message=exc.message)
    chart = None
    if not viewer.principal.is_liaison:
        points = snapshots.series(
            db, viewer.principal, stats.scope_code, flt.process, since=moment - dt.timedelta(days=30)
        )
        chart = trend_svg(points)
    trail = _trail(db, stats.scope_code, viewer.principal.jurisdiction_path)
    query = urlencode({k: v for k, v in {"under": stats.scope_code, "process": process, "step": step}.items() if v})
    return render(
        request,
        "overdue.html",
        viewer,
        stats=stats,
        rows=rows,
        chart=chart,
        trail=trail,
        query=query,
        flt=flt,
        title="督办",
    )


def _trail(db: DbSession, code: str, own_path: str) -> list[models.Jurisdiction]:
    """Breadcrumbs down the tree from the viewer's own jurisdiction to the one shown."""
    jurisdiction = db.get(models.Jurisdiction, code)
    if jurisdiction is None:
        return []
    codes = jurisdiction.path.strip("/").split("/")
    rows = {j.code: j for j in db.scalars(select(models.Jurisdiction).where(models.Jurisdiction.code.in_(codes)))}
    return [rows[c] for c in codes if c in rows and rows[c].path.startswith(own_path)]
