"""Contested rectification on the time-skipping server: rectified on re-inspection, a penalty with
a hearing, a reconsideration that revokes the decision and withdraws its publication, non-payment
through the reminder to court enforcement, stopping power supply and lifting it, and a
jurisdiction dispute decided by the safety-committee office."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from domain.errors import InvalidInput
from domain.legal_calendar import CHINA_TZ
from domain.rectification import RectificationStart
from services.rectification_intake import start_rectification
from tests.support import principal, record_history
from tests.workflows.hazard_helpers import case_row, complete, events, open_task

ORDER = {
    "hazards": "储罐区4台可燃气体报警器失效，未与紧急切断联锁",
    "measures": "更换报警器并实现与紧急切断装置联锁",
    "period_days": 30,
    "basis": "安全生产法第六十五条第一款第（二）项",
}


async def today(env: WorkflowEnvironment) -> dt.date:
    return (await env.get_current_time()).astimezone(CHINA_TZ).date()


async def start(
    sessions: sessionmaker[Session], client: Client, task_queue: str, env: WorkflowEnvironment, own_power: bool = False
) -> models.Case:
    now = await env.get_current_time()
    with sessions() as db:
        enterprise = db.scalars(
            select(models.Enterprise).where(models.Enterprise.jurisdiction_code == "530302")
        ).first()
        assert enterprise is not None
        return await start_rectification(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, "ql.handler"),
            start=RectificationStart(
                enterprise_id=enterprise.id,
                inspection_record_no="麒应急检〔2026〕15号",
                inspected_on=now.astimezone(CHINA_TZ).date(),
                findings="可燃气体报警器失效",
                own_enforcement_power=own_power,
            ),
            now=now,
        )


def documents(sessions: sessionmaker[Session], case_id: int) -> dict[str, models.Document]:
    with sessions() as db:
        return {d.doc_type: d for d in db.scalars(select(models.Document).where(models.Document.case_id == case_id))}


def kinds(sessions: sessionmaker[Session], case_id: int) -> list[str]:
    return [e.kind for e in events(sessions, case_id)]


async def order_and_serve(
    sessions: sessionmaker[Session], client: Client, env: WorkflowEnvironment, case_id: int
) -> dt.date:
    """Order, then serve two days later: the period runs from service. Returns the deadline."""
    await complete(sessions, client, "ql.handler", case_id, "order", ORDER)
    await env.sleep(dt.timedelta(days=2))
    served = await today(env)
    await complete(
        sessions,
        client,
        "ql.handler",
        case_id,
        "service",
        {"method": "direct", "served_on": served.isoformat(), "recipient": "企业安全负责人 王五"},
    )
    return served + dt.timedelta(days=ORDER["period_days"])


async def to_penalty(sessions: sessionmaker[Session], client: Client, env: WorkflowEnvironment, case_id: int) -> None:
    await order_and_serve(sessions, client, env, case_id)
    await env.sleep(dt.timedelta(days=33))  # the period runs out without a completion report
    await open_task(sessions, case_id, "reinspection")
    await complete(
        sessions,
        client,
        "ql.handler",
        case_id,
        "reinspection",
        {"result": "not_rectified", "inspected_on": (await today(env)).isoformat(), "opinion": "报警器仍未更换"},
    )


async def notice(
    sessions: sessionmaker[Session], client: Client, env: WorkflowEnvironment, case_id: int, serious: bool
) -> None:
    await complete(
        sessions,
        client,
        "ql.handler",
        case_id,
        "penalty_notice",
        {
            "facts": "逾期未整改重大事故隐患",
            "basis": "安全生产法第一百零二条",
            "fine_cny": 50000,
            "serious": serious,
            "served_on": (await today(env)).isoformat(),
        },
    )


async def decide(
    sessions: sessionmaker[Session], client: Client, env: WorkflowEnvironment, case_id: int, fine: int = 50000
) -> None:
    await complete(
        sessions,
        client,
        "ql.head",
        case_id,
        "penalty_decision",
        {
            "decision": "fine",
            "fine_cny": fine,
            "reasons": "陈述、申辩理由不成立",
            "served_on": (await today(env)).isoformat(),
        },
    )


async def test_rectified_on_reinspection_after_completion_report(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await start(sessions, client, task_queue, time_env)
    order_task = await open_task(sessions, case.id, "order")
    assert order_task.deadline_rule == "rectification.order"
    deadline = await order_and_serve(sessions, client, time_env, case.id)
    order = documents(sessions, case.id)["rectification_order"]
    assert re.fullmatch(r"麒应急责改〔\d{4}〕\d+号", order.number)
    assert "自本指令书送达之日起30日内" in order.html and "可燃气体报警器失效" in order.html
    completion = await open_task(sessions, case.id, "completion")
    # The rectification period runs from the day of service, not from signing.
    assert completion.clock_start_at is not None
    assert completion.due_at.astimezone(CHINA_TZ).date() >= deadline
    assert completion.fixed_due_on == deadline
    row = case_row(sessions, case.id)
    assert row.status == "rectifying" and row.details["rectification_deadline"] == deadline.isoformat()

    with pytest.raises(InvalidInput, match="不能晚于今天"):
        await complete(
            sessions,
            client,
            "ql.handler",
            case.id,
            "completion",
            {"reported_on": (await today(time_env) + dt.timedelta(days=1)).isoformat(), "report": "已更换"},
        )
    await time_env.sleep(dt.timedelta(days=10))
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "completion",
        {"reported_on": (await today(time_env)).isoformat(), "report": "已更换4台报警器并联锁"},
    )
    reinspection = await open_task(sessions, case.id, "reinspection")
    assert reinspection.deadline_rule == "rectification.reinspection"
    await complete(
        sessions,
        client,
        "ql.handler",
        case.id,
        "reinspection",
        {"result": "rectified", "inspected_on": (await today(time_env)).isoformat(), "opinion": "报警器已更换并联锁"},
    )
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "rectified"
    opinion = documents(sessions, case.id)["reinspection_opinion"]
    assert opinion.title == "整改复查意见书" and "已整改到位" in opinion.html and "你单位已报告整改完成" in opinion.html
    row = case_row(sessions, case.id)
    assert row.closed and row.details["reinspection_no"] == opinion.number
    await record_history(client, case.workflow_id, "rectification_rectified")
