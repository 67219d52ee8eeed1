"""A bureau drafts its annual enforcement plan (年度监督检查计划): checks, the case row, the
plan's key (one per bureau and year), then the workflow. Bad input writes nothing.

The first task — the government's review, due 31 January of the plan's year (北碚 (十四)) —
is returned with the case, so a caller sees at once whether the plan is already late.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from temporalio.client import Client

from db import models
from db.organisation_queries import org_in, path_codes, upper_org
from db.plan_models import InspectionPlan
from domain import inspection_plan as ip
from domain.enterprise_register import CLOSED
from domain.errors import Conflict, Forbidden, InvalidInput
from domain.legal_calendar import CHINA_TZ
from domain.roles import OrgType, Role
from services.case_start import number_case, start_case_workflow
from services.principal import Principal, require_role
from workflows.contracts import CaseStart
from workflows.inspection_plan import PROCESS, InspectionPlanWorkflow
from workflows.inspection_plan.contracts import InspectionPlanInput

FIRST_TASK_WAIT = 5.0  # seconds: the first task is projected by the worker, asynchronously


@dataclass(frozen=True)
class DraftedPlan:
    case: models.Case
    first_task: models.Task | None  # None when the worker did not project it in time


async def draft_plan(
    *,
    db: Session,
    client: Client,
    task_queue: str,
    principal: Principal,
    draft: ip.PlanDraft,
    now: dt.datetime,
) -> DraftedPlan:
    require_role(principal, Role.HANDLER)
    bureau = db.get(models.Organisation, principal.org_id)
    if bureau is None or bureau.org_type != OrgType.EMERGENCY_BUREAU:
        raise Forbidden("年度执法计划由应急管理部门制订")
    ip.check_year(draft.year, now.astimezone(CHINA_TZ).date())
    names = check_enterprises(db, principal, draft.items)
    office = org_in(db, bureau.jurisdiction_code, OrgType.SAFETY_OFFICE)
    if office is None:
        raise InvalidInput("本级没有安委办，无法报批和备案")
    if db.scalar(
        select(InspectionPlan.case_id).where(InspectionPlan.org_id == bureau.id, InspectionPlan.year == draft.year)
    ):
        raise Conflict(f"本部门{draft.year}年度监督检查计划已存在，请通过“调整计划”修改")
    upper = upper_org(db, bureau, OrgType.EMERGENCY_BUREAU)
    items = [item.model_dump() for item in draft.items]
    case = models.Case(
        case_no="",
        workflow_id="",
        process=PROCESS,
        title=f"{bureau.name}{draft.year}年度监督检查计划",
        status="starting",
        jurisdiction_code=principal.jurisdiction_code,
        jurisdiction_path=principal.jurisdiction_path,
        enterprise_id=None,
        created_by_user_id=principal.user_id,
        created_at=now,
        updated_at=now,
        details={"year": draft.year, "bureau": bureau.name, "items": items, "enterprise_names": names},
    )
    number_case(db, case, "JH", now)
    start = CaseStart(
        case.id, case.case_no, principal.jurisdiction_code, path_codes(principal.jurisdiction_path), principal.actor()
    )
    workflow_input = InspectionPlanInput(
        start=start,
        bureau_org_id=bureau.id,
        office_org_id=office.id,
        upper_org_id=upper.id if upper else None,
        year=draft.year,
        items=items,
    )
    await start_case_workflow(db, client, case, InspectionPlanWorkflow.run, workflow_input, task_queue)
    try:
        db.add(InspectionPlan(case_id=case.id, org_id=bureau.id, year=draft.year, created_at=now))
        db.commit()
    except IntegrityError:  # a concurrent draft of the same bureau and year won the key
        db.rollback()
        await client.get_workflow_handle(case.workflow_id).terminate("同一部门同一年度的计划已存在")
        raise Conflict(f"本部门{draft.year}年度监督检查计划已存在，请通过“调整计划”修改") from None
    task = await first_task(db, case.id)
    db.refresh(case)
    return DraftedPlan(case, task)


def key_objects(db: Session, principal: Principal) -> list[tuple[int, str]]:
    """The register's 重点监管对象 of the bureau's jurisdiction still in business, with their risk
    grades (本溪 (五)): what a new plan starts from."""
    rows = db.execute(
        select(models.Enterprise.id, models.Enterprise.risk_grade)
        .join(models.Jurisdiction, models.Jurisdiction.code == models.Enterprise.jurisdiction_code)
        .where(
            models.Enterprise.is_key_object.is_(True),
            models.Enterprise.status != CLOSED,
            models.Jurisdiction.path.startswith(principal.jurisdiction_path),
        )
        .order_by(models.Enterprise.id)
    ).all()
    return [(row.id, row.risk_grade) for row in rows]


def check_enterprises(db: Session, principal: Principal, items: list[ip.PlanItem]) -> dict[str, str]:
    """Every 重点监管对象 is an enterprise of the register within the bureau's jurisdiction."""
    ids = [item.enterprise_id for item in items]
    rows = db.execute(
        select(models.Enterprise.id, models.Enterprise.name, models.Jurisdiction.path)
        .join(models.Jurisdiction, models.Jurisdiction.code == models.Enterprise.jurisdiction_code)
        .where(models.Enterprise.id.in_(ids))
    ).all()
    found = {row.id: row for row in rows}
    unknown = [str(i) for i in ids if i not in found]
    if unknown:
        raise InvalidInput(f"企业不存在：编号{'、'.join(unknown)}")
    outside = [found[i].name for i in ids if not found[i].path.startswith(principal.jurisdiction_path)]
    if outside:
        raise InvalidInput(f"企业不在本部门管辖范围内：{'、'.join(outside)}")
    return {str(i): found[i].name for i in ids}


async def first_task(db: Session, case_id: int) -> models.Task | None:
    deadline = time.monotonic() + FIRST_TASK_WAIT
    while time.monotonic() < deadline:
        db.rollback()  # a fresh snapshot of what the worker committed
        task = db.scalars(
            select(models.Task).where(models.Task.case_id == case_id, models.Task.status == "open")
        ).first()
        if task is not None:
            return task
        await asyncio.sleep(0.05)
    return None
