"""安全生产法 art 73 in the public-report workflow (P1): transfer to another department, reports
involving deaths referred to the county-level people's government, the head's signature on
rectification measures."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from domain.errors import Forbidden, InvalidInput
from domain.legal_calendar import CHINA_TZ
from services import public_report_queries
from tests.support import record_history
from tests.workflows.hazard_helpers import case_row, complete, events, open_task
from tests.workflows.test_public_report import accept_and_verify, file, today_of


async def test_P1_a_report_outside_the_remit_is_transferred_to_another_department_and_the_reporter_told(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    filed = await file(sessions, client, task_queue, now, client_key="law-bl-1")
    case = filed.case
    transfer = {"decision": "transfer", "reason": "食品生产许可问题，属市场监管职责"}
    with pytest.raises(InvalidInput, match="部门或人民政府名称"):
        await complete(sessions, client, "ql.handler", case.id, "triage", transfer)
    transfer["department"] = "麒麟区市场监督管理局"
    await complete(sessions, client, "ql.handler", case.id, "triage", transfer)
    assert case_row(sessions, case.id).status == "transferred"
    assert "transferred" in [e.kind for e in events(sessions, case.id)]
    reply = {"reply": "您举报的事项已转交麒麟区市场监督管理局处理。", "replied_on": today_of(now), "channel": "online"}
    await complete(sessions, client, "ql.handler", case.id, "reply", reply)
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "transferred"
    tracked = public_report_queries.track_in(sessions, filed.code)
    assert (tracked.status, tracked.closed) == ("已转交有关部门处理", True)
    assert case_row(sessions, case.id).details["handed_over_to"] == "麒麟区市场监督管理局"
    await record_history(client, case.workflow_id, "public_report_transferred")


async def test_P1_a_report_involving_deaths_is_referred_to_the_county_government_not_verified_by_the_bureau(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = (await file(sessions, client, task_queue, now, client_key="law-bl-2")).case
    death = {"involves_death": True, "reason": "举报称清罐作业致1人死亡"}
    # 安全生产法 art 73(2): the bureau may neither verify it alone nor refuse it.
    for decision in ("accept", "not_accept"):
        with pytest.raises(InvalidInput, match="县级以上人民政府"):
            await complete(sessions, client, "ql.handler", case.id, "triage", {**death, "decision": decision})
    with pytest.raises(InvalidInput, match="涉及人员死亡"):
        government = {"decision": "government", "department": "麒麟区人民政府", "reason": "x"}
        await complete(sessions, client, "ql.handler", case.id, "triage", government)
    referral = {**death, "decision": "government", "department": "麒麟区人民政府"}
    await complete(sessions, client, "ql.handler", case.id, "triage", referral)
    assert case_row(sessions, case.id).status == "government"
    reply = {"reply": "您举报的事项已报请麒麟区人民政府组织核查处理。", "replied_on": today_of(now), "channel": "sms"}
    await complete(sessions, client, "ql.handler", case.id, "reply", reply)
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "government"
    assert case_row(sessions, case.id).details["involves_death"] is True


async def test_P1_P5_rectification_measures_are_signed_by_the_head_within_the_reply_period(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = (await file(sessions, client, task_queue, now, client_key="law-bl-3")).case
    await accept_and_verify(sessions, client, case.id, today_of(now))
    concluded = {"result": "substantiated", "conclusion": "另案责令限期整改", "handoff": "hazard"}
    await complete(sessions, client, "ql.handler", case.id, "conclusion", concluded)
    task = await open_task(sessions, case.id, "rectification_sign")
    assert task.role == "head"
    signed = {"measures": "挂牌督办储罐区重大事故隐患", "decision": "sign"}
    with pytest.raises(Forbidden):  # the handler cannot sign for the head
        await complete(sessions, client, "ql.handler", case.id, "rectification_sign", signed)
    await time_env.sleep(dt.timedelta(days=3))  # the head signs three days after the conclusion
    await complete(sessions, client, "ql.head", case.id, "rectification_sign", signed)
    assert case_row(sessions, case.id).status == "replying"
    assert case_row(sessions, case.id).details["rectification_measures"] == "挂牌督办储罐区重大事故隐患"
    # P5: the reporter is still answered within the 10 days from the conclusion, not from the signature.
    reply = await open_task(sessions, case.id, "reply")
    assert task.due_at is not None and reply.due_at is not None
    assert reply.due_at.astimezone(CHINA_TZ).date() == task.due_at.astimezone(CHINA_TZ).date()
    assert "head_signed" in [e.kind for e in events(sessions, case.id)]
    await client.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_P1_a_report_without_rectification_needs_no_signature(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = (await file(sessions, client, task_queue, now, client_key="law-bl-4")).case
    await accept_and_verify(sessions, client, case.id, today_of(now))
    concluded = {"result": "not_substantiated", "conclusion": "未发现违法行为", "handoff": "none"}
    await complete(sessions, client, "ql.handler", case.id, "conclusion", concluded)
    assert case_row(sessions, case.id).status == "replying"
    await client.get_workflow_handle(case.workflow_id).terminate("test over")
