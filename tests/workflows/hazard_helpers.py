"""Drive a hazard case through its steps the way the API does."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from db import models
from domain.hazard import HazardReport
from domain.legal_calendar import CHINA_TZ
from domain.process_config import ProcessConfig
from services import case_actions
from services.hazard_intake import report_hazard
from tests.support import fact_day, principal
from workflows.contracts import UpdateResult


async def china_today(client: Client, env: Any) -> dt.date:
    now: dt.datetime = await env.get_current_time()
    return now.astimezone(CHINA_TZ).date()


async def report(
    sessions: sessionmaker[Session],
    client: Client,
    task_queue: str,
    now: dt.datetime,
    grade: int = 4,
    reported_at: dt.datetime | None = None,
    config: ProcessConfig | None = None,
    enterprise_name: str | None = None,
) -> models.Case:
    """A hazard of a 麒麟区 enterprise (the first one, or `enterprise_name`: a test that counts an
    enterprise's penalties across cases takes one no other test uses)."""
    with sessions() as db:
        query = select(models.Enterprise).where(models.Enterprise.jurisdiction_code == "530302")
        if enterprise_name is not None:
            query = query.where(models.Enterprise.name == enterprise_name)
        enterprise = db.scalars(query).first()
        assert enterprise is not None
        return await report_hazard(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, "ql.handler"),
            report=HazardReport(
                enterprise_id=enterprise.id,
                title="储罐区可燃气体报警装置失效",
                description="储罐区4台可燃气体报警器失效，未与紧急切断联锁。",
                grade=grade,
                source="inspection",
                found_on=fact_day(now),
            ),
            config=config or ProcessConfig(),
            now=now,
            reported_at=reported_at,
        )


async def open_task(sessions: sessionmaker[Session], case_id: int, step: str, wait: float = 10.0) -> models.Task:
    """The open task of a step; intake projects the first task asynchronously, so wait for it."""
    deadline = time.monotonic() + wait
    while True:
        with sessions() as db:
            task = db.scalars(
                select(models.Task)
                .where(
                    models.Task.case_id == case_id,
                    models.Task.step == step,
                    models.Task.status == "open",
                )
                .order_by(models.Task.opened_at, models.Task.id)  # the earliest, on every database
            ).first()
        if task is not None:
            return task
        assert time.monotonic() < deadline, f"no open {step} task"
        await asyncio.sleep(0.05)


async def complete_task_id(
    sessions: sessionmaker[Session],
    client: Client,
    username: str,
    task_id: str,
    form: dict[str, Any],
) -> UpdateResult:
    with sessions() as db:
        return await case_actions.complete_task(
            db=db,
            client=client,
            principal=principal(sessions, username),
            task_id=task_id,
            form=form,
        )


async def complete(
    sessions: sessionmaker[Session],
    client: Client,
    username: str,
    case_id: int,
    step: str,
    form: dict[str, Any],
) -> UpdateResult:
    task = await open_task(sessions, case_id, step)
    with sessions() as db:
        return await asyncio.wait_for(
            case_actions.complete_task(
                db=db,
                client=client,
                principal=principal(sessions, username),
                task_id=task.id,
                form=form,
            ),
            timeout=20,
        )


def events(sessions: sessionmaker[Session], case_id: int) -> list[models.CaseEvent]:
    with sessions() as db:
        return list(
            db.scalars(
                select(models.CaseEvent).where(models.CaseEvent.case_id == case_id).order_by(models.CaseEvent.id)
            )
        )


def case_row(sessions: sessionmaker[Session], case_id: int) -> models.Case:
    with sessions() as db:
        case = db.get(models.Case, case_id)
        assert case is not None
        return case


