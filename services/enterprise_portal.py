"""Read side of the enterprise portal: my cases, what I must submit and by when, my documents.

An enterprise user sees its own enterprise's cases (`visible_cases`), and of each case only what
concerns it: the steps that are its own submissions, the documents served on it, the files and
submissions it sent. Never the agencies' steps, notes, deliberation or the deadline ledger.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models
from domain.enterprise import ENTERPRISE_ACTIONS, ENTERPRISE_DOCUMENT_TYPES, ENTERPRISE_STEPS, Submission
from domain.errors import Forbidden, NotFound
from services import attachments
from services.case_actions import visible_case
from services.principal import Principal, visible_cases


@dataclass(frozen=True)
class PendingSubmission:
    task: models.Task
    submission: Submission


@dataclass(frozen=True)
class PortalCase:
    case: models.Case
    pending: list[PendingSubmission]
    actions: dict[str, Submission] = field(default_factory=dict)


@dataclass(frozen=True)
class PortalCasePage:
    case: models.Case
    pending: list[PendingSubmission]
    actions: dict[str, Submission]
    documents: list[models.Document]
    attachments: list[models.Attachment]
    submissions: list[models.CaseEvent]  # what this enterprise submitted, as on the timeline


def _require_enterprise(principal: Principal) -> None:
    if not principal.is_enterprise:
        raise Forbidden("企业服务端仅供企业用户使用")


def _pending(db: Session, case: models.Case) -> list[PendingSubmission]:
    steps = ENTERPRISE_STEPS.get(case.process, {})
    if not steps:
        return []
    tasks = db.scalars(
        select(models.Task)
        .where(
            models.Task.case_id == case.id,
            models.Task.status == "open",
            models.Task.kind == "step",
            models.Task.step.in_(sorted(steps)),
        )
        .order_by(models.Task.due_at, models.Task.id)
    )
    return [PendingSubmission(task, steps[task.step]) for task in tasks]


def _actions(case: models.Case) -> dict[str, Submission]:
    return {} if case.closed else dict(ENTERPRISE_ACTIONS.get(case.process, {}))


def my_cases(db: Session, principal: Principal) -> list[PortalCase]:
    _require_enterprise(principal)
    cases = db.scalars(
        select(models.Case).where(visible_cases(principal)).order_by(models.Case.closed, models.Case.id.desc())
    )
    return [PortalCase(case, _pending(db, case), _actions(case)) for case in cases]


def case_page(db: Session, principal: Principal, case_id: int) -> PortalCasePage:
    _require_enterprise(principal)
    case = visible_case(db, principal, case_id)
    documents = list(
        db.scalars(
            select(models.Document)
            .where(models.Document.case_id == case.id, models.Document.doc_type.in_(sorted(ENTERPRISE_DOCUMENT_TYPES)))
            .order_by(models.Document.id)
        )
    )
    users = select(models.User.id).where(models.User.enterprise_id == principal.enterprise_id)
    submissions = list(
        db.scalars(
            select(models.CaseEvent)
            .where(models.CaseEvent.case_id == case.id, models.CaseEvent.actor_user_id.in_(users))
            .order_by(models.CaseEvent.id)
        )
    )
    return PortalCasePage(
        case,
        _pending(db, case),
        _actions(case),
        documents,
        attachments.case_attachments(db, principal, case.id),
        submissions,
    )


def pending_submission(db: Session, principal: Principal, case_id: int, task_id: str) -> PendingSubmission:
    """An open step of the case that is the enterprise's to submit; anything else is a 404."""
    _require_enterprise(principal)
    page_case = visible_case(db, principal, case_id)
    for pending in _pending(db, page_case):
        if pending.task.id == task_id:
            return pending
    raise NotFound("该事项不存在或不需要企业提交")


def served_document(db: Session, principal: Principal, document_id: int) -> models.Document:
    """A document served on the enterprise; internal documents and other cases are a 404."""
    _require_enterprise(principal)
    document = db.scalars(
        select(models.Document)
        .join(models.Case, models.Case.id == models.Document.case_id)
        .where(
            models.Document.id == document_id,
            models.Document.doc_type.in_(sorted(ENTERPRISE_DOCUMENT_TYPES)),
            visible_cases(principal),
        )
    ).one_or_none()
    if document is None:
        raise NotFound("文书不存在或不在您的查看范围内")
    return document
