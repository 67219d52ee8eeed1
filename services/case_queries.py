"""Read side: case list, case page and the overdue view, from the projection (the inbox and the
done list: services/inbox_queries.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from db import models
from domain.errors import InvalidInput, NotFound
from services import read_audit
from services.case_actions import visible_case
from services.principal import Principal, visible_cases

PAGE_SIZE = 50


@dataclass(frozen=True)
class TaskRow:
    task: models.Task
    case: models.Case
    org_name: str
    claimed_by_name: str | None


@dataclass(frozen=True)
class CasePage:
    case: models.Case
    enterprise: models.Enterprise | None
    jurisdiction_name: str
    tasks: list[TaskRow]
    events: list[models.CaseEvent]
    deadline_events: list[models.DeadlineEvent]
    documents: list[models.Document] = field(default_factory=list)
    source_case: models.Case | None = None  # the case a transfer was started from, if visible
    transfers: list[models.Case] = field(default_factory=list)  # transfers started from this case
    services: dict[int, models.DocumentService] = field(default_factory=dict)  # by document id (送达)


@dataclass(frozen=True)
class CaseFilter:
    process: str | None = None
    status: str | None = None
    jurisdiction: str | None = None
    overdue: bool | None = None
    q: str | None = None
    sort: str = "due"  # due | -due | updated
    page: int = 1


def _task_rows(db: Session, query: Select[models.Task, models.Case]) -> list[TaskRow]:
    claimer = aliased(models.User)
    full = (
        query.add_columns(models.Organisation.name, claimer.display_name)
        .join(models.Organisation, models.Organisation.id == models.Task.org_id)
        .outerjoin(claimer, claimer.id == models.Task.claimed_by_user_id)
    )
    return [TaskRow(task, case, org_name, claimed_by) for task, case, org_name, claimed_by in db.execute(full)]


def list_cases(db: Session, principal: Principal, flt: CaseFilter) -> tuple[list[models.Case], int]:
    query = select(models.Case).where(visible_cases(principal))
    if flt.process:
        query = query.where(models.Case.process == flt.process)
    if flt.status == "open":
        query = query.where(models.Case.closed.is_(False))
    elif flt.status == "closed":
        query = query.where(models.Case.closed.is_(True))
    elif flt.status:
        query = query.where(models.Case.status == flt.status)
    if flt.jurisdiction:
        jurisdiction = db.get(models.Jurisdiction, flt.jurisdiction)
        if jurisdiction is None:
            raise InvalidInput(f"行政区划代码{flt.jurisdiction}不存在")
        query = query.where(models.Case.jurisdiction_path.startswith(jurisdiction.path, autoescape=True))
    if flt.overdue is not None:
        query = query.where(models.Case.overdue.is_(flt.overdue))
    if flt.q:
        query = query.where(or_(models.Case.title.contains(flt.q, autoescape=True), models.Case.case_no == flt.q))
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    order = {
        "due": (models.Case.due_at.is_(None), models.Case.due_at),
        "-due": (models.Case.due_at.is_(None), models.Case.due_at.desc()),
        "updated": (models.Case.updated_at.desc(),),
    }.get(flt.sort)
    if order is None:
        raise InvalidInput("排序方式只能是 due、-due 或 updated")
    page = max(flt.page, 1)
    rows = db.scalars(query.order_by(*order, models.Case.id).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE))
    return list(rows), total


def case_page(db: Session, principal: Principal, case_id: int) -> CasePage:
    case = visible_case(db, principal, case_id)
    since = _liaison_view_start(db, principal, case.id)
    task_query = (
        select(models.Task, models.Case)
        .join(models.Case, models.Case.id == models.Task.case_id)
        .where(models.Task.case_id == case.id)
        .order_by(models.Task.opened_at, models.Task.id)
    )
    event_query = select(models.CaseEvent).where(models.CaseEvent.case_id == case.id).order_by(models.CaseEvent.id)
    ledger_query = (
        select(models.DeadlineEvent).where(models.DeadlineEvent.case_id == case.id).order_by(models.DeadlineEvent.id)
    )
    if since is not None:
        # A liaison sees the case from the moment it was addressed to them (and anything addressed
        # to their organisation), not the agency's deliberation before it.
        task_query = task_query.where(or_(models.Task.opened_at >= since, models.Task.org_id == principal.org_id))
        event_query = event_query.where(models.CaseEvent.at >= since)
        ledger_query = ledger_query.where(models.DeadlineEvent.at >= since)
    tasks = _task_rows(db, task_query)
    events = list(db.scalars(event_query))
    deadline_events = list(db.scalars(ledger_query))
    jurisdiction = db.get(models.Jurisdiction, case.jurisdiction_code)
    enterprise = db.get(models.Enterprise, case.enterprise_id) if case.enterprise_id else None
    documents = list(
        db.scalars(select(models.Document).where(models.Document.case_id == case.id).order_by(models.Document.id))
    )
    # Links show only what the principal may see: a liaison never learns of the agency's own case.
    source = db.scalars(
        select(models.Case)
        .join(models.CaseLink, models.CaseLink.source_case_id == models.Case.id)
        .where(models.CaseLink.case_id == case.id, visible_cases(principal))
    ).one_or_none()
    transfers = list(
        db.scalars(
            select(models.Case)
            .join(models.CaseLink, models.CaseLink.case_id == models.Case.id)
            .where(models.CaseLink.source_case_id == case.id, visible_cases(principal))
            .order_by(models.Case.id)
        )
    )
    return CasePage(
        case,
        enterprise,
        jurisdiction.name if jurisdiction else "",
        tasks,
        events,
        deadline_events,
        documents,
        source,
        transfers,
        {
            row.document_id: row
            for row in db.scalars(select(models.DocumentService).where(models.DocumentService.case_id == case.id))
        },
    )


def _liaison_view_start(db: Session, principal: Principal, case_id: int) -> dt.datetime | None:
    """Where a liaison's view of the case starts; so for a body outside the case's line that a
    case was addressed to (a bulletin's named office, issue 21): from its grant."""
    if not principal.is_liaison:
        path = db.scalar(select(models.Case.jurisdiction_path).where(models.Case.id == case_id))
        if path is None or path.startswith(principal.jurisdiction_path):
            return None
    return db.scalar(
        select(models.CaseAccess.granted_at).where(
            models.CaseAccess.case_id == case_id, models.CaseAccess.org_id == principal.org_id
        )
    )


def visible_document(db: Session, principal: Principal, document_id: int) -> models.Document:
    """A document of a case the principal may see; anything else is a 404."""
    document = db.scalars(
        select(models.Document)
        .join(models.Case, models.Case.id == models.Document.case_id)
        .where(models.Document.id == document_id, visible_cases(principal))
    ).one_or_none()
    if document is None:
        raise NotFound("文书不存在或不在您的查看范围内")
    read_audit.record(db, principal, document.case_id, "document", document.id)
    return document


def overdue_tasks(db: Session, principal: Principal, under: str | None = None) -> list[TaskRow]:
    """Overdue open tasks in my jurisdiction, oldest deadline first: who is late, and since when."""
    path = principal.jurisdiction_path
    if under:
        jurisdiction = db.get(models.Jurisdiction, under)
        if jurisdiction is None or not jurisdiction.path.startswith(principal.jurisdiction_path):
            raise InvalidInput("该行政区划不在您的管辖范围内")
        path = jurisdiction.path
    query = (
        select(models.Task, models.Case)
        .join(models.Case, models.Case.id == models.Task.case_id)
        .where(
            models.Task.status == "open",
            models.Task.overdue.is_(True),
            models.Case.jurisdiction_path.startswith(path, autoescape=True),
            visible_cases(principal),
        )
        .order_by(models.Task.due_at)
        .limit(500)
    )
    return _task_rows(db, query)


def enterprises_for(db: Session, principal: Principal) -> list[models.Enterprise]:
    return list(
        db.scalars(
            select(models.Enterprise)
            .join(models.Jurisdiction, models.Jurisdiction.code == models.Enterprise.jurisdiction_code)
            .where(models.Jurisdiction.path.startswith(principal.jurisdiction_path, autoescape=True))
            .order_by(models.Enterprise.name)
        )
    )
