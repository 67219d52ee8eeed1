"""约谈 and 重大案件会商: start them, and the office's view of interviews and overdue commitments."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from api.deps import ActingPrincipal, CurrentPrincipal, DbSession, RowId, State, TemporalClient, now
from api.intake import CaseCreated
from api.routes.tasks import REFUSALS
from domain.forms import InputModel, LongText, OptionalText, ShortText
from domain.interview import ConsultationRequest, InterviewRequest
from domain.legal_calendar import CHINA_TZ
from services import interview_queries, interview_triggers
from services.interview_intake import start_consultation, start_interview
from services.principal import require_case_access

router = APIRouter(prefix="/api/v1", tags=["interviews"])


@router.post("/interviews", response_model=CaseCreated, status_code=201, responses=REFUSALS)
async def create_interview(
    request: InterviewRequest, db: DbSession, client: TemporalClient, principal: ActingPrincipal, state: State
) -> CaseCreated:
    case = await start_interview(
        db=db, client=client, task_queue=state.settings.task_queue, principal=principal, request=request, now=now()
    )
    return CaseCreated.of(case)


@router.post("/consultations", response_model=CaseCreated, status_code=201, responses=REFUSALS)
async def create_consultation(
    request: ConsultationRequest, db: DbSession, client: TemporalClient, principal: ActingPrincipal, state: State
) -> CaseCreated:
    case = await start_consultation(
        db=db, client=client, task_queue=state.settings.task_queue, principal=principal, request=request, now=now()
    )
    return CaseCreated.of(case)


@router.get("/interviews/board", response_model=interview_queries.InterviewBoard, responses=REFUSALS)
def read_interview_board(db: DbSession, principal: CurrentPrincipal) -> interview_queries.InterviewBoard:
    """督办: who was interviewed (or met in a consultation) and which commitments are overdue."""
    require_case_access(principal)
    return interview_queries.board(db, principal, now().astimezone(CHINA_TZ).date())


class ProposalRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    rule: str
    party_kind: str
    party_name: str
    jurisdiction_code: str
    reason: str
    summary: str
    source_case_nos: list[str]
    status: str
    created_at: dt.datetime
    case_id: int | None


class ProposalConfirm(InputModel):
    meeting_on: dt.date = Field(title="约谈日期")
    place: ShortText = Field(title="约谈地点")
    matters: OptionalText = Field("", title="约谈事项（不填则用建议的事由）")


class ProposalDismiss(InputModel):
    reason: LongText = Field(title="不予约谈的理由")


@router.get("/interview-proposals", response_model=list[ProposalRead], responses=REFUSALS)
def read_interview_proposals(
    db: DbSession, principal: CurrentPrincipal, status: Literal["proposed", "confirmed", "dismissed"] = "proposed"
) -> list[ProposalRead]:
    """The interviews the trigger rules proposed to the principal's office."""
    return [ProposalRead.model_validate(p) for p in interview_triggers.proposals(db, principal, status)]


@router.post(
    "/interview-proposals/{proposal_id}/confirm", response_model=CaseCreated, status_code=201, responses=REFUSALS
)
async def confirm_interview_proposal(
    proposal_id: RowId,
    body: ProposalConfirm,
    db: DbSession,
    client: TemporalClient,
    principal: ActingPrincipal,
    state: State,
) -> CaseCreated:
    case = await interview_triggers.confirm(
        db=db,
        client=client,
        task_queue=state.settings.task_queue,
        principal=principal,
        proposal_id=proposal_id,
        meeting_on=body.meeting_on,
        place=body.place,
        matters=body.matters,
        now=now(),
    )
    return CaseCreated.of(case)


@router.post("/interview-proposals/{proposal_id}/dismiss", response_model=ProposalRead, responses=REFUSALS)
def dismiss_interview_proposal(
    proposal_id: RowId, body: ProposalDismiss, db: DbSession, principal: ActingPrincipal
) -> ProposalRead:
    return ProposalRead.model_validate(interview_triggers.dismiss(db, principal, proposal_id, body.reason, now()))
