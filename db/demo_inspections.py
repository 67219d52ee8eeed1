"""Demo inspections, one in each state: being planned, awaiting approval, awaiting the visit, with a
finding to follow up, and closed after a violation started a rectification case (plus an
unannounced inspection by the office, closed without findings)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from db import models
from domain.inspection import FollowUpStart, InspectionStart
from domain.legal_calendar import CHINA_TZ
from domain.process_config import ProcessConfig
from services.inspection_followups import start_follow_up
from services.inspection_intake import start_inspection
from services.principal import Principal, load_principal

Step = Callable[[str, int, str, dict[str, Any]], Awaitable[None]]
CHECKLIST = "安全生产责任制和规章制度\n特种作业人员持证上岗\n重大危险源监测监控"
PLAN = {
    "matters": "危险化学品储存场所专项检查",
    "checklist": CHECKLIST,
    "arrangements": "查阅资料、查看现场、询问从业人员",
}


def _principal(sessions: sessionmaker[Session], username: str) -> Principal:
    with sessions() as db:
        user = db.scalars(select(models.User).where(models.User.username == username)).one()
        return load_principal(db, user)


def _ids(sessions: sessionmaker[Session], *names: str) -> list[int]:
    with sessions() as db:
        return [db.scalars(select(models.User.id).where(models.User.username == n)).one() for n in names]


async def load_demo_inspections(
    sessions: sessionmaker[Session],
    client: Client,
    task_queue: str,
    config: ProcessConfig,
    now: dt.datetime,
    step: Step,
) -> int:
    today = now.astimezone(CHINA_TZ).date()

    async def start(username: str, enterprise: str, mode: str, **extra: Any) -> int:
        colleague = {"ql.handler": "ql.handler2", "ql.office": "ql.office2"}[username]
        with sessions() as db:
            ent = db.scalars(select(models.Enterprise.id).where(models.Enterprise.name == enterprise)).one()
            body = {"enterprise_id": ent, "mode": mode, "inspectors": _ids(sessions, username, colleague)}
            case = await start_inspection(
                db=db,
                client=client,
                task_queue=task_queue,
                principal=_principal(sessions, username),
                start=InspectionStart.model_validate({**body, "planned_on": today.isoformat(), **extra}),
                now=now,
            )
            return case.id

    def record(findings: str = "", **extra: str) -> dict[str, Any]:
        return {
            "inspected_on": today.isoformat(),
            "place": "储罐区及仓库",
            "results": "安全生产责任制和规章制度：符合\n特种作业人员持证上岗：不符合\n重大危险源监测监控：符合",
            "findings": findings,
            "signature": "signed",
            "signed_by": "企业主要负责人",
            **extra,
        }

    async def approved(case_id: int, by: str = "ql.handler", head: str = "ql.head") -> None:
        await step(by, case_id, "plan", PLAN)
        await step(head, case_id, "plan_approval", {"decision": "approve", "opinion": "同意"})

    await start("ql.handler", "麒麟区宏达建材有限公司", "ad_hoc")  # 待编制现场检查方案
    joint = await start(
        "ql.handler",
        "麒麟区南城烟花爆竹经营部",
        "joint",
        lead_department="麒麟区应急管理局",
        participant_departments=["麒麟区市场监督管理局", "麒麟区消防救援大队"],
    )
    await step("ql.handler", joint, "plan", PLAN)  # 待审批现场检查方案
    waiting = await start("ql.handler", "曲靖越州金属制品有限公司", "ad_hoc")
    await approved(waiting)  # 待现场检查
    pending = await start("ql.handler", "曲靖市麒麟煤化工有限公司", "ad_hoc")
    await approved(pending)
    await step("ql.handler", pending, "record", record("一般隐患：2号储罐防火堤内堆放废旧包装桶"))  # 待处理
    done = await start("ql.handler", "曲靖市珠源危险化学品储运有限公司", "ad_hoc")
    await approved(done)
    await step("ql.handler", done, "record", record("违法行为：2名装卸人员未取得特种作业操作证上岗作业"))
    for _ in range(300):  # the follow-up task is projected asynchronously
        with sessions() as db:
            case = db.get(models.Case, done)
            if case is not None and case.status == "following_up":
                break
        await asyncio.sleep(0.1)
    with sessions() as db:
        await start_follow_up(
            db=db,
            client=client,
            task_queue=task_queue,
            principal=_principal(sessions, "ql.handler"),
            case_id=done,
            finding_no=1,
            choice=FollowUpStart(grade=None, category=None, own_enforcement_power=False),
            config=config,
            now=now,
        )  # closed; the rectification case it started links back to it
    unannounced = await start("ql.office", "麒麟区宏达建材有限公司", "unannounced")
    await approved(unannounced, by="ql.office", head="ql.office2")
    await step(
        "ql.office", unannounced, "record", record(signature="refused", signed_by="", witnesses="园区管委会工作人员")
    )
    return 7
