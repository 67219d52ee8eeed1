"""The annual enforcement plan (年度监督检查计划) on the time-skipping server: drafted, returned and
revised, approved, filed with the 安委办 and the upper department, adjusted during the year; a
plan drafted after 31 January is overdue at once and escalates; progress counts what was done."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from domain import inspection_plan as ip
from domain.errors import Conflict, Forbidden, InvalidInput
from domain.legal_calendar import CHINA_TZ
from services import inspection_plan_hook, plan_progress
from services.inspection_plan_intake import DraftedPlan, draft_plan
from tests.support import principal, record_history
from tests.workflows.hazard_helpers import act, case_row, complete, eventually, open_task, tasks_of

BUREAU_CODE = "530302"  # 麒麟区


def enterprises(sessions: sessionmaker[Session], n: int = 2) -> list[models.Enterprise]:
    with sessions() as db:
        rows = db.scalars(
            select(models.Enterprise)
            .where(models.Enterprise.jurisdiction_code == BUREAU_CODE)
            .order_by(models.Enterprise.id)
        ).all()
    assert len(rows) >= n
    return list(rows[:n])


def items(sessions: sessionmaker[Session]) -> list[dict[str, Any]]:
    first, second = enterprises(sessions)
    return [
        {"enterprise_id": first.id, "risk_grade": "major", "content": "重大危险源管控", "frequency": 4,
         "measures": "现场检查、责令限期整改", "months": [3, 6, 9, 12]},
        {"enterprise_id": second.id, "risk_grade": "general", "content": "有限空间作业", "frequency": 1,
         "measures": "现场检查"},
    ]  # fmt: skip


async def draft(
    sessions: sessionmaker[Session],
    client: Client,
    task_queue: str,
    now: dt.datetime,
    year: int,
    username: str = "ql.handler",
) -> DraftedPlan:
    with sessions() as db:
        return await draft_plan(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, username),
            draft=ip.PlanDraft.model_validate({"year": year, "items": items(sessions)}),
            now=now,
        )


APPROVE = {"decision": "approve", "approval_no": "麒政复〔2027〕3号", "opinion": "同意"}


async def file_both(sessions: sessionmaker[Session], client: Client, case_id: int, today: str) -> None:
    await complete(
        sessions, client, "ql.office", case_id, "filing_office", {"filed_on": today, "file_no": "麒安办备1号"}
    )
    await complete(sessions, client, "qj.handler", case_id, "filing_upper", {"filed_on": today})


async def test_plan_is_returned_revised_approved_filed_and_adjusted_keeping_its_versions(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    year = now.astimezone(CHINA_TZ).year + 1
    drafted = await draft(sessions, client, task_queue, now, year)
    case = drafted.case
    assert drafted.first_task is not None and drafted.first_task.step == "approval"
    approval = await open_task(sessions, case.id, "approval")
    assert approval.org_id == principal(sessions, "ql.office").org_id
    assert approval.fixed_due_on == ip.approval_due(year)  # 北碚 (十四): by 31 January
    assert not case_row(sessions, case.id).overdue
    with pytest.raises(Conflict, match="已存在"):
        await draft(sessions, client, task_queue, now, year)

    await complete(sessions, client, "ql.office", case.id, "approval", {"decision": "return", "opinion": "频次不足"})
    first = enterprises(sessions)[0]
    revised = f"{first.id}|重大|重大危险源管控|6|现场检查|1,3,5,7,9,11"
    with pytest.raises(InvalidInput, match="第1行"):
        await complete(sessions, client, "ql.handler", case.id, "revision", {"items_text": "x|y", "note": "补充"})
    await complete(sessions, client, "ql.handler", case.id, "revision", {"items_text": revised, "note": "提高检查频次"})
    again = await open_task(sessions, case.id, "approval")
    assert again.fixed_due_on == ip.approval_due(year)
    with pytest.raises(InvalidInput, match="批准文号"):
        await complete(sessions, client, "ql.office", case.id, "approval", {**APPROVE, "approval_no": ""})
    await complete(sessions, client, "ql.office", case.id, "approval", APPROVE)
    today = now.astimezone(CHINA_TZ).date().isoformat()
    with pytest.raises(Conflict, match="尚未批准备案"):
        await act(sessions, client, "ql.handler", case.id, "adjust_plan", {"items_text": revised, "reason": "新增"})
    await file_both(sessions, client, case.id, today)
    await eventually(lambda: case_row(sessions, case.id).status == "in_force")

    adjusted = revised + f"\n{enterprises(sessions)[1].id}|较大|粉尘防爆|2|现场检查|4,10"
    with pytest.raises(Forbidden):
        await act(sessions, client, "ql.office", case.id, "adjust_plan", {"items_text": adjusted, "reason": "新增"})
    await act(
        sessions, client, "ql.handler", case.id, "adjust_plan", {"items_text": adjusted, "reason": "新增粉尘涉爆企业"}
    )
    with pytest.raises(Conflict, match="待审查批准"):
        await act(sessions, client, "ql.handler", case.id, "adjust_plan", {"items_text": adjusted, "reason": "再调"})
    await complete(
        sessions, client, "ql.office", case.id, "adjustment_approval", {**APPROVE, "approval_no": "麒政复〔2027〕9号"}
    )
    await file_both(sessions, client, case.id, today)
    await eventually(lambda: case_row(sessions, case.id).status == "in_force")
    details = case_row(sessions, case.id).details
    assert [v["status"] for v in details["versions"]] == ["returned", "approved", "approved"]
    assert len(details["items"]) == 2 and details["items"][1]["risk_grade"] == "high"
    await record_history(client, case.workflow_id, "inspection_plan_adjusted")


async def test_late_plan_is_overdue_at_once_escalates_and_its_progress_counts_what_was_done(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    year = now.astimezone(CHINA_TZ).year
    with pytest.raises(InvalidInput, match="计划年度"):
        await draft(sessions, client, task_queue, now, year + 2, "zy.handler")
    with sessions() as db, pytest.raises(InvalidInput, match="企业不存在"):
        body = {"year": year, "items": [{**items(sessions)[0], "enterprise_id": 2_000_000}]}
        await draft_plan(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, "zy.handler"),
            draft=ip.PlanDraft.model_validate(body),
            now=now,
        )
    with sessions() as db, pytest.raises(InvalidInput, match="管辖范围"):
        await draft_plan(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, "zy.handler"),
            draft=ip.PlanDraft.model_validate({"year": year, "items": items(sessions)}),
            now=now,
        )

    drafted = await draft(sessions, client, task_queue, now, year, "ql.handler")
    case = drafted.case

    # 北碚 (十四): after 31 January the approval is overdue from its first day and goes to 督办.
    def supervision() -> list[models.Task]:
        return [t for t in tasks_of(sessions, case.id) if t.step == "supervision" and t.status == "open"]

    await eventually(lambda: bool(supervision()))
    assert supervision()[0].org_id == principal(sessions, "qj.office").org_id
    assert case_row(sessions, case.id).overdue
    # The office could not supervise before the plan existed: its period runs from the drafting,
    # so its 督办 is not born overdue and nothing cascades to the province.
    first = supervision()[0]
    assert not first.overdue and first.due_at is not None and first.due_at > now
    assert len(supervision()) == 1
    await record_history(client, case.workflow_id, "inspection_plan_late")

    # Progress: inspections done count against their months and never beyond an item's number.
    first, second = enterprises(sessions)
    with sessions() as db:
        inspection = models.Case(
            case_no=f"JC-T-{case.id}",
            workflow_id=f"inspection-T-{case.id}",
            process="inspection",
            title="检查",
            status="closed",
            jurisdiction_code=BUREAU_CODE,
            jurisdiction_path=case.jurisdiction_path,
            created_at=now,
            updated_at=now,
            details={},
            enterprise_id=first.id,
        )
        db.add(inspection)
        db.commit()
        march = dt.date(year, 3, 10)
        # The inspection's complete record reaches the plan through its hook (as its activity does).
        for day in (march, dt.date(year - 1, 12, 1)):  # the second, outside the plan's year, is not counted
            inspection_plan_hook.record_done(
                db, inspection_case_id=inspection.id, plan_case_id=case.id, draw_id=None, inspected_on=day
            )
        plan_progress.record_done(db, case.id, first.id, inspection.id, march)  # the same inspection: once
        db.commit()
        with pytest.raises(InvalidInput, match="计划年度"):
            plan_progress.record_done(db, case.id, first.id, inspection.id, dt.date(year - 1, 12, 1))
        result = plan_progress.plan_progress(db, principal(sessions, "qj.office"), case.id)
    months = {m.month: m for m in result.progress.months}
    assert (result.progress.planned, result.progress.done) == (5, 1)
    assert (months[3].planned, months[3].done, months[1].planned) == (1, 1, 1)  # second: 1 visit, spread → January
    assert months[12].planned_to_date == 5 and months[12].done_to_date == 1
    assert {e.enterprise_id: e.done for e in result.progress.enterprises} == {first.id: 1, second.id: 0}
    summaries = plan_progress.plans_in_view(db, principal(sessions, "qj.office"), year)
    assert any(s.case_id == case.id and s.overdue for s in summaries)
