"""The deadline ledger: each task's statutory clock and its append-only history.

Called by the projection activity inside its transaction. Entries are keyed by the workflow's
change key, so a retried activity records nothing twice. `record` collects a transaction's
entries in its session; `write_pending` stores the new ones with one multi-row INSERT (Core)
that skips the keys already there, before anything reads the ledger back (`suspensions`) and at
the end of the projection.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from sqlalchemy import Insert, select
from sqlalchemy.orm import Session

from db import models
from db.dialect_insert import insert_for_dialect
from domain.china_time import day_of
from domain.clock_arithmetic import Suspension
from domain.legal_calendar import Unit
from workflows.contracts import TaskChange

Reclock = Callable[[list[Suspension]], None]
_PENDING = "deadline_ledger_pending"  # session.info: (task id, key) → the entry's values, in order

LABELS = {
    "armed": "起算",
    "reminded": "提醒",
    "suspended": "中止计时",
    "resumed": "恢复计时",
    "extended": "延长",
    "reprojected": "按新日历重算",
    "breached": "逾期",
    "escalated": "提交上级督办",
    "superseded": "终止",
    "met": "办结",
}


def record(
    session: Session,
    task: models.Task,
    kind: str,
    key: str,
    at: dt.datetime,
    *,
    actor_id: int | None = None,
    actor_name: str = "系统",
    reason: str = "",
    basis: str = "",
) -> None:
    pending: dict[tuple[str, str], dict[str, Any]] = session.info.setdefault(_PENDING, {})
    pending.setdefault(
        (task.id, key),
        {
            "case_id": task.case_id,
            "task_id": task.id,
            "event_key": key,
            "at": at,
            "kind": kind,
            "actor_user_id": actor_id,
            "actor_name": actor_name,
            "reason": reason,
            "basis": basis or task.deadline_basis,
            "due_at": task.due_at,  # the due moment after this event, as it stands now
        },
    )


def write_pending(session: Session) -> None:
    """Store the entries `record` collected that the ledger does not hold yet (a retry's are there)."""
    pending: dict[tuple[str, str], dict[str, Any]] | None = session.info.pop(_PENDING, None)
    if not pending:
        return
    session.flush()  # the tasks the entries refer to
    session.execute(_insert_new(session.get_bind().dialect.name), list(pending.values()))


@functools.cache
def _insert_new(dialect: str) -> Insert:
    """INSERT that skips an entry the ledger holds already (same task, same key: a retry's), by
    the unique (task_id, event_key) constraint: one statement, no read of the keys first."""
    table = models.Base.metadata.tables["deadline_events"]
    statement: Insert = insert_for_dialect(dialect)(table).on_conflict_do_nothing(
        index_elements=["task_id", "event_key"]
    )
    return statement


def suspensions(session: Session, task: models.Task) -> list[Suspension]:
    """The finished pauses that move the task's current end: those after its last extension.

    An extension fixes a new last day that already counts the pauses finished before it
    (the cap is measured from the end after them); only later pauses are added to it.
    """
    write_pending(session)
    rows = session.execute(
        select(models.DeadlineEvent.kind, models.DeadlineEvent.at)
        .where(
            models.DeadlineEvent.task_id == task.id,
            models.DeadlineEvent.kind.in_(("suspended", "resumed", "extended")),
        )
        .order_by(models.DeadlineEvent.id)
    ).all()
    pauses: list[Suspension] = []
    stopped: dt.datetime | None = None
    for kind, at in rows:
        if kind == "extended":
            pauses.clear()
        elif kind == "suspended":
            stopped = at
        elif stopped is not None:
            pauses.append(Suspension(day_of(stopped), day_of(at)))
            stopped = None
    return pauses


def apply(session: Session, task: models.Task, change: TaskChange, at: dt.datetime, reclock: Reclock) -> bool:
    """Update the clock for one change and record what happened; True if the due moment moved.

    `reclock` recomputes the due moment from the clock's origin with the given pauses excluded
    (domain/clock_arithmetic.py); it is called when a pause ends.
    """
    key = change.clock_key or "k"

    def by_actor(kind: str) -> None:
        record(
            session,
            task,
            kind,
            f"{key}:{kind}",
            at,
            actor_id=change.clock_actor_id,
            actor_name=change.clock_actor_name,
            reason=change.clock_reason,
            basis=change.clock_basis,
        )

    moved = False
    if change.status == "completed":
        late = task.completed_at is not None and task.completed_at > task.due_at
        task.clock_state = "breached" if late or task.overdue else "met"
        record(
            session,
            task,
            "met",
            f"{key}:met",
            at,
            reason="逾期后办结" if task.clock_state == "breached" else "按期办结",
        )
    elif change.status == "cancelled":
        task.clock_state = "superseded"
        record(session, task, "superseded", f"{key}:superseded", at)
    if change.overdue is True:
        task.clock_state = "breached"
        record(session, task, "breached", f"{key}:breached", at)
    elif change.overdue is False and task.status == "open" and task.suspended_since is None:
        task.clock_state = "running"
    if change.new_due_on is not None:
        task.extension_count += 1
        by_actor("extended")
    if change.clock_event in ("reminded", "escalated"):
        by_actor(change.clock_event)
    elif change.clock_event == "suspended" and task.suspended_since is None:
        task.suspended_since = change.clock_at or at
        task.clock_state = "suspended"
        by_actor("suspended")
    elif change.clock_event == "resumed" and task.suspended_since is not None:
        resumed_at = change.clock_at or at
        paused = dt.timedelta(seconds=int((resumed_at - task.suspended_since).total_seconds()))
        task.suspended_seconds += int(paused.total_seconds())
        if task.clock_unit == Unit.HOURS:
            # An hour period adds back exactly the time the clock stood still.
            task.due_at += paused
            if task.remind_at is not None:
                task.remind_at += paused
        else:
            # Day periods exclude whole days from the unrolled end, then roll once (条例 art 27;
            # 民法典 arts 201, 203): recomputed from the origin with every pause since the last
            # extension, this one included.
            reclock([*suspensions(session, task), Suspension(day_of(task.suspended_since), day_of(resumed_at))])
        task.suspended_since = None
        task.clock_state = "breached" if task.overdue else "running"
        by_actor("resumed")
        moved = True
    return moved
