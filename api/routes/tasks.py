"""Inbox, done list, and the actions on a task (claim, release, complete, 转办/委派/加签/撤回,
抄送), bulk 签收, and 代理 periods. Filters are query parameters as on the pages; a list answers
50 rows a page (`page`, `page_size` up to 500) and the total of the filtered list in the
`X-Total-Count` header."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field, field_validator

from api.deps import ActingPrincipal, CurrentPrincipal, DbSession, TemporalClient, now
from api.schemas import ErrorRead, FormBody, TaskRead, UpdateRead
from db.calendar_store import load_calendar
from domain.errors import DomainError
from domain.forms import MAX_ID, InputModel
from services import case_actions, inbox_queries, task_actions, task_copies, task_stand_ins
from services.inbox_queries import TaskFilter

router = APIRouter(prefix="/api/v1/tasks", tags=["tasks"])
REFUSALS: dict[int | str, dict[str, object]] = {code: {"model": ErrorRead} for code in (401, 403, 404, 409, 422)}
Text = Annotated[str | None, Query(max_length=100)]


PageSize = Annotated[int, Query(ge=1, le=500)]


class DoneTaskRead(TaskRead):
    outcome_label: str  # the result in Chinese (同意, 挂牌督办, …), D6


@router.get("", response_model=list[TaskRead], responses=REFUSALS)
def read_inbox(
    db: DbSession,
    principal: CurrentPrincipal,
    response: Response,
    process: Annotated[str | None, Query(max_length=32)] = None,
    step: Annotated[str | None, Query(max_length=64)] = None,
    due: Annotated[str | None, Query(max_length=8, description="overdue | today | 3 | 7")] = None,
    overdue: bool | None = None,
    enterprise: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    jurisdiction: Annotated[str | None, Query(max_length=6)] = None,
    q: Text = None,
    sort: Annotated[str, Query(max_length=16)] = "due",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: PageSize = 50,
) -> list[TaskRead]:
    calendar, moment = load_calendar(db), now()
    flt = TaskFilter(process, step, due, overdue, enterprise, jurisdiction, q, sort, page)
    rows, total = inbox_queries.inbox(db, principal, flt, moment, page_size=page_size)
    response.headers["X-Total-Count"] = str(total)
    return [TaskRead.of(row, calendar, moment) for row in rows]


@router.get("/done", response_model=list[DoneTaskRead], responses=REFUSALS)
def read_done(
    db: DbSession,
    principal: CurrentPrincipal,
    response: Response,
    process: Annotated[str | None, Query(max_length=32)] = None,
    step: Annotated[str | None, Query(max_length=64)] = None,
    enterprise: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    jurisdiction: Annotated[str | None, Query(max_length=6)] = None,
    q: Text = None,
    sort: Annotated[str, Query(max_length=16)] = "-completed",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: PageSize = 50,
) -> list[DoneTaskRead]:
    flt = TaskFilter(process, step, None, None, enterprise, jurisdiction, q, sort, page)
    rows, total = inbox_queries.done(db, principal, flt, now(), page_size=page_size)
    response.headers["X-Total-Count"] = str(total)
    return [DoneTaskRead(**TaskRead.of(row).model_dump(), outcome_label=row.outcome) for row in rows]


class BulkClaimBody(InputModel):
    task_ids: list[Annotated[str, Field(min_length=1, max_length=120)]] = Field(min_length=1, max_length=50)


class BulkClaimRead(BaseModel):
    claimed: list[str]
    refused: dict[str, str]  # task id → the refusal in Chinese


@router.post("/claim", response_model=BulkClaimRead, responses=REFUSALS)
async def bulk_claim(
    body: BulkClaimBody, db: DbSession, client: TemporalClient, principal: ActingPrincipal
) -> BulkClaimRead:
    """批量签收: each task is claimed on its own; one refused does not stop the others."""
    claimed, refused = [], {}
    for task_id in dict.fromkeys(body.task_ids):
        try:
            await case_actions.claim_task(db=db, client=client, principal=principal, task_id=task_id, claim=True)
            claimed.append(task_id)
        except DomainError as exc:
            refused[task_id] = exc.message
    return BulkClaimRead(claimed=claimed, refused=refused)


class ReasonBody(BaseModel):
    """A body with a reason: the service asks for a missing reason in words (理由); a NUL is refused
    here (PostgreSQL cannot store one)."""

    @field_validator("reason", check_fields=False)
    @classmethod
    def _no_nul(cls, value: str) -> str:
        if "\x00" in value:
            raise ValueError("不能包含空字符（NUL）")
        return value


class TaskActionBody(ReasonBody):
    reason: str = Field(title="理由", max_length=1000)
    target_user_id: int | None = Field(None, ge=1, le=MAX_ID)


@router.post("/{task_id}/actions/{action}", response_model=UpdateRead, responses=REFUSALS)
async def act_on_task(
    task_id: str, action: str, body: TaskActionBody, db: DbSession, client: TemporalClient, principal: ActingPrincipal
) -> UpdateRead:
    """转办 (transfer), 委派 (delegate), 加签 (add_signer) or 撤回 (withdraw), with a reason."""
    result = await task_actions.act_on_task(
        db=db,
        client=client,
        principal=principal,
        task_id=task_id,
        action=action,
        reason=body.reason,
        target_user_id=body.target_user_id,
        at=now(),
    )
    return UpdateRead.model_validate(result, from_attributes=True)


class CopyBody(ReasonBody):
    reason: str = Field(title="理由", max_length=1000)
    to_user_id: int | None = Field(None, ge=1, le=MAX_ID)
    to_org_id: int | None = Field(None, ge=1, le=MAX_ID)


class CopyRead(BaseModel):
    id: int
    case_id: int
    to_name: str


@router.post("/{task_id}/copy", response_model=CopyRead, responses=REFUSALS)
def copy_task(task_id: str, body: CopyBody, db: DbSession, principal: ActingPrincipal) -> CopyRead:
    """抄送: a read-only notice to a user or a unit that may see the case."""
    _, case = case_actions.visible_task(db, principal, task_id)
    copy = task_copies.copy_case(
        db,
        principal,
        case_id=case.id,
        task_id=task_id,
        to_user_id=body.to_user_id,
        to_org_id=body.to_org_id,
        reason=body.reason,
        at=now(),
    )
    return CopyRead(id=copy.id, case_id=copy.case_id, to_name=copy.to_name)


class StandInBody(ReasonBody):
    stand_in_user_id: int = Field(ge=1, le=MAX_ID)
    starts_on: dt.date
    ends_on: dt.date
    reason: str = Field(title="理由", max_length=1000)


class StandInRead(BaseModel):
    id: int
    user_id: int
    stand_in_user_id: int
    starts_on: dt.date
    ends_on: dt.date


@router.post("/stand-ins", response_model=StandInRead, responses=REFUSALS)
def set_stand_in(body: StandInBody, db: DbSession, principal: ActingPrincipal) -> StandInRead:
    """代理: while I am on leave, a colleague of the same post handles the tasks I claimed."""
    period = task_stand_ins.set_stand_in(
        db,
        principal,
        stand_in_user_id=body.stand_in_user_id,
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        reason=body.reason,
        at=now(),
    )
    return StandInRead(
        id=period.id,
        user_id=period.user_id,
        stand_in_user_id=period.stand_in_user_id,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
    )


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
