"""The annual enforcement plan (年度监督检查计划): draft, progress, the plans of a year in view."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel

from api.deps import (
    ActingConsolePrincipal,
    ActingPrincipal,
    CurrentPrincipal,
    DbSession,
    RowId,
    State,
    TemporalClient,
    now,
)
from api.routes.tasks import REFUSALS
from domain.inspection_plan import PlanDraft, read_draft
from domain.roles import Role
from services import plan_progress
from services.campaign_schedules import ensure_campaign_schedules, load_campaigns
from services.inspection_plan_intake import draft_plan
from services.principal import require_role

router = APIRouter(prefix="/api/v1", tags=["inspection-plans"])


class FirstTaskRead(BaseModel):
    id: str
    step: str
    title: str
    due_at: dt.datetime
    overdue: bool


class PlanCreated(BaseModel):
    case_id: int
    case_no: str
    status: str
    first_task: FirstTaskRead | None  # None: the worker had not yet opened it (see the case page)


class MonthRead(BaseModel):
    month: int
    planned: int
    done: int
    planned_to_date: int
    done_to_date: int


class EnterpriseRead(BaseModel):
    enterprise_id: int
    enterprise_name: str
    planned: int
    done: int


class ProgressRead(BaseModel):
    case_id: int
    year: int
    planned: int
    done: int
    unplanned: int
    rate: float
    months: list[MonthRead]
    enterprises: list[EnterpriseRead]


class PlanSummaryRead(BaseModel):
    case_id: int
    case_no: str
    bureau: str
    year: int
    status: str
    planned: int
    done: int
    overdue: bool


# The body is read by `read_draft`, whose refusals name the item and field in Chinese.
DRAFT_SCHEMA = {"requestBody": {"content": {"application/json": {"schema": PlanDraft.model_json_schema()}}}}


@router.post(
    "/inspection-plans", response_model=PlanCreated, status_code=201, responses=REFUSALS, openapi_extra=DRAFT_SCHEMA
)
async def create_inspection_plan(
    body: Annotated[dict[str, Any], Body()],
    db: DbSession,
    client: TemporalClient,
    principal: ActingPrincipal,
    state: State,
) -> PlanCreated:
    drafted = await draft_plan(
        db=db,
        client=client,
        task_queue=state.settings.task_queue,
        principal=principal,
        draft=read_draft(body),
        now=now(),
    )
    task = drafted.first_task
    first = (
        FirstTaskRead(id=task.id, step=task.step, title=task.title, due_at=task.due_at, overdue=task.overdue)
        if task
        else None
    )
    return PlanCreated(
        case_id=drafted.case.id, case_no=drafted.case.case_no, status=drafted.case.status, first_task=first
    )


@router.get("/inspection-plans", response_model=list[PlanSummaryRead])
def read_inspection_plans(
    db: DbSession, principal: CurrentPrincipal, year: Annotated[int, Query(ge=2000, le=2100)]
) -> list[PlanSummaryRead]:
    return [PlanSummaryRead(**vars(s)) for s in plan_progress.plans_in_view(db, principal, year)]


@router.get("/inspection-plans/{case_id}/progress", response_model=ProgressRead, responses=REFUSALS)
def read_inspection_plan_progress(case_id: RowId, db: DbSession, principal: CurrentPrincipal) -> ProgressRead:
    found = plan_progress.plan_progress(db, principal, case_id)
    result = found.progress
    return ProgressRead(
        case_id=case_id,
        year=found.year,
        planned=result.planned,
        done=result.done,
        unplanned=result.unplanned,
        rate=result.rate,
        months=[MonthRead(**vars(m)) for m in result.months],
        enterprises=[
            EnterpriseRead(
                enterprise_id=e.enterprise_id,
                enterprise_name=found.names.get(e.enterprise_id, f"企业#{e.enterprise_id}"),
                planned=e.planned,
                done=e.done,
            )
            for e in result.enterprises
        ],
    )


@router.post("/admin/campaign-schedules", response_model=list[str], responses=REFUSALS)
async def refresh_campaign_schedules(
    client: TemporalClient, principal: ActingConsolePrincipal, state: State
) -> list[str]:
    """Create or update the recurring campaigns' Temporal Schedules from config/campaigns.toml now
    (the worker also does it at start): the administrator's action after editing the file."""
    require_role(principal, Role.ADMIN)
    return await ensure_campaign_schedules(client, state.settings.task_queue, load_campaigns())
