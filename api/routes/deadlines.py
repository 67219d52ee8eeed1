"""The deadline calculator (期限计算器): the same computation the deadline ledger uses, with
suspensions (中止计时) and an approved extension (domain/clock_arithmetic.py)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from api.deps import DbSession, State
from db.calendar_store import load_calendar
from domain.legal_calendar import Unit
from services.deadline_calculator import calculate

router = APIRouter(prefix="/api/v1/deadlines", tags=["deadlines"])


class SkippedRead(BaseModel):
    day: dt.date
    reason: str


class SuspensionRead(BaseModel):
    from_day: dt.date
    to_day: dt.date
    excluded_days: int


class DeadlineRead(BaseModel):
    start: dt.datetime
    amount: int
    unit: Unit
    rule: str | None
    due: dt.datetime
    due_date: dt.date
    provisional: bool
    skipped: list[SkippedRead]
    unrolled_end: dt.date
    suspensions: list[SuspensionRead]
    excluded_days: int
    suspended_end: dt.date
    extension_days: int
    extended_end: dt.date
    max_extension_days: int | None
    cap_end: dt.date | None
    steps: list[str]
    explanation: str


@router.get("/compute", response_model=DeadlineRead)
def compute(
    db: DbSession,
    state: State,
    start: Annotated[str, Query(description="YYYY-MM-DD or an ISO datetime", max_length=40)],
    amount: Annotated[int | None, Query(ge=0, le=3650, description="omit with `rule`: the rule's amount")] = None,
    unit: Annotated[str | None, Query(max_length=20, description="calendar_days, working_days or hours")] = None,
    rule: Annotated[str | None, Query(max_length=80, description="a deadline rule code: amount, unit, cap")] = None,
    suspend: Annotated[
        list[str] | None,
        Query(
            max_length=40,
            description="repeatable YYYY-MM-DD/YYYY-MM-DD: the clock stops from the first day to the second",
        ),
    ] = None,
    extend_days: Annotated[int, Query(ge=-3650, le=3650, description="an approved extension, calendar days")] = 0,
) -> DeadlineRead:
    calc = calculate(
        load_calendar(db),
        state.config,
        start=start,
        amount=amount,
        unit=unit,
        rule_code=rule,
        suspend=suspend or [],
        extend_days=extend_days,
    )
    clock = calc.clock
    return DeadlineRead(
        start=calc.start,
        amount=calc.amount,
        unit=calc.unit,
        rule=calc.rule.code if calc.rule else None,
        due=clock.due,
        due_date=clock.due_date,
        provisional=clock.provisional,
        skipped=[SkippedRead(day=s.day, reason=s.reason) for s in clock.skipped],
        unrolled_end=clock.unrolled_end,
        suspensions=[
            SuspensionRead(from_day=s.from_day, to_day=s.to_day, excluded_days=days)
            for s, days in zip(calc.suspensions, calc.excluded, strict=True)
        ],
        excluded_days=clock.excluded_days,
        suspended_end=clock.suspended_end,
        extension_days=clock.extension_days,
        extended_end=clock.extended_end,
        max_extension_days=calc.rule.max_extension_days if calc.rule else None,
        cap_end=clock.cap_end,
        steps=list(clock.steps),
        explanation=clock.explanation(),
    )
