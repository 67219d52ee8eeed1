"""Overdue rectification: reminders, supervision up the ladder, extension, take-over, suspension."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from domain.errors import Conflict, InvalidInput
from domain.legal_calendar import CHINA_TZ
from tests.support import principal, record_history
from tests.workflows.hazard_helpers import (
    act,
    case_row,
    china_today,
    complete,
    complete_task_id,
    events,
    eventually,
    open_task,
    report,
    tasks_of,
    to_rectification,
)


def _org(sessions: sessionmaker[Session], username: str) -> int:
    return principal(sessions, username).org_id


async def test_overdue_rectification_escalates_to_city_then_province_and_extension_clears_it(
    time_env: WorkflowEnvironment,
    client: Client,
    sessions: sessionmaker[Session],
    task_queue: str,
    case_worker: Worker,
) -> None:
    now = await time_env.get_current_time()
    today = await china_today(client, time_env)
    case = await report(sessions, client, task_queue, now)
    deadline = today + dt.timedelta(days=60)
    await to_rectification(sessions, client, case.id, today, deadline)

    await time_env.sleep(dt.timedelta(days=130))

    city, province = _org(sessions, "qj.office"), _org(sessions, "yn.office")
    await eventually(lambda: any(t.kind == "supervision" and t.org_id == province for t in tasks_of(sessions, case.id)))
    kinds = [e.kind for e in events(sessions, case.id)]
    assert "reminded" in kinds and "overdue" in kinds and "escalated" in kinds
    assert case_row(sessions, case.id).overdue
    rectification = await open_task(sessions, case.id, "rectification")
    assert rectification.overdue
    supervisions = [t for t in tasks_of(sessions, case.id) if t.kind == "supervision"]
    first_rung = [t for t in supervisions if t.parent_task_id == rectification.id]
    assert [t.org_id for t in first_rung] == [city]  # each rung once
    second_rung = [t for t in supervisions if t.parent_task_id == first_rung[0].id]
    assert [t.org_id for t in second_rung] == [province]
    assert any(t.step == "progress_report" and t.status == "open" for t in tasks_of(sessions, case.id))

    # The city office urges (logged, stays open), then grants an extension.
    await complete_task_id(
        sessions,
        client,
        "qj.office",
        first_rung[0].id,
        {"decision": "urge", "reason": "请立即整改"},
    )
    assert events(sessions, case.id)[-1].kind == "urged"
    assert next(t for t in tasks_of(sessions, case.id) if t.id == first_rung[0].id).status == "open"
    new_due = (await time_env.get_current_time()).astimezone(CHINA_TZ).date() + dt.timedelta(days=30)
    await complete_task_id(
        sessions,
        client,
        "qj.office",
        first_rung[0].id,
        {"decision": "extend", "reason": "设备到货延迟，准予延期", "new_due": new_due.isoformat()},
    )
    rectification = await open_task(sessions, case.id, "rectification")
    assert not rectification.overdue
    assert rectification.due_at.astimezone(CHINA_TZ).date() >= new_due
    # Only the quarterly progress report (due day 105) is still late.
    late = {t.step for t in tasks_of(sessions, case.id) if t.status == "open" and t.overdue and t.kind == "step"}
    assert late == {"progress_report"}
    settled = {t.id: t.status for t in tasks_of(sessions, case.id)}
    assert settled[first_rung[0].id] == "completed" and settled[second_rung[0].id] == "cancelled"
    # The moved deadline is not breached again while its new schedule is computed (one-clock:
    # the case clock must not read the old due moment as a fresh breach).
    await time_env.sleep(dt.timedelta(days=1))
    rungs = [t for t in tasks_of(sessions, case.id) if t.kind == "supervision" and t.parent_task_id == rectification.id]
    assert [t.id for t in rungs] == [first_rung[0].id]
    await record_history(client, case.workflow_id, "hazard_escalation_ladder_extension")
    await client.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_extension_request_is_decided_by_the_listing_office(
    time_env: WorkflowEnvironment,
    client: Client,
    sessions: sessionmaker[Session],
    task_queue: str,
    case_worker: Worker,
) -> None:
    now = await time_env.get_current_time()
    today = await china_today(client, time_env)
    case = await report(sessions, client, task_queue, now)
    deadline = today + dt.timedelta(days=120)
    await to_rectification(sessions, client, case.id, today, deadline)

    with pytest.raises(InvalidInput, match="须晚于现有整改期限"):
        await act(
            sessions,
            client,
            "ql.handler",
            case.id,
            "request_extension",
            {"requested_deadline": deadline.isoformat(), "reason": "资金未到位"},
        )
    requested = deadline + dt.timedelta(days=45)
    await act(
        sessions,
        client,
        "ql.handler",
        case.id,
        "request_extension",
        {"requested_deadline": requested.isoformat(), "reason": "关键设备供货周期长"},
    )
    with pytest.raises(Conflict, match="待审批"):
        await act(
            sessions,
            client,
            "ql.handler",
            case.id,
            "request_extension",
            {"requested_deadline": requested.isoformat(), "reason": "重复申请"},
        )
    await complete(
        sessions,
        client,
        "ql.office",
        case.id,
        "extension_decision",
        {"decision": "approve", "new_deadline": requested.isoformat(), "opinion": "同意延期"},
    )
    await eventually(lambda: case_row(sessions, case.id).details.get("rectification_deadline") == requested.isoformat())
    rectification = await open_task(sessions, case.id, "rectification")
    assert rectification.due_at.astimezone(CHINA_TZ).date() >= requested
    assert "deadline_moved" in [e.kind for e in events(sessions, case.id)]
    await record_history(client, case.workflow_id, "hazard_extension_request")
    await client.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_overdue_listing_decision_taken_over_by_city_office(
    time_env: WorkflowEnvironment,
    client: Client,
    sessions: sessionmaker[Session],
    task_queue: str,
    case_worker: Worker,
) -> None:
    now = await time_env.get_current_time()
    case = await report(sessions, client, task_queue, now)
    await open_task(sessions, case.id, "listing_decision")
    await time_env.sleep(dt.timedelta(days=12))
    supervision = await open_task(sessions, case.id, "supervision")
    assert supervision.org_id == _org(sessions, "qj.office")
    await complete(
        sessions,
        client,
        "qj.office",
        case.id,
        "supervision",
        {"decision": "take_over", "reason": "县级长期未决定，提级办理"},
    )
    listing = await open_task(sessions, case.id, "listing_decision")
    assert listing.org_id == _org(sessions, "qj.office")
    assert "taken_over" in [e.kind for e in events(sessions, case.id)]
    await record_history(client, case.workflow_id, "hazard_take_over")
    await client.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_H11_suspension_order_and_refusal_hand_off_a_crime_transfer_referral(
    time_env: WorkflowEnvironment,
    client: Client,
    sessions: sessionmaker[Session],
    task_queue: str,
    case_worker: Worker,
) -> None:
    now = await time_env.get_current_time()
    today = await china_today(client, time_env)
    case = await report(sessions, client, task_queue, now)
    deadline = today + dt.timedelta(days=30)
    await to_rectification(sessions, client, case.id, today, deadline)
    order = {
        "order_no": "麒应急停〔2026〕5号",
        "scope": "储罐区全部停止作业",
        "reason": "逾期未完成整改",
    }
    with pytest.raises(Conflict, match="逾期"):
        await act(sessions, client, "ql.handler", case.id, "order_suspension", order)

    await time_env.sleep(dt.timedelta(days=40))
    await eventually(lambda: case_row(sessions, case.id).overdue)
    await act(sessions, client, "ql.handler", case.id, "order_suspension", order)
    await act(
        sessions,
        client,
        "ql.handler",
        case.id,
        "report_refusal",
        {"facts": "拒不停产，继续装卸作业", "evidence": "现场照片、视频"},
    )
    row = case_row(sessions, case.id)
    assert row.details["suspension_order"] == order["order_no"]
    assert row.details["crime_transfer_referral"] is True
    assert "crime_transfer_referral" in [e.kind for e in events(sessions, case.id)]
    await record_history(client, case.workflow_id, "hazard_suspension_referral")
    await client.get_workflow_handle(case.workflow_id).terminate("test over")


async def test_H23_extensions_cannot_take_rectification_past_one_year_from_the_decision(
    time_env: WorkflowEnvironment,
    client: Client,
    sessions: sessionmaker[Session],
    task_queue: str,
    case_worker: Worker,
) -> None:
    now = await time_env.get_current_time()
    today = await china_today(client, time_env)
    case = await report(sessions, client, task_queue, now)
    deadline = today + dt.timedelta(days=300)
    await to_rectification(sessions, client, case.id, today, deadline)
    # 300 days decided; the rule's own cap (366 days past the deadline) would allow almost two years.
    with pytest.raises(InvalidInput, match="合计不得超过366日"):
        await act(
            sessions,
            client,
            "ql.handler",
            case.id,
            "request_extension",
            {"requested_deadline": (today + dt.timedelta(days=380)).isoformat(), "reason": "资金未到位"},
        )
    within = today + dt.timedelta(days=366)
    await act(
        sessions,
        client,
        "ql.handler",
        case.id,
        "request_extension",
        {"requested_deadline": within.isoformat(), "reason": "关键设备供货周期长"},
    )
    await open_task(sessions, case.id, "extension_decision")
    with pytest.raises(InvalidInput, match="合计不得超过366日"):
        await complete(
            sessions,
            client,
            "ql.office",
            case.id,
            "extension_decision",
            {"decision": "approve", "new_deadline": (today + dt.timedelta(days=367)).isoformat(), "opinion": "同意"},
        )
    await client.get_workflow_handle(case.workflow_id).terminate("test over")
