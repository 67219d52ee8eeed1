"""Statistics beyond overdue, as JSON: the figures of the 统计分析 page for one year."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Query

from api.deps import CurrentPrincipal, DbSession, now
from domain.legal_calendar import CHINA_TZ
from services import statistics

router = APIRouter(prefix="/api/v1", tags=["statistics"])


@router.get("/statistics")
def read_statistics(
    db: DbSession, principal: CurrentPrincipal, year: int | None = Query(None, ge=2000, le=2100)
) -> dict[str, Any]:
    """Cases by process and month, by jurisdiction, workload per unit and person, fines imposed
    and collected (yuan per month), and crime transfers by state, over the cases you may see."""
    moment = now()
    stats = statistics.compute(db, principal, year or moment.astimezone(CHINA_TZ).year, now=moment)
    return {**asdict(stats), "months": list(statistics.MONTHS), "opened_total": stats.opened_total}
