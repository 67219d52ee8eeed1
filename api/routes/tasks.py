"""Inbox, done list, and the actions on a task (claim, release, complete)."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ActingPrincipal, CurrentPrincipal, DbSession, TemporalClient, now
from api.schemas import ErrorRead, FormBody, TaskRead, UpdateRead
from db.calendar_store import load_calendar
from services import case_actions, case_queries

router = APIRouter(prefix="/api/v1/tasks", tags=["tasks"])
REFUSALS: dict[int | str, dict[str, object]] = {code: {"model": ErrorRead} for code in (401, 403, 404, 409, 422)}


@router.get("", response_model=list[TaskRead])
def read_inbox(db: DbSession, principal: CurrentPrincipal) -> list[TaskRead]:
    calendar, moment = load_calendar(db), now()
    return [TaskRead.of(row, calendar, moment) for row in case_queries.inbox(db, principal)]


@router.get("/done", response_model=list[TaskRead])
def read_done(db: DbSession, principal: CurrentPrincipal) -> list[TaskRead]:
    return [TaskRead.of(row) for row in case_queries.done(db, principal)]


@router.post("/{task_id}/claim", response_model=UpdateRead, responses=REFUSALS)
async def claim_task(task_id: str, db: DbSession, client: TemporalClient, principal: ActingPrincipal) -> UpdateRead:
    result = await case_actions.claim_task(db=db, client=client, principal=principal, task_id=task_id, claim=True)
    return UpdateRead.model_validate(result, from_attributes=True)


@router.post("/{task_id}/release", response_model=UpdateRead, responses=REFUSALS)
async def release_task(task_id: str, db: DbSession, client: TemporalClient, principal: ActingPrincipal) -> UpdateRead:
    result = await case_actions.claim_task(db=db, client=client, principal=principal, task_id=task_id, claim=False)
    return UpdateRead.model_validate(result, from_attributes=True)


@router.post("/{task_id}/complete", response_model=UpdateRead, responses=REFUSALS)
async def complete_task(
    task_id: str, body: FormBody, db: DbSession, client: TemporalClient, principal: ActingPrincipal
) -> UpdateRead:
    result = await case_actions.complete_task(
        db=db, client=client, principal=principal, task_id=task_id, form=body.form
    )
    return UpdateRead.model_validate(result, from_attributes=True)
