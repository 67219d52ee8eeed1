"""Demo annual enforcement plans (issue 20): one drafted and awaiting approval, one approved and
filed, one drafted late (after 31 January, so its approval is overdue at once); and one run of
the configured quarterly campaign (a task for each bureau of 曲靖市)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from db import models
from domain.inspection_plan import PlanDraft
from services.campaign_schedules import load_campaigns
from services.inspection_plan_intake import draft_plan
from services.principal import load_principal
from workflows.inspection_campaign.contracts import CampaignLaunchResult, CampaignRun

Step = Callable[[str, int, str, dict[str, Any]], Awaitable[None]]
CONTENTS = ("重大危险源和危险化学品储存管控", "有限空间作业和动火作业管理", "粉尘涉爆除尘系统")


def _items(db: Session, jurisdiction_code: str) -> list[dict[str, Any]]:
    ids = db.scalars(
        select(models.Enterprise.id).where(models.Enterprise.jurisdiction_code == jurisdiction_code).limit(3)
    ).all()
    grades = ("major", "high", "general")
    return [
        {"enterprise_id": i, "risk_grade": grades[n], "content": CONTENTS[n], "frequency": 4 - n,
         "measures": "现场检查；发现问题责令限期整改", "months": [3, 6, 9, 12][: 4 - n]}
        for n, i in enumerate(ids)
    ]  # fmt: skip


async def load_demo_plans(
    sessions: sessionmaker[Session], client: Client, task_queue: str, now: dt.datetime, step: Step
) -> int:
    year = now.year

    async def draft(username: str, jurisdiction_code: str, plan_year: int) -> int:
        with sessions() as db:
            user = db.scalars(select(models.User).where(models.User.username == username)).one()
            drafted = await draft_plan(
                db=db,
                client=client,
                task_queue=task_queue,
                principal=load_principal(db, user),
                draft=PlanDraft.model_validate({"year": plan_year, "items": _items(db, jurisdiction_code)}),
                now=now,
            )
            return drafted.case.id

    await draft("ql.handler", "530302", year + 1)  # drafted in good time, awaiting approval
    filed = await draft("zy.handler", "530303", year)  # late, then approved and filed
    approval = {"decision": "approve", "approval_no": f"沾政复〔{year}〕12号", "opinion": "同意，按计划实施"}
    await step("zy.office", filed, "approval", approval)
    today = now.date().isoformat()
    await step("zy.office", filed, "filing_office", {"filed_on": today, "file_no": f"沾安办备〔{year}〕3号"})
    await step("qj.handler", filed, "filing_upper", {"filed_on": today})
    await draft("jh.handler", "532801", year)  # late: overdue from its first day, escalated
    opened = 0
    for campaign in load_campaigns()[:1]:  # what the schedule would do on its next run, now
        run = CampaignRun(
            campaign.code, campaign.title, campaign.kind, campaign.jurisdiction, campaign.report_days, campaign.sector
        )
        result = await client.execute_workflow(
            "CampaignLaunchWorkflow",
            run,
            id=f"demo-{campaign.schedule_id}",
            task_queue=task_queue,
            result_type=CampaignLaunchResult,
        )
        opened += result.opened
    return 3 + opened
