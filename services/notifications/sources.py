"""Reads what happened since the last run and turns it into notices with their addressees.

Two sources, each read in id order from where the previous run stopped: the case timelines
(`case_events`: tasks opened, 催办 and the office's other measures) and the deadline ledger
(`deadline_events`: reminders and escalations, which carry the task they concern).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import models
from domain.legal_calendar import CHINA_TZ
from domain.notifications import (
    RETURN_DECISIONS,
    SUPERVISION_MEASURES,
    Notice,
    clock_notice,
    supervision_notice,
    task_notice,
)

EVENT_KINDS = ("task_opened", "urged", *SUPERVISION_MEASURES)
CLOCK_KINDS = ("reminded", "escalated")


@dataclass(frozen=True)
class Addressed:
    notice: Notice
    user_ids: tuple[int, ...]


def _day(value: object) -> str:
    if value is None or not hasattr(value, "astimezone"):
        return "（无）"
    local = value.astimezone(CHINA_TZ)
    return f"{local.year}年{local.month}月{local.day}日"


def recipients(db: Session, task: models.Task, case: models.Case) -> tuple[int, ...]:
    """The user who signed for the task, else the active users of its organisation and role
    (an enterprise's task: the enterprise's own users)."""
    if task.claimed_by_user_id is not None:
        return (task.claimed_by_user_id,)
    query = select(models.User.id).where(models.User.is_active.is_(True), models.User.role == task.role)
    if task.role == "enterprise":
        if case.enterprise_id is None:
            return ()
        query = query.where(models.User.enterprise_id == case.enterprise_id)
    else:
        query = query.where(models.User.org_id == task.org_id)
    return tuple(db.scalars(query.order_by(models.User.id)))


def _returned_reason(db: Session, event: models.CaseEvent) -> str | None:
    """The return opinion when the step completed at the same moment sent the case back."""
    completed = db.scalars(
        select(models.CaseEvent)
        .where(
            models.CaseEvent.case_id == event.case_id,
            models.CaseEvent.kind == "task_completed",
            models.CaseEvent.id < event.id,
        )
        .order_by(models.CaseEvent.id.desc())
        .limit(1)
    ).first()
    if completed is None or completed.at != event.at or completed.data.get("decision") not in RETURN_DECISIONS:
        return None
    return str(completed.data.get("opinion") or completed.data.get("reason") or completed.reason or "")


def _event_notices(db: Session, event: models.CaseEvent, case: models.Case) -> list[Addressed]:
    key = f"event:{event.id}"
    if event.kind == "task_opened":
        task = db.get(models.Task, event.event_key.removesuffix(":opened"))
        if task is None or task.status != "open":  # done (or withdrawn) before anyone was told: no news
            return []
        notice = task_notice(
            source_key=key,
            case_id=case.id,
            case_no=case.case_no,
            case_title=case.title,
            task_id=task.id,
            task_title=task.title,
            due=_day(task.due_at),
            returned_reason=_returned_reason(db, event),
        )
        return [Addressed(notice, recipients(db, task, case))]
    # 催办 and the other measures: to the inbox of each overdue step the office supervises.
    supervisions = db.scalars(
        select(models.Task).where(
            models.Task.case_id == case.id,
            models.Task.kind == "supervision",
            models.Task.status == "open",
            models.Task.parent_task_id.is_not(None),
        )
    ).all()
    found: list[Addressed] = []
    for supervision in supervisions:
        parent = db.get(models.Task, supervision.parent_task_id)
        if parent is None or parent.status != "open":
            continue
        measure = supervision_notice(
            kind=event.kind,
            source_key=f"{key}:{parent.id}",
            case_id=case.id,
            case_no=case.case_no,
            task_id=parent.id,
            task_title=parent.title,
            office=event.actor_name,
            reason=event.reason or "（未填写）",
        )
        if measure is not None:
            found.append(Addressed(measure, recipients(db, parent, case)))
    return found


def from_case_events(db: Session, after_id: int, limit: int) -> tuple[list[Addressed], int]:
    """Notices of the timeline events after `after_id`; the last id read."""
    events: Sequence[models.CaseEvent] = db.scalars(
        select(models.CaseEvent).where(models.CaseEvent.id > after_id).order_by(models.CaseEvent.id).limit(limit)
    ).all()
    found: list[Addressed] = []
    for event in events:
        if event.kind not in EVENT_KINDS:
            continue
        case = db.get(models.Case, event.case_id)
        if case is not None:
            found.extend(_event_notices(db, event, case))
    return found, (events[-1].id if events else after_id)


def from_deadline_events(db: Session, after_id: int, limit: int) -> tuple[list[Addressed], int]:
    """Notices of the reminders and escalations after `after_id`; the last id read."""
    rows: Sequence[models.DeadlineEvent] = db.scalars(
        select(models.DeadlineEvent)
        .where(models.DeadlineEvent.id > after_id)
        .order_by(models.DeadlineEvent.id)
        .limit(limit)
    ).all()
    found: list[Addressed] = []
    for row in rows:
        if row.kind not in CLOCK_KINDS:
            continue
        task, case = db.get(models.Task, row.task_id), db.get(models.Case, row.case_id)
        if task is None or case is None or task.status != "open":
            continue
        notice = clock_notice(
            kind=row.kind,
            source_key=f"clock:{row.id}",
            case_id=case.id,
            case_no=case.case_no,
            task_id=task.id,
            task_title=task.title,
            due=_day(task.due_at),
        )
        if notice is not None:
            found.append(Addressed(notice, recipients(db, task, case)))
    return found, (rows[-1].id if rows else after_id)
