"""On-site inspections (现场监督检查): starting one, and starting the case a finding calls for."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ActingPrincipal, DbSession, State, TemporalClient, now
from api.intake import CaseCreated
from api.routes.tasks import REFUSALS
from domain.inspection import FollowUpStart, InspectionStart
from services.inspection_followups import start_follow_up
from services.inspection_intake import start_inspection

router = APIRouter(prefix="/api/v1", tags=["inspections"])


@router.post("/inspections", response_model=CaseCreated, status_code=201, responses=REFUSALS)
async def create_inspection(
    start: InspectionStart, db: DbSession, client: TemporalClient, principal: ActingPrincipal, state: State
) -> CaseCreated:
    case = await start_inspection(
        db=db, client=client, task_queue=state.settings.task_queue, principal=principal, start=start, now=now()
    )
    return CaseCreated.of(case)


@router.post(
    "/inspections/{case_id}/findings/{finding_no}/follow-up",
    response_model=CaseCreated,
    status_code=201,
    responses=REFUSALS,
)
async def create_follow_up(
    case_id: int,
    finding_no: int,
    choice: FollowUpStart,
    db: DbSession,
    client: TemporalClient,
    principal: ActingPrincipal,
    state: State,
) -> CaseCreated:
    """Start the case finding `finding_no` calls for; the response is the started case."""
    case = await start_follow_up(
        db=db,
        client=client,
        task_queue=state.settings.task_queue,
        principal=principal,
        case_id=case_id,
        finding_no=finding_no,
        choice=choice,
        config=state.config,
        now=now(),
    )
    return CaseCreated.of(case)
