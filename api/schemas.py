"""JSON read models of the API (the `...Read` family) and request bodies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from domain.forms import InputModel
from domain.input_rules import contains_nul
from domain.legal_calendar import LegalCalendar, Unit, remaining
from services.case_queries import CasePage, TaskRow
from services.inbox_queries import InboxRow


class LoginRequest(InputModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)


class SessionRead(BaseModel):
    username: str
    display_name: str
    role: str
    org_name: str
    jurisdiction_code: str
    csrf_token: str


class TaskRead(BaseModel):
    id: str
    case_id: int
    case_no: str
    case_title: str
    step: str
    title: str
    kind: str
    org_name: str
    role: str
    status: str
    claimed_by: str | None
    opened_at: dt.datetime
    due_at: dt.datetime
    overdue: bool
    provisional: bool
    deadline_basis: str
    due_explanation: str
    completed_at: dt.datetime | None
    outcome: dict[str, Any]
    clock_state: str
    waiting_on: str
    remaining: str | None  # e.g. 剩余3个工作日 / 已逾期2个工作日, in the unit of the task's rule
    remaining_amount: int | None
    remaining_unit: str | None

    @classmethod
    def of(
        cls, row: TaskRow | InboxRow, calendar: LegalCalendar | None = None, now: dt.datetime | None = None
    ) -> TaskRead:
        t = row.task
        left = None
        if calendar is not None and now is not None and t.status == "open" and t.clock_state != "suspended":
            left = remaining(calendar, t.due_at, now, Unit(t.clock_unit or Unit.CALENDAR_DAYS))
        return cls(
            clock_state=t.clock_state,
            waiting_on=t.waiting_on,
            remaining=left.text() if left else None,
            remaining_amount=left.amount if left else None,
            remaining_unit=left.unit if left else None,
            id=t.id,
            case_id=row.case.id,
            case_no=row.case.case_no,
            case_title=row.case.title,
            step=t.step,
            title=t.title,
            kind=t.kind,
            org_name=row.org_name,
            role=t.role,
            status=t.status,
            claimed_by=row.claimed_by_name,
            opened_at=t.opened_at,
            due_at=t.due_at,
            overdue=t.overdue,
            provisional=t.provisional,
            deadline_basis=t.deadline_basis,
            due_explanation=t.due_explanation,
            completed_at=t.completed_at,
            outcome=t.outcome,
        )


class CaseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    case_no: str
    process: str
    title: str
    status: str
    closed: bool
    jurisdiction_code: str
    created_at: dt.datetime
    updated_at: dt.datetime
    due_at: dt.datetime | None
    overdue: bool


class CaseList(BaseModel):
    total: int
    page: int
    items: list[CaseRead]


class EventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    at: dt.datetime
    actor_name: str
    kind: str
    summary: str
    reason: str
    data: dict[str, Any]


class DeadlineEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    task_id: str
    at: dt.datetime
    kind: str
    actor_name: str
    reason: str
    basis: str
    due_at: dt.datetime | None


class DocumentServiceRead(BaseModel):
    """How and when a document was served (送达)."""

    model_config = ConfigDict(from_attributes=True)
    document_id: int
    method: str
    served_on: dt.date
    effective_on: dt.date  # clocks "from receipt" start here (公告送达: after the announcement period)
    recipient: str
    proof: str
    proof_attachment_id: int | None
    recorded_by_name: str
    recorded_at: dt.datetime


class DocumentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    doc_type: str
    title: str
    number: str
    sha256: str
    issued_at: dt.datetime
    replaces_id: int | None
    service: DocumentServiceRead | None = None  # None: not (yet) served


class CaseDetail(CaseRead):
    details: dict[str, Any]
    enterprise_name: str | None
    tasks: list[TaskRead]
    events: list[EventRead]
    deadline_events: list[DeadlineEventRead]
    documents: list[DocumentRead] = []
    source_case_id: int | None = None
    transfer_case_ids: list[int] = []


class FormBody(BaseModel):
    form: dict[str, Any]

    @field_validator("form")
    @classmethod
    def _no_nul(cls, value: dict[str, Any]) -> dict[str, Any]:
        # The step's own form model checks each field again in the workflow (domain.input_rules).
        if contains_nul(value):
            raise ValueError("不能包含空字符（NUL）")
        return value


class UpdateRead(BaseModel):
    task_id: str | None
    message: str
    opened_task_ids: list[str]


class OverdueCountRead(BaseModel):
    code: str
    name: str
    open_cases: int
    overdue_cases: int


class ErrorRead(BaseModel):
    error: str
    message: str
    errors: list[dict[str, str]] | None = None


def case_detail(page: CasePage, calendar: LegalCalendar, now: dt.datetime) -> CaseDetail:
    base = CaseRead.model_validate(page.case).model_dump()
    return CaseDetail(
        **base,
        details=page.case.details,
        enterprise_name=page.enterprise.name if page.enterprise else None,
        tasks=[TaskRead.of(t, calendar, now) for t in page.tasks],
        events=[EventRead.model_validate(e) for e in page.events],
        deadline_events=[DeadlineEventRead.model_validate(e) for e in page.deadline_events],
        documents=[
            DocumentRead.model_validate(d).model_copy(
                update={
                    "service": DocumentServiceRead.model_validate(page.services[d.id])
                    if d.id in page.services
                    else None
                }
            )
            for d in page.documents
        ],
        source_case_id=page.source_case.id if page.source_case else None,
        transfer_case_ids=[c.id for c in page.transfers],
    )
