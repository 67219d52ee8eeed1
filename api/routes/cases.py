"""Cases: list with filters, detail with timeline, hazard intake, case actions, overdue view."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from api.deps import ActingPrincipal, CurrentPrincipal, DbSession, RowId, State, TemporalClient, now
from api.intake import CaseCreated
from api.routes.tasks import REFUSALS
from api.schemas import (
    CaseDetail,
    CaseList,
    CaseRead,
    FormBody,
    OverdueCountRead,
    TaskRead,
    UpdateRead,
    case_detail,
)
from db.calendar_store import load_calendar
from domain.hazard import HazardReport
from services import case_actions, case_queries, enforcement_reviews, overdue_stats
from services.hazard_intake import report_hazard

router = APIRouter(prefix="/api/v1", tags=["cases"])


@router.get("/cases", response_model=CaseList)
def read_cases(
    db: DbSession,
    principal: CurrentPrincipal,
    process: Annotated[str | None, Query(max_length=32)] = None,
    status: Annotated[str | None, Query(max_length=32)] = None,
    jurisdiction: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    overdue: bool | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    sort: Literal["due", "-due", "updated"] = "due",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> CaseList:
    flt = case_queries.CaseFilter(process, status, jurisdiction, overdue, q, sort, page)
    rows, total = case_queries.list_cases(db, principal, flt)
    return CaseList(total=total, page=page, items=[CaseRead.model_validate(c) for c in rows])


@router.get("/cases/{case_id}", response_model=CaseDetail, responses=REFUSALS)
def read_case(case_id: RowId, db: DbSession, principal: CurrentPrincipal) -> CaseDetail:
    page = case_queries.case_page(db, principal, case_id)
    detail = case_detail(page, load_calendar(db), now())
    # 执法案卷评查: a reviewed bureau reads its own files only (services/enforcement_reviews.py).
    detail.details = enforcement_reviews.details_for(principal, page.case.process, detail.details)
    return detail


@router.post("/hazards", response_model=CaseCreated, status_code=201, responses=REFUSALS)
async def create_hazard_case(
    report: HazardReport,
    db: DbSession,
    client: TemporalClient,
    principal: ActingPrincipal,
    state: State,
) -> CaseCreated:
    case = await report_hazard(
        db=db,
        client=client,
        task_queue=state.settings.task_queue,
        principal=principal,
        report=report,
        config=state.config,
        now=now(),
    )
    return CaseCreated.of(case)


@router.post("/cases/{case_id}/actions/{action}", response_model=UpdateRead, responses=REFUSALS)
async def act_on_case(
    case_id: RowId,
    action: Annotated[str, Path(max_length=40)],
    body: FormBody,
    db: DbSession,
    client: TemporalClient,
    principal: ActingPrincipal,
) -> UpdateRead:
    result = await case_actions.act_on_case(
        db=db, client=client, principal=principal, case_id=case_id, action=action, form=body.form
    )
    return UpdateRead.model_validate(result, from_attributes=True)


@router.get("/overdue", response_model=list[OverdueCountRead])
def read_overdue_counts(
    db: DbSession,
    principal: CurrentPrincipal,
    under: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
) -> list[OverdueCountRead]:
    stats = overdue_stats.overdue_stats(db, principal, overdue_stats.StatsFilter(under=under), now=now())
    return [OverdueCountRead.model_validate(c, from_attributes=True) for c in stats.by_jurisdiction]


@router.get("/overdue/tasks", response_model=list[TaskRead])
def read_overdue_tasks(
    db: DbSession,
    principal: CurrentPrincipal,
    under: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
) -> list[TaskRead]:
    calendar, moment = load_calendar(db), now()
    return [TaskRead.of(row, calendar, moment) for row in case_queries.overdue_tasks(db, principal, under)]
