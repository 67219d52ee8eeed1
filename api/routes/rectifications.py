"""Contested rectifications (责令限期整改): opening one from an on-site inspection record."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ActingPrincipal, DbSession, State, TemporalClient, now
from api.intake import CaseCreated
from api.routes.tasks import REFUSALS
from domain.rectification import RectificationStart
from services.rectification_intake import start_rectification

router = APIRouter(prefix="/api/v1", tags=["rectifications"])


@router.post("/rectifications", response_model=CaseCreated, status_code=201, responses=REFUSALS)
async def create_rectification(
    start: RectificationStart, db: DbSession, client: TemporalClient, principal: ActingPrincipal, state: State
) -> CaseCreated:
    case = await start_rectification(
        db=db, client=client, task_queue=state.settings.task_queue, principal=principal, start=start, now=now()
    )
    return CaseCreated.of(case)
