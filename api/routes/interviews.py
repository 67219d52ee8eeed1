"""约谈 and 重大案件会商: start them, and the office's view of interviews and overdue commitments."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ActingPrincipal, CurrentPrincipal, DbSession, State, TemporalClient, now
from api.routes.tasks import REFUSALS
from api.schemas import CaseRead
from domain.interview import ConsultationRequest, InterviewRequest
from domain.legal_calendar import CHINA_TZ
from services import interview_queries
from services.interview_intake import start_consultation, start_interview

router = APIRouter(prefix="/api/v1", tags=["interviews"])


@router.post("/interviews", response_model=CaseRead, status_code=201, responses=REFUSALS)
async def create_interview(
    request: InterviewRequest, db: DbSession, client: TemporalClient, principal: ActingPrincipal, state: State
) -> CaseRead:
    case = await start_interview(
        db=db, client=client, task_queue=state.settings.task_queue, principal=principal, request=request, now=now()
    )
    return CaseRead.model_validate(case)


@router.post("/consultations", response_model=CaseRead, status_code=201, responses=REFUSALS)
async def create_consultation(
    request: ConsultationRequest, db: DbSession, client: TemporalClient, principal: ActingPrincipal, state: State
) -> CaseRead:
    case = await start_consultation(
        db=db, client=client, task_queue=state.settings.task_queue, principal=principal, request=request, now=now()
    )
    return CaseRead.model_validate(case)


@router.get("/interviews/board", response_model=interview_queries.InterviewBoard, responses=REFUSALS)
def read_interview_board(db: DbSession, principal: CurrentPrincipal) -> interview_queries.InterviewBoard:
    """督办: who was interviewed (or met in a consultation) and which commitments are overdue."""
    return interview_queries.board(db, principal, now().astimezone(CHINA_TZ).date())
