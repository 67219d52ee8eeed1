"""举报奖励 (P2) on the 12350 process: the head's decision within the configured band, the notice
read with the tracking code (no identity), and the payment on its clock. Cases started before
the change replay unchanged (tests/replay: `public_report_happy_path.json`)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from domain.errors import Forbidden, InvalidInput
from domain.legal_calendar import CHINA_TZ
from services import public_report_queries
from tests.support import principal, record_history
from tests.workflows.hazard_helpers import complete, events, open_task
from tests.workflows.test_public_report import NAME, PHONE, accept_and_verify, file, today_of


async def test_P2_a_verified_report_is_rewarded_within_its_band_told_by_the_code_and_paid(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    filed = await file(sessions, client, task_queue, now, client_key="reward-1")
    case, today = filed.case, today_of(now)
    await accept_and_verify(sessions, client, case.id, today)
    concluded = {"result": "partly", "conclusion": "部分属实，当场责令改正", "handoff": "none"}
    await complete(sessions, client, "ql.handler", case.id, "conclusion", concluded)
    reply = {"reply": "经核查举报部分属实，已责令改正。", "replied_on": today, "channel": "online"}
    await complete(sessions, client, "ql.handler", case.id, "reply", reply)

    decision = await open_task(sessions, case.id, "reward_decision")
    assert decision.role == "head" and decision.org_id == principal(sessions, "ql.head").org_id
    grant = {"decision": "grant", "category": "major_hazard", "amount": 50000, "reason": "举报重大事故隐患属实"}
    with pytest.raises(Forbidden):
        await complete(sessions, client, "ql.handler", case.id, "reward_decision", {**grant, "amount": 3000})
    with pytest.raises(InvalidInput, match="1000元至30000元"):
        await complete(sessions, client, "ql.head", case.id, "reward_decision", grant)
    await complete(sessions, client, "ql.head", case.id, "reward_decision", {**grant, "amount": 3000})

    payment = await open_task(sessions, case.id, "reward_payment")
    assert payment.deadline_rule == "public_report.reward_payment" and payment.due_at is not None
    tracked = public_report_queries.track_in(sessions, filed.code)
    assert (tracked.closed, tracked.status, tracked.reward_status) == (False, "已决定奖励，待领取", "decided")
    assert "决定给予奖励3000元" in tracked.reward_notice and "凭查询码" in tracked.reward_notice
    assert payment.due_at.astimezone(CHINA_TZ).date().isoformat() in tracked.reward_notice
    assert NAME not in str(tracked) and PHONE not in str(tracked)

    with pytest.raises(InvalidInput):
        await complete(sessions, client, "ql.handler", case.id, "reward_payment", {"paid_on": "2999-01-01"})
    paid = {"paid_on": today, "method": "cash", "note": "凭查询码当面领取"}
    await complete(sessions, client, "ql.handler", case.id, "reward_payment", paid)
    assert (await client.get_workflow_handle(case.workflow_id).result())["status"] == "concluded"
    tracked = public_report_queries.track_in(sessions, filed.code)
    assert (tracked.closed, tracked.reward_status) == (True, "paid")
    assert {"reward_decided"} <= {e.kind for e in events(sessions, case.id)}
    history = await client.get_workflow_handle(case.workflow_id).fetch_history()
    recorded = b"".join(event.SerializeToString() for event in history.events)
    assert PHONE.encode() not in recorded and NAME.encode() not in recorded
    await record_history(client, case.workflow_id, "public_report_reward_paid")
