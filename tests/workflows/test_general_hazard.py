"""The closed loop of a 一般事故隐患 on the time-skipping server: the enterprise reports its
rectification, the bureau re-checks (a failure returns it), accepts and strikes it off; a lapsed
period goes to the bureau's follow-up, never up the escalation ladder."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from domain.errors import Forbidden, InvalidInput, NotFound
from domain.legal_calendar import CHINA_TZ
from services.general_hazard_intake import start_general_hazard
from tests.support import principal, record_history
from tests.workflows.general_hazard_support import own_enterprise
from tests.workflows.hazard_helpers import case_row, complete, events, open_task, sleep_past_due

ENTERPRISE = "麒麟区闭环管理测试机械有限公司"
OWNER = "qy.bihuan"


async def found(
    env: WorkflowEnvironment, sessions: sessionmaker[Session], client: Client, task_queue: str, **options: object
) -> models.Case:
    enterprise_id = own_enterprise(sessions, ENTERPRISE, 88_000_701, OWNER)
    with sessions() as db:
        return await start_general_hazard(
            db,
            client,
            principal(sessions, "ql.handler"),
            enterprise_id,
            "车间配电箱门未关闭，警示标识缺失",
            "inspection",
            task_queue=task_queue,
            now=await env.get_current_time(),
            **options,  # type: ignore[arg-type]
        )


async def today(env: WorkflowEnvironment) -> str:
    return (await env.get_current_time()).astimezone(CHINA_TZ).date().isoformat()


async def test_enterprise_reports_bureau_rechecks_returns_then_accepts_and_strikes_off(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await found(time_env, sessions, client, task_queue)
    task = await open_task(sessions, case.id, "rectification")
    assert task.org_id == principal(sessions, "ql.handler").org_id
    assert case_row(sessions, case.id).status == "rectifying"
    day = await today(time_env)
    report = {"rectified_on": day, "measures": "关闭配电箱门并加锁，补设警示标识"}
    # Another enterprise never reaches the case (404); the bureau's other steps are not the enterprise's.
    with pytest.raises(NotFound):
        await complete(sessions, client, "qy.hongda", case.id, "rectification", report)
    await complete(sessions, client, OWNER, case.id, "rectification", report)
    await open_task(sessions, case.id, "recheck")
    with pytest.raises(Forbidden):
        await complete(
            sessions, client, OWNER, case.id, "recheck", {"checked_on": day, "result": "passed", "opinion": "好"}
        )

    failed = {"checked_on": day, "result": "failed", "opinion": "警示标识不符合GB 2894", "new_deadline": day}
    with pytest.raises(InvalidInput, match="晚于今天"):
        await complete(sessions, client, "ql.handler", case.id, "recheck", failed)
    new_deadline = (dt.date.fromisoformat(day) + dt.timedelta(days=7)).isoformat()
    await complete(sessions, client, "ql.handler", case.id, "recheck", {**failed, "new_deadline": new_deadline})
    second = await open_task(sessions, case.id, "rectification")
    assert second.due_at.astimezone(CHINA_TZ).date().isoformat() >= new_deadline
    assert case_row(sessions, case.id).details["rounds"] == 2

    await complete(sessions, client, OWNER, case.id, "rectification", {**report, "measures": "按GB 2894更换标识"})
    await complete(
        sessions, client, "ql.handler", case.id, "recheck", {"checked_on": day, "result": "passed", "opinion": "到位"}
    )
    assert case_row(sessions, case.id).status == "accepting"
    accept = {"accepted_on": day, "decision": "accept", "opinion": "验收合格"}
    await complete(sessions, client, "ql.handler", case.id, "acceptance", accept)
    result = await client.get_workflow_handle(case.workflow_id).result()
    assert result == {"status": "closed_out", "rounds": 2}
    row = case_row(sessions, case.id)
    assert row.closed and row.status == "closed_out" and row.details["closed_out_on"] == day
    assert "recheck_failed" in [e.kind for e in events(sessions, case.id)]
    await record_history(client, case.workflow_id, "general_hazard_closed_loop")


async def test_lapsed_period_goes_to_the_bureaus_follow_up_not_the_ladder(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await found(time_env, sessions, client, task_queue)
    await sleep_past_due(time_env, sessions, case.id, "rectification")
    follow_up = await open_task(sessions, case.id, "follow_up")
    assert follow_up.org_id == principal(sessions, "ql.handler").org_id
    kinds = [e.kind for e in events(sessions, case.id)]
    assert "period_lapsed" in kinds and not {"overdue", "escalated"} & set(kinds)
    with pytest.raises(InvalidInput, match="重新确定的整改期限"):
        await complete(
            sessions, client, "ql.handler", case.id, "follow_up", {"decision": "new_period", "opinion": "限期"}
        )
    refer = {"decision": "referred", "opinion": "拒不整改，另案立案处罚"}
    await complete(sessions, client, "ql.handler", case.id, "follow_up", refer)
    result = await client.get_workflow_handle(case.workflow_id).result()
    assert result["status"] == "referred"
    await record_history(client, case.workflow_id, "general_hazard_lapsed")


async def test_declared_rectified_goes_straight_to_recheck_and_intake_refuses_strangers(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    case = await found(time_env, sessions, client, task_queue, already_rectified=True)
    await open_task(sessions, case.id, "recheck")
    enterprise_id = case.enterprise_id
    assert enterprise_id is not None
    now = await time_env.get_current_time()
    with sessions() as db:
        with pytest.raises(Forbidden, match="管辖范围"):
            await start_general_hazard(
                db, client, principal(sessions, "zy.handler"), enterprise_id, "x", "inspection", now=now
            )
        with pytest.raises(Forbidden, match="本企业"):
            await start_general_hazard(
                db, client, principal(sessions, "qy.hongda"), enterprise_id, "x", "self_report", now=now
            )
        with pytest.raises(InvalidInput):
            await start_general_hazard(
                db, client, principal(sessions, "ql.handler"), enterprise_id, "", "inspection", now=now
            )
