"""Importing or editing a year of the holiday calendar, and re-projecting open deadlines."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.orm import Session
from temporalio.client import Client

from db.calendar_store import load_calendar, save_year
from domain.roles import Role
from services.principal import Principal, require_role
from services.temporal_client import within_deadline
from workflows.calendar_reprojection import CalendarReprojectionWorkflow, ReprojectionInput
from workflows.contracts import CalendarChange


async def import_year(
    *,
    db: Session,
    client: Client,
    task_queue: str,
    principal: Principal,
    year: int,
    published: bool,
    source: str,
    holidays: set[dt.date],
    makeup_workdays: set[dt.date],
) -> str:
    """Store the year, then start the durable re-projection of every open clock it touches.

    Returns the id of the re-projection workflow.
    """
    require_role(principal, Role.ADMIN)
    save_year(db, year=year, published=published, source=source, holidays=holidays, makeup_workdays=makeup_workdays)
    db.commit()
    revision = uuid.uuid4().hex[:12]
    state = "正式公布" if published else "临时"
    change = CalendarChange(
        year=year,
        revision=revision,
        description=f"{year}年节假日安排已更新（{state}，{source}，{principal.display_name}）",
    )
    workflow_id = f"calendar-{year}-{revision}"
    await within_deadline(
        client.start_workflow(
            CalendarReprojectionWorkflow.run, ReprojectionInput(change), id=workflow_id, task_queue=task_queue
        ),
        late="节假日安排已保存，但期限重新计算未能确认启动（流程服务无响应），请稍后重新提交",
        unreachable="节假日安排已保存，但期限重新计算未能启动（无法连接流程服务），请稍后重新提交",
    )
    return workflow_id


def year_view(db: Session, year: int) -> dict[str, object]:
    calendar = load_calendar(db)
    stored = calendar.year(year)
    return {
        "year": year,
        "known": stored is not None,
        "published": bool(stored and stored.published),
        "source": stored.source if stored else "",
        "holidays": sorted(d.isoformat() for d in stored.holidays) if stored else [],
        "makeup_workdays": sorted(d.isoformat() for d in stored.makeup_workdays) if stored else [],
    }
