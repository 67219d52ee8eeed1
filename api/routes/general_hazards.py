"""一般事故隐患 (the bureau records and lists them) and the enterprises' monthly self-inspection
declarations (the enterprise files; the bureau sees who declared and who is missing)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.deps import (
    ActingPrincipal,
    AnyActingPrincipal,
    AnyPrincipal,
    CurrentPrincipal,
    DbSession,
    State,
    TemporalClient,
    now,
)
from api.intake import CaseCreated
from api.routes.tasks import REFUSALS
from api.schemas import CaseRead
from domain import self_declaration as sd
from domain.general_hazard import GeneralHazardStart
from domain.legal_calendar import CHINA_TZ
from services import general_hazard_queries, self_declarations
from services.general_hazard_intake import start_general_hazard

router = APIRouter(prefix="/api/v1", tags=["general hazards and self-declarations"])
MonthParam = Annotated[str | None, Query(pattern=r"^20\d{2}-(0[1-9]|1[0-2])$")]  # years 2000–2099


class GeneralHazardRead(CaseRead):
    enterprise_name: str = ""
    details: dict[str, Any] = {}


class GeneralHazardList(BaseModel):
    total: int
    page: int
    items: list[GeneralHazardRead]


class DeclarationRead(BaseModel):
    model_config = {"from_attributes": True}
    id: int
    enterprise_id: int
    month: str
    revision: int
    no_hazards: bool
    hazards: list[dict[str, Any]]
    note: str
    late: bool
    filed_at: dt.datetime


class MonthRowRead(BaseModel):
    enterprise_id: int
    enterprise_name: str
    credit_code: str
    jurisdiction_name: str
    state: str
    filed_at: dt.datetime | None
    hazard_count: int
    corrections: int


class MonthRead(BaseModel):
    month: str
    due_on: dt.date
    overdue: bool
    missing: list[MonthRowRead]
    declared: list[MonthRowRead]


class OwnDeclarations(BaseModel):
    month: str | None
    state: str | None  # this enterprise's state for `month`
    items: list[DeclarationRead]


@router.post("/general-hazards", response_model=CaseCreated, status_code=201, responses=REFUSALS)
async def create_general_hazard(
    start: GeneralHazardStart, db: DbSession, client: TemporalClient, principal: ActingPrincipal, state: State
) -> CaseCreated:
    case = await start_general_hazard(
        db,
        client,
        principal,
        start.enterprise_id,
        start.description,
        start.found_by,
        start.source_case_id,
        deadline=start.deadline,
        task_queue=state.settings.task_queue,
        now=now(),
    )
    return CaseCreated.of(case)


@router.get("/general-hazards", response_model=GeneralHazardList, responses=REFUSALS)
def read_general_hazards(
    db: DbSession, principal: CurrentPrincipal, status: str = "", page: Annotated[int, Query(ge=1, le=10_000)] = 1
) -> GeneralHazardList:
    found = general_hazard_queries.list_general_hazards(db, principal, status=status, page=page)
    items = [
        GeneralHazardRead.model_validate(case).model_copy(update={"enterprise_name": name, "details": case.details})
        for case, name in found.items
    ]
    return GeneralHazardList(total=found.total, page=found.page, items=items)


@router.post("/self-declarations", response_model=DeclarationRead, status_code=201, responses=REFUSALS)
async def create_self_declaration(
    submission: sd.SelfDeclarationSubmission,
    db: DbSession,
    client: TemporalClient,
    principal: AnyActingPrincipal,
    state: State,
) -> DeclarationRead:
    row = await self_declarations.file_declaration(
        db=db,
        client=client,
        principal=principal,
        submission=submission,
        settings=state.config.self_declaration,
        now=now(),
        task_queue=state.settings.task_queue,
    )
    return DeclarationRead.model_validate(row)


@router.get("/self-declarations", response_model=MonthRead | OwnDeclarations, responses=REFUSALS)
def read_self_declarations(
    db: DbSession, principal: AnyPrincipal, state: State, month: MonthParam = None
) -> MonthRead | OwnDeclarations:
    """The bureau: who declared `month` (default: the previous month) and who is missing. An
    enterprise: its own declarations and its state for `month`."""
    today = now().astimezone(CHINA_TZ).date()
    settings = state.config.self_declaration
    if principal.is_enterprise:
        assert principal.enterprise_id is not None
        own = self_declarations.own_declarations(db, principal)
        if month is not None:
            own = [row for row in own if row.month == month]
        mine = (
            self_declarations.enterprise_state(db, principal.enterprise_id, month, today, settings) if month else None
        )
        return OwnDeclarations(month=month, state=mine, items=[DeclarationRead.model_validate(r) for r in own])
    view = self_declarations.bureau_month(db, principal, month or sd.previous_month(today), today, settings)
    missing = {id(r) for r in view.missing}
    return MonthRead(
        month=view.month,
        due_on=view.due_on,
        overdue=sd.is_overdue(view.month, today, settings),
        missing=[MonthRowRead(**vars(r)) for r in view.rows if id(r) in missing],
        declared=[MonthRowRead(**vars(r)) for r in view.rows if id(r) not in missing],
    )
