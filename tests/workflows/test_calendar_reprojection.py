"""Importing a year of the holiday calendar re-projects open deadlines and records why."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from domain.legal_calendar import CHINA_TZ, LegalCalendar
from services.calendar_admin import import_year
from tests.support import principal, record_history
from tests.workflows.hazard_helpers import events, eventually, open_task, report


async def test_imported_holiday_moves_an_open_deadline_and_the_timeline_says_why(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = await report(sessions, client, task_queue, now)
    listing = await open_task(sessions, case.id, "listing_decision")
    due_day = listing.due_at.astimezone(CHINA_TZ).date()
    base = LegalCalendar().year(due_day.year)
    holidays = set(base.holidays) if base else set()
    makeup = set(base.makeup_workdays) if base else set()
    try:
        with sessions() as db:
            workflow_id = await import_year(
                db=db,
                client=client,
                task_queue=task_queue,
                principal=principal(sessions, "yn.admin"),
                year=due_day.year,
                published=True,
                source="测试：增加临时假日",
                holidays=holidays | {due_day},
                makeup_workdays=makeup,
            )
        assert await client.get_workflow_handle(workflow_id).result() >= 1
        await record_history(client, workflow_id, "calendar_reprojection")

        def moved() -> bool:
            return any(e.kind == "deadline_reprojected" for e in events(sessions, case.id))

        await eventually(moved)
        task = await open_task(sessions, case.id, "listing_decision")
        assert task.due_at.astimezone(CHINA_TZ).date() > due_day
        assert not task.provisional
        event = next(e for e in events(sessions, case.id) if e.kind == "deadline_reprojected")
        assert due_day.isoformat() in event.summary and "测试：增加临时假日" in event.reason
        await record_history(client, case.workflow_id, "hazard_calendar_reprojected")
    finally:
        with sessions() as db:
            db.execute(delete(models.CalendarDay).where(models.CalendarDay.year == due_day.year))
            db.execute(delete(models.CalendarYear).where(models.CalendarYear.year == due_day.year))
            db.commit()
        await client.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_only_an_administrator_may_change_the_calendar(
    client: Client, sessions: sessionmaker[Session], task_queue: str
) -> None:
    import pytest

    from domain.errors import Forbidden, InvalidInput

    with sessions() as db, pytest.raises(Forbidden):
        await import_year(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, "yn.office"),
            year=2031,
            published=True,
            source="x",
            holidays=set(),
            makeup_workdays=set(),
        )
    with sessions() as db, pytest.raises(InvalidInput, match="调休上班日应为周六或周日"):
        await import_year(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, "yn.admin"),
            year=2031,
            published=True,
            source="x",
            holidays=set(),
            makeup_workdays={dt.date(2031, 5, 6)},
        )
