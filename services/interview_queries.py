"""What the office's 督办 view shows of its interviews and consultations: who was interviewed,
and which commitments are overdue. Read from the projection (the case's details hold each
commitment's state, written by the workflow's `Commitments`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models
from domain.commitments import COMMITMENT_STATES, OVERDUE_STATES
from domain.interview import PARTY_KINDS
from services.principal import Principal, visible_cases

PROCESSES = ("interview", "consultation")


@dataclass(frozen=True)
class CommitmentRow:
    case_id: int
    case_no: str
    party: str  # who made it
    content: str
    due_on: str
    state: str
    state_label: str
    overdue: bool


@dataclass(frozen=True)
class InterviewRow:
    case_id: int
    case_no: str
    process: str
    title: str
    party_kind: str
    status: str
    closed: bool
    commitments: int
    overdue_commitments: int


@dataclass(frozen=True)
class InterviewBoard:
    interviews: list[InterviewRow]
    overdue: list[CommitmentRow]


def commitment_rows(case: models.Case, today: dt.date) -> list[CommitmentRow]:
    rows = []
    for item in case.details.get("commitments", []):
        state = str(item.get("state", "open"))
        late = state in OVERDUE_STATES or (state == "open" and str(item.get("due_on", "")) < today.isoformat())
        rows.append(
            CommitmentRow(
                case.id,
                case.case_no,
                str(item.get("party", "")),
                str(item.get("content", "")),
                str(item.get("due_on", "")),
                state,
                COMMITMENT_STATES.get(state, state),
                late,
            )
        )
    return rows


def board(db: Session, principal: Principal, today: dt.date, limit: int = 200) -> InterviewBoard:
    cases = db.scalars(
        select(models.Case)
        .where(models.Case.process.in_(PROCESSES), visible_cases(principal))
        .order_by(models.Case.created_at.desc(), models.Case.id.desc())
        .limit(limit)
    ).all()
    interviews, overdue = [], []
    for case in cases:
        rows = commitment_rows(case, today)
        late = [r for r in rows if r.overdue]
        overdue.extend(late)
        kind = str(case.details.get("party_kind", ""))
        interviews.append(
            InterviewRow(
                case.id,
                case.case_no,
                case.process,
                case.title,
                PARTY_KINDS.get(kind, "公安、检察、应急"),
                case.status,
                case.closed,
                len(rows),
                len(late),
            )
        )
    return InterviewBoard(interviews, overdue)
