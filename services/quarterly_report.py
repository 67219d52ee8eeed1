"""The quarterly report to the organisation department (向同级组织部门报送安全生产情况).

国办发〔2015〕20号 (四): "各级安全生产监督管理部门要定期向同级组织部门报送安全生产情况"; 本溪 (二):
"每季度向同级党委组织部门报送一次安全生产工作情况". Generated from the system's own data for the
quarter, over the cases the signed-in office may see; exported as XLSX.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session
from temporalio.client import Client

from db import models
from db.organisation_queries import path_codes
from domain.errors import Conflict, Forbidden, InvalidInput
from domain.legal_calendar import CHINA_TZ
from domain.quarterly_report import PROCESS, last_ended_quarter
from domain.roles import Role
from services import statistics
from services.case_start import number_case, start_case_workflow
from services.principal import Principal
from workflows.contracts import Actor, CaseStart
from workflows.quarterly_report import QuarterlyReportInput, QuarterlyReportWorkflow


@dataclass(frozen=True)
class QuarterlyReport:
    year: int
    quarter: int
    scope: str
    due_on: dt.date  # when the office's report is due [U]: the configured days after the quarter
    opened: dict[str, int] = field(default_factory=dict)  # process label → cases opened in the quarter
    fines_imposed: int = 0
    fines_collected: int = 0
    transfers: dict[str, int] = field(default_factory=dict)  # this year so far, by state
    areas: list[statistics.AreaRow] = field(default_factory=list)  # this year so far


def quarter_end(year: int, quarter: int) -> dt.date:
    first_of_next = dt.date(year + quarter // 4, quarter % 4 * 3 + 1, 1)
    return first_of_next - dt.timedelta(days=1)


def build(
    db: Session, principal: Principal, year: int, quarter: int, *, now: dt.datetime, due_days: int = 15
) -> QuarterlyReport:
    """The quarter's figures; a quarter not yet begun is refused (422)."""
    if not 1 <= quarter <= 4:
        raise InvalidInput("季度应为1至4")
    today = now.astimezone(CHINA_TZ).date()
    if dt.date(year, quarter * 3 - 2, 1) > today:
        raise InvalidInput("该季度尚未开始")
    stats = statistics.compute(db, principal, year, now=now)
    months = slice(quarter * 3 - 3, quarter * 3)
    return QuarterlyReport(
        year=year,
        quarter=quarter,
        scope=principal.jurisdiction_name,
        due_on=quarter_end(year, quarter) + dt.timedelta(days=due_days),
        opened={label: sum(values[months]) for label, values in stats.by_process.items()},
        fines_imposed=sum(stats.fines_imposed[months]),
        fines_collected=sum(stats.fines_collected[months]),
        transfers=stats.transfers,
        areas=stats.by_area,
    )


def workbook_bytes(report: QuarterlyReport) -> bytes:
    from openpyxl import Workbook  # imported here: only the export needs it
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"{report.year}年第{report.quarter}季度"
    sheet.append([f"{report.scope}安全生产工作情况（{report.year}年第{report.quarter}季度，报同级党委组织部门）"])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(["项目", "数量"])
    for label, n in report.opened.items():
        sheet.append([f"新立案件：{label}", n])
    sheet.append(["决定罚款（元）", report.fines_imposed])
    sheet.append(["缴纳入库（元）", report.fines_collected])
    for label, n in report.transfers.items():
        sheet.append([f"本年涉嫌犯罪移送：{label}", n])
    sheet.append([])
    sheet.append(["辖区（本年累计）", "新立", "在办", "已办结", "逾期在办"])
    for a in report.areas:
        sheet.append([a.name, a.opened, a.open_now, a.closed, a.overdue_now])
    sheet.column_dimensions["A"].width = 36
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def open_quarterly_task(
    *, db: Session, client: Client, task_queue: str, principal: Principal, now: dt.datetime
) -> models.Case:
    """The office's task to report the last ended quarter (本溪 (二)); 409 once it exists."""
    if principal.role not in (Role.OFFICE, Role.HANDLER, Role.HEAD):
        raise Forbidden("只有安委办或应急管理部门报送季度情况")
    year, quarter = last_ended_quarter(now.astimezone(CHINA_TZ).date())
    existing = db.scalars(select(models.Case).where(models.Case.process == PROCESS))
    if any(
        c.details.get("org_id") == principal.org_id and c.details.get("period") == [year, quarter] for c in existing
    ):
        raise Conflict(f"本部门{year}年第{quarter}季度的报送任务已生成")
    jurisdiction = db.get(models.Jurisdiction, principal.jurisdiction_code)
    assert jurisdiction is not None
    case = models.Case(
        case_no="",
        workflow_id="",
        process=PROCESS,
        title=f"{year}年第{quarter}季度安全生产工作情况报送（{principal.org_name}）",
        status="starting",
        jurisdiction_code=jurisdiction.code,
        jurisdiction_path=jurisdiction.path,
        enterprise_id=None,
        created_by_user_id=principal.user_id,
        created_at=now,
        updated_at=now,
        details={"org_id": principal.org_id, "period": [year, quarter]},
    )
    number_case(db, case, "JD", now)
    actor = Actor(user_id=principal.user_id, name=principal.display_name, org_id=principal.org_id, role=principal.role)
    start = CaseStart(case.id, case.case_no, jurisdiction.code, path_codes(jurisdiction.path), actor)
    workflow_input = QuarterlyReportInput(start, principal.org_id, principal.role, year, quarter)
    await start_case_workflow(db, client, case, QuarterlyReportWorkflow.run, workflow_input, task_queue)
    return case
