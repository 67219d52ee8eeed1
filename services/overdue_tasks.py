"""The overdue open tasks of a scope, row by row (逾期环节清单): the supervision page's list and its
CSV/XLSX export. Same scope and filter as the counts of `services/overdue_stats.py`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models
from db.calendar_store import load_calendar
from domain.ageing import bucket_for, china_day, waiting_on_label, working_days_late
from domain.legal_calendar import LegalCalendar
from services.overdue_stats import StatsFilter, overdue_task_conditions, process_label, resolve_scope
from services.principal import Principal

EXPORT_HEADERS = (
    "案件编号",
    "案件名称",
    "行政区划",
    "业务类型",
    "逾期环节",
    "责任单位",
    "等待对象",
    "期限届满日",
    "逾期工作日数",
)


@dataclass(frozen=True)
class OverdueTaskRow:
    task_id: str
    case_id: int
    case_no: str
    case_title: str
    jurisdiction_code: str
    jurisdiction_name: str
    process: str
    step: str
    step_title: str
    org_name: str
    waiting_on: str
    waiting_on_label: str
    due_at: dt.datetime
    due_on: dt.date  # China date
    working_days_late: int
    bucket: str

    def export_values(self) -> tuple[str, str, str, str, str, str, str, dt.date, int]:
        """The row in the order of `EXPORT_HEADERS`."""
        return (
            self.case_no,
            self.case_title,
            self.jurisdiction_name,
            process_label(self.process),
            self.step_title,
            self.org_name,
            self.waiting_on_label,
            self.due_on,
            self.working_days_late,
        )


def overdue_task_list(
    db: Session, principal: Principal, flt: StatsFilter, *, now: dt.datetime, limit: int | None = None
) -> list[OverdueTaskRow]:
    """The overdue open tasks of the scope, longest overdue first (all for the export; the page
    shows the first `limit`)."""
    root = resolve_scope(db, principal, flt.under)
    return _rows(db, principal, root, flt, load_calendar(db), now, limit)


def _rows(
    db: Session,
    principal: Principal,
    root: models.Jurisdiction,
    flt: StatsFilter,
    calendar: LegalCalendar,
    now: dt.datetime,
    limit: int | None = None,
) -> list[OverdueTaskRow]:
    # Columns, not entities: the export of a province reads thousands of rows.
    query = (
        select(
            models.Task.id,
            models.Task.case_id,
            models.Case.case_no,
            models.Case.title,
            models.Case.jurisdiction_code,
            models.Jurisdiction.name,
            models.Case.process,
            models.Task.step,
            models.Task.title,
            models.Organisation.name,
            models.Task.waiting_on,
            models.Task.due_at,
        )
        .join(models.Case, models.Case.id == models.Task.case_id)
        .join(models.Jurisdiction, models.Jurisdiction.code == models.Case.jurisdiction_code)
        .join(models.Organisation, models.Organisation.id == models.Task.org_id)
        .where(*overdue_task_conditions(principal, root, flt))
        .order_by(models.Task.due_at, models.Case.case_no, models.Task.id)
        .limit(limit)
    )
    late_by_day: dict[dt.date, int] = {}  # many steps share a due day; count its working days once
    rows = []
    for (
        task_id,
        case_id,
        case_no,
        case_title,
        jurisdiction_code,
        jurisdiction_name,
        process,
        step,
        step_title,
        org_name,
        waiting_on,
        due_at,
    ) in db.execute(query):
        due_on = china_day(due_at)
        if due_on not in late_by_day:
            late_by_day[due_on] = working_days_late(calendar, due_at, now)
        late = late_by_day[due_on]
        rows.append(
            OverdueTaskRow(
                task_id=task_id,
                case_id=case_id,
                case_no=case_no,
                case_title=case_title,
                jurisdiction_code=jurisdiction_code,
                jurisdiction_name=jurisdiction_name,
                process=process,
                step=step,
                step_title=step_title,
                org_name=org_name,
                waiting_on=waiting_on,
                waiting_on_label=waiting_on_label(waiting_on),
                due_at=due_at,
                due_on=due_on,
                working_days_late=late,
                bucket=bucket_for(late).key,
            )
        )
    return rows
