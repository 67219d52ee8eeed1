"""Overdue supervision (逾期督办): statistics, the hourly trend, and the list for export (CSV, XLSX)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from api.deps import CurrentPrincipal, DbSession, now
from api.routes.tasks import REFUSALS
from domain.ageing import china_day
from services import overdue_stats, overdue_tasks, snapshots
from services.overdue_stats import StatsFilter
from services.overdue_tasks import EXPORT_HEADERS, OverdueTaskRow

router = APIRouter(prefix="/api/v1/supervision", tags=["supervision"])

JurisdictionCode = Annotated[str | None, Query(pattern=r"^\d{6}$", description="行政区划代码（6位）")]
ProcessCode = Annotated[str | None, Query(min_length=1, max_length=32, description="业务类型，如 hazard")]
StepCode = Annotated[str | None, Query(min_length=1, max_length=64, description="环节，如 rectification")]

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_TITLE = "逾期督办清单"


class JurisdictionCountRead(BaseModel):
    code: str
    name: str
    open_cases: int
    overdue_cases: int


class ProcessCountRead(BaseModel):
    process: str
    label: str
    open_cases: int
    overdue_cases: int
    overdue_tasks: int


class StepCountRead(BaseModel):
    process: str
    step: str
    title: str
    overdue_tasks: int


class BucketCountRead(BaseModel):
    key: str
    label: str
    tasks: int


class WaitingOnCountRead(BaseModel):
    waiting_on: str
    label: str
    tasks: int


class OverdueStatsRead(BaseModel):
    scope_code: str
    scope_name: str
    today: dt.date
    overdue_tasks: int
    by_jurisdiction: list[JurisdictionCountRead]
    by_process: list[ProcessCountRead]
    by_step: list[StepCountRead]
    ageing: list[BucketCountRead]
    by_waiting_on: list[WaitingOnCountRead]


class TrendPointRead(BaseModel):
    taken_at: dt.datetime
    open_cases: int
    overdue_cases: int


class TrendRead(BaseModel):
    jurisdiction_code: str
    process: str | None
    since: dt.datetime
    points: list[TrendPointRead]


@router.get("/stats", response_model=OverdueStatsRead, responses=REFUSALS)
def read_overdue_stats(
    db: DbSession,
    principal: CurrentPrincipal,
    under: JurisdictionCode = None,
    process: ProcessCode = None,
    step: StepCode = None,
) -> OverdueStatsRead:
    stats = overdue_stats.overdue_stats(db, principal, StatsFilter(under, process, step), now=now())
    return OverdueStatsRead.model_validate(stats, from_attributes=True)


@router.get("/trend", response_model=TrendRead, responses=REFUSALS)
def read_overdue_trend(
    db: DbSession,
    principal: CurrentPrincipal,
    jurisdiction: JurisdictionCode = None,
    process: ProcessCode = None,
    days: Annotated[int, Query(ge=1, le=366, description="最近多少天")] = 30,
) -> TrendRead:
    since = snapshots.snapshot_hour(now()) - dt.timedelta(days=days)
    points = snapshots.series(db, principal, jurisdiction, process, since)
    return TrendRead(
        jurisdiction_code=jurisdiction or principal.jurisdiction_code,
        process=process,
        since=since,
        points=[TrendPointRead.model_validate(p, from_attributes=True) for p in points],
    )


@router.get("/overdue.csv", response_class=Response, responses={200: {"content": {CSV_TYPE: {}}}, **REFUSALS})
def export_overdue_csv(
    db: DbSession,
    principal: CurrentPrincipal,
    under: JurisdictionCode = None,
    process: ProcessCode = None,
    step: StepCode = None,
) -> Response:
    moment = now()
    rows = overdue_tasks.overdue_task_list(db, principal, StatsFilter(under, process, step), now=moment)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_HEADERS)
    for row in rows:
        writer.writerow(_text_values(row))
    # The BOM tells Excel the file is UTF-8; without it Chinese opens as mojibake.
    body = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    disposition = _attachment(under or principal.jurisdiction_code, china_day(moment), "csv")
    return Response(body, media_type=CSV_TYPE, headers={"Content-Disposition": disposition})


@router.get("/overdue.xlsx", response_class=Response, responses={200: {"content": {XLSX_TYPE: {}}}, **REFUSALS})
def export_overdue_xlsx(
    db: DbSession,
    principal: CurrentPrincipal,
    under: JurisdictionCode = None,
    process: ProcessCode = None,
    step: StepCode = None,
) -> Response:
    moment = now()
    rows = overdue_tasks.overdue_task_list(db, principal, StatsFilter(under, process, step), now=moment)
    disposition = _attachment(under or principal.jurisdiction_code, china_day(moment), "xlsx")
    return Response(_xlsx(rows), media_type=XLSX_TYPE, headers={"Content-Disposition": disposition})


def _text_values(row: OverdueTaskRow) -> list[str | int]:
    return [v.isoformat() if isinstance(v, dt.date) else v for v in row.export_values()]


def _attachment(scope_code: str, today: dt.date, extension: str) -> str:
    """Content-Disposition naming e.g. 逾期督办清单-530300-20261123.csv: RFC 5987 `filename*` for
    the Chinese name, and an ASCII `filename` for clients that do not read it."""
    suffix = f"{scope_code}-{today:%Y%m%d}.{extension}"
    name = quote(f"{EXPORT_TITLE}-{suffix}", safe="")
    return f"attachment; filename=\"overdue-{suffix}\"; filename*=UTF-8''{name}"


def _xlsx(rows: list[OverdueTaskRow]) -> bytes:
    from openpyxl import Workbook  # imported here: only the export needs it
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = EXPORT_TITLE
    sheet.append(list(EXPORT_HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row.export_values()))
        sheet.cell(row=sheet.max_row, column=EXPORT_HEADERS.index("期限届满日") + 1).number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDEFGHI", (22, 36, 16, 20, 24, 30, 12, 12, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
