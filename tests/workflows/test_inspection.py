"""On-site inspections (现场监督检查) on the time-skipping server: plan, approval, record, and the
case each finding starts; the refusals of the start, the record and the follow-up; an unannounced
inspection by an office whose enterprise refused to sign; an overdue plan escalated."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from db import models
from db.inspection_models import Inspection
from domain.errors import Forbidden, InvalidInput
from domain.inspection import FollowUpStart, InspectionStart
from domain.process_config import ProcessConfig
from services import inspection_plan_hook
from services.inspection_followups import start_follow_up
from services.inspection_intake import start_inspection
from services.principal import visible_cases
from tests.support import fact_day, principal, record_history
from tests.workflows.hazard_helpers import case_row, complete, eventually, open_task, sleep_past_due, tasks_of

ENTERPRISE = "曲靖越州金属制品有限公司"
CHECKLIST = "安全生产责任制落实情况\n特种作业人员持证上岗\n有限空间作业审批"
PLAN = {"matters": "金属冶炼企业专项检查", "checklist": CHECKLIST, "arrangements": "两人一组，查资料、看现场"}


def user_ids(sessions: sessionmaker[Session], *usernames: str) -> list[int]:
    with sessions() as db:
        return [db.scalars(select(models.User.id).where(models.User.username == u)).one() for u in usernames]


def enterprise_id(sessions: sessionmaker[Session], name: str = ENTERPRISE) -> int:
    with sessions() as db:
        return db.scalars(select(models.Enterprise.id).where(models.Enterprise.name == name)).one()


async def start(
    sessions: sessionmaker[Session],
    client: Client,
    task_queue: str,
    now: dt.datetime,
    username: str = "ql.handler",
    **fields: Any,
) -> models.Case:
    colleague = {"ql.handler": "ql.handler2", "ql.office": "ql.office2"}[username]
    body: dict[str, Any] = {
        "enterprise_id": enterprise_id(sessions),
        "mode": "ad_hoc",
        "inspectors": user_ids(sessions, username, colleague),
        "planned_on": fact_day(now).isoformat(),
        **fields,
    }
    with sessions() as db:
        return await start_inspection(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, username),
            start=InspectionStart.model_validate(body),
            now=now,
        )


def record(today: dt.date, findings: str = "", **fields: str) -> dict[str, Any]:
    return {
        "inspected_on": today.isoformat(),
        "place": "越州工业园区熔炼车间",
        "results": "安全生产责任制落实情况：符合\n特种作业人员持证上岗：不符合\n有限空间作业审批：不适用",
        "findings": findings,
        "signature": "signed",
        "signed_by": "王厂长",
        **fields,
    }


async def approved(sessions: sessionmaker[Session], client: Client, case_id: int, approver: str = "ql.head") -> None:
    await complete(sessions, client, "ql.handler" if approver == "ql.head" else "ql.office", case_id, "plan", PLAN)
    await complete(sessions, client, approver, case_id, "plan_approval", {"decision": "approve", "opinion": "同意"})


async def test_violation_finding_starts_a_rectification_case_and_the_inspection_closes(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    today = fact_day(now)
    case = await start(sessions, client, task_queue, now)
    assert case.case_no.startswith("JC-")
    # The head sends the plan back once (北碚 (十四)), then approves it.
    await complete(sessions, client, "ql.handler", case.id, "plan", PLAN)
    returned = {"decision": "return", "opinion": "补充有限空间作业检查"}
    await complete(sessions, client, "ql.head", case.id, "plan_approval", returned)
    await approved(sessions, client, case.id)
    findings = "违法行为：特种作业人员未持证上岗（电焊工2名）\n一般隐患：熔炼炉旁消防通道堆放杂物"
    await complete(sessions, client, "ql.handler", case.id, "record", record(today, findings))
    await eventually(lambda: case_row(sessions, case.id).status == "following_up")
    details = case_row(sessions, case.id).details
    assert [f["kind"] for f in details["findings"]] == ["violation", "general_hazard"]
    assert details["record_no"].startswith("麒应急检记〔") and details["plan_no"].startswith("麒应急检方〔")
    assert details["failed_items"] == ["特种作业人员持证上岗"]

    rectification, link = await _follow_up(sessions, client, task_queue, case.id, 1, now)
    assert rectification.process == "rectification" and link is not None
    assert rectification.details["inspection_record_no"] == details["record_no"]
    # The 一般 hazard enters its closed loop (排查→整改→复查→验收→销号), linked to the inspection.
    general_task = next(t for t in tasks_of(sessions, case.id) if t.step == "follow_up" and t.status == "open")
    assert general_task.title.startswith("落实第2项问题")
    general, general_link = await _follow_up(sessions, client, task_queue, case.id, 2, now)
    assert general.process == "general_hazard" and general_link is not None
    assert general.details["found_by"] == "inspection" and "消防通道" in general.details["description"]
    result = await client.get_workflow_handle(case.workflow_id).result()
    assert result == {"status": "completed", "findings": 2}
    closed = case_row(sessions, case.id)
    assert closed.closed and [f["case_no"] for f in closed.details["findings"]] == [
        rectification.case_no,
        general.case_no,
    ]
    with sessions() as db:
        docs = db.scalars(select(models.Document.doc_type).where(models.Document.case_id == case.id)).all()
        row = db.get(Inspection, case.id)
    assert sorted(docs) == ["inspection_plan", "inspection_record"]
    assert row is not None and row.mode == "ad_hoc" and len(row.inspector_ids) == 2
    await record_history(client, case.workflow_id, "inspection_violation")


async def test_refusals_of_the_start_the_record_and_the_follow_up(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    today = fact_day(now)
    with pytest.raises(ValidationError, match="不得少于两人"):
        InspectionStart.model_validate(
            {"enterprise_id": 1, "mode": "ad_hoc", "inspectors": [1], "planned_on": today.isoformat()}
        )
    with pytest.raises(ValidationError, match="牵头部门"):
        InspectionStart.model_validate(
            {"enterprise_id": 1, "mode": "joint", "inspectors": [1, 2], "planned_on": today.isoformat()}
        )
    with pytest.raises(InvalidInput, match="被检查单位不存在"):
        await start(sessions, client, task_queue, now, enterprise_id=999_999)
    with pytest.raises(InvalidInput, match="本单位执法人员"):
        await start(sessions, client, task_queue, now, inspectors=user_ids(sessions, "ql.handler", "ql.office"))
    with pytest.raises(Forbidden, match="暗查暗访"):
        await start(sessions, client, task_queue, now, username="ql.office")

    case = await start(sessions, client, task_queue, now)
    await approved(sessions, client, case.id)
    incomplete = record(today, results="安全生产责任制落实情况：符合")
    with pytest.raises(InvalidInput, match="没有检查结果"):
        await complete(sessions, client, "ql.handler", case.id, "record", incomplete)
    findings = "重大隐患：熔炼炉冷却水系统无应急水源"
    await complete(sessions, client, "ql.handler", case.id, "record", record(today, findings))
    await open_task(sessions, case.id, "follow_up")
    # A major hazard is never closed on the spot, and a typed number of another kind of case is refused.
    with pytest.raises(InvalidInput, match="不能以当场纠正了结"):
        await complete(
            sessions, client, "ql.handler", case.id, "follow_up", {"outcome": "corrected_on_site", "note": "x"}
        )
    forged = {"outcome": "case_started", "case_id": 1, "case_no": "ZG-2026-00001"}
    with pytest.raises(InvalidInput, match="重大事故隐患挂牌督办"):
        await complete(sessions, client, "ql.handler", case.id, "follow_up", forged)
    with sessions() as db, pytest.raises(InvalidInput, match="隐患等级"):
        await start_follow_up(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, "ql.handler"),
            case_id=case.id,
            finding_no=1,
            choice=FollowUpStart(),
            config=ProcessConfig(),
            now=now,
        )
    with sessions() as db:
        hazard = await start_follow_up(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, "ql.handler"),
            case_id=case.id,
            finding_no=1,
            choice=FollowUpStart(grade=3),
            config=ProcessConfig(),
            now=now,
        )
    assert hazard.process == "hazard" and hazard.details["grade"] == 3
    await eventually(lambda: case_row(sessions, case.id).closed)


async def test_unannounced_inspection_by_an_office_is_hidden_from_the_enterprise_and_records_a_refusal(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    today = fact_day(now)
    case = await start(sessions, client, task_queue, now, username="ql.office", mode="unannounced")
    await approved(sessions, client, case.id, approver="ql.office2")
    refused = record(today, signature="refused", signed_by="", witnesses="园区管委会李某")
    await complete(sessions, client, "ql.office", case.id, "record", refused)
    await eventually(lambda: case_row(sessions, case.id).closed)
    with sessions() as db:
        html = db.scalars(
            select(models.Document.html).where(
                models.Document.case_id == case.id, models.Document.doc_type == "inspection_record"
            )
        ).one()
        seen = db.scalars(select(models.Case.id).where(visible_cases(principal(sessions, "qy.hongda")))).all()
    assert "事先未通知被检查单位" in html and "拒绝签字" in html and "园区管委会李某" in html
    assert case.id not in seen


async def test_an_overdue_plan_is_supervised_by_the_office_above(
    time_env: WorkflowEnvironment, client: Client, sessions: sessionmaker[Session], task_queue: str, case_worker: Worker
) -> None:
    now = await time_env.get_current_time()
    case = await start(
        sessions,
        client,
        task_queue,
        now,
        mode="joint",
        lead_department="麒麟区应急管理局",
        participant_departments=["麒麟区市场监督管理局"],
    )
    await sleep_past_due(time_env, sessions, case.id, "plan")
    await eventually(lambda: any(t.step == "supervision" for t in tasks_of(sessions, case.id)))
    assert case_row(sessions, case.id).details["participant_departments"] == ["麒麟区市场监督管理局"]


async def test_a_complete_record_tells_the_annual_plan_through_the_hook(
    time_env: WorkflowEnvironment,
    client: Client,
    sessions: sessionmaker[Session],
    task_queue: str,
    case_worker: Worker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(inspection_plan_hook, "record_done", lambda db, **kw: calls.append(kw))
    now = await time_env.get_current_time()
    today = fact_day(now)
    plan = _plan_case(sessions, case_row(sessions, (await start(sessions, client, task_queue, now)).id), now)
    case = await start(sessions, client, task_queue, now, mode="planned", plan_case_id=plan.id)
    with sessions() as db:
        row = db.get(Inspection, case.id)
        assert row is not None and (row.mode, row.plan_case_id, row.draw_id) == ("planned", plan.id, None)
    await approved(sessions, client, case.id)
    assert calls == []  # only a complete record counts
    await complete(sessions, client, "ql.handler", case.id, "record", record(today))
    await eventually(lambda: case_row(sessions, case.id).closed)
    assert calls == [{"inspection_case_id": case.id, "plan_case_id": plan.id, "draw_id": None, "inspected_on": today}]


def _plan_case(sessions: sessionmaker[Session], like: models.Case, now: dt.datetime) -> models.Case:
    """A bare annual plan's case of the inspecting bureau (the plan's own tests run its process)."""
    with sessions() as db:
        plan = models.Case(
            case_no=f"JH-hook-{like.id}",
            workflow_id=f"plan-hook-{like.id}",
            process="inspection_plan",
            title="年度监督检查计划",
            status="approved",
            closed=True,
            jurisdiction_code=like.jurisdiction_code,
            jurisdiction_path=like.jurisdiction_path,
            created_at=now,
            updated_at=now,
        )
        db.add(plan)
        db.commit()
        db.refresh(plan)
        db.expunge(plan)
        return plan


async def _follow_up(
    sessions: sessionmaker[Session], client: Client, task_queue: str, case_id: int, finding_no: int, now: dt.datetime
) -> tuple[models.Case, models.CaseLink | None]:
    """The handler starts the case finding `finding_no` calls for; the case and its link back."""
    with sessions() as db:
        started = await start_follow_up(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=principal(sessions, "ql.handler"),
            case_id=case_id,
            finding_no=finding_no,
            choice=FollowUpStart(),
            config=ProcessConfig(),
            now=now,
        )
        return started, db.get(models.CaseLink, (started.id, case_id))
