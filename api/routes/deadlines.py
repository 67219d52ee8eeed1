"""The deadline calculator (期限计算器): the same computation the workflows' activity uses."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.deps import DbSession
from db.calendar_store import load_calendar
from domain.errors import InvalidInput
from domain.legal_calendar import CHINA_TZ, Unit, compute_deadline

router = APIRouter(prefix="/api/v1/deadlines", tags=["deadlines"])


class SkippedRead(BaseModel):
    day: dt.date
    reason: str


class DeadlineRead(BaseModel):
    start: dt.datetime
    amount: int
    unit: Unit
    due: dt.datetime
    due_date: dt.date
    provisional: bool
    skipped: list[SkippedRead]
    explanation: str


@router.get("/compute", response_model=DeadlineRead)
def compute(
    db: DbSession,
    start: Annotated[str, Query(description="YYYY-MM-DD or an ISO datetime", max_length=40)],
    amount: Annotated[int, Query(ge=0, le=3650)],
    unit: Unit,
) -> DeadlineRead:
    try:
        parsed = dt.datetime.fromisoformat(start)
    except ValueError:
        raise InvalidInput("start 应为 YYYY-MM-DD 日期或 ISO 时间") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=CHINA_TZ)
    if not 1990 <= parsed.year <= 2100:
        raise InvalidInput("start 年份应在1990至2100之间")
    result = compute_deadline(load_calendar(db), parsed, amount, unit)
    return DeadlineRead(
        start=result.start,
        amount=amount,
        unit=unit,
        due=result.due,
        due_date=result.due_date,
        provisional=result.provisional,
        skipped=[SkippedRead(day=s.day, reason=s.reason) for s in result.skipped],
        explanation=result.explanation(),
    )