LISTING = {
    "decision": "list",
    "notice_no": "",  # blank: the system issues the notice and numbers it
    "supervision_matters": "更换失效报警器并实现联锁",
    "responsible_government": "曲靖市麒麟区人民政府",
    "lifting_procedure": "整改完成后申请验收，验收合格后摘牌销号",
}
PLAN = {
    "objectives": "消除报警装置失效隐患",
    "measures": "更换报警器，增设紧急切断联锁",
    "funds_cny": 380000,
    "responsible": "设备部 张三",
    "principal_head": "总经理 李四",
    "safety_measures": "整改期间储罐区停止装卸作业，配备便携式检测仪",
}
PUBLICATION = {"channel": "麒麟区人民政府网站", "filed_with_upper_office": True}
LISTING_PUBLICATION = {"channel": "麒麟区人民政府网站"}
UPPER_FILING = {"upper_office": "曲靖市安委办", "filing_no": "麒安办备〔2026〕1号"}


async def eventually(check: Any, timeout: float = 60.0) -> None:
    """Wait until `check()` is truthy: timers fire on the server, their writes follow shortly.

    The bound only ends a wait that would never finish: on CI's two cores, with both databases'
    xdist workers busy, a chain of timers and activities (a worker catching up on missed rungs) has
    taken more than 15 s of wall time."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "condition not reached"
        await asyncio.sleep(0.05)


def tasks_of(sessions: sessionmaker[Session], case_id: int) -> list[models.Task]:
    with sessions() as db:
        return list(
            db.scalars(select(models.Task).where(models.Task.case_id == case_id).order_by(models.Task.opened_at))
        )


async def act(
    sessions: sessionmaker[Session],
    client: Client,
    username: str,
    case_id: int,
    action: str,
    form: dict[str, Any],
) -> UpdateResult:
    with sessions() as db:
        return await case_actions.act_on_case(
            db=db,
            client=client,
            principal=principal(sessions, username),
            case_id=case_id,
            action=action,
            form=form,
        )


async def serve_notice(sessions: sessionmaker[Session], client: Client, case_id: int, served_on: dt.date) -> None:
    """H31: the listing office records the service of the supervision notice it issued."""
    await eventually(lambda: any(e.kind == "document_issued" for e in events(sessions, case_id)))
    issued = next(e for e in events(sessions, case_id) if e.kind == "document_issued")
    await act(
        sessions,
        client,
        "ql.office",
        case_id,
        "serve_document",
        {
            "document_id": issued.data["document_id"],
            "method": "direct",
            "served_on": served_on.isoformat(),
            "recipient": "曲靖市麒麟区人民政府",
        },
    )


async def to_rectification(
    sessions: sessionmaker[Session], client: Client, case_id: int, today: dt.date, deadline: dt.date
) -> None:
    await complete(
        sessions,
        client,
        "ql.office",
        case_id,
        "listing_decision",
        {**LISTING, "rectification_deadline": deadline.isoformat()},
    )
    await complete(
        sessions,
        client,
        "ql.office",
        case_id,
        "listing_publication",
        {**LISTING_PUBLICATION, "published_on": today.isoformat()},
    )
    await complete(
        sessions, client, "ql.office", case_id, "upper_filing", {**UPPER_FILING, "filed_on": today.isoformat()}
    )
    await serve_notice(sessions, client, case_id, today)
    await complete(
        sessions,
        client,
        "ql.handler",
        case_id,
        "rectification_plan",
        {**PLAN, "plan_deadline": deadline.isoformat()},
    )
    await complete(
        sessions,
        client,
        "ql.office",
        case_id,
        "plan_review",
        {"decision": "approve", "opinion": "可行"},
    )
    await open_task(sessions, case_id, "rectification")


async def sleep_past_due(
    env: Any, sessions: sessionmaker[Session], case_id: int, step: str, margin: dt.timedelta = dt.timedelta(hours=2)
) -> None:
    """Skip time until just after the open step's due moment, whatever the weekday (a calendar-day
    period ending on a rest day rolls to the next working day, so a fixed sleep is not enough)."""
    task = await open_task(sessions, case_id, step)
    now = await env.get_current_time()
    await env.sleep(max(task.due_at - now, dt.timedelta(0)) + margin)
