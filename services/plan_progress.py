"""The plan's progress: inspections done against a bureau's annual plan, planned against done.

`record_done` is called when an inspection case ends (the inspection process wires it); the
progress is read by the bureau and by the offices above it (whoever may see the plan's case).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models
from db.plan_models import InspectionPlan, PlanExecution
from domain import inspection_plan as ip
from domain.errors import InvalidInput, NotFound
from services.principal import Principal, visible_cases


def record_done(
    db: Session, plan_case_id: int, enterprise_id: int, inspection_case_id: int, done_on: dt.date
) -> PlanExecution:
    """Count an inspection against the plan; recording the same inspection twice changes nothing.
    Written in the caller's transaction (the inspection's activity commits it)."""
    plan = db.get(InspectionPlan, plan_case_id)
    if plan is None:
        raise NotFound("年度监督检查计划不存在")
    if done_on.year != plan.year:
        raise InvalidInput(f"检查日期不在计划年度{plan.year}年内")
    if db.get(models.Enterprise, enterprise_id) is None:
        raise InvalidInput("企业不存在")
    existing = db.scalars(
        select(PlanExecution).where(
            PlanExecution.plan_case_id == plan_case_id, PlanExecution.inspection_case_id == inspection_case_id
        )
    ).one_or_none()
    if existing is not None:
        return existing
    row = PlanExecution(
        plan_case_id=plan_case_id,
        enterprise_id=enterprise_id,
        inspection_case_id=inspection_case_id,
        done_on=done_on,
        recorded_at=dt.datetime.now(dt.UTC),
    )
    db.add(row)
    db.flush()
    return row


@dataclass(frozen=True)
class PlanProgress:
    case: models.Case
    year: int
    progress: ip.Progress
    names: dict[int, str]


def plan_progress(db: Session, principal: Principal, case_id: int) -> PlanProgress:
    """The plan's months and enterprises, planned against done, for whoever may see the plan."""
    case = db.scalars(
        select(models.Case).where(
            models.Case.id == case_id, models.Case.process == ip.PROCESS, visible_cases(principal)
        )
    ).one_or_none()
    if case is None:
        raise NotFound("年度监督检查计划不存在或不在您的查看范围内")
    return progress_of(db, case)


def progress_of(db: Session, case: models.Case) -> PlanProgress:
    items = list(case.details.get("items", []))
    done = db.execute(
        select(PlanExecution.enterprise_id, PlanExecution.done_on).where(PlanExecution.plan_case_id == case.id)
    ).all()
    result = ip.progress(items, [(row.enterprise_id, row.done_on) for row in done])
    ids = [e.enterprise_id for e in result.enterprises]
    rows = db.execute(select(models.Enterprise.id, models.Enterprise.name).where(models.Enterprise.id.in_(ids))).all()
    names = {row.id: row.name for row in rows}
    return PlanProgress(case, int(case.details.get("year", 0)), result, names)


@dataclass(frozen=True)
class PlanSummary:
    case_id: int
    case_no: str
    bureau: str
    year: int
    status: str
    planned: int
    done: int
    overdue: bool


def plans_in_view(db: Session, principal: Principal, year: int) -> list[PlanSummary]:
    """Every plan of the year the principal may see: the upper office's view of its bureaus."""
    cases = db.scalars(
        select(models.Case)
        .join(InspectionPlan, InspectionPlan.case_id == models.Case.id)
        .where(InspectionPlan.year == year, visible_cases(principal))
        .order_by(models.Case.jurisdiction_path)
    ).all()
    summaries = []
    for case in cases:
        done = progress_of(db, case).progress
        summaries.append(
            PlanSummary(
                case.id,
                case.case_no,
                str(case.details.get("bureau", "")),
                year,
                case.status,
                done.planned,
                done.done,
                case.overdue,
            )
        )
    return summaries
